import { describe, expect, it } from 'vitest';
import { timeTicks } from './time-ticks';

describe('timeTicks', () => {
  it('puts at most five ticks on round seconds, never two on the same second', () => {
    expect(timeTicks(10_300, 13_900)).toEqual([11_000, 12_000, 13_000]);
    const minute = timeTicks(0, 60_000);
    expect(minute).toEqual([0, 15_000, 30_000, 45_000, 60_000]);
    const odd = timeTicks(1_234, 299_999);
    expect(odd.length).toBeLessThanOrEqual(5);
    expect(new Set(odd.map((t) => Math.floor(t / 1000))).size).toBe(odd.length);
    expect(timeTicks(5, 5)).toEqual([]);
  });
});
