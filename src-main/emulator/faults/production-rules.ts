/**
 * Rules the real exchange enforces that trip bots up: settlement lag, amount precision, per-signer
 * rate limits, delayed / unmatched placements, replies without hashes, idle WebSocket closes and
 * how a market BUY's price improvement is credited. They share the switchboard and the profiles
 * of the reporting-timing knobs: 'realistic' turns them on, 'prompt' keeps them off or generous.
 */
import type { LagRange } from './report-timing.js';

export interface RateBucket {
  /** Tokens added per second. */
  ratePerSec: number;
  /** Most tokens the bucket holds. */
  burst: number;
}

/** Polymarket's per-signer order and cancel token buckets (one volume tier). */
export interface SignerRateLimits {
  /** Reported in `Poly-RateLimit-Tier`. */
  tier: string;
  order: RateBucket;
  cancel: RateBucket;
  /** cancel-all / cancel-market-orders may push the cancel balance below zero (tiers up to Gold). */
  negativeCancelBalance: boolean;
  /** Warning mode: nothing is refused; a request that would be carries `Poly-RateLimit-Warning: true`. */
  warningOnly: boolean;
}

export type AmountPrecision = 'off' | 'polymarket';
export type MarketBuyFill = 'by-size' | 'by-amount';

export interface ProductionRules {
  /** A trade turns MINED this long after its match (drawn per trade). */
  minedAfterMs: LagRange;
  /** A trade turns CONFIRMED (or FAILED) this long after its match; what it credits is usable from then. */
  confirmedAfterMs: LagRange;
  /** 'polymarket': maker/taker decimal limits of limit and market orders (`invalid amounts, …`). */
  amountPrecision: AmountPrecision;
  /** FOK/FAK orders must move at least this much pUSD (0 = no minimum). */
  marketOrderMinUsdc: number;
  /** Per-signer token buckets with `Poly-RateLimit-*` headers and 429s; null = no limits, no headers. */
  signerRateLimits: SignerRateLimits | null;
  /** 0..1: a marketable order is answered `delayed` and matched after `delayedMs`. */
  delayedRate: number;
  delayedMs: LagRange;
  /** 0..1: a marketable order is answered `unmatched`: accepted, never matched, never resting. */
  unmatchedRate: number;
  /** 0..1: a matching reply carries `tradeIDs` but no `transactionsHashes`; the trade gets its hash when MINED. */
  omitTransactionHashesRate: number;
  /** A WebSocket that sends no PING (or anything else) for this long is closed; null = never. */
  wsIdleTimeoutMs: number | null;
  /** 'by-amount': a FOK/FAK BUY spends its whole makerAmount and receives the extra shares a better price buys. */
  marketBuyFill: MarketBuyFill;
}

/** Polymarket's Standard tier (no volume requirement): the tightest buckets. */
export const STANDARD_TIER: Readonly<SignerRateLimits> = Object.freeze({
  tier: 'standard',
  order: Object.freeze({ ratePerSec: 40, burst: 60 }),
  cancel: Object.freeze({ ratePerSec: 80, burst: 120 }),
  negativeCancelBalance: true,
  warningOnly: false,
});

/** The emulator before these rules: settlement in a quarter second, nothing else enforced. */
export const RULES_PROMPT: Readonly<ProductionRules> = Object.freeze({
  minedAfterMs: Object.freeze({ min: 100, max: 100 }),
  confirmedAfterMs: Object.freeze({ min: 250, max: 250 }),
  amountPrecision: 'off',
  marketOrderMinUsdc: 0,
  signerRateLimits: null,
  delayedRate: 0,
  delayedMs: Object.freeze({ min: 0, max: 0 }),
  unmatchedRate: 0,
  omitTransactionHashesRate: 0,
  wsIdleTimeoutMs: null,
  marketBuyFill: 'by-size',
});

/** Polymarket-like: settlement in seconds, every rule enforced, some delayed and hash-less replies. */
export const RULES_REALISTIC: Readonly<ProductionRules> = Object.freeze({
  minedAfterMs: Object.freeze({ min: 1_500, max: 3_000 }),
  confirmedAfterMs: Object.freeze({ min: 4_000, max: 8_000 }),
  amountPrecision: 'polymarket',
  marketOrderMinUsdc: 1,
  signerRateLimits: STANDARD_TIER,
  delayedRate: 0.1,
  delayedMs: Object.freeze({ min: 250, max: 1_000 }),
  unmatchedRate: 0.01,
  omitTransactionHashesRate: 0.5,
  wsIdleTimeoutMs: 60_000,
  marketBuyFill: 'by-amount',
});

/** A mutable copy (the profiles are frozen). */
export function copyRules(r: Readonly<ProductionRules>): ProductionRules {
  return {
    ...r,
    minedAfterMs: { ...r.minedAfterMs },
    confirmedAfterMs: { ...r.confirmedAfterMs },
    delayedMs: { ...r.delayedMs },
    signerRateLimits: r.signerRateLimits
      ? {
          ...r.signerRateLimits,
          order: { ...r.signerRateLimits.order },
          cancel: { ...r.signerRateLimits.cancel },
        }
      : null,
  };
}
