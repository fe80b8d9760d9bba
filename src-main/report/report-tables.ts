import { microsToDecimal } from '@shared/math/decimal';
import type {
  EstimatorComparison,
  ExecutionReport,
  Markout,
  OrderQuality,
  StrategyQuality,
} from '@shared/report/execution-report';

const DASH = '—';

function figure(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? DASH : value.toFixed(digits);
}

function price(micros: number | null): string {
  return micros === null ? DASH : microsToDecimal(micros);
}

function seconds(ms: number | null): string {
  return ms === null ? DASH : (ms / 1_000).toFixed(1);
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** Markout in ticks at a horizon; `pending` when not measured yet, `n/m` when partly. */
function markout(markouts: readonly Markout[], horizonSec: number, fills: number): string {
  const m = markouts.find((x) => x.horizonSec === horizonSec);
  if (!m || m.ticks === null) return fills > 0 ? 'pending' : DASH;
  const measured = m.measuredFills;
  return measured !== undefined && measured < fills
    ? `${m.ticks.toFixed(2)} (${measured}/${fills})`
    : m.ticks.toFixed(2);
}

function reasons(list: readonly { reason: string; count: number }[]): string {
  return list.map((r) => `${r.reason} ×${r.count}`).join(', ');
}

/** Columns two spaces apart; the first and the last left-aligned, figures right-aligned. */
export function alignedTable(header: readonly string[], rows: readonly string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) =>
        i === 0 || i === cells.length - 1
          ? cell.padEnd(widths[i] ?? 0)
          : cell.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return all.map(line).join('\n');
}

const MARKOUT_HEADERS = ['mo 1s', 'mo 10s', 'mo 60s'];

/** One row per strategy: slippage and markouts in ticks (positive slippage = cost). */
export function strategyTable(rows: readonly StrategyQuality[]): string {
  return alignedTable(
    [
      'strategy',
      'orders',
      'fills',
      'filled/target',
      'fill ratio',
      'slip ticks',
      'slip bps',
      ...MARKOUT_HEADERS,
      'median fill s',
      'fees',
      'replaced',
      'reasons',
    ],
    rows.map((s) => [
      s.strategyType,
      String(s.orders),
      String(s.fills),
      `${microsToDecimal(s.filledSizeMicros)}/${microsToDecimal(s.targetSizeMicros)}`,
      percent(s.fillRatio),
      figure(s.slippageTicks),
      figure(s.slippageBps, 1),
      ...[1, 10, 60].map((h) => markout(s.markouts, h, s.fills)),
      seconds(s.medianTimeToFillMs),
      microsToDecimal(s.feesMicros),
      String(s.replacements),
      reasons(s.replacementReasons),
    ]),
  );
}

/** One row per order. */
export function orderTable(orders: readonly OrderQuality[]): string {
  return alignedTable(
    [
      'order',
      'strategy',
      'side',
      'state',
      'arrival',
      'avg fill',
      'slip ticks',
      'slip bps',
      ...MARKOUT_HEADERS,
      'fill ratio',
      'first fill s',
      'filled in s',
      'fees',
      'replaced',
      'market',
    ],
    orders.map((o) => [
      o.orderId,
      o.strategyType,
      o.side,
      o.state,
      price(o.arrivalMicroPrice),
      price(o.avgFillPriceMicros),
      figure(o.slippageTicks),
      figure(o.slippageBps, 1),
      ...[1, 10, 60].map((h) => markout(o.markouts, h, o.fills.length)),
      percent(o.fillRatio),
      seconds(o.timeToFirstFillMs),
      seconds(o.timeToFillMs),
      `${microsToDecimal(o.feesMicros)}${o.feesEstimated ? '~' : ''}`,
      String(o.replacements),
      o.label.length > 48 ? `${o.label.slice(0, 47)}…` : o.label,
    ]),
  );
}

/** Named orders (a replay's strategies): the quality figures, one row each. */
export function namedQualityTable(
  rows: readonly { name: string; quality: OrderQuality }[],
): string {
  return alignedTable(
    [
      'strategy',
      'arrival',
      'avg fill',
      'slip ticks',
      'slip bps',
      ...MARKOUT_HEADERS,
      'fees',
      'replaced',
      'reasons',
    ],
    rows.map(({ name, quality: q }) => [
      name,
      price(q.arrivalMicroPrice),
      price(q.avgFillPriceMicros),
      figure(q.slippageTicks),
      figure(q.slippageBps, 1),
      ...[1, 10, 60].map((h) => markout(q.markouts, h, q.fills.length)),
      microsToDecimal(q.feesMicros),
      String(q.replacements),
      reasons(q.replacementReasons),
    ]),
  );
}

/** RMSE (and MAE) in ticks of predicting the mid N events ahead, with ratios to the mid's. */
export function estimatorTable(comparison: EstimatorComparison): string {
  const rows = comparison.horizons.map((h) => {
    const of = (name: string) => h.rows.find((r) => r.estimator === name);
    const cell = (name: string): string => {
      const r = of(name);
      if (!r) return DASH;
      return name === 'mid'
        ? r.rmseTicks.toFixed(4)
        : `${r.rmseTicks.toFixed(4)} (${figure(r.ratioToMid, 3)})`;
    };
    const mae = (name: string): string => figure(of(name)?.maeTicks, 4);
    return [
      String(h.horizonEvents),
      String(of('mid')?.samples ?? 0),
      cell('mid'),
      cell('weighted_mid'),
      cell('stoikov'),
      mae('mid'),
      mae('weighted_mid'),
      mae('stoikov'),
      String(h.stoikovFallbacks),
    ];
  });
  return alignedTable(
    [
      'N events',
      'samples',
      'RMSE mid',
      'RMSE wmid (ratio)',
      'RMSE stoikov (ratio)',
      'MAE mid',
      'MAE wmid',
      'MAE stoikov',
      'fallbacks',
    ],
    rows,
  );
}

/** The whole report as text: strategies, orders, estimators, notes. */
export function reportText(report: ExecutionReport): string {
  const parts = [
    `execution quality: ${report.orders.length} order${report.orders.length === 1 ? '' : 's'}; ${report.source}`,
    '',
    strategyTable(report.strategies),
  ];
  if (report.orders.length > 0) parts.push('', orderTable(report.orders));
  if (report.estimators) {
    parts.push(
      '',
      `estimators: error at predicting the mid N top-of-book events ahead, ticks ` +
        `(${report.estimators.trainEvents} events fitted, ${report.estimators.testEvents} tested)`,
      estimatorTable(report.estimators),
    );
  }
  const notes = [...report.notes, ...(report.estimators?.notes ?? [])];
  if (notes.length > 0) parts.push('', ...notes.map((note) => `note: ${note}`));
  return parts.join('\n');
}
