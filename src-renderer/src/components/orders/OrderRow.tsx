import { memo } from 'react';
import type { Order } from '@shared/domain/order';
import { FINAL_ORDER_STATES } from '@shared/domain/order';
import { strategyName } from '../entry/order-preview';
import { formatMicro } from '../format';
import { ConditionBadge } from './ConditionBadge';
import { OrderEventLog } from './OrderEventLog';
import { OrderAge } from './OrderAge';
import { HeldBackBadge, OrderProgress } from './OrderProgress';
import { OverfillBadge } from './OverfillBadge';

export interface TokenLabel {
  question: string;
  outcome: string;
  tick: number;
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
          <OrderAge since={order.createdAt} />
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
          <ConditionBadge order={order} />
          <HeldBackBadge order={order} />
          <OverfillBadge order={order} />
        </td>
        <td>
          <OrderProgress order={order} />
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
