import type { Order } from '@shared/domain/order';
import { formatShares } from '../format';

/** Filled of total as a bar: confirmed fills solid, fills awaiting confirmation lighter. */
export function OrderProgress({ order }: { order: Order }) {
  const total = order.targetSize;
  const pct = (n: number): number => (total > 0 ? Math.min(100, (100 * n) / total) : 0);
  return (
    <div
      className="progress"
      title={`${formatShares(order.filled)} confirmed, ${formatShares(order.pendingFilled)} awaiting confirmation, of ${formatShares(total)}`}
    >
      <div className="progress-bar">
        <span className="done" style={{ width: `${pct(order.filled)}%` }} />
        <span
          className="pending"
          style={{ width: `${pct(order.pendingFilled)}%`, left: `${pct(order.filled)}%` }}
        />
      </div>
      <span className="progress-text" data-testid="order-filled">
        {formatShares(order.filled)}/{formatShares(total)}
      </span>
    </div>
  );
}
