import type { PricePoint } from './micro-price-series';

export const MAX_TRACE_POINTS = 500;

/**
 * At most `maxPoints` points of a price series for a chart: the span is cut into maxPoints / 2
 * equal buckets and each keeps its lowest and highest point (in time order), so spikes survive
 * the thinning; the first and last points are always kept.
 */
export function thinPoints(
  points: readonly PricePoint[],
  maxPoints: number = MAX_TRACE_POINTS,
): PricePoint[] {
  if (points.length <= maxPoints) return [...points];
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return [];
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const span = Math.max(1, last.timeMs - first.timeMs);
  const kept: PricePoint[] = [first];
  let bucket = -1;
  let low: PricePoint | null = null;
  let high: PricePoint | null = null;
  const flush = (): void => {
    if (!low || !high) return;
    if (low === high) kept.push(low);
    else kept.push(...(low.timeMs <= high.timeMs ? [low, high] : [high, low]));
  };
  for (let i = 1; i < points.length - 1; i++) {
    const point = points[i];
    if (!point) continue;
    const b = Math.min(buckets - 1, Math.floor(((point.timeMs - first.timeMs) / span) * buckets));
    if (b !== bucket) {
      flush();
      bucket = b;
      low = high = point;
      continue;
    }
    if (low && point.microPrice < low.microPrice) low = point;
    if (high && point.microPrice > high.microPrice) high = point;
  }
  flush();
  kept.push(last);
  return kept;
}
