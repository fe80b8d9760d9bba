import { describe, expect, it } from 'vitest';
import type { Order, OrderCondition } from '@shared/domain/order';
import { DEFAULT_WHEN_STUCK } from '@shared/domain/order-request';
import type { WhenStuck } from '@shared/domain/order-request';
import type { QuoteDecision } from './quote-decision';
import type { ExecutionContext } from './strategy';
import { nextCondition, stuckAction, StuckWatch } from './stuck-watch';

const stale: QuoteDecision = {
  action: 'wait',
  reason: 'book stale: quoting paused',
  stuck: 'STALE_BOOK',
};
const exhausted: QuoteDecision = {
  action: 'keep',
  reason: 'max adjustments (3) reached',
  stuck: 'ADJUSTMENTS_EXHAUSTED',
};
const fine: QuoteDecision = { action: 'keep', reason: 'in_band' };

/** The few context calls StuckWatch makes, over a bare order, with what it asked for. */
function fakeContext(clock: { now: number }) {
  const order = { adjustments: 0 } as Order;
  const log = { notes: [] as string[], stops: [] as string[] };
  const ctx = {
    order,
    now: () => clock.now,
    note: (reason: string) => log.notes.push(reason),
    setCondition: (condition: OrderCondition | null, reason: string) => {
      if (condition === null) {
        delete order.condition;
        delete order.conditionSince;
      } else {
        order.condition = condition;
        order.conditionSince = clock.now;
      }
      log.notes.push(reason);
    },
    stop: (reason: string) => log.stops.push(reason),
  } as unknown as ExecutionContext;
  return { ctx, order, log };
}

describe('nextCondition', () => {
  it('sets and clears a stale book; keeps exhausted adjustments and an end for good', () => {
    expect(nextCondition(undefined, 'STALE_BOOK')).toBe('STALE_BOOK');
    expect(nextCondition('STALE_BOOK', null)).toBeNull();
    expect(nextCondition(undefined, 'ADJUSTMENTS_EXHAUSTED')).toBe('ADJUSTMENTS_EXHAUSTED');
    expect(nextCondition('ADJUSTMENTS_EXHAUSTED', null)).toBe('ADJUSTMENTS_EXHAUSTED');
    expect(nextCondition('ADJUSTMENTS_EXHAUSTED', 'STALE_BOOK')).toBe('ADJUSTMENTS_EXHAUSTED');
    expect(nextCondition('STALE_BOOK', 'ADJUSTMENTS_EXHAUSTED')).toBe('ADJUSTMENTS_EXHAUSTED');
    expect(nextCondition('REMAINDER_BELOW_MINIMUM', 'STALE_BOOK')).toBe('REMAINDER_BELOW_MINIMUM');
  });
});

describe('stuckAction', () => {
  const cancelAfter30: WhenStuck = { afterSec: 30, action: 'cancel' };
  it('acts once the condition has lasted afterSec, and only for a stuck condition', () => {
    expect(stuckAction('STALE_BOOK', 1_000, 30_999, cancelAfter30)).toBeNull();
    expect(stuckAction('STALE_BOOK', 1_000, 31_000, cancelAfter30)).toBe('cancel');
    expect(stuckAction('ADJUSTMENTS_EXHAUSTED', 0, 60_000, DEFAULT_WHEN_STUCK)).toBe('wait');
    expect(stuckAction('REMAINDER_BELOW_MINIMUM', 0, 99_000, cancelAfter30)).toBeNull();
    expect(stuckAction(undefined, 0, 99_000, cancelAfter30)).toBeNull();
  });

  it('defaults to waiting after a minute', () => {
    expect(DEFAULT_WHEN_STUCK).toEqual({ afterSec: 60, action: 'wait' });
  });
});

describe('StuckWatch', () => {
  it('says so at once, and cancels the order after the time the user set', () => {
    const clock = { now: 10_000 };
    const { ctx, order, log } = fakeContext(clock);
    const watch = new StuckWatch({ afterSec: 5, action: 'cancel' });
    expect(watch.check(ctx, stale)).toBe(false);
    expect(order).toMatchObject({ condition: 'STALE_BOOK', conditionSince: 10_000 });
    expect(log.notes).toEqual(['book stale: the order is stuck and cancels after 5 s of it']);
    clock.now = 14_999;
    expect(watch.check(ctx, stale)).toBe(false);
    clock.now = 15_000;
    expect(watch.check(ctx, stale)).toBe(true);
    expect(log.stops).toEqual(['book stale for 5 s: cancelled as set (whenStuck)']);
  });

  it('clears a stale book once it is current again, and the time starts over', () => {
    const clock = { now: 0 };
    const { ctx, order, log } = fakeContext(clock);
    const watch = new StuckWatch({ afterSec: 5, action: 'cancel' });
    watch.check(ctx, stale);
    clock.now = 4_000;
    watch.check(ctx, fine);
    expect(order.condition).toBeUndefined();
    expect(log.notes.at(-1)).toBe('book current again: quoting resumes');
    clock.now = 6_000;
    expect(watch.check(ctx, stale)).toBe(false);
    expect(order.conditionSince).toBe(6_000);
    expect(log.stops).toEqual([]);
  });

  it('keeps exhausted adjustments, and with "wait" says once that it waits on', () => {
    const clock = { now: 0 };
    const { ctx, order, log } = fakeContext(clock);
    const watch = new StuckWatch({ afterSec: 2, action: 'wait' });
    watch.check(ctx, exhausted);
    expect(order.condition).toBe('ADJUSTMENTS_EXHAUSTED');
    expect(log.notes[0]).toBe('adjustments exhausted: the order is stuck and keeps waiting');
    clock.now = 1_000;
    watch.check(ctx, fine);
    clock.now = 2_000;
    expect(watch.check(ctx, stale)).toBe(false);
    clock.now = 3_000;
    expect(watch.check(ctx, fine)).toBe(false);
    expect(order.condition).toBe('ADJUSTMENTS_EXHAUSTED');
    expect(log.notes.slice(1)).toEqual([
      'adjustments exhausted for 2 s: waiting on as set (whenStuck)',
    ]);
    expect(log.stops).toEqual([]);
  });

  it('counts from the condition stored on the order (as after a restart)', () => {
    const clock = { now: 100_000 };
    const { ctx, order, log } = fakeContext(clock);
    order.condition = 'ADJUSTMENTS_EXHAUSTED';
    order.conditionSince = 40_000;
    expect(new StuckWatch({ afterSec: 60, action: 'cancel' }).check(ctx, fine)).toBe(true);
    expect(log.notes).toEqual([]);
    expect(log.stops).toHaveLength(1);
  });
});
