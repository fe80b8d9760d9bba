import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolydeskError } from '@shared/errors';
import {
  calculateMicroPrice,
  calculateThresholdBands,
  complementMicros,
  microPriceOf,
} from './micro-price';
import { mirrorBook } from './order-book';
import type { OrderBook } from './order-book';
import { isOnGrid, TICK_SIZES_MICROS } from './tick-grid';

const SH = 1_000_000;

describe('calculateMicroPrice (weighted mid)', () => {
  it('leans toward the thinner side', () => {
    // bid 0.50 × 300, ask 0.52 × 100: (0.50·100 + 0.52·300)/400 = 0.515
    const book: OrderBook = {
      bids: [{ priceMicros: 500_000, sizeMicros: 300 * SH }],
      asks: [{ priceMicros: 520_000, sizeMicros: 100 * SH }],
    };
    expect(calculateMicroPrice(book)).toBe(515_000);
  });

  it('is the mid when sizes are equal', () => {
    expect(microPriceOf(400_000, 7, 410_000, 7)).toBe(405_000);
  });

  it('rounds half to even', () => {
    // equal sizes: the plain mid, 100_001.5 → 100_002 and 100_000.5 → 100_000
    expect(microPriceOf(100_001, 1, 100_002, 1)).toBe(100_002);
    expect(microPriceOf(100_000, 1, 100_001, 1)).toBe(100_000);
  });

  it('is null when a side is empty', () => {
    expect(calculateMicroPrice({ bids: [], asks: [{ priceMicros: 1, sizeMicros: 1 }] })).toBeNull();
    expect(calculateMicroPrice({ bids: [{ priceMicros: 1, sizeMicros: 1 }], asks: [] })).toBeNull();
  });

  it('with a minimum size, skips dust levels on both sides', () => {
    const book: OrderBook = {
      bids: [
        { priceMicros: 530_000, sizeMicros: SH / 2 },
        { priceMicros: 500_000, sizeMicros: 100 * SH },
      ],
      asks: [
        { priceMicros: 535_000, sizeMicros: SH },
        { priceMicros: 540_000, sizeMicros: 100 * SH },
      ],
    };
    expect(calculateMicroPrice(book, 5 * SH)).toBe(520_000);
    expect(calculateMicroPrice(book)).not.toBe(520_000);
    const allDust: OrderBook = { bids: book.bids.slice(0, 1), asks: book.asks };
    expect(calculateMicroPrice(allDust, 5 * SH)).toBeNull();
  });

  it('rejects an empty size', () => {
    expect(() => microPriceOf(400_000, 0, 410_000, 1)).toThrow(PolydeskError);
  });

  const sideArb = fc.record({
    priceMicros: fc.integer({ min: 1, max: 999_999 }),
    sizeMicros: fc.integer({ min: 1, max: 10 ** 15 }),
  });

  it('lies between best bid and best ask, and micro(NO) = 1 − micro(YES)', () => {
    fc.assert(
      fc.property(sideArb, sideArb, (a, b) => {
        const [bid, ask] = a.priceMicros <= b.priceMicros ? [a, b] : [b, a];
        const book: OrderBook = { bids: [bid], asks: [ask] };
        const micro = calculateMicroPrice(book);
        expect(micro).not.toBeNull();
        expect(micro).toBeGreaterThanOrEqual(bid.priceMicros);
        expect(micro).toBeLessThanOrEqual(ask.priceMicros);
        expect(calculateMicroPrice(mirrorBook(book))).toBe(complementMicros(micro ?? 0));
      }),
    );
  });
});

describe('calculateThresholdBands', () => {
  it('50 bps of 0.50 is a quarter tick: the band is one tick each side', () => {
    expect(calculateThresholdBands(500_000, 10_000, 50)).toEqual({
      microMicros: 500_000,
      halfWidthMicros: 10_000,
      lowerMicros: 490_000,
      upperMicros: 510_000,
    });
  });

  it('near 0: 50 bps of 0.05 is a quarter of a 0.001 tick', () => {
    const bands = calculateThresholdBands(50_000, 1_000, 50);
    expect(bands.halfWidthMicros).toBe(1_000);
    expect([bands.lowerMicros, bands.upperMicros]).toEqual([49_000, 51_000]);
  });

  it('near 1: clamps the band to 1 − tick', () => {
    const bands = calculateThresholdBands(995_000, 10_000, 50);
    expect(bands.halfWidthMicros).toBe(10_000);
    expect([bands.lowerMicros, bands.upperMicros]).toEqual([990_000, 990_000]);
  });

  it('wide bps: the inner grid points of the band', () => {
    // 500 bps of 0.5137 = 0.025685: band [0.488015, 0.539385] → grid [0.49, 0.53]
    const bands = calculateThresholdBands(513_700, 10_000, 500);
    expect(bands.halfWidthMicros).toBe(25_685);
    expect([bands.lowerMicros, bands.upperMicros]).toEqual([490_000, 530_000]);
  });

  it('rejects a micro outside (0, 1) and a bad tick', () => {
    expect(() => calculateThresholdBands(0, 10_000)).toThrow(PolydeskError);
    expect(() => calculateThresholdBands(500_000, 3_000)).toThrow(PolydeskError);
  });

  it('always holds the grid prices next to micro, and only prices within the half-width', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TICK_SIZES_MICROS),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (tick, bps, where) => {
          const micro = tick + Math.floor(where * (1_000_000 - 2 * tick));
          const bands = calculateThresholdBands(micro, tick, bps);
          expect(isOnGrid(bands.lowerMicros, tick) && isOnGrid(bands.upperMicros, tick)).toBe(true);
          expect(bands.halfWidthMicros).toBeGreaterThanOrEqual(tick);
          const below = Math.floor(micro / tick) * tick;
          const above = Math.ceil(micro / tick) * tick;
          expect(bands.lowerMicros).toBeLessThanOrEqual(below);
          expect(bands.upperMicros).toBeGreaterThanOrEqual(Math.min(above, 1_000_000 - tick));
          expect(micro - bands.lowerMicros).toBeLessThanOrEqual(bands.halfWidthMicros);
          expect(bands.upperMicros - micro).toBeLessThanOrEqual(bands.halfWidthMicros);
        },
      ),
    );
  });
});
