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
 *
 * With `minSizeMicros`, levels smaller than it are dust and skipped: each side's best level is
 * the best one with at least that size. Quoting passes the market's minimum order size, so a
 * 0.5-share level that appears and vanishes at a better price cannot swing the micro-price (and
 * the quote with it) by a tick; the displayed micro-price keeps every level (no minimum).
 */
export function calculateMicroPrice(book: OrderBook, minSizeMicros = 0): number | null {
  const bid = book.bids.find((level) => level.sizeMicros >= minSizeMicros);
  const ask = book.asks.find((level) => level.sizeMicros >= minSizeMicros);
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
 * inside. A resting quote is replaced only once it is beyond this band by a margin (half a tick,
 * or half the spread on a wider book): that hysteresis is quote-rules' hasLeftBand.
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
