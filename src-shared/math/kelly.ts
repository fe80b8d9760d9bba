import { PolydeskError } from '@shared/errors';

/*
 * Kelly criterion for a binary token that pays 1 if its outcome resolves true. Probabilities and
 * prices here are plain fractions of 1 (0.40, not 400_000 micros): Kelly is real-valued, and
 * kelly-plan.ts turns its answers back into micros and micro-shares.
 */

function assertProbability(value: number, what: string): void {
  if (!(value >= 0 && value <= 1)) {
    throw new PolydeskError('BAD_REQUEST', `${what} must be in [0, 1], got ${value}`);
  }
}

function assertPrice(value: number, what: string): void {
  if (!(value > 0 && value < 1)) {
    throw new PolydeskError('BAD_REQUEST', `${what} must be in (0, 1), got ${value}`);
  }
}

/**
 * Full Kelly fraction of bankroll for buying at price p with belief q:
 * b = 1/p − 1 and f* = (b·q − (1 − q))/b = (q − p)/(1 − p), clamped to [0, 1] (0 without edge).
 */
export function kellyFraction(belief: number, price: number): number {
  assertProbability(belief, 'belief');
  assertPrice(price, 'price');
  return Math.min(1, Math.max(0, (belief - price) / (1 - price)));
}

/** Buying NO at p_no with belief q in YES: f* = ((1 − q) − p_no)/(1 − p_no). */
export function kellyFractionNo(beliefYes: number, priceNo: number): number {
  assertProbability(beliefYes, 'belief');
  return kellyFraction(1 - beliefYes, priceNo);
}

/**
 * Fractional Kelly as a shrunk belief: q_λ = p + λ(q − p). Full Kelly at q_λ is exactly λ·f* at p,
 * and unlike "multiply the answer by λ" it carries over to book walking and to inventory.
 */
export function shrinkBelief(belief: number, price: number, lambda: number): number {
  assertProbability(belief, 'belief');
  assertPrice(price, 'price');
  if (!(lambda > 0 && lambda <= 1)) {
    throw new PolydeskError('BAD_REQUEST', `kelly fraction must be in (0, 1], got ${lambda}`);
  }
  return price + lambda * (belief - price);
}

/** λ·f*, written through the shrunk belief. */
export function fractionalKellyFraction(belief: number, price: number, lambda: number): number {
  return kellyFraction(shrinkBelief(belief, price, lambda), price);
}

/**
 * What one share really costs a taker: c = p + r·p(1 − p) for fee rate r. A resting maker order
 * that gets filled pays no fee: pass r = 0 (c = p).
 */
export function feeInclusiveCost(price: number, feeRate: number): number {
  assertPrice(price, 'price');
  if (!(feeRate >= 0)) {
    throw new PolydeskError('BAD_REQUEST', `fee rate must be ≥ 0, got ${feeRate}`);
  }
  return price + feeRate * price * (1 - price);
}

/**
 * Inventory-aware Kelly share count: with A = wealth if the token wins (cash + its shares) and
 * L = wealth if it loses (cash + shares of the other outcome), the number of shares to buy at
 * cost c that maximises q·ln(A') + (1 − q)·ln(L') is
 *   x* = q·L/c − (1 − q)·A/(1 − c)
 * (buy if positive). With A = L = W it is W·f* / c. Units: shares if A, L are in USDC; micro-shares
 * if they are in micro-USDC.
 */
export function kellyShareCount(
  belief: number,
  cost: number,
  winWealth: number,
  loseWealth: number,
): number {
  assertProbability(belief, 'belief');
  assertPrice(cost, 'cost');
  return (belief * loseWealth) / cost - ((1 - belief) * winWealth) / (1 - cost);
}

/**
 * Expected log growth of staking fraction f of the bankroll at price p with belief q:
 * G(f) = q·ln(1 + f·b) + (1 − q)·ln(1 − f), b = 1/p − 1. −Infinity at f = 1 when q < 1.
 */
export function growthRate(fraction: number, belief: number, price: number): number {
  assertProbability(belief, 'belief');
  assertPrice(price, 'price');
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new PolydeskError('BAD_REQUEST', `fraction must be in [0, 1], got ${fraction}`);
  }
  const odds = 1 / price - 1;
  const win = belief === 0 ? 0 : belief * Math.log1p(fraction * odds);
  const lose = belief === 1 ? 0 : (1 - belief) * Math.log1p(-fraction);
  return win + lose;
}

export interface GrowthPoint {
  fraction: number;
  growth: number;
}

export interface GrowthCurveInput {
  belief: number;
  /** Price or fee-inclusive cost, in (0, 1). */
  price: number;
  /** Number of samples, at least 2 (default 101). */
  points?: number;
  /**
   * Right end of the curve. Default: 2.5·f* (growth turns negative past 2·f*), at least 0.1,
   * at most 0.99 so the curve stays finite.
   */
  maxFraction?: number;
}

/** G(f) sampled at evenly spaced fractions from 0 to maxFraction, for the calculator's chart. */
export function growthCurve(input: GrowthCurveInput): GrowthPoint[] {
  const points = input.points ?? 101;
  if (!Number.isInteger(points) || points < 2 || points > 10_000) {
    throw new PolydeskError('BAD_REQUEST', 'points must be an integer in [2, 10000]');
  }
  const full = kellyFraction(input.belief, input.price);
  const maxFraction = input.maxFraction ?? Math.min(0.99, Math.max(0.1, 2.5 * full));
  if (!(maxFraction > 0 && maxFraction <= 1)) {
    throw new PolydeskError('BAD_REQUEST', 'maxFraction must be in (0, 1]');
  }
  return Array.from({ length: points }, (_, i) => {
    const fraction = (maxFraction * i) / (points - 1);
    return { fraction, growth: growthRate(fraction, input.belief, input.price) };
  });
}

/** Wealth in the two end states: if the token wins, and if it loses. */
export interface OutcomeWealth {
  win: number;
  lose: number;
}

/**
 * Expected log growth of moving from `before` to `after`: q·ln(A'/A) + (1 − q)·ln(L'/L). A state
 * whose wealth does not change contributes 0 (also when it is 0 before and after).
 */
export function expectedLogGrowth(
  belief: number,
  before: OutcomeWealth,
  after: OutcomeWealth,
): number {
  assertProbability(belief, 'belief');
  const term = (weight: number, from: number, to: number): number =>
    weight === 0 || from === to ? 0 : weight * Math.log(to / from);
  return term(belief, before.win, after.win) + term(1 - belief, before.lose, after.lose);
}

/** Expected profit of buying `shares` at total `cost` (same units): q·shares − cost. */
export function expectedValue(belief: number, shares: number, cost: number): number {
  assertProbability(belief, 'belief');
  return belief * shares - cost;
}
