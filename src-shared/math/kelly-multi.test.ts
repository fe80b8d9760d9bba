import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolydeskError } from '@shared/errors';
import { kellyFraction } from './kelly';
import { KellyMultiError, kellyMulti, multiOutcomeLogGrowth } from './kelly-multi';
import type { KellyMultiOutcomeInput } from './kelly-multi';

function outcomes(beliefs: number[], prices: number[]): KellyMultiOutcomeInput[] {
  return beliefs.map((belief, i) => ({ id: `o${i}`, belief, price: prices[i] ?? 0.5 }));
}

function fractions(result: ReturnType<typeof kellyMulti>): number[] {
  return result.outcomes.map((o) => o.fraction);
}

describe('kellyMulti, by hand', () => {
  it('3 outcomes, q = (0.5, 0.3, 0.2), p = (0.40, 0.30, 0.35), overround 5%', () => {
    // q/p = 1.25, 1.0, 0.571. Take A (1.25 > R = 1): R = 0.5/0.6 = 5/6. Take B (1.0 > 5/6):
    // R = 0.2/0.3 = 2/3. C: 0.571 < 2/3, stop. f_A = 0.5 − 0.4·2/3 = 0.23333,
    // f_B = 0.3 − 0.3·2/3 = 0.1 (no edge, yet staked: it hedges A), cash = R = 2/3.
    // G = 0.5·ln(2/3 + 0.23333/0.4) + 0.3·ln(2/3 + 0.1/0.3) + 0.2·ln(2/3)
    //   = 0.5·ln 1.25 + 0.3·ln 1 + 0.2·ln(2/3) = 0.111572 − 0.081093 = 0.030479.
    const result = kellyMulti({ outcomes: outcomes([0.5, 0.3, 0.2], [0.4, 0.3, 0.35]) });
    expect(result.reserveRate).toBeCloseTo(2 / 3, 12);
    expect(fractions(result)[0]).toBeCloseTo(0.5 - 0.4 * (2 / 3), 12);
    expect(fractions(result)[1]).toBeCloseTo(0.1, 12);
    expect(fractions(result)[2]).toBe(0);
    expect(result.outcomes.map((o) => o.selected)).toEqual([true, true, false]);
    expect(result.cashFraction).toBeCloseTo(2 / 3, 12);
    expect(result.expLogGrowth).toBeCloseTo(0.5 * Math.log(1.25) + 0.2 * Math.log(2 / 3), 12);
    expect(result.expLogGrowth).toBeCloseTo(0.030479, 6);
    expect(result.priceSum).toBeCloseTo(1.05, 12);
    expect(result.overround).toBeCloseTo(0.05, 12);
    expect(result.outcomes[0]?.edge).toBeCloseTo(0.1, 12);
    expect(result.outcomes[0]?.expectedReturn).toBeCloseTo(0.25, 12);
    expect(result.outcomes[2]?.expectedReturn).toBeCloseTo(0.2 / 0.35 - 1, 12);
  });

  it('underround book: covers every outcome, keeps no cash, and wins for sure', () => {
    // q = (0.5, 0.5), p = (0.45, 0.45): take both, R = 0/(1 − 0.9) = 0, f = q. Either way the
    // wealth is 0.5/0.45 = 1.1111: G = ln(10/9) = 0.105361.
    const result = kellyMulti({ outcomes: outcomes([0.5, 0.5], [0.45, 0.45]) });
    expect(result.reserveRate).toBe(0);
    expect(fractions(result)).toEqual([0.5, 0.5]);
    expect(result.expLogGrowth).toBeCloseTo(Math.log(10 / 9), 12);
  });

  it('no edge, no bet: a fair book at the beliefs, or an overround one', () => {
    for (const prices of [
      [0.2, 0.3, 0.5],
      [0.25, 0.35, 0.55],
    ]) {
      const result = kellyMulti({ outcomes: outcomes([0.2, 0.3, 0.5], prices) });
      expect(result.totalFraction).toBe(0);
      expect(result.outcomes.every((o) => !o.selected)).toBe(true);
      expect(result.expLogGrowth).toBe(0);
    }
  });

  it('a tie q/p = R adds no stake and no blow-up when Σp reaches 1', () => {
    // q = (0.5, 0.3, 0.2), p = (0.4, 0.3, 0.3): after A and B, R = 0.2/0.3 = q_C/p_C.
    const result = kellyMulti({ outcomes: outcomes([0.5, 0.3, 0.2], [0.4, 0.3, 0.3]) });
    expect(Number.isFinite(result.reserveRate)).toBe(true);
    expect(result.totalFraction).toBeCloseTo(1 / 3, 12);
    expect(fractions(result)[2]).toBe(0);
  });

  it('certainty stakes everything on the sure outcome', () => {
    const result = kellyMulti({ outcomes: outcomes([1, 0, 0], [0.5, 0.3, 0.2]) });
    expect(fractions(result)).toEqual([1, 0, 0]);
    expect(result.expLogGrowth).toBeCloseTo(Math.log(2), 12);
  });
});

describe('kellyMulti, fractional and capped', () => {
  const base = outcomes([0.5, 0.3, 0.2], [0.4, 0.3, 0.35]);

  it('λ multiplies every stake', () => {
    const full = fractions(kellyMulti({ outcomes: base }));
    const quarter = kellyMulti({ outcomes: base, kellyFraction: 0.25 });
    fractions(quarter).forEach((f, i) => expect(f).toBeCloseTo((full[i] ?? 0) * 0.25, 12));
    expect(quarter.fullTotalFraction).toBeCloseTo(1 / 3, 12);
    expect(quarter.expLogGrowth).toBeLessThan(quarter.fullExpLogGrowth);
    expect(quarter.expLogGrowth).toBeGreaterThan(0);
    expect(quarter.cappedBy).toEqual([]);
  });

  it('caps one stake, then all together in proportion', () => {
    const perOutcome = kellyMulti({ outcomes: base, maxFractionPerOutcome: 0.2 });
    expect(fractions(perOutcome)[0]).toBe(0.2);
    expect(fractions(perOutcome)[1]).toBeCloseTo(0.1, 12);
    expect(perOutcome.cappedBy).toEqual(['per_outcome']);
    const total = kellyMulti({ outcomes: base, maxTotalFraction: 0.1 });
    expect(total.totalFraction).toBeCloseTo(0.1, 12);
    // 0.2333 : 0.1 keeps its ratio: 0.07 and 0.03.
    expect(fractions(total)[0]).toBeCloseTo(0.07, 12);
    expect(fractions(total)[1]).toBeCloseTo(0.03, 12);
    expect(total.cappedBy).toEqual(['total']);
  });
});

describe('kellyMulti, inputs', () => {
  it('rejects bad inputs with a typed reason', () => {
    const reason = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(PolydeskError);
        return err instanceof KellyMultiError ? err.reason : 'other';
      }
      return undefined;
    };
    expect(reason(() => kellyMulti({ outcomes: [] }))).toBe('no_outcomes');
    expect(reason(() => kellyMulti({ outcomes: outcomes([1.2, -0.2], [0.5, 0.5]) }))).toBe(
      'belief_range',
    );
    expect(reason(() => kellyMulti({ outcomes: outcomes([0.5, 0.4], [0.5, 0.5]) }))).toBe(
      'belief_sum',
    );
    expect(reason(() => kellyMulti({ outcomes: outcomes([0.5, 0.5], [0, 0.5]) }))).toBe(
      'price_range',
    );
    expect(reason(() => kellyMulti({ outcomes: outcomes([0.5, 0.5], [0.5, 1]) }))).toBe(
      'price_range',
    );
    expect(reason(() => kellyMulti({ outcomes: outcomes([0.5, 0.5], [0.4, Number.NaN]) }))).toBe(
      'price_range',
    );
    expect(
      reason(() => kellyMulti({ outcomes: outcomes([0.5, 0.5], [0.4, 0.5]), kellyFraction: 0 })),
    ).toBe('kelly_fraction_range');
    expect(
      reason(() =>
        kellyMulti({ outcomes: outcomes([0.5, 0.5], [0.4, 0.5]), maxTotalFraction: 1.5 }),
      ),
    ).toBe('cap_range');
    expect(
      reason(() =>
        kellyMulti({
          outcomes: [
            { id: 'x', belief: 0.5, price: 0.4 },
            { id: 'x', belief: 0.5, price: 0.4 },
          ],
        }),
      ),
    ).toBe('duplicate_id');
    expect(
      reason(() => kellyMulti({ outcomes: outcomes([0, 0], [0.4, 0.5]), normalizeBeliefs: true })),
    ).toBe('belief_sum');
  });

  it('accepts a sum within 1e-9, or normalizes on request and says so', () => {
    expect(
      kellyMulti({ outcomes: outcomes([0.6 + 5e-10, 0.4], [0.5, 0.5]) }).beliefsNormalized,
    ).toBe(false);
    // Beliefs (3, 2) → (0.6, 0.4): the binary case at p = 0.5, f = (0.6 − 0.5)/0.5 = 0.2.
    const result = kellyMulti({
      outcomes: outcomes([0.75, 0.5], [0.5, 0.5]),
      normalizeBeliefs: true,
    });
    expect(result.beliefsNormalized).toBe(true);
    expect(result.outcomes.map((o) => o.belief)).toEqual([0.6, 0.4]);
    expect(fractions(result)[0]).toBeCloseTo(0.2, 12);
  });
});

/** Best G over a grid of stakes f ≥ 0, Σf ≤ 1 (step 1/steps), by brute force. */
function gridBest(outs: KellyMultiOutcomeInput[], steps: number): number {
  let best = Number.NEGATIVE_INFINITY;
  const stake: number[] = new Array<number>(outs.length).fill(0);
  const walk = (i: number, left: number): void => {
    if (i === outs.length) {
      best = Math.max(best, multiOutcomeLogGrowth(outs, stake));
      return;
    }
    for (let k = 0; k <= left; k += 1) {
      stake[i] = k / steps;
      walk(i + 1, left - k);
    }
  };
  walk(0, steps);
  return best;
}

describe('kellyMulti is optimal', () => {
  it('no grid point of stakes grows faster (random 2- and 3-outcome events)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 2, maxLength: 3 }),
        fc.array(fc.double({ min: 0.03, max: 0.9, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (weights, rawPrices) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const beliefs = weights.map((w) => w / total);
          const outs = outcomes(beliefs, rawPrices.slice(0, beliefs.length));
          const result = kellyMulti({ outcomes: outs });
          const grid = gridBest(outs, beliefs.length === 2 ? 200 : 60);
          expect(result.fullExpLogGrowth).toBeGreaterThanOrEqual(grid - 1e-12);
          expect(result.expLogGrowth).toBe(result.fullExpLogGrowth);
          expect(result.totalFraction).toBeLessThanOrEqual(1 + 1e-12);
          expect(result.outcomes.every((o) => o.fraction >= 0)).toBe(true);
        },
      ),
      { seed: 20_100_101, numRuns: 150 },
    );
  });

  it('one outcome against the rest, priced 1 − p, is the binary Kelly of kelly.ts', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (q, p) => {
          const result = kellyMulti({ outcomes: outcomes([q, 1 - q], [p, 1 - p]) });
          expect(fractions(result)[0]).toBeCloseTo(kellyFraction(q, p), 9);
          expect(fractions(result)[1]).toBeCloseTo(kellyFraction(1 - q, 1 - p), 9);
        },
      ),
      { seed: 1956, numRuns: 500 },
    );
  });
});
