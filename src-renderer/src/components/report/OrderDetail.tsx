import type { ExecutionReport, OrderQuality } from '@shared/report/execution-report';
import { strategyName } from '../entry/order-preview';
import { formatClock, formatMicro, formatPrice, formatShares } from '../format';
import { SlippageTicks } from './Figure';
import { FillsOnMicroChart } from './FillsOnMicroChart';
import { MarkoutCells, MarkoutHeaders } from './MarkoutCells';

function FillsTable({ order }: { order: OrderQuality }) {
  if (order.fills.length === 0) return <p className="empty">No fills.</p>;
  return (
    <table className="orders-table report-table" data-testid="report-fill-table">
      <thead>
        <tr>
          <th>time</th>
          <th className="num">price</th>
          <th className="num">size</th>
          <th>role</th>
          <th className="num">micro then</th>
          <th className="num">slip ticks</th>
          <MarkoutHeaders />
        </tr>
      </thead>
      <tbody>
        {order.fills.map((f) => (
          <tr key={f.fillKey} data-testid="report-fill-row" title={f.status}>
            <td className="muted">{formatClock(f.timeMs)}</td>
            <td className="num">{formatPrice(f.priceMicros, order.tickMicros)}</td>
            <td className="num">{formatShares(f.sizeMicros)}</td>
            <td className="muted">{f.role?.toLowerCase() ?? '—'}</td>
            <td className="num">{formatMicro(f.microPriceAtFill)}</td>
            <td className="num">
              <SlippageTicks ticks={f.slippageTicks} />
            </td>
            <MarkoutCells markouts={f.markouts} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Replacements({ order }: { order: OrderQuality }) {
  if (order.replacements === 0) return <p className="muted small">Never replaced.</p>;
  return (
    <div className="small" data-testid="report-replacements">
      {order.replacements} replacement{order.replacements === 1 ? '' : 's'}:
      <ul className="report-reasons">
        {order.replacementReasons.map((r) => (
          <li key={r.reason}>
            {r.reason} <span className="muted">×{r.count}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The selected order: its fills on the micro-price, each fill's figures, why it was replaced. */
export function OrderDetail(props: { report: ExecutionReport; order: OrderQuality | null }) {
  const { order } = props;
  if (!order) {
    return (
      <p className="empty" data-testid="report-order-hint">
        Select an order above to see its fills on the micro-price.
      </p>
    );
  }
  return (
    <div className="report-order-detail" data-testid="report-order-detail">
      <h4 className="report-heading">
        {strategyName(order.strategyType)} {order.side} · {order.label}
      </h4>
      <div className="report-order-grid">
        <FillsOnMicroChart report={props.report} order={order} />
        <div className="report-order-side">
          <FillsTable order={order} />
          <Replacements order={order} />
        </div>
      </div>
    </div>
  );
}
