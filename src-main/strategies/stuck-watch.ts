import type { OrderCondition } from '@shared/domain/order';
import { DEFAULT_WHEN_STUCK } from '@shared/domain/order-request';
import type { StuckAction, WhenStuck } from '@shared/domain/order-request';
import type { QuoteDecision, StuckCondition } from './quote-decision';
import type { ExecutionContext } from './strategy';

const LABELS: Record<StuckCondition, string> = {
  ADJUSTMENTS_EXHAUSTED: 'adjustments exhausted',
  STALE_BOOK: 'book stale',
};

function isStuck(condition: OrderCondition | null | undefined): condition is StuckCondition {
  return condition === 'ADJUSTMENTS_EXHAUSTED' || condition === 'STALE_BOOK';
}

/**
 * The order's condition after a decision that ran into `observed` (null: nothing). Adjustments
 * do not come back, so ADJUSTMENTS_EXHAUSTED stays once set (a stale book then changes nothing
 * about it); STALE_BOOK lasts while the book is stale; an end condition is never replaced.
 */
export function nextCondition(
  current: OrderCondition | undefined,
  observed: StuckCondition | null,
): OrderCondition | null {
  if (current === 'ADJUSTMENTS_EXHAUSTED' || current === 'REMAINDER_BELOW_MINIMUM') return current;
  return observed;
}

/** whenStuck's action once a stuck condition has lasted afterSec; null before, or when not stuck. */
export function stuckAction(
  condition: OrderCondition | undefined,
  since: number | undefined,
  now: number,
  whenStuck: WhenStuck,
): StuckAction | null {
  if (!isStuck(condition)) return null;
  if (since === undefined || now - since < whenStuck.afterSec * 1000) return null;
  return whenStuck.action;
}

function planText(whenStuck: WhenStuck): string {
  return whenStuck.action === 'cancel'
    ? `cancels after ${whenStuck.afterSec} s of it`
    : 'keeps waiting';
}

/**
 * Keeps an order's stuck condition (ADJUSTMENTS_EXHAUSTED, STALE_BOOK) up to date from its quote
 * decisions, and carries out the user's whenStuck choice once the condition has lasted afterSec:
 * `cancel` stops the order, `wait` says once that it waits on. The condition and its start are
 * on the order (stored), so the time counts on across a restart.
 */
export class StuckWatch {
  private waitNotedFor: number | undefined;

  constructor(private readonly whenStuck: WhenStuck = DEFAULT_WHEN_STUCK) {}

  /** After a decision, before acting on it: true when the order was asked to stop. */
  check(ctx: ExecutionContext, decision: QuoteDecision): boolean {
    const observed =
      (decision.action === 'wait' || decision.action === 'keep') && decision.stuck
        ? decision.stuck
        : null;
    const current = ctx.order.condition;
    const next = nextCondition(current, observed);
    if (next !== (current ?? null)) {
      ctx.setCondition(
        next,
        isStuck(next)
          ? `${LABELS[next]}: the order is stuck and ${planText(this.whenStuck)}`
          : 'book current again: quoting resumes',
      );
    }
    const { condition, conditionSince } = ctx.order;
    const action = stuckAction(condition, conditionSince, ctx.now(), this.whenStuck);
    if (action === null || !isStuck(condition)) return false;
    const stuckFor = `${LABELS[condition]} for ${this.whenStuck.afterSec} s`;
    if (action === 'cancel') {
      ctx.stop(`${stuckFor}: cancelled as set (whenStuck)`);
      return true;
    }
    if (this.waitNotedFor !== conditionSince) {
      this.waitNotedFor = conditionSince;
      ctx.note(`${stuckFor}: waiting on as set (whenStuck)`);
    }
    return false;
  }
}
