import type { Order, OrderCondition } from '@shared/domain/order';
import { DEFAULT_WHEN_STUCK } from '@shared/domain/order-request';
import type { WhenStuck } from '@shared/domain/order-request';

const BADGES: Record<OrderCondition, { text: string; tip: string }> = {
  ADJUSTMENTS_EXHAUSTED: {
    text: 'NO ADJ LEFT',
    tip: 'It has used all its replacements (max replaces): the quote stays where it is, however the market moves.',
  },
  STALE_BOOK: {
    text: 'STALE BOOK',
    tip: 'The order book is stale or missing: quoting is paused until it is current again.',
  },
  REMAINDER_BELOW_MINIMUM: {
    text: 'REST < MIN',
    tip: "It ended with a remainder smaller than the market's minimum order size, which cannot be placed.",
  },
};

/** The order's whenStuck setting, wherever its strategy keeps its micro-price params. */
export function whenStuckOf(order: Order): WhenStuck {
  const spec = order.spec;
  return (
    spec.microPriceParams?.whenStuck ??
    spec.kellyParams?.microPriceParams.whenStuck ??
    DEFAULT_WHEN_STUCK
  );
}

function planOf(order: Order): string {
  if (order.condition === 'REMAINDER_BELOW_MINIMUM') return '';
  const { action, afterSec } = whenStuckOf(order);
  return action === 'cancel'
    ? ` Set to cancel after ${afterSec} s stuck.`
    : ` Set to wait when stuck (after ${afterSec} s it says so in the event log).`;
}

/** A small amber badge beside the state saying what holds the order, or how it ended short. */
export function ConditionBadge({ order }: { order: Order }) {
  if (!order.condition) return null;
  const badge = BADGES[order.condition];
  const since =
    order.conditionSince === undefined
      ? ''
      : ` Since ${new Date(order.conditionSince).toLocaleTimeString()}.`;
  return (
    <span
      className="held-back-badge condition-badge"
      data-testid="order-condition"
      data-condition={order.condition}
      title={`${badge.tip}${since}${planOf(order)}`}
    >
      {badge.text}
    </span>
  );
}
