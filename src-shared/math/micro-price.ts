import { PolydeskError } from '@shared/errors';
import { divCeil, divRoundHalfEven, MICROS_PER_UNIT } from './decimal';
import type { OrderBook } from './order-book';
import { assertTick, ceilToTick, floorToTick, priceRange } from './tick-grid';

export const DEFAULT_THRESHOLD_BPS = 50;

/**
 * The plan's `calculate_micro_price`:
 *   (best_bid · ask_size + best_ask · bid_size) / (bid_size + ask_size)
 * Stoikov (2018) calls this the weighted mid (Gatheral and Oomen's micro-price); it leans toward
 * the side with less size, where the next trade is likelier to move the price. It is noisy when
 * the spread is two ticks or more. Returned as integer micros, rounded half to even (which keeps
 * micro(NO) = 1 − micro(YES) exact); null when either side of the book is empty.
 */
export function calculateMicroPrice(book: OrderBook): number | null {
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (!bid || !ask) return null;
  return microPriceOf(bid.priceMicros, bid.sizeMicros, ask.priceMicros, ask.sizeMicros);
}

/** The weighted mid of a best bid and best ask (prices in micros, sizes in micro-shares). */
export function microPriceOf(
  bidPriceMicros: number,
  bidSizeMicros: number,
  askPriceMicros: number,
  askSizeMicros: number,
): number {
  if (bidSizeMicros <= 0 || askSizeMicros <= 0) {
    throw new PolydeskError('BAD_REQUEST', 'micro-price needs a positive size on both sides');
  }
  const numerator =
    BigInt(bidPriceMicros) * BigInt(askSizeMicros) + BigInt(askPriceMicros) * BigInt(bidSizeMicros);
  return Number(divRoundHalfEven(numerator, BigInt(bidSizeMicros) + BigInt(askSizeMicros)));
}

/** The other outcome's micro-price: a YES bid is a NO ask at 1 − p, so micro(NO) = 1 − micro(YES). */
export function complementMicros(priceMicros: number): number {
  return MICROS_PER_UNIT - priceMicros;
}

/** Bands around the micro-price, judged on the tick grid (all values in micros). */
export interface ThresholdBands {
  microMicros: number;
  /** max(micro × bps / 10 000 rounded up, one tick). */
  halfWidthMicros: number;
  /** Lowest grid price inside the band. */
  lowerMicros: number;
  /** Highest grid price inside the band. */
  upperMicros: number;
}

/**
 * The plan's `calculate_threshold_bands`. The rule:
 *
 *   half-width = max(micro × threshold_bps / 10 000, one tick)
 *   lower      = ceil_to_tick(micro − half-width)    (inner grid points of the band,
 *   upper      = floor_to_tick(micro + half-width)    clamped to [tick, 1 − tick])
 *
 * so a grid price is in band exactly when |price − micro| ≤ half-width.
 *
 * Why at least one tick: basis points are relative, and near 0 they vanish (50 bps of 0.05 is
 * 0.00025, a quarter of a 0.001 tick; 50 bps of 0.50 is 0.0025, a quarter of a 0.01 tick). A band
 * narrower than the tick could contain no grid price at all, every order would be out of band,
 * and the strategy would cancel and replace forever. With a half-width of at least one tick the
 * grid price just below micro (a bid's target) and just above it (an ask's target) are always
 * inside, so a freshly placed quote is never out of band on the snapshot it was priced from, and
 * it goes out of band only once micro has moved by a whole band.
 */
export function calculateThresholdBands(
  microMicros: number,
  tickMicros: number,
  thresholdBps: number = DEFAULT_THRESHOLD_BPS,
): ThresholdBands {
  assertTick(tickMicros);
  if (!Number.isSafeInteger(microMicros) || microMicros <= 0 || microMicros >= MICROS_PER_UNIT) {
    throw new PolydeskError('BAD_REQUEST', `micro-price ${microMicros} is not inside (0, 1)`);
  }
  if (!Number.isSafeInteger(thresholdBps) || thresholdBps < 0) {
    throw new PolydeskError('BAD_REQUEST', 'threshold_bps must be a non-negative integer');
  }
  const bpsWidth = Number(divCeil(BigInt(microMicros) * BigInt(thresholdBps), 10_000n));
  const halfWidth = Math.max(bpsWidth, tickMicros);
  const range = priceRange(tickMicros);
  return {
    microMicros,
    halfWidthMicros: halfWidth,
    lowerMicros: Math.max(range.min, ceilToTick(microMicros - halfWidth, tickMicros)),
    upperMicros: Math.min(range.max, floorToTick(microMicros + halfWidth, tickMicros)),
  };
}
