import type { MarketSnapshot } from '@shared/domain/market';
import { MICROS_PER_UNIT } from '@shared/math';

/** One sample of a token's prices for the chart, in price units (0.52), time in ms. */
export interface PricePoint {
  t: number;
  bid: number | null;
  ask: number | null;
  mid: number | null;
  micro: number | null;
  /** Stoikov's micro-price, when the token has a fit that prices this book. */
  stoikov: number | null;
  /** [lower, upper] band around the micro-price. */
  band: [number, number] | null;
  /** Price of our first working order on this token. */
  our: number | null;
}

/** Points kept per token: the chart never draws more than this. */
export const MAX_POINTS = 2_000;
/** Minimum spacing of samples, ms (4 Hz: 2,000 points cover a little over 8 minutes). */
export const SAMPLE_MS = 250;

const unit = (micros: number | null): number | null =>
  micros === null ? null : micros / MICROS_PER_UNIT;

export function pointOf(snapshot: MarketSnapshot, t: number): PricePoint {
  const { bestBid, bestAsk, microPrice, microPriceLowerBand, microPriceUpperBand } = snapshot;
  const lower = unit(microPriceLowerBand);
  const upper = unit(microPriceUpperBand);
  return {
    t,
    bid: unit(bestBid),
    ask: unit(bestAsk),
    mid: bestBid !== null && bestAsk !== null ? (bestBid + bestAsk) / 2 / MICROS_PER_UNIT : null,
    micro: unit(microPrice),
    stoikov: unit(snapshot.stoikov?.microPrice ?? null),
    band: lower !== null && upper !== null ? [lower, upper] : null,
    our: unit(snapshot.ourOrders[0]?.price ?? null),
  };
}

/** Bounded per-token price history; readers poll `version` to redraw at their own rate. */
export class PriceHistory {
  private readonly points = new Map<string, PricePoint[]>();
  private versions = new Map<string, number>();

  record(snapshot: MarketSnapshot, t: number): void {
    const list = this.points.get(snapshot.tokenId) ?? [];
    const point = pointOf(snapshot, t);
    const settled = list.at(-2);
    // The last point is the live edge: it is replaced until it is a sample period past the one
    // before it, so points stay SAMPLE_MS apart and the edge is always the newest book.
    if (settled && t - settled.t < SAMPLE_MS) list[list.length - 1] = point;
    else list.push(point);
    if (list.length > MAX_POINTS) list.splice(0, list.length - MAX_POINTS);
    this.points.set(snapshot.tokenId, list);
    this.versions.set(snapshot.tokenId, (this.versions.get(snapshot.tokenId) ?? 0) + 1);
  }

  version(tokenId: string): number {
    return this.versions.get(tokenId) ?? 0;
  }

  /** Forgets every token's points (their exchange is gone); versions move on so charts redraw. */
  clear(): void {
    for (const tokenId of this.points.keys()) {
      this.versions.set(tokenId, (this.versions.get(tokenId) ?? 0) + 1);
    }
    this.points.clear();
  }

  /** A copy of the token's points, oldest first. */
  read(tokenId: string): PricePoint[] {
    return [...(this.points.get(tokenId) ?? [])];
  }
}

export const priceHistory = new PriceHistory();
