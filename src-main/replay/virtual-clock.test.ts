import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock';

describe('VirtualClock', () => {
  it('fires timers at their recorded time, in due order, settling promise chains after each', async () => {
    const clock = new VirtualClock(1_000);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => {
      seen.push(`a@${clock.now()}`);
      // A chain started by a timer runs before the next timer fires.
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => seen.push(`a-chain@${clock.now()}`));
    }, 10);
    clock.setTimeout(() => seen.push(`c@${clock.now()}`), 20);
    const cancelled = clock.setTimeout(() => seen.push('never'), 5);
    cancelled.cancel();
    await clock.advanceTo(1_015);
    expect(seen).toEqual(['a@1010', 'a-chain@1010']);
    expect(clock.now()).toBe(1_015);
    await clock.advanceTo(1_100);
    expect(seen).toEqual(['a@1010', 'a-chain@1010', 'b@1020', 'c@1020']);
  });

  it('re-arms intervals until cancelled, and never goes back in time', async () => {
    const clock = new VirtualClock(0);
    const ticks: number[] = [];
    const every = clock.setInterval(() => ticks.push(clock.now()), 250);
    await clock.advanceTo(1_000);
    expect(ticks).toEqual([250, 500, 750, 1_000]);
    every.cancel();
    await clock.advanceTo(2_000);
    expect(ticks).toHaveLength(4);
    await clock.advanceTo(500);
    expect(clock.now()).toBe(2_000);
  });

  it('runs timers until a promise is done, or says it was not within the limit', async () => {
    const clock = new VirtualClock(0);
    const later = new Promise<string>((resolve) => clock.setTimeout(() => resolve('done'), 3_000));
    await expect(clock.runUntil(later)).resolves.toBe('done');
    expect(clock.now()).toBe(3_000);
    const never = new Promise<void>((resolve) => clock.setTimeout(resolve, 10_000));
    await expect(clock.runUntil(never, 5_000)).rejects.toThrow(/not done within 5000 ms/);
  });
});
