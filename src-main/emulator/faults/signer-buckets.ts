import type { RateBucket, SignerRateLimits } from './production-rules.js';

export type BucketKind = 'order' | 'cancel';

export type Admission =
  { ok: true; headers: Record<string, string> } | { ok: false; headers: Record<string, string> };

interface BucketState {
  tokens: number;
  atMs: number;
  /** The bucket shape the state was built for: a changed tier starts a full bucket. */
  shape: string;
}

/**
 * Polymarket's per-signer trading limits: one order and one cancel token bucket per signer
 * address, refilled continuously at the tier's rate up to its burst. A request is admitted only
 * if the bucket holds its whole cost (a batch is all or nothing); cancel-all and
 * cancel-market-orders take one token up front and one per order they cancelled afterwards,
 * which may leave the cancel balance negative on tiers that allow it.
 */
export class SignerBuckets {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly limits: () => Readonly<SignerRateLimits> | null,
    private readonly now: () => number,
  ) {}

  /** Takes `cost` tokens if they are there; the reply's headers either way (none when off). */
  admit(signer: string, kind: BucketKind, cost: number): Admission {
    const limits = this.limits();
    if (!limits) return { ok: true, headers: {} };
    const shape = limits[kind];
    const nowMs = this.now();
    const state = this.refill(signer, kind, shape, nowMs);
    if (state.tokens >= cost) {
      state.tokens -= cost;
      return { ok: true, headers: this.headers(limits, state, nowMs, nowMs) };
    }
    if (limits.warningOnly) {
      state.tokens -= cost;
      return {
        ok: true,
        headers: { ...this.headers(limits, state, nowMs, nowMs), 'Poly-RateLimit-Warning': 'true' },
      };
    }
    if (cost > shape.burst) {
      // No wait makes it fit: the caller must split the request.
      return { ok: false, headers: this.headers(limits, state, nowMs, nowMs) };
    }
    const waitMs = ((cost - state.tokens) / shape.ratePerSec) * 1000;
    return {
      ok: false,
      headers: {
        ...this.headers(limits, state, nowMs, nowMs + waitMs),
        'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))),
      },
    };
  }

  /** Takes `count` more tokens after the fact (orders a cancel-all cancelled). */
  charge(signer: string, kind: BucketKind, count: number): Record<string, string> {
    const limits = this.limits();
    if (!limits) return {};
    const nowMs = this.now();
    const state = this.refill(signer, kind, limits[kind], nowMs);
    state.tokens -= count;
    if (!limits.negativeCancelBalance && state.tokens < 0) state.tokens = 0;
    return this.headers(limits, state, nowMs, nowMs);
  }

  private refill(
    signer: string,
    kind: BucketKind,
    bucket: Readonly<RateBucket>,
    nowMs: number,
  ): BucketState {
    const key = `${signer}:${kind}`;
    const shape = `${bucket.ratePerSec}/${bucket.burst}`;
    let state = this.buckets.get(key);
    if (!state || state.shape !== shape) {
      state = { tokens: bucket.burst, atMs: nowMs, shape };
      this.buckets.set(key, state);
      return state;
    }
    const elapsed = Math.max(0, nowMs - state.atMs);
    state.tokens = Math.min(bucket.burst, state.tokens + (elapsed / 1000) * bucket.ratePerSec);
    state.atMs = nowMs;
    return state;
  }

  private headers(
    limits: Readonly<SignerRateLimits>,
    state: BucketState,
    nowMs: number,
    resetMs: number,
  ): Record<string, string> {
    return {
      'Poly-RateLimit-Remaining': String(Math.floor(state.tokens)),
      'Poly-RateLimit-Reset': String(Math.ceil(Math.max(nowMs, resetMs) / 1000)),
      'Poly-RateLimit-Tier': limits.tier,
    };
  }
}
