import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TradeRecord, TradeStatus } from '../engine/types.js';
import { copyTiming, TIMING_PROMPT, type ReportTiming } from './report-timing.js';
import { StreamScheduler } from './stream-scheduler.js';
import { TradeVisibility } from './trade-visibility.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Cycles through the given draws. */
function draws(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

function scheduler(knobs: Partial<ReportTiming>, random: () => number) {
  const timing = { ...copyTiming(TIMING_PROMPT), ...knobs };
  const got: string[] = [];
  const s = new StreamScheduler<string>({ timing: () => timing, random, now: () => Date.now() });
  const push = (kind: 'order' | 'trade', label: string): boolean =>
    s.push('conn', kind, () => got.push(label));
  return { s, got, push };
}

describe('StreamScheduler', () => {
  it('delivers synchronously with every knob off', () => {
    const { got, push } = scheduler({}, draws(0.5));
    push('order', 'a');
    push('trade', 'b');
    expect(got).toEqual(['a', 'b']);
  });

  it('keeps the order of one connection when reordering is off, whatever the lags', () => {
    const { got, push } = scheduler(
      { streamTradeLagMs: { min: 0, max: 400 }, streamOrderLagMs: { min: 0, max: 400 } },
      draws(1, 0, 0.5),
    );
    push('trade', 'a'); // 400 ms
    push('order', 'b'); // 0 ms, but after a
    push('trade', 'c'); // 200 ms, but after a
    vi.advanceTimersByTime(399);
    expect(got).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(got).toEqual(['a', 'b', 'c']);
  });

  it('lets a message overtake what is waiting when reordering is on', () => {
    const { got, push } = scheduler(
      { streamTradeLagMs: { min: 100, max: 100 }, streamReorder: 1 },
      draws(0),
    );
    push('trade', 'a');
    vi.advanceTimersByTime(50);
    push('trade', 'b');
    vi.advanceTimersByTime(50);
    expect(got).toEqual(['b', 'a']);
  });

  it('drops trade messages, never order messages', () => {
    const { got, push } = scheduler({ dropTradeMessageRate: 1 }, draws(0.5));
    expect(push('trade', 'a')).toBe(false);
    expect(push('order', 'b')).toBe(true);
    expect(got).toEqual(['b']);
  });

  it('forgets what waits for a closed connection', () => {
    const { s, got, push } = scheduler({ streamOrderLagMs: { min: 10, max: 10 } }, draws(0));
    push('order', 'a');
    s.forget('conn');
    vi.advanceTimersByTime(100);
    expect(got).toEqual([]);
  });
});

describe('TradeVisibility', () => {
  function trade(status: TradeStatus): TradeRecord {
    return {
      id: 't1',
      status,
      lastUpdateMs: Date.now(),
      errMsg: null,
    } as Partial<TradeRecord> as TradeRecord;
  }

  it('shows a trade and each status after its lag, never going back', () => {
    const v = new TradeVisibility({
      lag: () => ({ min: 100, max: 300 }),
      random: draws(1, 0),
      now: () => Date.now(),
    });
    const matched = trade('MATCHED');
    v.observe(matched); // visible at +300
    expect(v.view(matched)).toBeNull();
    vi.advanceTimersByTime(100);
    const mined = { ...matched, status: 'MINED' as const };
    v.observe(mined); // +100 + 100, but not before +300
    vi.advanceTimersByTime(200);
    expect(v.view(mined)?.status).toBe('MINED');
    const confirmed = { ...matched, status: 'CONFIRMED' as const };
    v.observe(confirmed); // +300 + 300
    expect(v.view(confirmed)?.status).toBe('MINED');
    vi.advanceTimersByTime(300);
    expect(v.view(confirmed)?.status).toBe('CONFIRMED');
    v.prune();
    expect(v.view(confirmed)).toBe(confirmed);
  });

  it('leaves trades matched with the lag off visible at once', () => {
    const v = new TradeVisibility({
      lag: () => ({ min: 0, max: 0 }),
      random: draws(0.5),
      now: () => Date.now(),
    });
    const t = trade('MATCHED');
    v.observe(t);
    expect(v.view(t)).toBe(t);
  });
});
