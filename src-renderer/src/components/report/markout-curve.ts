import type { StrategyType } from '@shared/domain/order-request';
import type { ExecutionReport, OrderQuality } from '@shared/report/execution-report';
import { MARKOUT_HORIZONS_SEC } from '@shared/report/execution-report';
import { markoutAt } from './report-format';
import { STRATEGIES } from './strategy-style';

/** The curve starts at the fill itself (0 s), then the report's horizons. */
export const CURVE_HORIZONS_SEC: readonly number[] = [0, ...MARKOUT_HORIZONS_SEC];

export type MarkoutCurveRow = { horizonSec: number; label: string } & Record<
  StrategyType,
  number | null
>;

/**
 * The markout at the moment of the fill, in ticks, size-weighted over the strategy's fills: the
 * micro-price then against the fill price, signed as the report signs markouts (positive = ours).
 */
export function markoutAtFill(
  orders: readonly OrderQuality[],
  strategy: StrategyType,
): number | null {
  let weighted = 0;
  let size = 0;
  for (const order of orders) {
    if (order.strategyType !== strategy || order.tickMicros <= 0) continue;
    const sign = order.side === 'BUY' ? 1 : -1;
    for (const fill of order.fills) {
      if (fill.microPriceAtFill === null || fill.sizeMicros <= 0) continue;
      const ticks = (sign * (fill.microPriceAtFill - fill.priceMicros)) / order.tickMicros;
      weighted += ticks * fill.sizeMicros;
      size += fill.sizeMicros;
    }
  }
  return size > 0 ? weighted / size : null;
}

/** One row per horizon with each strategy's average markout in ticks (null where unmeasured). */
export function markoutCurve(
  report: Pick<ExecutionReport, 'orders' | 'strategies'>,
): MarkoutCurveRow[] {
  return CURVE_HORIZONS_SEC.map((horizonSec) => {
    const row = { horizonSec, label: `${horizonSec} s` } as MarkoutCurveRow;
    for (const strategy of STRATEGIES) {
      if (horizonSec === 0) {
        row[strategy] = markoutAtFill(report.orders, strategy);
        continue;
      }
      const quality = report.strategies.find((s) => s.strategyType === strategy);
      row[strategy] = quality ? (markoutAt(quality.markouts, horizonSec)?.ticks ?? null) : null;
    }
    return row;
  });
}

/** The strategies that have at least one point on the curve. */
export function curveStrategies(rows: readonly MarkoutCurveRow[]): StrategyType[] {
  return STRATEGIES.filter((s) => rows.some((row) => row[s] !== null));
}
