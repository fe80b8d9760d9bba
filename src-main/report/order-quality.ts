import type { Order, OrderEvent } from '@shared/domain/order';
import {
  MARKOUT_HORIZONS_SEC,
  type FillQuality,
  type Markout,
  type OrderQuality,
} from '@shared/report/execution-report';
import type { FeeSchedule } from '../exchange/exchange-port';
import { estimatedFeeMicros } from '../portfolio/fee-estimate';
import type { MicroPriceSeries } from './micro-price-series';
import { gainMicros, round4, WeightedFigures, weightedMarkouts } from './quality-math';
import { countReplacements } from './replacement-reasons';

/** How far after the arrival a first book may stand in when none came before it. */
export const ARRIVAL_WINDOW_MS = 5_000;

/** One of the order's fills as the report reads it. */
export interface ReportFill {
  fillKey: string;
  /** When we first learned of the fill (its match), unix ms. */
  timeMs: number;
  priceMicros: number;
  sizeMicros: number;
  role: 'MAKER' | 'TAKER' | null;
  status: string;
}

export interface OrderInput {
  order: Order;
  events: readonly OrderEvent[];
  fills: readonly ReportFill[];
  tickMicros: number;
  /** Market question and outcome, or the token id. */
  label: string;
  /** The market's fee schedule; null when it could not be read (fees count as 0). */
  fees: FeeSchedule | null;
}

export interface OrderQualityResult {
  quality: OrderQuality;
  /** What could not be measured for this order, as sentences. */
  notes: string[];
}

/**
 * The quality figures of one order. `series` is its token's micro-price (null: no recordings,
 * so every micro-price figure is null). Failed trades are left out: they did not happen.
 */
export function orderQuality(
  input: OrderInput,
  series: MicroPriceSeries | null,
  horizons: readonly number[] = MARKOUT_HORIZONS_SEC,
): OrderQualityResult {
  const { order, tickMicros } = input;
  const { side } = order.spec;
  const notes: string[] = [];
  const arrivalMs = order.createdAt;
  const arrival = arrivalPrice(series, arrivalMs);
  // An empty series (a token the recordings never saw) is the caller's to note, once per token.
  if (series !== null && series.length > 0 && arrival === null) {
    notes.push(
      `Order ${order.id}: no recorded book of its token at its arrival or within ` +
        `${ARRIVAL_WINDOW_MS / 1_000} s after, so no arrival micro-price nor slippage.`,
    );
  }
  const counted = input.fills
    .filter((fill) => fill.status !== 'FAILED' && fill.sizeMicros > 0)
    .sort((a, b) => a.timeMs - b.timeMs);
  const slippage = new WeightedFigures();
  const fills: FillQuality[] = counted.map((fill) => {
    let slippageTicks: number | null = null;
    if (arrival !== null) {
      const cost = -gainMicros(side, fill.priceMicros, arrival);
      slippageTicks = round4(cost / tickMicros);
      slippage.add(cost / tickMicros, (cost / arrival) * 10_000, fill.sizeMicros);
    }
    return {
      fillKey: fill.fillKey,
      timeMs: fill.timeMs,
      priceMicros: fill.priceMicros,
      sizeMicros: fill.sizeMicros,
      role: fill.role,
      status: fill.status,
      microPriceAtFill: series?.at(fill.timeMs) ?? null,
      slippageTicks,
      markouts: horizons.map((h) => fillMarkout(input, fill, series, h)),
    };
  });
  const filledSizeMicros = counted.reduce((sum, fill) => sum + fill.sizeMicros, 0);
  const notional = counted.reduce(
    (sum, fill) => sum + BigInt(fill.priceMicros) * BigInt(fill.sizeMicros),
    0n,
  );
  const firstFill = counted[0];
  const lastFill = counted.at(-1);
  const complete = order.targetSize > 0 && filledSizeMicros >= order.targetSize;
  const { replacements, reasons } = countReplacements(input.events);
  const feesMicros = counted.reduce(
    (sum, fill) =>
      sum +
      (input.fees
        ? estimatedFeeMicros(input.fees, fill.role ?? 'TAKER', fill.priceMicros, fill.sizeMicros)
        : 0),
    0,
  );
  if (input.fees === null && counted.length > 0) {
    notes.push(`Order ${order.id}: its market's fee schedule could not be read; fees count as 0.`);
  }
  return {
    quality: {
      orderId: order.id,
      strategyType: order.spec.strategyType,
      tokenId: order.spec.tokenId,
      label: input.label,
      side,
      state: order.state,
      tickMicros,
      targetSizeMicros: order.targetSize,
      filledSizeMicros,
      fillRatio: order.targetSize > 0 ? round4(filledSizeMicros / order.targetSize) : 0,
      arrivalMs,
      arrivalMicroPrice: arrival,
      avgFillPriceMicros:
        filledSizeMicros > 0
          ? Number((notional + BigInt(filledSizeMicros) / 2n) / BigInt(filledSizeMicros))
          : null,
      slippageTicks: slippage.meanTicks(),
      slippageBps: slippage.meanBps(),
      markouts: weightedMarkouts(horizons, fills),
      timeToFirstFillMs: firstFill ? Math.max(0, firstFill.timeMs - arrivalMs) : null,
      timeToFillMs: complete && lastFill ? Math.max(0, lastFill.timeMs - arrivalMs) : null,
      replacements,
      replacementReasons: reasons,
      feesMicros,
      feesEstimated: true,
      fills,
    },
    notes,
  };
}

/** The micro-price at the arrival, else the first book shortly after; null without either. */
export function arrivalPrice(series: MicroPriceSeries | null, arrivalMs: number): number | null {
  if (!series) return null;
  return (
    series.at(arrivalMs) ?? series.firstAfter(arrivalMs, ARRIVAL_WINDOW_MS)?.microPrice ?? null
  );
}

/** The micro-price `horizonSec` after the fill against the fill price (null: not recorded yet). */
function fillMarkout(
  input: OrderInput,
  fill: ReportFill,
  series: MicroPriceSeries | null,
  horizonSec: number,
): Markout {
  const later = series?.at(fill.timeMs + horizonSec * 1_000) ?? null;
  if (later === null) return { horizonSec, microPrice: null, ticks: null, bps: null };
  const gain = gainMicros(input.order.spec.side, fill.priceMicros, later);
  return {
    horizonSec,
    microPrice: later,
    ticks: round4(gain / input.tickMicros),
    bps: round4((gain / fill.priceMicros) * 10_000),
  };
}
