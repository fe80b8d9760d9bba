import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolydeskError } from '@shared/errors';
import {
  expectedLogGrowth,
  expectedValue,
  feeInclusiveCost,
  fractionalKellyFraction,
  growthCurve,
  growthRate,
  kellyFraction,
  kellyFractionNo,
  kellyShareCount,
  shrinkBelief,
} from './kelly';

describe('kellyFraction', () => {
  it('p = 0.40, q = 0.60: b = 1.5, f* = 1/3 (the plan says 0.47: an arithmetic slip)', () => {
    expect(kellyFraction(0.6, 0.4)).toBeCloseTo(1 / 3, 12);
    const b = 1 / 0.4 - 1;
    expect(b).toBeCloseTo(1.5, 12);
    expect((b * 0.6 - 0.4) / b).toBeCloseTo(kellyFraction(0.6, 0.4), 12);
  });

  it('quarter Kelly stakes 8.33% of the bankroll', () => {
    expect(fractionalKellyFraction(0.6, 0.4, 0.25)).toBeCloseTo(1 / 12, 12);
    expect(shrinkBelief(0.6, 0.4, 0.25)).toBeCloseTo(0.45, 12);
    expect(Math.round(fractionalKellyFraction(0.6, 0.4, 0.25) * 10_000) / 100).toBe(8.33);
  });

  it('fees: r = 0.04 at p = 0.40 gives c = 0.4096 and f* = 0.3225', () => {
    const c = feeInclusiveCost(0.4, 0.04);
    expect(c).toBeCloseTo(0.4096, 12);
    expect(kellyFraction(0.6, c)).toBeCloseTo(0.3225, 4);
    expect(feeInclusiveCost(0.4, 0)).toBe(0.4);
  });

  it('is 0 without edge and 1 with certainty', () => {
    expect(kellyFraction(0.4, 0.4)).toBe(0);
    expect(kellyFraction(0.3, 0.4)).toBe(0);
    expect(kellyFraction(1, 0.4)).toBe(1);
  });

  it('NO side: ((1 − q) − p_no)/(1 − p_no); YES and NO cannot both have edge on an uncrossed book', () => {
    expect(kellyFractionNo(0.3, 0.55)).toBeCloseTo((0.7 - 0.55) / 0.45, 12);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 98 }),
        fc.integer({ min: 1, max: 98 }),
        (q, bidCents, spread) => {
          const bid = bidCents / 100;
          const ask = Math.min(0.99, bid + spread / 100);
          // buying NO at 1 − bid is selling YES at the bid
          const yes = kellyFraction(q, ask);
          const no = kellyFractionNo(q, 1 - bid);
          expect(yes > 0 && no > 0).toBe(false);
        },
      ),
    );
  });

  it('rejects beliefs and prices out of range', () => {
    expect(() => kellyFraction(1.1, 0.4)).toThrow(PolydeskError);
    expect(() => kellyFraction(Number.NaN, 0.4)).toThrow(PolydeskError);
    expect(() => kellyFraction(0.5, 0)).toThrow(PolydeskError);
    expect(() => kellyFraction(0.5, 1)).toThrow(PolydeskError);
    expect(() => shrinkBelief(0.5, 0.4, 0)).toThrow(PolydeskError);
    expect(() => feeInclusiveCost(0.4, -0.01)).toThrow(PolydeskError);
  });
});

describe('kellyShareCount', () => {
  it('with A = L = W it is W·f*/c', () => {
    expect(kellyShareCount(0.6, 0.4, 1000, 1000)).toBeCloseTo((1000 * (1 / 3)) / 0.4, 9);
  });

  it('holding YES already lowers it; holding NO raises it', () => {
    const flat = kellyShareCount(0.6, 0.4, 1000, 1000);
    expect(kellyShareCount(0.6, 0.4, 1000 + 300, 1000)).toBeCloseTo(flat - (0.4 * 300) / 0.6, 9);
    expect(kellyShareCount(0.6, 0.4, 1000, 1000 + 300)).toBeGreaterThan(flat);
  });

  it('maximises expected log wealth', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        (q, c, a, l) => {
          const x = kellyShareCount(q, c, a, l);
          const g = (n: number): number =>
            q * Math.log(a + n * (1 - c)) + (1 - q) * Math.log(l - n * c);
          const h = Math.max(1e-6, Math.abs(x) * 1e-3);
          // inside the feasible range the optimum beats its neighbours
          if (a + (x - h) * (1 - c) <= 0 || l - (x + h) * c <= 0) return;
          expect(g(x)).toBeGreaterThanOrEqual(g(x - h) - 1e-9);
          expect(g(x)).toBeGreaterThanOrEqual(g(x + h) - 1e-9);
        },
      ),
    );
  });
});

describe('growth', () => {
  it('G(f) = q·ln(1 + f·b) + (1 − q)·ln(1 − f), peaking at f*', () => {
    const f = kellyFraction(0.6, 0.4);
    expect(growthRate(f, 0.6, 0.4)).toBeCloseTo(0.6 * Math.log(1.5) + 0.4 * Math.log(2 / 3), 12);
    expect(growthRate(f, 0.6, 0.4)).toBeGreaterThan(growthRate(f * 0.9, 0.6, 0.4));
    expect(growthRate(f, 0.6, 0.4)).toBeGreaterThan(growthRate(f * 1.1, 0.6, 0.4));
    expect(growthRate(0, 0.6, 0.4)).toBe(0);
    expect(growthRate(1, 0.6, 0.4)).toBe(-Infinity);
    expect(growthRate(1, 1, 0.4)).toBeCloseTo(Math.log(2.5), 12);
  });

  it('half Kelly keeps about 3/4 of the growth', () => {
    expect(growthRate(1 / 6, 0.6, 0.4) / growthRate(1 / 3, 0.6, 0.4)).toBeCloseTo(0.75, 1);
    // G(f) ≈ f·edge − f²·variance/2 near 0, so G(f*/2)/G(f*) → 3/4 as the edge shrinks.
    const ratio = (p: number, full: number): number => {
      const q = p + full * (1 - p);
      return growthRate(full / 2, q, p) / growthRate(full, q, p);
    };
    const priceArb = fc.double({ min: 0.2, max: 0.8, noNaN: true });
    fc.assert(
      fc.property(priceArb, fc.double({ min: 0.001, max: 0.2, noNaN: true }), (p, full) => {
        expect(ratio(p, full)).toBeGreaterThan(0.72);
        expect(ratio(p, full)).toBeLessThan(0.79);
      }),
    );
    fc.assert(
      fc.property(priceArb, fc.double({ min: 0.0001, max: 0.01, noNaN: true }), (p, full) => {
        expect(Math.abs(ratio(p, full) - 0.75)).toBeLessThan(0.005);
      }),
    );
  });

  it('samples the curve for a chart', () => {
    const curve = growthCurve({ belief: 0.6, price: 0.4, points: 5, maxFraction: 0.8 });
    expect(curve.map((point) => point.fraction)).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8]);
    expect(curve[0]?.growth).toBe(0);
    const chart = growthCurve({ belief: 0.6, price: 0.4 });
    expect(chart).toHaveLength(101);
    expect(chart.at(-1)?.fraction).toBeCloseTo(2.5 / 3, 12);
    expect(chart.every((point) => Number.isFinite(point.growth))).toBe(true);
    expect(() => growthCurve({ belief: 0.6, price: 0.4, points: 1 })).toThrow(PolydeskError);
  });

  it('values a position: expected value and expected log growth', () => {
    expect(expectedValue(0.6, 200, 80)).toBeCloseTo(40, 12);
    const g = expectedLogGrowth(0.6, { win: 1000, lose: 1000 }, { win: 1120, lose: 920 });
    expect(g).toBeCloseTo(0.6 * Math.log(1.12) + 0.4 * Math.log(0.92), 12);
    expect(expectedLogGrowth(0.6, { win: 0, lose: 0 }, { win: 0, lose: 0 })).toBe(0);
  });
});
