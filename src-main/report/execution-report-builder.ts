import type { StrategyType } from '@shared/domain/order-request';
import {
  MARKOUT_HORIZONS_SEC,
  type ExecutionReport,
  type OrderQuality,
} from '@shared/report/execution-report';
import { estimatorComparison } from './estimator-comparison';
import { MicroPriceSeries } from './micro-price-series';
import { orderQuality, type OrderInput } from './order-quality';
import { thinPoints } from './price-trace';
import type { RecordedPrices } from './recorded-prices';
import { strategyRows } from './strategy-quality';

export interface ReportInputs {
  orders: readonly OrderInput[];
  /** The recorded micro-prices; null when there are no recordings to read. */
  prices: RecordedPrices | null;
  generatedAtMs: number;
  source: string;
  /** Notes of the caller (recording off, …), ahead of the report's own. */
  notes?: readonly string[];
  /** Only this strategy's row (default: all three). */
  strategyType?: StrategyType;
}

/** A trace starts this long before the first arrival of its token's orders. */
const TRACE_LEAD_MS = 5_000;

/** The execution-quality report from orders and the recorded micro-prices. Pure. */
export function buildExecutionReport(input: ReportInputs): ExecutionReport {
  const notes = [...(input.notes ?? []), ...(input.prices?.notes ?? [])];
  const orders: OrderQuality[] = [];
  const missing = new Set<string>();
  for (const order of [...input.orders].sort((a, b) => a.order.createdAt - b.order.createdAt)) {
    const { tokenId } = order.order.spec;
    let series: MicroPriceSeries | null = null;
    if (input.prices) {
      const recorded = input.prices.series.get(tokenId);
      if (!recorded) missing.add(tokenId);
      // A token the recordings never saw gets an empty series: every lookup is null.
      series = recorded ?? new MicroPriceSeries(tokenId, input.prices.coverage);
    }
    const result = orderQuality(order, series);
    orders.push(result.quality);
    notes.push(...result.notes);
  }
  for (const tokenId of missing) {
    notes.push(`No recorded books of token ${tokenId}: its orders have no micro-price figures.`);
  }
  const pending = orders.filter((o) =>
    o.fills.some((f) => f.markouts.some((m) => m.ticks === null)),
  ).length;
  if (input.prices && pending > 0) {
    const last = Math.max(...MARKOUT_HORIZONS_SEC);
    notes.push(
      `${pending} order${pending === 1 ? ' has' : 's have'} markouts without a figure (null): ` +
        `the recordings do not reach that far past the fill yet (up to ${last} s), or had no ` +
        'two-sided book there.',
    );
  }
  const tokens = new Set(input.orders.map((o) => o.order.spec.tokenId));
  const estimators = input.prices
    ? estimatorComparison(input.prices.tops.filter((s) => tokens.has(tokenOf(s.tokenId))))
    : null;
  if (input.prices && !estimators && orders.length > 0) {
    notes.push('Too few recorded top-of-book changes of these tokens to compare the estimators.');
  }
  return {
    generatedAtMs: input.generatedAtMs,
    source: input.source,
    orders,
    strategies: strategyRows(orders, input.strategyType),
    estimators,
    traces: input.prices ? traces(orders, input.prices) : [],
    notes,
  };
}

/** Series keys of the estimators are `${tokenId}@${recording}`. */
function tokenOf(seriesKey: string): string {
  const at = seriesKey.indexOf('@');
  return at < 0 ? seriesKey : seriesKey.slice(0, at);
}

function traces(
  orders: readonly OrderQuality[],
  prices: RecordedPrices,
): ExecutionReport['traces'] {
  const spans = new Map<string, { from: number; to: number }>();
  const lastHorizonMs = Math.max(...MARKOUT_HORIZONS_SEC) * 1_000;
  for (const order of orders) {
    const lastFill = order.fills.at(-1)?.timeMs ?? order.arrivalMs;
    const span = spans.get(order.tokenId) ?? { from: Infinity, to: -Infinity };
    span.from = Math.min(span.from, order.arrivalMs - TRACE_LEAD_MS);
    span.to = Math.max(span.to, lastFill + lastHorizonMs);
    spans.set(order.tokenId, span);
  }
  const end = prices.coverage.endMs ?? -Infinity;
  return [...spans].flatMap(([tokenId, span]) => {
    const series = prices.series.get(tokenId);
    if (!series) return [];
    const points = thinPoints(series.pointsBetween(span.from, Math.min(span.to, end)));
    return points.length > 0 ? [{ tokenId, points }] : [];
  });
}
