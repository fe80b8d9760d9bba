import type { Order } from '@shared/domain/order';
import { formatShares } from '../format';

export const HELD_BACK_TIP =
  'Shares of an exchange order that left the book (cancelled or filled) whose last fills are not reported yet: counted as filled until the exchange says; nothing is placed for them.';

/** Shares of the order's exchange orders that are off the book but may still have matched. */
export function heldBackOf(order: Order): number {
  return order.exchangeOrders.reduce((sum, eo) => sum + (eo.heldBack ?? 0), 0);
}

/** An amber badge while shares are held back; nothing otherwise. Sits beside the state. */
export function HeldBackBadge({ order }: { order: Order }) {
  const heldBack = heldBackOf(order);
  if (heldBack <= 0) return null;
  return (
    <span className="held-back-badge" data-testid="order-held-back" title={HELD_BACK_TIP}>
      HELD {formatShares(heldBack)}
    </span>
  );
}

/**
 * Filled of total as a bar: confirmed fills solid, fills awaiting confirmation lighter, shares
 * held back (possibly matched, not reported yet) striped amber after them.
 */
export function OrderProgress({ order }: { order: Order }) {
  const total = order.targetSize;
  const heldBack = heldBackOf(order);
  const pct = (n: number): number => (total > 0 ? Math.min(100, (100 * n) / total) : 0);
  const counted = order.filled + order.pendingFilled;
  return (
    <div
      className="progress"
      title={`${formatShares(order.filled)} confirmed, ${formatShares(order.pendingFilled)} awaiting confirmation${heldBack > 0 ? `, ${formatShares(heldBack)} held back` : ''}, of ${formatShares(total)}`}
    >
      <div className="progress-bar">
        <span className="done" style={{ width: `${pct(order.filled)}%` }} />
        <span
          className="pending"
          style={{ width: `${pct(order.pendingFilled)}%`, left: `${pct(order.filled)}%` }}
        />
        {heldBack > 0 && (
          <span
            className="held-back"
            data-testid="order-held-back-bar"
            style={{ width: `${pct(heldBack)}%`, left: `${pct(counted)}%` }}
          />
        )}
      </div>
      <span className="progress-text" data-testid="order-filled">
        {formatShares(order.filled)}/{formatShares(total)}
      </span>
    </div>
  );
}
