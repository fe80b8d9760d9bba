import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolydeskError } from '@shared/errors';
import {
  ceilToTick,
  clampToTickRange,
  floorToSizeStep,
  floorToTick,
  isOnGrid,
  isValidTickMicros,
  nearestTick,
  priceRange,
  tickDecimals,
  TICK_SIZES,
  TICK_SIZES_MICROS,
  tickSizeToMicros,
} from './tick-grid';

const tickArb = fc.constantFrom(...TICK_SIZES_MICROS);

describe('tick sizes', () => {
  it('knows the six ticks', () => {
    expect(TICK_SIZES).toEqual(['0.1', '0.01', '0.005', '0.001', '0.0025', '0.0001']);
    expect(TICK_SIZES.map(tickSizeToMicros)).toEqual([100_000, 10_000, 5_000, 1_000, 2_500, 100]);
    expect(isValidTickMicros(10_000)).toBe(true);
    expect(isValidTickMicros(20_000)).toBe(false);
    expect(() => tickSizeToMicros('0.02')).toThrow(PolydeskError);
  });

  it.each([
    [100_000, 1],
    [10_000, 2],
    [5_000, 3],
    [1_000, 3],
    [2_500, 4],
    [100, 4],
  ])('tick %d has %d decimals', (tick, decimals) => {
    expect(tickDecimals(tick)).toBe(decimals);
  });

  it('every tick divides 1', () => {
    for (const tick of TICK_SIZES_MICROS) expect(1_000_000 % tick).toBe(0);
  });
});

describe('grid rounding', () => {
  it('hand cases on 0.01', () => {
    expect(floorToTick(555_000, 10_000)).toBe(550_000);
    expect(ceilToTick(555_000, 10_000)).toBe(560_000);
    expect(nearestTick(555_000, 10_000)).toBe(560_000);
    expect(nearestTick(554_999, 10_000)).toBe(550_000);
    expect(ceilToTick(550_000, 10_000)).toBe(550_000);
    expect(isOnGrid(550_000, 10_000)).toBe(true);
    expect(isOnGrid(555_000, 10_000)).toBe(false);
    expect(isOnGrid(552_500, 2_500)).toBe(true);
  });

  it('clamps to [tick, 1 − tick]', () => {
    expect(clampToTickRange(0, 10_000)).toBe(10_000);
    expect(clampToTickRange(1_000_000, 10_000)).toBe(990_000);
    expect(clampToTickRange(500_000, 10_000)).toBe(500_000);
    expect(priceRange(1_000)).toEqual({ min: 1_000, max: 999_000 });
  });

  it('floor ≤ price ≤ ceil, both on grid and less than a tick away', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), tickArb, (price, tick) => {
        const lo = floorToTick(price, tick);
        const hi = ceilToTick(price, tick);
        const near = nearestTick(price, tick);
        expect(isOnGrid(lo, tick) && isOnGrid(hi, tick) && isOnGrid(near, tick)).toBe(true);
        expect(lo <= price && price <= hi).toBe(true);
        expect(price - lo).toBeLessThan(tick);
        expect(hi - price).toBeLessThan(tick);
        expect(2 * Math.abs(near - price)).toBeLessThanOrEqual(tick);
      }),
    );
  });

  it('floors sizes to 0.01 share', () => {
    expect(floorToSizeStep(617_575_757)).toBe(617_570_000);
    expect(floorToSizeStep(9_999)).toBe(0);
    expect(() => floorToSizeStep(1.5)).toThrow(PolydeskError);
  });
});
