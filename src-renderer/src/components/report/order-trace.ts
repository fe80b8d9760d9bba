import type { ExecutionReport, OrderQuality } from '@shared/report/execution-report';
import { MARKOUT_HORIZONS_SEC } from '@shared/report/execution-report';
import { MICROS_PER_UNIT } from '@shared/math';

export interface TracePoint {
  t: number;
  /** Micro-price in units (0.5143). */
  micro: number;
}

export interface TraceFill {
  t: number;
  /** Fill price in units. */
  price: number;
  sizeMicros: number;
  /** Dot radius in pixels: the area grows with the size. */
  r: number;
}

export interface OrderTrace {
  points: TracePoint[];
  fills: TraceFill[];
  /** Arrival micro-price in units, when known. */
  arrival: number | null;
  arrivalMs: number;
  /** Price axis in units: on the tick grid, with at least a tick of room on each side. */
  domain: [number, number];
  /** The axis's labelled prices: a round number of ticks apart, at most MOST_PRICE_TICKS. */
  priceTicks: number[];
}

/** The micro-price is shown from a little before arrival to the last markout after the last fill. */
const BEFORE_ARRIVAL_MS = 5_000;
const AFTER_LAST_FILL_MS = (MARKOUT_HORIZONS_SEC[MARKOUT_HORIZONS_SEC.length - 1] ?? 60) * 1_000;
const MOST_PRICE_TICKS = 6;
const TICK_STEPS = [1, 2, 5, 10, 20, 50, 100] as const;
const MIN_RADIUS = 3;
const MAX_RADIUS = 9;

/** Radius of a fill's dot: the largest fill of the order gets MAX_RADIUS, areas in proportion. */
export function fillRadius(sizeMicros: number, largestMicros: number): number {
  if (largestMicros <= 0 || sizeMicros <= 0) return MIN_RADIUS;
  return Math.max(MIN_RADIUS, MAX_RADIUS * Math.sqrt(Math.min(1, sizeMicros / largestMicros)));
}

/**
 * The order's token's micro-price around the order's life, with its fills. The window is the
 * trace from shortly before arrival to a minute after the last fill; the whole trace when that
 * window holds fewer than two points.
 */
export function orderTrace(
  report: Pick<ExecutionReport, 'traces'>,
  order: OrderQuality,
): OrderTrace {
  const trace = report.traces.find((t) => t.tokenId === order.tokenId)?.points ?? [];
  const lastFill = order.fills.reduce((m, f) => Math.max(m, f.timeMs), order.arrivalMs);
  const from = order.arrivalMs - BEFORE_ARRIVAL_MS;
  const to = lastFill + AFTER_LAST_FILL_MS;
  const windowed = trace.filter((p) => p.timeMs >= from && p.timeMs <= to);
  const shown = windowed.length >= 2 ? windowed : trace;
  const points = shown.map((p) => ({ t: p.timeMs, micro: p.microPrice / MICROS_PER_UNIT }));
  const largest = order.fills.reduce((m, f) => Math.max(m, f.sizeMicros), 0);
  const fills = order.fills.map((f) => ({
    t: f.timeMs,
    price: f.priceMicros / MICROS_PER_UNIT,
    sizeMicros: f.sizeMicros,
    r: fillRadius(f.sizeMicros, largest),
  }));
  const arrival =
    order.arrivalMicroPrice === null ? null : order.arrivalMicroPrice / MICROS_PER_UNIT;
  const prices = [
    ...points.map((p) => p.micro),
    ...fills.map((f) => f.price),
    ...(arrival === null ? [] : [arrival]),
  ];
  const tick = order.tickMicros > 0 ? order.tickMicros : 10_000;
  const domain = priceAxis(prices, tick);
  return {
    points,
    fills,
    arrival,
    arrivalMs: order.arrivalMs,
    domain,
    priceTicks: priceTicks(domain, tick),
  };
}

/** Edges on the tick grid, so that the axis's ticks fall on prices the market can trade at. */
function priceAxis(prices: readonly number[], tick: number): [number, number] {
  if (prices.length === 0) return [0, 1];
  const toMicros = (units: number): number => Math.round(units * MICROS_PER_UNIT);
  const low = Math.floor(toMicros(Math.min(...prices)) / tick) * tick - tick;
  const high = Math.ceil(toMicros(Math.max(...prices)) / tick) * tick + tick;
  return [Math.max(0, low) / MICROS_PER_UNIT, Math.min(MICROS_PER_UNIT, high) / MICROS_PER_UNIT];
}

/** Prices on the axis: every tick, or every 2, 5, 10… ticks, so that at most a few are labelled. */
export function priceTicks([low, high]: [number, number], tick: number): number[] {
  const lowMicros = Math.round(low * MICROS_PER_UNIT);
  const highMicros = Math.round(high * MICROS_PER_UNIT);
  const span = (highMicros - lowMicros) / tick;
  const steps = TICK_STEPS.find((k) => span / k < MOST_PRICE_TICKS) ?? 100;
  const step = steps * tick;
  const ticks: number[] = [];
  for (let p = Math.ceil(lowMicros / step) * step; p <= highMicros; p += step) {
    ticks.push(p / MICROS_PER_UNIT);
  }
  return ticks;
}
