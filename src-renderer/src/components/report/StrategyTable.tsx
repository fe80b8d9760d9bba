import type { ExecutionReport } from '@shared/report/execution-report';
import { MARKOUT_HORIZONS_SEC } from '@shared/report/execution-report';
import { strategyName } from '../entry/order-preview';
import { formatPercent, formatShares, formatUsd } from '../format';
import { SlippageBps, SlippageTicks } from './Figure';
import { MarkoutCells, MarkoutHeaders } from './MarkoutCells';
import { replacementSummary } from './replacement-reasons';
import { formatDuration } from './report-format';
import { strategyRows } from './strategy-rows';
import type { StrategyRow } from './strategy-rows';
import { STRATEGY_COLORS } from './strategy-style';

function StrategyCell({ row }: { row: StrategyRow }) {
  return (
    <td>
      <i className="strategy-swatch" style={{ background: STRATEGY_COLORS[row.strategyType] }} />
      {strategyName(row.strategyType)}
    </td>
  );
}

/** A strategy without orders in the report: its row is there, with dashes. */
function EmptyStrategyRow({ row }: { row: StrategyRow }) {
  return (
    <tr
      className="strategy-row empty-row"
      data-testid="strategy-row"
      data-strategy={row.strategyType}
      title="No orders of this strategy in the report"
    >
      <StrategyCell row={row} />
      <td className="num" data-testid="strategy-orders">
        0
      </td>
      <td className="num muted" data-testid="strategy-filled">
        —
      </td>
      {/* fill ratio, slippage ticks and bps, the markouts, time to fill, replacements, fees */}
      {Array.from({ length: 6 + MARKOUT_HORIZONS_SEC.length }, (_, i) => (
        <td key={i} className="num muted">
          —
        </td>
      ))}
    </tr>
  );
}

function StrategyQualityRow({ row }: { row: StrategyRow }) {
  const q = row.quality;
  if (!q) return <EmptyStrategyRow row={row} />;
  return (
    <tr className="strategy-row" data-testid="strategy-row" data-strategy={row.strategyType}>
      <StrategyCell row={row} />
      <td className="num" data-testid="strategy-orders" title={`${q.ordersWithFills} with fills`}>
        {q.orders}
      </td>
      <td className="num" data-testid="strategy-filled" title={`${q.fills} fills`}>
        {formatShares(q.filledSizeMicros)}/{formatShares(q.targetSizeMicros)}
      </td>
      <td className="num" data-testid="strategy-fill-ratio">
        {formatPercent(q.fillRatio, 1)}
      </td>
      <td className="num">
        <SlippageTicks ticks={q.slippageTicks} testId="strategy-slippage-ticks" />
      </td>
      <td className="num">
        <SlippageBps bps={q.slippageBps} testId="strategy-slippage-bps" />
      </td>
      <MarkoutCells markouts={q.markouts} />
      <td className="num" data-testid="strategy-time-to-fill">
        {formatDuration(q.medianTimeToFillMs)}
      </td>
      <td
        className="num"
        data-testid="strategy-replacements"
        title={replacementSummary(q.replacementReasons)}
      >
        {q.replacements}
      </td>
      <td className="num" data-testid="strategy-fees">
        {formatUsd(q.feesMicros)}
        {row.feesEstimated && <span className="muted"> est.</span>}
      </td>
    </tr>
  );
}

/** Per strategy: size filled against target, slippage against arrival, markouts, time, fees. */
export function StrategyTable({ report }: { report: ExecutionReport }) {
  return (
    <table className="orders-table report-table" data-testid="strategy-table">
      <thead>
        <tr>
          <th>strategy</th>
          <th className="num">orders</th>
          <th className="num">filled/target</th>
          <th className="num">fill %</th>
          <th className="num" title="Average fill against the arrival micro-price (+ = cost)">
            slip ticks
          </th>
          <th className="num">slip bps</th>
          <MarkoutHeaders />
          <th className="num" title="Median time from arrival to the last fill of filled orders">
            ttf med.
          </th>
          <th className="num">repl.</th>
          <th className="num">fees</th>
        </tr>
      </thead>
      <tbody>
        {strategyRows(report).map((row) => (
          <StrategyQualityRow key={row.strategyType} row={row} />
        ))}
      </tbody>
    </table>
  );
}
