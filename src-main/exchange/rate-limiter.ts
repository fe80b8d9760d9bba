/**
 * Per-endpoint token buckets (lessons §1.13, doc §7): each endpoint has one or more windows
 * (burst per 10 s, sustained per 10 min); a call waits until every window has a token.
 * Cloudflare delays, then 429s, before the documented limit: we stay under it ourselves.
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

  /** ms to wait until a token is there (0 = now). */
  waitMs(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) * this.window.windowMs) / this.window.capacity);
  }

  take(): void {
    this.tokens -= 1;
  }
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket[]>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly limits: Record<string, RateWindow[]> = POLYMARKET_LIMITS,
    private readonly clock: RateLimiterClock = systemClock,
  ) {}

  /** Waits for a token of `endpoint` (falls back to 'general' for unlisted endpoints). */
  acquire(endpoint: string): Promise<void> {
    const key = endpoint in this.limits ? endpoint : 'general';
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.takeWhenReady(key));
    this.queues.set(key, next);
    return next;
  }

  private async takeWhenReady(key: string): Promise<void> {
    const buckets = this.bucketsFor(key);
    for (;;) {
      const now = this.clock.now();
      const wait = Math.max(0, ...buckets.map((bucket) => bucket.waitMs(now)));
      if (wait === 0) {
        for (const bucket of buckets) bucket.take();
        return;
      }
      await this.clock.sleep(wait);
    }
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
