/**
 * Client-side pacing under both of Polymarket's limiters, so that the exchange never has to refuse:
 * - Cloudflare's per-endpoint request windows (lessons §1.13, doc §7): burst per 10 s, sustained
 *   per 10 min; it delays, then 429s, before the documented limit.
 * - The per-signer order and cancel token buckets (docs.polymarket.com trading-rate-limits):
 *   POST /order costs 1, POST /orders one per order, DELETE /order 1, DELETE /orders one per id,
 *   cancel-all and cancel-market-orders 1 up front plus one per order cancelled (charged after the
 *   reply, possibly below zero). The exchange reports the bucket in `Poly-RateLimit-*` headers,
 *   but clob-client-v2 returns only response bodies (its axios calls keep the headers to
 *   themselves), so we pace with the documented Standard tier, the tightest, and empty the bucket
 *   on a 429 so that it refills at the documented rate before the next attempt.
 */

export interface RateWindow {
  capacity: number;
  windowMs: number;
}

export interface RateLimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: RateLimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const TEN_S = 10_000;
const TEN_MIN = 600_000;

export type SignerBucket = 'order' | 'cancel';

/** Standard tier (no volume requirement): order 40/s burst 60, cancel 80/s burst 120. */
export const POLYMARKET_SIGNER_LIMITS: Record<SignerBucket, RateWindow> = {
  order: { capacity: 60, windowMs: 1_500 },
  cancel: { capacity: 120, windowMs: 1_500 },
};

/** Which signer bucket each trading endpoint draws from. */
const SIGNER_BUCKET: Record<string, SignerBucket> = {
  'POST /order': 'order',
  'POST /orders': 'order',
  'DELETE /order': 'cancel',
  'DELETE /orders': 'cancel',
  'DELETE /cancel-all': 'cancel',
  'DELETE /cancel-market-orders': 'cancel',
};

/** Endpoint keys used by the adapter, with Polymarket's published limits. */
export const POLYMARKET_LIMITS: Record<string, RateWindow[]> = {
  'POST /order': [
    { capacity: 3_500, windowMs: TEN_S },
    { capacity: 36_000, windowMs: TEN_MIN },
  ],
  'DELETE /order': [
    { capacity: 3_000, windowMs: TEN_S },
    { capacity: 30_000, windowMs: TEN_MIN },
  ],
  'DELETE /orders': [
    { capacity: 1_000, windowMs: TEN_S },
    { capacity: 15_000, windowMs: TEN_MIN },
  ],
  'DELETE /cancel-all': [
    { capacity: 250, windowMs: TEN_S },
    { capacity: 6_000, windowMs: TEN_MIN },
  ],
  'DELETE /cancel-market-orders': [
    { capacity: 1_000, windowMs: TEN_S },
    { capacity: 1_500, windowMs: TEN_MIN },
  ],
  'GET /balance-allowance': [{ capacity: 200, windowMs: TEN_S }],
  'GET /balance-allowance/update': [{ capacity: 50, windowMs: TEN_S }],
  'GET /book': [{ capacity: 1_500, windowMs: TEN_S }],
  'GET /tick-size': [{ capacity: 200, windowMs: TEN_S }],
  'GET /data/orders': [{ capacity: 500, windowMs: TEN_S }],
  'GET /data/trades': [{ capacity: 500, windowMs: TEN_S }],
  'GET /data/order': [{ capacity: 500, windowMs: TEN_S }],
  'POST /auth/api-key': [{ capacity: 100, windowMs: TEN_S }],
  'POST /v1/heartbeats': [{ capacity: 100, windowMs: TEN_S }],
  // Everything else shares the general CLOB limit.
  general: [{ capacity: 9_000, windowMs: TEN_S }],
};

class Bucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly window: RateWindow,
    now: number,
  ) {
    this.tokens = window.capacity;
    this.last = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(
      this.window.capacity,
      this.tokens + (elapsed * this.window.capacity) / this.window.windowMs,
    );
  }

  /** ms to wait until `count` tokens are there (0 = now); a count above capacity waits for a full bucket. */
  waitMs(now: number, count = 1): number {
    this.refill(now);
    const need = Math.min(count, this.window.capacity);
    if (this.tokens >= need) return 0;
    return Math.ceil(((need - this.tokens) * this.window.windowMs) / this.window.capacity);
  }

  take(count = 1): void {
    this.tokens -= count;
  }

  /** After a 429: nothing left until the bucket refills at its rate. */
  drain(now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.tokens, 0);
  }
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket[]>();
  private readonly signerBuckets = new Map<SignerBucket, Bucket>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly limits: Record<string, RateWindow[]> = POLYMARKET_LIMITS,
    private readonly clock: RateLimiterClock = systemClock,
    private readonly signerLimits: Record<SignerBucket, RateWindow> = POLYMARKET_SIGNER_LIMITS,
  ) {}

  /**
   * Waits for a request token of `endpoint` (falls back to 'general' for unlisted endpoints) and,
   * for trading endpoints, `orders` tokens of the signer bucket (a batch's size; 1 otherwise).
   */
  acquire(endpoint: string, orders = 1): Promise<void> {
    const key = endpoint in this.limits ? endpoint : 'general';
    const signer = SIGNER_BUCKET[endpoint];
    // Endpoints sharing a signer bucket queue together, so no caller overtakes a waiting batch.
    const queue = signer ?? key;
    const previous = this.queues.get(queue) ?? Promise.resolve();
    const next = previous.then(() => this.takeWhenReady(key, signer, orders));
    this.queues.set(queue, next);
    return next;
  }

  /** Tokens the exchange takes after the fact (cancel-all: one per order it cancelled). */
  charge(endpoint: string, orders: number): void {
    const signer = SIGNER_BUCKET[endpoint];
    if (signer === undefined || orders <= 0) return;
    const bucket = this.signerBucket(signer);
    bucket.waitMs(this.clock.now());
    bucket.take(orders);
  }

  /** The exchange answered 429: empty the endpoint's buckets so the next call waits for a refill. */
  backOff(endpoint: string): void {
    const now = this.clock.now();
    const key = endpoint in this.limits ? endpoint : 'general';
    for (const bucket of this.bucketsFor(key)) bucket.drain(now);
    const signer = SIGNER_BUCKET[endpoint];
    if (signer !== undefined) this.signerBucket(signer).drain(now);
  }

  private async takeWhenReady(
    key: string,
    signer: SignerBucket | undefined,
    orders: number,
  ): Promise<void> {
    const buckets = this.bucketsFor(key);
    const shared = signer === undefined ? undefined : this.signerBucket(signer);
    for (;;) {
      const now = this.clock.now();
      const wait = Math.max(
        0,
        ...buckets.map((bucket) => bucket.waitMs(now)),
        shared?.waitMs(now, orders) ?? 0,
      );
      if (wait === 0) {
        for (const bucket of buckets) bucket.take();
        shared?.take(orders);
        return;
      }
      await this.clock.sleep(wait);
    }
  }

  private signerBucket(signer: SignerBucket): Bucket {
    let bucket = this.signerBuckets.get(signer);
    if (!bucket) {
      bucket = new Bucket(this.signerLimits[signer], this.clock.now());
      this.signerBuckets.set(signer, bucket);
    }
    return bucket;
  }

  private bucketsFor(key: string): Bucket[] {
    let buckets = this.buckets.get(key);
    if (!buckets) {
      const now = this.clock.now();
      buckets = (this.limits[key] ?? []).map((window) => new Bucket(window, now));
      this.buckets.set(key, buckets);
    }
    return buckets;
  }
}
