import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../replay/virtual-clock';
import { leaningCycle, SMALL_STOIKOV_FIT } from './stoikov-fixtures';
import { StoikovFitter } from './stoikov-fitter';

const TOKEN = '1001';
const FIT = SMALL_STOIKOV_FIT;

function feed(fitter: StoikovFitter, cycles: number, from = 0): void {
  for (let c = from; c < from + cycles; c++) {
    for (const state of leaningCycle(c)) fitter.observe(TOKEN, state);
  }
}

describe('StoikovFitter', () => {
  it('has no fit before any state, and says how many transitions it needs', () => {
    const fitter = new StoikovFitter({ timers: new VirtualClock(0), fit: FIT });
    expect(fitter.current(TOKEN)).toEqual({
      fit: null,
      model: null,
      minTransitions: 40,
      states: 0,
    });
  });

  it('with too little data keeps the fit’s reason and no model', () => {
    const fitter = new StoikovFitter({
      timers: new VirtualClock(0),
      fit: FIT,
      earlyRefitStates: 9,
    });
    feed(fitter, 2);
    const { fit, model, states } = fitter.current(TOKEN);
    expect(states).toBe(18);
    expect(model).toBeNull();
    expect(fit).toMatchObject({ kind: 'insufficient' });
    expect(fit?.kind === 'insufficient' && fit.reason).toMatch(/fewer than the 40 needed/);
  });

  it('refits early every N states until the first fit, then only on the clock', async () => {
    const clock = new VirtualClock(0);
    const refits: number[] = [];
    const fitter = new StoikovFitter({
      timers: clock,
      fit: FIT,
      refitEveryMs: 30_000,
      earlyRefitStates: 9,
      onRefit: () => refits.push(clock.now()),
    });
    feed(fitter, 4);
    // 36 states, a refit after each 9: the last saw 35 transitions, still too few.
    expect(refits).toEqual([0, 0, 0, 0]);
    expect(fitter.current(TOKEN).fit?.kind).toBe('insufficient');
    feed(fitter, 2, 4);
    // The fifth refit (45 states, 44 transitions) fitted; the nine states after it waited.
    expect(fitter.current(TOKEN).fit).toMatchObject({ kind: 'fit', transitions: 44 });
    expect(refits).toHaveLength(5);
    const first = fitter.current(TOKEN).model;
    expect(first).not.toBeNull();
    feed(fitter, 3, 6);
    // Fitted: new states wait for the clock.
    expect(refits).toHaveLength(5);
    expect(fitter.current(TOKEN).fit?.transitions).toBe(44);
    await clock.advanceTo(29_999);
    expect(refits).toHaveLength(5);
    await clock.advanceTo(30_000);
    expect(refits).toEqual([0, 0, 0, 0, 0, 30_000]);
    expect(fitter.current(TOKEN).fit?.transitions).toBe(80);
    expect(fitter.current(TOKEN).model).not.toBe(first);
    // Nothing new: the next tick of the clock leaves the fit alone.
    await clock.advanceTo(60_000);
    expect(refits).toHaveLength(6);
  });

  it('prices with its model: Stoikov leans the way the imbalance points', () => {
    const fitter = new StoikovFitter({
      timers: new VirtualClock(0),
      fit: FIT,
      earlyRefitStates: 9,
    });
    feed(fitter, 8);
    const model = fitter.current(TOKEN).model;
    // Bid-heavy (bucket 2) books were followed by up-moves: a positive adjustment, and the
    // mirrored bucket 0 the opposite.
    const row = model?.adjustmentTicks[0] ?? [];
    expect(row[2]).toBeGreaterThan(0);
    expect(row[0]).toBeCloseTo(-(row[2] ?? 0), 9);
  });

  it('ignores unchanged tops and one-sided books, and keeps a bounded window', () => {
    const fitter = new StoikovFitter({
      timers: new VirtualClock(0),
      fit: FIT,
      window: 20,
      earlyRefitStates: 1_000,
    });
    const [first] = leaningCycle(0);
    if (!first) throw new Error('no books');
    fitter.observe(TOKEN, first);
    fitter.observe(TOKEN, { ...first });
    fitter.observe(TOKEN, { ...first, bidSizeMicros: 7, askSizeMicros: 0 });
    expect(fitter.current(TOKEN).states).toBe(1);
    feed(fitter, 10);
    expect(fitter.current(TOKEN).states).toBeLessThanOrEqual(25);
    expect(fitter.current(TOKEN).states).toBeGreaterThanOrEqual(20);
  });

  it('forgets a token, and stops its clock when it holds none', async () => {
    const clock = new VirtualClock(0);
    let refits = 0;
    const fitter = new StoikovFitter({
      timers: clock,
      fit: FIT,
      earlyRefitStates: 1_000,
      onRefit: () => (refits += 1),
    });
    feed(fitter, 1);
    fitter.forget(TOKEN);
    expect(fitter.current(TOKEN).states).toBe(0);
    expect(clock.nextDueAt()).toBeUndefined();
    await clock.advanceTo(120_000);
    expect(refits).toBe(0);
  });

  it('refuses nonsense options at once', () => {
    expect(() => new StoikovFitter({ timers: new VirtualClock(0), refitEveryMs: 0 })).toThrow(
      /refitEveryMs/,
    );
    expect(
      () => new StoikovFitter({ timers: new VirtualClock(0), fit: { imbalanceBuckets: 1 } }),
    ).toThrow(/imbalanceBuckets/);
  });
});
