import type { PricePoint } from '../../state/price-history';

/**
 * The price axis: the book's prices and the band with a cent of room, so that an order resting far
 * from the market (drawn clipped) does not flatten the lines that matter.
 */
export function priceDomain(points: readonly PricePoint[]): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    for (const v of [p.bid, p.ask, p.micro, p.band?.[0] ?? null, p.band?.[1] ?? null]) {
      if (v === null) continue;
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  if (!Number.isFinite(low)) return [0, 1];
  return [Math.max(0, low - 0.01), Math.min(1, high + 0.01)];
}
