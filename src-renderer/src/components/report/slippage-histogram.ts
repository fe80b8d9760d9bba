import type { StrategyType } from '@shared/domain/order-request';
import type { OrderQuality } from '@shared/report/execution-report';
import { STRATEGIES } from './strategy-style';

/** Bin widths in ticks, finest first: the finest that keeps the histogram readable is used. */
const BIN_WIDTHS = [0.5, 1, 2, 5, 10, 25, 50, 100] as const;
const MOST_BINS = 30;
/**
 * Slippage arrives as a float (a fill price against a fractional micro-price): a value a hair
 * below a bin edge through rounding belongs to the bin above it.
 */
const EDGE_EPSILON = 1e-9;

export type SlippageBin = {
  /** Lower edge (inclusive) and upper edge (exclusive), ticks. */
  fromTicks: number;
  toTicks: number;
  label: string;
  total: number;
} & Record<StrategyType, number>;

export interface SlippageHistogram {
  binWidth: number;
  bins: SlippageBin[];
  /** Fills counted (those with a measured slippage). */
  fills: number;
}

export interface FillSlippage {
  strategyType: StrategyType;
  ticks: number;
}

/** Every fill's slippage against its order's arrival micro-price, where it was measured. */
export function fillSlippages(orders: readonly OrderQuality[]): FillSlippage[] {
  return orders.flatMap((order) =>
    order.fills.flatMap((fill) =>
      fill.slippageTicks === null || !Number.isFinite(fill.slippageTicks)
        ? []
        : [{ strategyType: order.strategyType, ticks: fill.slippageTicks }],
    ),
  );
}

function binIndex(ticks: number, width: number): number {
  return Math.floor(ticks / width + EDGE_EPSILON);
}

/** The finest width in BIN_WIDTHS that spans the values in at most MOST_BINS bins. */
export function chooseBinWidth(values: readonly number[]): number {
  if (values.length === 0) return BIN_WIDTHS[0];
  const low = Math.min(...values);
  const high = Math.max(...values);
  for (const width of BIN_WIDTHS) {
    if (binIndex(high, width) - binIndex(low, width) + 1 <= MOST_BINS) return width;
  }
  return BIN_WIDTHS[BIN_WIDTHS.length - 1] ?? 100;
}

function edgeLabel(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/**
 * Fills per slippage bin, counted per strategy (for a stacked bar chart). Bins run without gaps
 * from the lowest value's bin to the highest's, so the axis reads as a number line.
 */
export function slippageHistogram(
  slippages: readonly FillSlippage[],
  width = chooseBinWidth(slippages.map((s) => s.ticks)),
): SlippageHistogram {
  if (slippages.length === 0) return { binWidth: width, bins: [], fills: 0 };
  const indexes = slippages.map((s) => binIndex(s.ticks, width));
  const first = Math.min(...indexes);
  const last = Math.max(...indexes);
  const bins: SlippageBin[] = [];
  for (let i = first; i <= last; i++) {
    const fromTicks = i * width;
    const bin = {
      fromTicks,
      toTicks: fromTicks + width,
      label: `${edgeLabel(fromTicks)}…${edgeLabel(fromTicks + width)}`,
      total: 0,
    } as SlippageBin;
    for (const strategy of STRATEGIES) bin[strategy] = 0;
    bins.push(bin);
  }
  slippages.forEach((s, k) => {
    const bin = bins[(indexes[k] ?? first) - first];
    if (!bin) return;
    bin[s.strategyType] += 1;
    bin.total += 1;
  });
  return { binWidth: width, bins, fills: slippages.length };
}
