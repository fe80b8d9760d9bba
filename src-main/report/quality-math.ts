import type { Side } from '@shared/domain/order-request';
import type { Markout } from '@shared/report/execution-report';

/** Analytics figures are shown to 4 decimals; rounding here keeps 1.6 from printing as 1.5999…. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** What `price` is worth to the trader against `reference`: positive when price is better. */
export function gainMicros(side: Side, priceMicros: number, referenceMicros: number): number {
  return side === 'BUY' ? referenceMicros - priceMicros : priceMicros - referenceMicros;
}

/** A size-weighted mean of (ticks, bps) pairs. */
export class WeightedFigures {
  private weight = 0;
  private ticks = 0;
  private bps = 0;
  count = 0;

  add(ticks: number, bps: number, weight: number): void {
    if (weight <= 0) return;
    this.weight += weight;
    this.ticks += ticks * weight;
    this.bps += bps * weight;
    this.count += 1;
  }

  get empty(): boolean {
    return this.weight === 0;
  }

  meanTicks(): number | null {
    return this.weight > 0 ? round4(this.ticks / this.weight) : null;
  }

  meanBps(): number | null {
    return this.weight > 0 ? round4(this.bps / this.weight) : null;
  }
}

/** Size-weighted markouts per horizon, from the fills' own markouts. */
export function weightedMarkouts(
  horizons: readonly number[],
  fills: readonly { sizeMicros: number; markouts: readonly Markout[] }[],
): Markout[] {
  return horizons.map((horizonSec) => {
    const figures = new WeightedFigures();
    for (const fill of fills) {
      const markout = fill.markouts.find((m) => m.horizonSec === horizonSec);
      if (markout?.ticks === null || markout?.ticks === undefined || markout.bps === null) continue;
      figures.add(markout.ticks, markout.bps, fill.sizeMicros);
    }
    return {
      horizonSec,
      microPrice: null,
      ticks: figures.meanTicks(),
      bps: figures.meanBps(),
      measuredFills: figures.count,
    };
  });
}

/** The median of whole numbers, rounded to a whole number; null for none. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round(median);
}
