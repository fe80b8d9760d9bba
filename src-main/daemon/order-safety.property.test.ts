import { describe, expect, it } from 'vitest';
import { runSoak } from '../tests/order-safety-soak';

describe('order safety judged by the exchange under Polymarket-like reporting (property)', () => {
  it('never lets matched + resting exceed an order, leaves the limits, sends on a stale book or leaves an order unfinished', async () => {
    const summary = await runSoak(Number(process.env.POLYDESK_SAFETY_SCHEDULES ?? 300), {
      concurrency: 16,
      firstSeed: Number(process.env.POLYDESK_SAFETY_FIRST_SEED ?? 1),
    });
    const failures = summary.failures.map(({ restarted: _r, worstExposure: _w, ...f }) => f);
    expect(failures).toEqual([]);
    expect(summary.overfills).toBe(0);
    expect(summary.limitBreaches).toBe(0);
    expect(summary.staleSends).toBe(0);
    expect(summary.notFinal).toBe(0);
    expect(summary.leftResting).toBe(0);
    expect(summary.restarts).toBeGreaterThan(0);
    expect(summary.worstExposure).toBeLessThanOrEqual(1.001);
  }, 600_000);
});
