import type { Order } from '@shared/domain/order';
import { formatShares } from '../format';

/** A red badge when late trades pushed the order beyond its size; nothing when they did not. */
export function OverfillBadge({ order }: { order: Order }) {
  const excess = order.overfilled ?? 0;
  if (excess <= 0) return null;
  const done = order.spec.side === 'BUY' ? 'bought' : 'sold';
  return (
    <span
      className="overfill-badge"
      data-testid="order-overfill"
      title={`The exchange matched ${formatShares(excess)} shares beyond this order's size of ${formatShares(order.targetSize)}, from trades it reported late. They were ${done} and are kept; see the event log.`}
    >
      OVERFILL +{formatShares(excess)}
    </span>
  );
}
