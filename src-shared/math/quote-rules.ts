import { PolydeskError } from '@shared/errors';
import { divFloor } from './decimal';
import { calculateMicroPrice, calculateThresholdBands, DEFAULT_THRESHOLD_BPS } from './micro-price';
import type { ThresholdBands } from './micro-price';
import { bestOtherPrice, bookFromView, otherBook } from './order-book';
import type { BookSide, Level, LevelView, OrderBook } from './order-book';
import { assertTick, ceilToTick, floorToTick, priceRange } from './tick-grid';

export const DEFAULT_AGGRESSION_LIMIT_BPS = 100;
/** A resting order is resized only when its size is off by more than this fraction. */
export const DEFAULT_SIZE_TOLERANCE = 0.1;

/** One of our own resting orders on the token being quoted. */
export interface OwnOrder extends Level {
  side: BookSide;
}

/** What the quoting rules look at. */
export interface QuoteSnapshot {
  /** The token's public book, best first, our own orders included. */
  book: OrderBook;
  tickMicros: number;
  /** Our resting orders on this token (the one under review included). */
  ownOrders?: readonly OwnOrder[];
  /** Levels with less than this many micro-shares (after removing ours) are dust, not competition. */
  minSizeMicros?: number;
}

/** The parts of a market snapshot view that quoting needs; the domain's MarketSnapshot fits it. */
export interface SnapshotView {
  tickMicros: number;
  bids: readonly LevelView[];
  asks: readonly LevelView[];
  ourOrders?: readonly (LevelView & { side: BookSide })[];
}

/** A QuoteSnapshot from a snapshot view (levels and our orders as { price, size } in micros). */
export function quoteSnapshotFromView(view: SnapshotView, minSizeMicros = 0): QuoteSnapshot {
  return {
    book: bookFromView(view),
    tickMicros: view.tickMicros,
    ownOrders: (view.ourOrders ?? []).map((order) => ({
      side: order.side,
      priceMicros: order.price,
      sizeMicros: order.size,
    })),
    minSizeMicros,
  };
}

export interface QuoteParams {
  /** Band half-width around micro in basis points of micro (default 50, at least one tick). */
  thresholdBps?: number;
  /** How far ahead of the best other order we may be, in bps of its price (default 100). */
  aggressionLimitBps?: number;
  /** Price limits of the user order, in micros (default the whole range [tick, 1 − tick]). */
  minPriceMicros?: number;
  maxPriceMicros?: number;
}

export interface QuoteContext {
  /** Micro-price of the book without our own orders; null when a side of it is empty. */
  microMicros: number | null;
  bands: ThresholdBands | null;
  /** Best prices of the whole book (our orders included): a passive order must not cross them. */
  bestBidMicros: number | null;
  bestAskMicros: number | null;
  /** Best prices of everybody else, dust ignored. */
  bestOtherBidMicros: number | null;
  bestOtherAskMicros: number | null;
}

/**
 * Micro-price, bands and best prices for one snapshot. The micro-price is taken from the book
 * without our own orders: our size at the best bid would otherwise pull micro up, and the quote
 * derived from it would chase itself.
 */
export function quoteContext(snapshot: QuoteSnapshot, params: QuoteParams = {}): QuoteContext {
  assertTick(snapshot.tickMicros);
  const own = snapshot.ownOrders ?? [];
  const ownBids = own.filter((order) => order.side === 'BUY');
  const ownAsks = own.filter((order) => order.side === 'SELL');
  const micro = calculateMicroPrice(otherBook(snapshot.book, ownBids, ownAsks));
  const minSize = snapshot.minSizeMicros ?? 0;
  return {
    microMicros: micro,
    bands:
      micro === null
        ? null
        : calculateThresholdBands(
            micro,
            snapshot.tickMicros,
            params.thresholdBps ?? DEFAULT_THRESHOLD_BPS,
          ),
    bestBidMicros: snapshot.book.bids[0]?.priceMicros ?? null,
    bestAskMicros: snapshot.book.asks[0]?.priceMicros ?? null,
    bestOtherBidMicros: bestOtherPrice(snapshot.book.bids, ownBids, minSize),
    bestOtherAskMicros: bestOtherPrice(snapshot.book.asks, ownAsks, minSize),
  };
}

/**
 * How far ahead of the best other price an order may stand:
 * max(best_other × aggression_limit_bps / 10 000, one tick), in micros. The one-tick floor is the
 * same sub-tick rule as the bands: 100 bps of 0.40 is 0.004, less than a 0.01 tick, and without
 * the floor any improvement at all would count as too aggressive.
 */
export function aggressionAllowanceMicros(
  bestOtherMicros: number,
  aggressionLimitBps: number,
  tickMicros: number,
): number {
  const bpsLead = Number(divFloor(BigInt(bestOtherMicros) * BigInt(aggressionLimitBps), 10_000n));
  return Math.max(bpsLead, tickMicros);
}

/**
 * True when the order stands further ahead of the best other order than the allowance above: a
 * bid above best_other_bid + allowance, an ask below best_other_ask − allowance. With nobody else
 * on that side there is nothing to be ahead of, so it is false.
 */
export function isTooAggressive(
  side: BookSide,
  orderPriceMicros: number,
  bestOtherPriceMicros: number | null,
  aggressionLimitBps: number,
  tickMicros: number,
): boolean {
  if (bestOtherPriceMicros === null) return false;
  const allowance = aggressionAllowanceMicros(bestOtherPriceMicros, aggressionLimitBps, tickMicros);
  return side === 'BUY'
    ? orderPriceMicros - bestOtherPriceMicros > allowance
    : bestOtherPriceMicros - orderPriceMicros > allowance;
}

/** True when the order's price lies outside the grid band [lower, upper]. */
export function isOutOfBand(orderPriceMicros: number, bands: ThresholdBands): boolean {
  return orderPriceMicros < bands.lowerMicros || orderPriceMicros > bands.upperMicros;
}

/**
 * The price a passive order should rest at, on the grid, or null when there is none.
 *
 * A bid starts at floor_to_tick(micro) (never pay above fair value), an ask at ceil_to_tick(micro).
 * Then, in this order of precedence:
 *  1. not more than the aggression allowance ahead of the best other order;
 *  2. inside [min_price, max_price] (limits rounded inward onto the grid) and [tick, 1 − tick];
 *  3. never crossing: a bid strictly below the best ask, an ask strictly above the best bid.
 * Rule 2 overrides rule 1 (the user asked for that price range); when rule 3 cannot hold inside
 * the limits, or the limits are empty, or micro is undefined (a side of the other book is empty),
 * the answer is null: keep what is resting and wait.
 */
export function quotePrice(
  side: BookSide,
  snapshot: QuoteSnapshot,
  params: QuoteParams = {},
  context: QuoteContext = quoteContext(snapshot, params),
): number | null {
  const tick = snapshot.tickMicros;
  if (context.microMicros === null) return null;
  const range = priceRange(tick);
  const lo = Math.max(range.min, ceilToTick(params.minPriceMicros ?? range.min, tick));
  const hi = Math.min(range.max, floorToTick(params.maxPriceMicros ?? range.max, tick));
  if (lo > hi) return null;
  const limitBps = params.aggressionLimitBps ?? DEFAULT_AGGRESSION_LIMIT_BPS;

  if (side === 'BUY') {
    let target = floorToTick(context.microMicros, tick);
    const other = context.bestOtherBidMicros;
    if (other !== null) {
      target = Math.min(
        target,
        floorToTick(other + aggressionAllowanceMicros(other, limitBps, tick), tick),
      );
    }
    target = Math.min(hi, Math.max(lo, target));
    const ask = context.bestAskMicros;
    return ask !== null && target >= ask ? null : target;
  }
  let target = ceilToTick(context.microMicros, tick);
  const other = context.bestOtherAskMicros;
  if (other !== null) {
    target = Math.max(
      target,
      ceilToTick(other - aggressionAllowanceMicros(other, limitBps, tick), tick),
    );
  }
  target = Math.min(hi, Math.max(lo, target));
  const bid = context.bestBidMicros;
  return bid !== null && target <= bid ? null : target;
}

/** A resting order, or the order we would rest instead. */
export interface QuoteTarget {
  priceMicros: number;
  sizeMicros: number;
}

/**
 * Hysteresis: every cancel/replace sends us to the back of the queue, which in a large-tick
 * market is worth more than a tick of price. Replace only when the target price moved by at least
 * one tick, or the size by more than `sizeTolerance` of the current size.
 */
export function shouldReplace(
  current: QuoteTarget,
  target: QuoteTarget,
  tickMicros: number,
  sizeTolerance: number = DEFAULT_SIZE_TOLERANCE,
): boolean {
  if (!(sizeTolerance >= 0)) {
    throw new PolydeskError('BAD_REQUEST', 'size tolerance must be a non-negative fraction');
  }
  if (Math.abs(target.priceMicros - current.priceMicros) >= tickMicros) return true;
  return Math.abs(target.sizeMicros - current.sizeMicros) > sizeTolerance * current.sizeMicros;
}

export type ReviewReason =
  'in_band' | 'out_of_band' | 'too_aggressive' | 'size_changed' | 'no_quote';

export interface QuoteReview {
  replace: boolean;
  reason: ReviewReason;
  /** Where to rest instead (when replace is true, the new order). */
  target: QuoteTarget | null;
  context: QuoteContext;
}

/**
 * The micro-price strategy's check of one resting order (the plan's `_should_replace_order`):
 * replace when it is out of band or too aggressive, or its size is off (`targetSizeMicros`, e.g.
 * after a Kelly recalculation), and the new target passes the hysteresis rule. Because the target
 * is computed without our own orders, replacing and reviewing again on the same book says keep.
 */
export function reviewOrder(
  side: BookSide,
  order: QuoteTarget,
  snapshot: QuoteSnapshot,
  params: QuoteParams = {},
  targetSizeMicros: number = order.sizeMicros,
  sizeTolerance: number = DEFAULT_SIZE_TOLERANCE,
): QuoteReview {
  const context = quoteContext(snapshot, params);
  const price = quotePrice(side, snapshot, params, context);
  if (price === null || context.bands === null) {
    return { replace: false, reason: 'no_quote', target: null, context };
  }
  const target = { priceMicros: price, sizeMicros: targetSizeMicros };
  const other = side === 'BUY' ? context.bestOtherBidMicros : context.bestOtherAskMicros;
  const limitBps = params.aggressionLimitBps ?? DEFAULT_AGGRESSION_LIMIT_BPS;
  const reason: ReviewReason = isOutOfBand(order.priceMicros, context.bands)
    ? 'out_of_band'
    : isTooAggressive(side, order.priceMicros, other, limitBps, snapshot.tickMicros)
      ? 'too_aggressive'
      : Math.abs(targetSizeMicros - order.sizeMicros) > sizeTolerance * order.sizeMicros
        ? 'size_changed'
        : 'in_band';
  const replace =
    reason !== 'in_band' && shouldReplace(order, target, snapshot.tickMicros, sizeTolerance);
  return { replace, reason, target, context };
}
