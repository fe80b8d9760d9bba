import { memo } from 'react';
import type { Order } from '@shared/domain/order';
import { FINAL_ORDER_STATES } from '@shared/domain/order';
import { useNow } from '../../state/use-now';
import { strategyName } from '../entry/order-preview';
import { formatAge, formatMicro, formatShares } from '../format';
import { OrderEventLog } from './OrderEventLog';

export interface TokenLabel {
  question: string;
  outcome: string;
  tick: number;
}

function Age({ since }: { since: number }) {
  const now = useNow(1_000);
  return <>{formatAge(now - since)}</>;
}

function Progress({ order }: { order: Order }) {
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

export const OrderRow = memo(function OrderRow(props: {
  order: Order;
  label: TokenLabel | undefined;
  expanded: boolean;
  onToggle: (id: string) => void;
  onCancel: (id: string) => void;
}) {
  const { order, label } = props;
  const final = FINAL_ORDER_STATES.includes(order.state);
  const tick = label?.tick ?? 10_000;
  return (
    <>
      <tr
        className={`order-row state-${order.state.toLowerCase()}${props.expanded ? ' expanded' : ''}`}
        data-testid="order-row"
        data-order-id={order.id}
        data-state={order.state}
        onClick={() => props.onToggle(order.id)}
        title={order.reason}
      >
        <td className="muted">
          <span className="chevron">{props.expanded ? '▾' : '▸'}</span>
          <Age since={order.createdAt} />
        </td>
        <td className="order-market" title={label?.question}>
          {label ? `${label.outcome} · ${label.question}` : order.spec.tokenId.slice(0, 8)}
        </td>
        <td className={order.spec.side === 'BUY' ? 'bid-text' : 'ask-text'}>{order.spec.side}</td>
        <td>{strategyName(order.spec.strategyType)}</td>
        <td>
          <span className={`state state-${order.state.toLowerCase()}`} data-testid="order-state">
            {order.state}
          </span>
        </td>
        <td>
          <Progress order={order} />
        </td>
        <td className="num" data-testid="order-avg">
          {formatMicro(order.avgPrice)}
        </td>
        <td className="num" title="Replacements so far">
          {order.adjustments}
        </td>
        <td className="actions">
          {!final && (
            <button
              type="button"
              className="small danger-outline"
              data-testid="order-cancel"
              onClick={(e) => {
                e.stopPropagation();
                props.onCancel(order.id);
              }}
            >
              Cancel
            </button>
          )}
        </td>
      </tr>
      {props.expanded && (
        <tr className="order-detail">
          <td colSpan={9}>
            {order.reason && (
              <p className="order-reason">
                <span className="muted">reason:</span> {order.reason}
              </p>
            )}
            <OrderEventLog orderId={order.id} tick={tick} />
          </td>
        </tr>
      )}
    </>
  );
});
