import { describe, expect, it } from 'vitest';
import { RateLimiter, type RateLimiterClock } from './rate-limiter';

/** A clock that only moves when the limiter sleeps, recording each sleep. */
function fakeClock(): RateLimiterClock & { sleeps: number[]; time: number } {
  const clock = {
    time: 0,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

describe('RateLimiter', () => {
  it('lets a burst through, then spaces calls at the refill rate', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ 'POST /order': [{ capacity: 3, windowMs: 3_000 }] }, clock);
    for (let i = 0; i < 3; i++) await limiter.acquire('POST /order');
    expect(clock.sleeps).toEqual([]);
    await limiter.acquire('POST /order');
    expect(clock.time).toBe(1_000);
  });

  it('honours the tighter of two windows', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(
      {
        x: [
          { capacity: 10, windowMs: 1_000 },
          { capacity: 2, windowMs: 10_000 },
        ],
      },
      clock,
    );
    await limiter.acquire('x');
    await limiter.acquire('x');
    await limiter.acquire('x');
    expect(clock.time).toBe(5_000);
  });

  it('keeps endpoints independent and sends unknown ones to the general bucket', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(
      { a: [{ capacity: 1, windowMs: 1_000 }], general: [{ capacity: 1, windowMs: 1_000 }] },
      clock,
    );
    await limiter.acquire('a');
    await limiter.acquire('GET /whatever');
    expect(clock.time).toBe(0);
    await limiter.acquire('GET /other');
    expect(clock.time).toBe(1_000);
  });

  it('serves concurrent callers one token each', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ a: [{ capacity: 2, windowMs: 2_000 }] }, clock);
    await Promise.all([limiter.acquire('a'), limiter.acquire('a'), limiter.acquire('a')]);
    expect(clock.time).toBe(1_000);
  });
});

describe('RateLimiter per-signer buckets', () => {
  const general = { general: [{ capacity: 1_000, windowMs: 1_000 }] };

  it('shares one order bucket between POST /order and POST /orders, a batch costing its size', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(general, clock, {
      order: { capacity: 4, windowMs: 4_000 },
      cancel: { capacity: 10, windowMs: 1_000 },
    });
    await limiter.acquire('POST /orders', 3);
    await limiter.acquire('POST /order');
    expect(clock.time).toBe(0);
    await limiter.acquire('POST /orders', 2);
    expect(clock.time).toBe(2_000);
    // The cancel bucket is separate.
    await limiter.acquire('DELETE /order');
    expect(clock.time).toBe(2_000);
  });

  it('charges cancel-all for what it cancelled, and waits a refill after a 429', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(general, clock, {
      order: { capacity: 2, windowMs: 1_000 },
      cancel: { capacity: 4, windowMs: 4_000 },
    });
    await limiter.acquire('DELETE /cancel-all');
    limiter.charge('DELETE /cancel-all', 5);
    // 3 - 5 = -2 tokens: the next cancel waits for 3 tokens at 1 per second.
    await limiter.acquire('DELETE /order');
    expect(clock.time).toBe(3_000);
    limiter.backOff('POST /order');
    await limiter.acquire('POST /order');
    expect(clock.time).toBe(3_500);
  });

  it('defaults to the documented Standard tier: 60 orders at once, then 40 a second', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(general, clock);
    for (let i = 0; i < 60; i++) await limiter.acquire('POST /order');
    expect(clock.time).toBe(0);
    await limiter.acquire('POST /order');
    expect(clock.time).toBe(25);
  });
});
