import { memo } from 'react';
import type { OrderQuality } from '@shared/report/execution-report';
import { strategyName } from '../entry/order-preview';
import { formatMicro, formatPercent, formatShares, formatUsd } from '../format';
import { SlippageBps, SlippageTicks } from './Figure';
import { MarkoutCells, MarkoutHeaders } from './MarkoutCells';
import { replacementSummary } from './replacement-reasons';
import { formatDuration } from './report-format';
import { useOutcomeNames } from './use-outcome-names';

/** Time to the first fill / to the full fill; one figure when the first fill filled it all. */
function OrderTimes({ order }: { order: OrderQuality }) {
  const { timeToFirstFillMs: first, timeToFillMs: full } = order;
  if (first !== null && first === full) return <>{formatDuration(first)}</>;
  return (
    <>
      {formatDuration(first)} / {formatDuration(full)}
    </>
  );
}

const OrderQualityRow = memo(function OrderQualityRow(props: {
  order: OrderQuality;
  /** The token's outcome, shown first: the label's end is cut off in a narrow panel. */
  outcome: string | undefined;
  selected: boolean;
  onSelect: (orderId: string) => void;
}) {
  const { order: o, selected } = props;
  return (
    <tr
      className={`order-row report-order-row${selected ? ' expanded selected' : ''}`}
      data-testid="report-order-row"
      data-order-id={o.orderId}
      data-strategy={o.strategyType}
      aria-selected={selected}
      onClick={() => props.onSelect(o.orderId)}
    >
      <td className="order-market" title={o.label}>
        {props.outcome && <span className="outcome-tag">{props.outcome} </span>}
        {o.label}
      </td>
      <td>
        <span className={o.side === 'BUY' ? 'bid-text' : 'ask-text'}>{o.side}</span>{' '}
        {strategyName(o.strategyType)}
      </td>
      <td className="muted small">{o.state}</td>
      <td className="num" data-testid="order-arrival">
        {formatMicro(o.arrivalMicroPrice)}
      </td>
      <td className="num" data-testid="order-avg-fill">
        {formatMicro(o.avgFillPriceMicros)}
      </td>
      <td className="num" data-testid="order-slippage">
        <SlippageTicks ticks={o.slippageTicks} /> / <SlippageBps bps={o.slippageBps} />
      </td>
      <MarkoutCells markouts={o.markouts} />
      <td
        className="num"
        data-testid="order-fill-ratio"
        title={`${formatShares(o.filledSizeMicros)} of ${formatShares(o.targetSizeMicros)}`}
      >
        {formatPercent(o.fillRatio, 0)}
      </td>
      <td className="num" data-testid="order-times">
        <OrderTimes order={o} />
      </td>
      <td
        className="num"
        data-testid="order-replacements"
        title={replacementSummary(o.replacementReasons)}
      >
        {o.replacements}
      </td>
      <td className="num" data-testid="order-fees">
        {formatUsd(o.feesMicros)}
        {o.feesEstimated && <span className="muted"> est.</span>}
      </td>
    </tr>
  );
});

/** Newest first: the order that just ran is at the top. */
function byArrivalDesc(a: OrderQuality, b: OrderQuality): number {
  return b.arrivalMs - a.arrivalMs || a.orderId.localeCompare(b.orderId);
}

/** One row per order; a click selects it for the detail below (fills on its micro-price). */
export function OrderTable(props: {
  orders: readonly OrderQuality[];
  selectedOrderId: string | null;
  onSelect: (orderId: string) => void;
}) {
  const outcomes = useOutcomeNames();
  if (props.orders.length === 0) {
    return <p className="empty">No orders with history yet: submitted orders show here.</p>;
  }
  const orders = [...props.orders].sort(byArrivalDesc);
  return (
    <div className="report-orders-scroll">
      <table className="orders-table report-table" data-testid="report-order-table">
        <thead>
          <tr>
            <th>market</th>
            <th>order</th>
            <th>state</th>
            <th className="num" title="Micro-price when the order arrived">
              arrival
            </th>
            <th className="num">avg fill</th>
            <th className="num" title="Average fill against arrival (+ = cost): ticks / bps">
              slip t/bps
            </th>
            <MarkoutHeaders />
            <th className="num">fill %</th>
            <th
              className="num"
              title="Arrival to the first fill / to the last fill of a filled order"
            >
              1st / full
            </th>
            <th className="num" title="Replacements (the reasons in the tooltip)">
              repl.
            </th>
            <th className="num">fees</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <OrderQualityRow
              key={o.orderId}
              order={o}
              outcome={outcomes.get(o.tokenId)}
              selected={o.orderId === props.selectedOrderId}
              onSelect={props.onSelect}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
