import type { OrderSpec } from '@shared/domain/order-request';
import { Dialog } from '../common/Dialog';
import { formatPrice, formatShares, formatUsd } from '../format';
import { boundNotional, sizeCapOf, strategyName } from './order-preview';

/** LIVE mode only: states side, size, limits and notional before real money moves. */
export function ConfirmOrderDialog(props: {
  spec: OrderSpec;
  outcome: string;
  question: string;
  tick: number;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { spec, tick } = props;
  const size = sizeCapOf(spec);
  return (
    <Dialog title="Confirm LIVE order" onClose={props.onClose} testId="confirm-order" tone="danger">
      <p className="dialog-lead">This order goes to Polymarket with real money.</p>
      <dl className="confirm-grid">
        <dt>Market</dt>
        <dd>{props.question}</dd>
        <dt>Side</dt>
        <dd data-testid="confirm-side" className={spec.side === 'BUY' ? 'bid-text' : 'ask-text'}>
          {spec.side} {props.outcome}
        </dd>
        <dt>Size</dt>
        <dd data-testid="confirm-size">
          {spec.strategyType === 'kelly'
            ? `Kelly-sized, up to ${formatShares(size)} shares`
            : `${formatShares(size)} shares`}
        </dd>
        <dt>Limits</dt>
        <dd data-testid="confirm-limits">
          min {formatPrice(spec.minPrice, tick)} · max {formatPrice(spec.maxPrice, tick)}
        </dd>
        <dt>Notional</dt>
        <dd data-testid="confirm-notional">
          {spec.side === 'BUY' ? 'at most ' : 'at least '}
          {formatUsd(boundNotional(spec))}
        </dd>
        <dt>Strategy</dt>
        <dd>{strategyName(spec.strategyType)}</dd>
      </dl>
      <div className="dialog-actions">
        <button type="button" onClick={props.onClose}>
          Cancel (Esc)
        </button>
        <button
          type="button"
          className="danger"
          data-autofocus
          data-testid="confirm-order-submit"
          onClick={props.onConfirm}
        >
          Send {spec.side} order
        </button>
      </div>
    </Dialog>
  );
}
