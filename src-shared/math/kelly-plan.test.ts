import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolydeskError } from '@shared/errors';
import { kellyFraction } from './kelly';
import { calculateKellySize, kellyInputIssues, kellyPlan } from './kelly-plan';
import type { KellyInput } from './kelly-plan';
import { mirrorBook } from './order-book';
import type { Level } from './order-book';
import { SIZE_STEP_MICROS } from './tick-grid';

const SH = 1_000_000;
const USD = 1_000_000;
const lvl = (priceMicros: number, sizeMicros: number): Level => ({ priceMicros, sizeMicros });
const cents = (micros: number): number => Math.round(micros / 10_000) / 100;

// lessons.md §4: W = 1000, q = 0.6, asks 0.40×200, 0.42×300, 0.45×500
const asks = [lvl(400_000, 200 * SH), lvl(420_000, 300 * SH), lvl(450_000, 500 * SH)];
const base: KellyInput = {
  belief: 0.6,
  kellyFraction: 1,
  bankrollMicros: 1000 * USD,
  maxPositionMicros: 1_000_000 * SH,
  asks,
};

describe('kellyPlan, worked cases', () => {
  it('single price: p = 0.40, q = 0.60 → f* = 1/3, quarter Kelly 8.33%', () => {
    const plan = kellyPlan({ ...base, asks: undefined, priceMicros: 400_000, kellyFraction: 0.25 });
    expect(plan.fullFraction).toBeCloseTo(1 / 3, 12);
    expect(plan.fraction).toBeCloseTo(1 / 12, 12);
    expect(plan.shrunkBelief).toBeCloseTo(0.45, 12);
    // 8.33% of 1000 is 83.33 USDC: 208.33 shares at 0.40
    expect(plan.sharesMicros).toBe(208_330_000);
    expect(plan.costMicros).toBe(83_332_000);
    expect(plan.cappedBy).toBe('kelly');
  });

  it('walking the book: 617.58 shares for $258.91 (25.9% of W, not 33.3%)', () => {
    const plan = kellyPlan(base);
    expect(cents(plan.optimalSharesMicros)).toBe(617.58);
    expect(cents(plan.optimalCostMicros)).toBe(258.91);
    expect(plan.sharesMicros).toBe(617_570_000); // floored to the 0.01-share grid
    expect(cents(plan.costMicros)).toBe(258.91);
    expect(plan.costMicros).toBe(258_906_500);
    expect(plan.bankrollFraction).toBeCloseTo(0.2589, 4);
    expect(plan.fullFraction).toBeCloseTo(1 / 3, 12);
    expect(plan.fills).toEqual([
      lvl(400_000, 200 * SH),
      lvl(420_000, 300 * SH),
      lvl(450_000, 117_570_000),
    ]);
    expect(plan.lastPriceMicros).toBe(450_000);
    expect(plan.lastShareEdge).toBeCloseTo(0.15, 12);
    expect(plan.avgPriceMicros).toBe(419_234);
    expect(plan.cappedBy).toBe('kelly');
    expect(plan.evMicros).toBe(Math.round(0.6 * 617_570_000 - 258_906_500));
    const after = { win: 1000 - 258.9065 + 617.57, lose: 1000 - 258.9065 };
    expect(plan.expLogGrowth).toBeCloseTo(
      0.6 * Math.log(after.win / 1000) + 0.4 * Math.log(after.lose / 1000),
      9,
    );
  });

  it('with a 4% taker fee: 574.80 shares for $245.25', () => {
    const plan = kellyPlan({ ...base, feeRate: 0.04 });
    expect(cents(plan.optimalSharesMicros)).toBe(574.8);
    expect(cents(plan.optimalCostMicros)).toBe(245.25);
    // The order is floored to 574.80 shares (the optimum is 574.8046), which costs 245.24.
    expect(plan.sharesMicros).toBe(574_800_000);
    expect(plan.costMicros).toBe(245_243_720);
    expect(plan.topCost).toBeCloseTo(0.4096, 12);
    expect(plan.fullFraction).toBeCloseTo(0.3225, 4);
    expect(plan.feeMicros).toBeGreaterThan(0);
    expect(plan.costMicros - plan.feeMicros).toBe(
      80 * USD + 126 * USD + (plan.sharesMicros - 500 * SH) * 0.45,
    );
  });

  it('quarter Kelly on that book: q_λ = 0.45 → 200 shares for $80', () => {
    const plan = kellyPlan({ ...base, kellyFraction: 0.25 });
    expect(plan.shrunkBelief).toBeCloseTo(0.45, 12);
    expect(plan.sharesMicros).toBe(200 * SH);
    expect(plan.costMicros).toBe(80 * USD);
    expect(plan.cappedBy).toBe('kelly');
  });
});

describe('kellyPlan, limits and inventory', () => {
  it('caps the position, counting what is held', () => {
    const plan = kellyPlan({ ...base, maxPositionMicros: 500 * SH, heldYesMicros: 100 * SH });
    expect(plan.sharesMicros).toBe(400 * SH);
    expect(plan.cappedBy).toBe('max_position');
    const full = kellyPlan({ ...base, maxPositionMicros: 500 * SH, heldYesMicros: 500 * SH });
    expect(full.sharesMicros).toBe(0);
    expect(full.cappedBy).toBe('max_position');
  });

  it('holding YES shrinks the buy: x* = q·L/c − (1 − q)·A/(1 − c)', () => {
    const plan = kellyPlan({
      ...base,
      asks: undefined,
      priceMicros: 400_000,
      heldYesMicros: 300 * SH,
    });
    // 0.6·1000/0.4 − 0.4·1300/0.6 = 1500 − 866.67 = 633.33
    expect(plan.sharesMicros).toBe(633_330_000);
  });

  it('stops at the limit price, and when the book runs out', () => {
    const limited = kellyPlan({ ...base, priceMicros: 420_000 });
    expect(limited.sharesMicros).toBe(500 * SH);
    expect(limited.cappedBy).toBe('limit_price');
    const thin = kellyPlan({ ...base, asks: [lvl(400_000, 50 * SH)] });
    expect(thin.sharesMicros).toBe(50 * SH);
    expect(thin.cappedBy).toBe('depth');
    const empty = kellyPlan({ ...base, asks: [] });
    expect(empty).toMatchObject({ sharesMicros: 0, cappedBy: 'depth', avgPriceMicros: null });
  });

  it('buys nothing without edge', () => {
    const plan = kellyPlan({ ...base, belief: 0.4 });
    expect(plan).toMatchObject({
      sharesMicros: 0,
      costMicros: 0,
      cappedBy: 'no_edge',
      fullFraction: 0,
    });
    expect(plan.expLogGrowth).toBe(0);
  });

  it('NO side: belief 1 − q against the NO asks (the YES bids mirrored)', () => {
    const yesBook = { bids: [lvl(550_000, 5000 * SH)], asks: [lvl(560_000, 5000 * SH)] };
    const noAsks = mirrorBook(yesBook).asks;
    expect(noAsks).toEqual([lvl(450_000, 5000 * SH)]);
    const plan = kellyPlan({ ...base, belief: 0.3, outcome: 'NO', asks: noAsks });
    expect(plan.belief).toBeCloseTo(0.7, 12);
    expect(plan.fullFraction).toBeCloseTo(kellyFraction(0.7, 0.45), 12);
    // 1000·f*/0.45 with f* = 0.25/0.55
    expect(cents(plan.sharesMicros)).toBe(1010.1);
  });

  it('pays only with cash: holding NO counts as wealth but does not fund a purchase', () => {
    const plan = kellyPlan({
      ...base,
      asks: undefined,
      priceMicros: 400_000,
      bankrollMicros: 10 * USD,
      heldNoMicros: 100_000 * SH,
    });
    expect(plan.optimalSharesMicros).toBeGreaterThan(100_000 * SH);
    expect(plan.sharesMicros).toBe(25 * SH);
    expect(plan.costMicros).toBe(10 * USD);
    expect(plan.cappedBy).toBe('bankroll');
  });

  it('never spends more than the bankroll, even when certain', () => {
    const plan = kellyPlan({
      ...base,
      belief: 1,
      asks: undefined,
      priceMicros: 333_300,
      feeRate: 0.02,
    });
    expect(plan.costMicros).toBeLessThanOrEqual(1000 * USD);
    expect(plan.sharesMicros).toBeGreaterThan(0);
  });
});

describe('kellyPlan, inventory on both sides (lessons §4: x* = q·L/c − (1 − q)·A/(1 − c))', () => {
  const flat = { ...base, asks: undefined, priceMicros: 400_000 };

  it('holding NO raises the YES buy: NO shares are wealth if YES loses', () => {
    // A = C + Y = 1000, L = C + N = 1000 + 300 = 1300, c = 0.40, q = 0.60 (full Kelly):
    // x* = 0.6·1300/0.4 − 0.4·1000/0.6 = 1950 − 666.67 = 1283.33 shares, 1283.33·0.40 = $513.332
    const full = kellyPlan({ ...flat, heldNoMicros: 300 * SH });
    expect(full.sharesMicros).toBe(1_283_330_000);
    expect(full.costMicros).toBe(513_332_000);
    // Quarter Kelly: q_λ = 0.40 + 0.25·(0.60 − 0.40) = 0.45:
    // x* = 0.45·1300/0.4 − 0.55·1000/0.6 = 1462.5 − 916.67 = 545.83 shares, $218.332
    const quarter = kellyPlan({ ...flat, kellyFraction: 0.25, heldNoMicros: 300 * SH });
    expect(quarter.sharesMicros).toBe(545_830_000);
    expect(quarter.costMicros).toBe(218_332_000);
  });

  it('holding YES at quarter Kelly: already past the target, buys nothing', () => {
    // Without inventory quarter Kelly buys 208.33 (8.33% of $1000 at 0.40). Holding 300 YES:
    // A = 1300, L = 1000: x* = 0.45·1000/0.4 − 0.55·1300/0.6 = 1125 − 1191.67 = −66.67 → 0
    const plan = kellyPlan({ ...flat, kellyFraction: 0.25, heldYesMicros: 300 * SH });
    expect(plan.sharesMicros).toBe(0);
    expect(plan.cappedBy).toBe('no_edge');
  });

  it('spends no more than the spendable cash; wealth is still the bankroll', () => {
    // Quarter Kelly alone: 208.33 shares for $83.332; only $41.668 may be spent:
    // 41.668/0.40 = 104.17 shares for exactly $41.668
    const plan = kellyPlan({ ...flat, kellyFraction: 0.25, spendableMicros: 41_668_000 });
    expect(plan.optimalSharesMicros).toBe(208_333_333);
    expect(plan.sharesMicros).toBe(104_170_000);
    expect(plan.costMicros).toBe(41_668_000);
    expect(plan.cappedBy).toBe('bankroll');
  });
});

describe('kellyPlan, a sell as the mirror purchase (paidWith other_shares)', () => {
  // Selling YES at bid b = 0.60 with belief 0.40 in YES is buying NO at 1 − b = 0.40 with belief
  // 0.60: lessons' worked case, f* = (0.60 − 0.40)/(1 − 0.40) = 1/3. In the NO purchase, the
  // "win" state is NO resolving (A_no = C + N) and the "lose" state is YES resolving (C + Y).
  const sell = {
    belief: 0.4,
    outcome: 'NO' as const,
    paidWith: 'other_shares' as const,
    kellyFraction: 1,
    maxPositionMicros: 1_000_000 * SH,
    priceMicros: 400_000,
  };

  it('sizes from the outcome-state wealth, with A and L the same as the sale', () => {
    // C = 120, Y = 300, N = 600. Before: A (YES wins) = 120 + 300 = 420, L (NO wins) = 720.
    // x* = 0.6·420/0.4 − 0.4·720/0.6 = 630 − 480 = 150 shares.
    // Sell 150 YES at 0.60: C = 120 + 90 = 210, Y = 150 → A = 360, L = 210 + 600 = 810.
    // Buy 150 NO at 0.40:   C = 120 − 60 = 60,  N = 750 → A = 60 + 300 = 360, L = 60 + 750 = 810.
    const plan = kellyPlan({
      ...sell,
      bankrollMicros: 120 * USD,
      heldYesMicros: 300 * SH,
      heldNoMicros: 600 * SH,
    });
    expect(plan.fullFraction).toBeCloseTo(1 / 3, 12);
    expect(plan.sharesMicros).toBe(150 * SH);
    // What the sale takes off wealth if YES wins: 150·(1 − 0.60) = $60 (420 → 360).
    expect(plan.costMicros).toBe(60 * USD);
    expect(plan.expLogGrowth).toBeCloseTo(
      0.4 * Math.log(360 / 420) + 0.6 * Math.log(810 / 720),
      12,
    );
    // The optimum of 0.4·ln(420 − 0.4x) + 0.6·ln(720 + 0.6x): 0.16/A = 0.36/L at x = 150.
    expect(0.16 / 360).toBeCloseTo(0.36 / 810, 12);
  });

  it('needs no cash: zero cash does not block it', () => {
    // C = 0, Y = 300, N = 600: A = 300, L = 600.
    // x* = 0.6·300/0.4 − 0.4·600/0.6 = 450 − 400 = 50 shares → A = 300 − 50·0.4 = 280,
    // L = 600 + 50·0.6 = 630. As a cash purchase the $20 mirror cost would be capped to nothing.
    const input = { ...sell, bankrollMicros: 0, heldYesMicros: 300 * SH, heldNoMicros: 600 * SH };
    const plan = kellyPlan(input);
    expect(plan.sharesMicros).toBe(50 * SH);
    expect(plan.costMicros).toBe(20 * USD);
    const asPurchase = kellyPlan({ ...input, paidWith: 'cash' });
    expect(asPurchase).toMatchObject({ sharesMicros: 0, cappedBy: 'bankroll' });
  });

  it('is capped by the shares held', () => {
    // C = 0, Y = 100, N = 0: A = 100, L = 0. x* = 0.6·100/0.4 − 0.4·0/0.6 = 150 > 100 held.
    const plan = kellyPlan({ ...sell, bankrollMicros: 0, heldYesMicros: 100 * SH });
    expect(plan.optimalSharesMicros).toBe(100 * SH);
    expect(plan.sharesMicros).toBe(100 * SH);
    expect(plan.cappedBy).toBe('held');
    const none = kellyPlan({ ...sell, bankrollMicros: 1000 * USD, heldNoMicros: 100 * SH });
    expect(none).toMatchObject({ sharesMicros: 0, cappedBy: 'held' });
  });
});

describe('kellyPlan input', () => {
  it('reports field-level errors', () => {
    const issues = kellyInputIssues({
      belief: 1.2,
      kellyFraction: 0,
      bankrollMicros: -1,
      maxPositionMicros: 0,
      feeRate: -0.1,
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'bankrollMicros',
      'belief',
      'feeRate',
      'kellyFraction',
      'maxPositionMicros',
      'priceMicros',
    ]);
    expect(kellyInputIssues({ ...base, asks: undefined }).map((i) => i.path)).toEqual([
      'priceMicros',
    ]);
    expect(kellyInputIssues(base)).toEqual([]);
  });

  it('throws BAD_REQUEST with the issues attached', () => {
    try {
      kellyPlan({ ...base, belief: -1 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PolydeskError);
      expect((err as PolydeskError).code).toBe('BAD_REQUEST');
      expect((err as PolydeskError).issues?.[0]?.path).toBe('belief');
    }
  });
});

describe('kellyPlan properties', () => {
  const bookArb = fc.array(
    fc.record({
      priceMicros: fc.integer({ min: 1, max: 99 }).map((c) => c * 10_000),
      sizeMicros: fc.integer({ min: 1, max: 2000 }).map((s) => s * SIZE_STEP_MICROS * 10),
    }),
    { minLength: 1, maxLength: 6 },
  );
  const inputArb = fc.record({
    belief: fc.double({ min: 0, max: 1, noNaN: true }),
    kellyFraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
    bankrollMicros: fc.integer({ min: 0, max: 100_000 * USD }),
    maxPositionMicros: fc.integer({ min: 1, max: 100_000 * SH }),
    heldYesMicros: fc.integer({ min: 0, max: 1000 * SH }),
    heldNoMicros: fc.integer({ min: 0, max: 1000 * SH }),
    feeRate: fc.constantFrom(0, 0.01, 0.04),
    asks: bookArb,
  });

  it('sizes are on the grid, inside the cap, affordable, and match the fills', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = kellyPlan(input);
        expect(plan.sharesMicros % SIZE_STEP_MICROS).toBe(0);
        expect(plan.sharesMicros).toBeLessThanOrEqual(
          Math.max(0, input.maxPositionMicros - input.heldYesMicros),
        );
        expect(plan.sharesMicros).toBeLessThanOrEqual(plan.optimalSharesMicros);
        expect(plan.costMicros).toBeLessThanOrEqual(input.bankrollMicros);
        expect(plan.fills.reduce((sum, fill) => sum + fill.sizeMicros, 0)).toBe(plan.sharesMicros);
        expect(plan.fraction).toBeLessThanOrEqual(plan.fullFraction + 1e-12);
      }),
      { numRuns: 500 },
    );
  });

  it('a mirrored sell never exceeds the shares held, whatever the cash', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom('YES' as const, 'NO' as const), (input, outcome) => {
        const plan = kellyPlan({ ...input, outcome, paidWith: 'other_shares' });
        const heldOther = outcome === 'YES' ? input.heldNoMicros : input.heldYesMicros;
        expect(plan.sharesMicros % SIZE_STEP_MICROS).toBe(0);
        expect(plan.sharesMicros).toBeLessThanOrEqual(heldOther);
      }),
      { numRuns: 300 },
    );
  });

  it('without inventory, a smaller Kelly fraction never buys more', () => {
    fc.assert(
      fc.property(inputArb, fc.double({ min: 0.01, max: 1, noNaN: true }), (raw, shrink) => {
        const input = { ...raw, heldYesMicros: 0, heldNoMicros: 0 };
        const full = kellyPlan(input);
        const less = kellyPlan({ ...input, kellyFraction: input.kellyFraction * shrink });
        expect(less.sharesMicros).toBeLessThanOrEqual(full.sharesMicros);
      }),
      { numRuns: 300 },
    );
  });

  it('with a flat book and no inventory it is bankroll·λ·f*/p', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 99 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (belief, priceCents, lambda) => {
          const p = priceCents / 100;
          const plan = kellyPlan({
            belief,
            kellyFraction: lambda,
            bankrollMicros: 10_000 * USD,
            maxPositionMicros: Number.MAX_SAFE_INTEGER,
            priceMicros: priceCents * 10_000,
          });
          const expected = (10_000 * USD * lambda * kellyFraction(belief, p)) / p;
          expect(Math.abs(plan.optimalSharesMicros - expected)).toBeLessThanOrEqual(2);
          // Same answer as the plan's formula, up to one grid step where floats straddle a step.
          const planSize = calculateKellySize({
            priceMicros: priceCents * 10_000,
            bankrollMicros: 10_000 * USD,
            winProbability: belief,
            kellyFraction: lambda,
            maxPositionMicros: Number.MAX_SAFE_INTEGER,
          });
          expect(Math.abs(plan.sharesMicros - planSize)).toBeLessThanOrEqual(SIZE_STEP_MICROS);
        },
      ),
    );
  });
});

describe('calculateKellySize (the plan)', () => {
  it('p = 0.40, q = 0.60, quarter Kelly, $1000: 208.33 shares', () => {
    const size = calculateKellySize({
      priceMicros: 400_000,
      bankrollMicros: 1000 * USD,
      winProbability: 0.6,
      kellyFraction: 0.25,
      maxPositionMicros: 5000 * SH,
    });
    expect(size).toBe(208_330_000);
  });

  it('caps at max_position_size and subtracts what is held', () => {
    const input = {
      priceMicros: 400_000,
      bankrollMicros: 1000 * USD,
      winProbability: 0.6,
      maxPositionMicros: 150 * SH,
    };
    expect(calculateKellySize(input)).toBe(150 * SH);
    expect(calculateKellySize({ ...input, heldMicros: 100 * SH })).toBe(50 * SH);
    expect(calculateKellySize({ ...input, heldMicros: 200 * SH })).toBe(0);
    expect(calculateKellySize({ ...input, winProbability: 0.3 })).toBe(0);
  });
});
