import { PolydeskError } from '@shared/errors';

/*
 * Kelly across mutually exclusive outcomes: a neg-risk event, where exactly one of n outcomes
 * wins and each outcome's YES token pays 1 if it does. Stakes are fractions of wealth spent on
 * YES tokens at their prices; what is not staked stays in cash. Wealth if outcome i wins is
 * cash + f_i/p_i, so the expected log growth is G = Σ_i q_i·ln(1 − Σf + f_i/p_i).
 *
 * The optimum (Kelly 1956; Smoczynski & Tomkins 2010, "An explicit solution to the problem of
 * optimizing the allocations of a bettor's wealth when wagering on horse races"): sort by
 * q_i/p_i, best first; take outcomes while q_k/p_k > R(S), the reserve rate of the set S taken
 * so far, R(S) = (1 − Σ_S q)/(1 − Σ_S p); then f_i = q_i − p_i·R for i in S, 0 elsewhere, and
 * the cash kept is exactly R. Prices need not sum to 1: an overround book (Σp > 1) simply has
 * fewer outcomes worth buying, an underround one can leave R = 0 (every winner covered).
 */

export type KellyMultiErrorReason =
  | 'no_outcomes'
  | 'belief_range'
  | 'belief_sum'
  | 'price_range'
  | 'kelly_fraction_range'
  | 'cap_range'
  | 'duplicate_id';

/** A BAD_REQUEST that says which rule the input broke. */
export class KellyMultiError extends PolydeskError {
  readonly reason: KellyMultiErrorReason;

  constructor(reason: KellyMultiErrorReason, message: string) {
    super('BAD_REQUEST', message);
    this.name = 'KellyMultiError';
    this.reason = reason;
  }
}

export interface KellyMultiOutcomeInput {
  id: string;
  /** Probability that this outcome wins, in [0, 1]. */
  belief: number;
  /** Price of its YES token (or fee-inclusive cost), in (0, 1). */
  price: number;
}

export interface KellyMultiInput {
  outcomes: readonly KellyMultiOutcomeInput[];
  /** λ in (0, 1]: every stake is λ times the full-Kelly stake. Default 1 (full Kelly). */
  kellyFraction?: number;
  /** Cap on any one stake, fraction of wealth in (0, 1]. */
  maxFractionPerOutcome?: number;
  /** Cap on all stakes together, in (0, 1]; stakes above it shrink in proportion. */
  maxTotalFraction?: number;
  /**
   * Beliefs must sum to 1 within 1e-9. With this set, any positive sum is accepted and the
   * beliefs are divided by it (the result says so).
   */
  normalizeBeliefs?: boolean;
}

export interface KellyMultiOutcome {
  id: string;
  /** The belief used (after normalization). */
  belief: number;
  price: number;
  /** q − p: the price edge. */
  edge: number;
  /** q/p − 1: expected return per unit staked. */
  expectedReturn: number;
  /** In the full-Kelly set. */
  selected: boolean;
  /** Full-Kelly stake, fraction of wealth: q − p·R when selected, else 0. */
  fullFraction: number;
  /** Stake after λ and the caps. */
  fraction: number;
}

export type KellyMultiCap = 'per_outcome' | 'total';

export interface KellyMultiResult {
  /** In input order. */
  outcomes: KellyMultiOutcome[];
  /** R of the full-Kelly set: the cash full Kelly keeps, fraction of wealth. */
  reserveRate: number;
  fullTotalFraction: number;
  /** Σ of the stakes after λ and the caps. */
  totalFraction: number;
  /** 1 − totalFraction. */
  cashFraction: number;
  /** E[ln(wealth)] of the chosen stakes; −Infinity when an outcome believed possible ruins. */
  expLogGrowth: number;
  /** E[ln(wealth)] of full Kelly. */
  fullExpLogGrowth: number;
  /** Σ p; 1 for a fair book. */
  priceSum: number;
  /** Σ p − 1: positive when the book is overround. */
  overround: number;
  beliefsNormalized: boolean;
  /** Caps that cut the stakes. */
  cappedBy: KellyMultiCap[];
}

const BELIEF_SUM_TOLERANCE = 1e-9;
const RATIO_MARGIN = 1e-12;

/** The full-Kelly allocation across mutually exclusive outcomes, then λ and the caps. */
export function kellyMulti(input: KellyMultiInput): KellyMultiResult {
  const { outcomes, beliefsNormalized } = validated(input);
  const lambda = input.kellyFraction ?? 1;
  if (!(lambda > 0 && lambda <= 1)) {
    throw new KellyMultiError(
      'kelly_fraction_range',
      `kelly fraction must be in (0, 1], got ${lambda}`,
    );
  }
  const perCap = capOf(input.maxFractionPerOutcome, 'maxFractionPerOutcome');
  const totalCap = capOf(input.maxTotalFraction, 'maxTotalFraction');

  const order = outcomes
    .map((outcome, index) => ({ index, ratio: outcome.belief / outcome.price }))
    .sort((a, b) => b.ratio - a.ratio || a.index - b.index);
  const selected = new Set<number>();
  let beliefIn = 0;
  let priceIn = 0;
  let reserve = 1;
  for (const { index, ratio } of order) {
    const outcome = outcomes[index];
    // An outcome at q/p = R adds a zero stake, so a relative margin keeps float noise from
    // taking it. With Σq ≤ 1 an outcome that takes Σp to 1 or past it cannot pass the test
    // (q_k/p_k ≤ (1 − Σq)/(1 − Σp) then), so the guard only catches rounding.
    if (!outcome || !(ratio > reserve * (1 + RATIO_MARGIN)) || priceIn + outcome.price >= 1) break;
    selected.add(index);
    beliefIn += outcome.belief;
    priceIn += outcome.price;
    reserve = Math.max(0, 1 - beliefIn) / (1 - priceIn);
  }

  const full = outcomes.map((outcome, index) =>
    selected.has(index) ? Math.max(0, outcome.belief - outcome.price * reserve) : 0,
  );
  const cappedBy: KellyMultiCap[] = [];
  let stakes = full.map((f) => f * lambda);
  if (stakes.some((f) => f > perCap)) {
    cappedBy.push('per_outcome');
    stakes = stakes.map((f) => Math.min(f, perCap));
  }
  const staked = sum(stakes);
  if (staked > totalCap) {
    cappedBy.push('total');
    stakes = stakes.map((f) => (f * totalCap) / staked);
  }

  const totalFraction = sum(stakes);
  const priceSum = sum(outcomes.map((o) => o.price));
  return {
    outcomes: outcomes.map((outcome, index) => ({
      id: outcome.id,
      belief: outcome.belief,
      price: outcome.price,
      edge: outcome.belief - outcome.price,
      expectedReturn: outcome.belief / outcome.price - 1,
      selected: selected.has(index),
      fullFraction: full[index] ?? 0,
      fraction: stakes[index] ?? 0,
    })),
    reserveRate: reserve,
    fullTotalFraction: sum(full),
    totalFraction,
    cashFraction: Math.max(0, 1 - totalFraction),
    expLogGrowth: multiOutcomeLogGrowth(outcomes, stakes),
    fullExpLogGrowth: multiOutcomeLogGrowth(outcomes, full),
    priceSum,
    overround: priceSum - 1,
    beliefsNormalized,
    cappedBy,
  };
}

/**
 * G = Σ_i q_i·ln(1 − Σf + f_i/p_i) for stakes f (fractions of wealth, in the outcomes' order).
 * An outcome believed impossible (q = 0) contributes nothing; one believed possible whose
 * wealth is 0 makes G −Infinity.
 */
export function multiOutcomeLogGrowth(
  outcomes: readonly Pick<KellyMultiOutcomeInput, 'belief' | 'price'>[],
  stakes: readonly number[],
): number {
  const cash = 1 - sum(stakes);
  let growth = 0;
  outcomes.forEach((outcome, index) => {
    if (outcome.belief === 0) return;
    const wealth = cash + (stakes[index] ?? 0) / outcome.price;
    growth += wealth > 0 ? outcome.belief * Math.log(wealth) : Number.NEGATIVE_INFINITY;
  });
  return growth;
}

function validated(input: KellyMultiInput): {
  outcomes: KellyMultiOutcomeInput[];
  beliefsNormalized: boolean;
} {
  if (input.outcomes.length === 0) {
    throw new KellyMultiError('no_outcomes', 'give at least one outcome');
  }
  const ids = new Set<string>();
  for (const outcome of input.outcomes) {
    if (ids.has(outcome.id)) {
      throw new KellyMultiError('duplicate_id', `outcome ${outcome.id} is listed twice`);
    }
    ids.add(outcome.id);
    if (!(outcome.belief >= 0 && outcome.belief <= 1)) {
      throw new KellyMultiError(
        'belief_range',
        `belief of ${outcome.id} must be in [0, 1], got ${outcome.belief}`,
      );
    }
    if (!(outcome.price > 0 && outcome.price < 1)) {
      throw new KellyMultiError(
        'price_range',
        `price of ${outcome.id} must be in (0, 1), got ${outcome.price}`,
      );
    }
  }
  const beliefSum = sum(input.outcomes.map((o) => o.belief));
  if (Math.abs(beliefSum - 1) <= BELIEF_SUM_TOLERANCE) {
    return { outcomes: [...input.outcomes], beliefsNormalized: false };
  }
  if (!input.normalizeBeliefs || !(beliefSum > 0)) {
    throw new KellyMultiError(
      'belief_sum',
      `beliefs of mutually exclusive outcomes must sum to 1, got ${beliefSum}`,
    );
  }
  return {
    outcomes: input.outcomes.map((o) => ({ ...o, belief: o.belief / beliefSum })),
    beliefsNormalized: true,
  };
}

function capOf(cap: number | undefined, what: string): number {
  if (cap === undefined) return 1;
  if (!(cap > 0 && cap <= 1)) {
    throw new KellyMultiError('cap_range', `${what} must be in (0, 1], got ${cap}`);
  }
  return cap;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
