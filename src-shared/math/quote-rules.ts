import { PolydeskError } from '@shared/errors';
import { divFloor } from './decimal';
import { calculateThresholdBands, DEFAULT_THRESHOLD_BPS, microPriceOf } from './micro-price';
import type { ThresholdBands } from './micro-price';
import { bestOtherPrice, bookFromView, otherBook } from './order-book';
import type { BookSide, Level, LevelView, OrderBook } from './order-book';
import { stoikovModelPrice, strictlyInsideSpread } from './stoikov';
import type { StoikovModel } from './stoikov';
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
  /** The token's Stoikov fit, for params that choose the stoikov estimator; null without one. */
  stoikov?: StoikovModel | null;
}

/** Which micro-price the quote is measured from (the order's microPriceParams.estimator). */
export type MicroEstimator = 'weighted_mid' | 'stoikov';

/** The parts of a market snapshot view that quoting needs; the domain's MarketSnapshot fits it. */
export interface SnapshotView {
  tickMicros: number;
  bids: readonly LevelView[];
  asks: readonly LevelView[];
  ourOrders?: readonly (LevelView & { side: BookSide })[];
  /** The token's Stoikov fit, when the snapshot's producer has one. */
  stoikov?: { model: StoikovModel | null };
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
    stoikov: view.stoikov?.model ?? null,
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
  /** Default weighted_mid. */
  estimator?: MicroEstimator;
}

/** Which estimate the context's micro-price is. */
export interface MicroEstimate {
  chosen: MicroEstimator;
  /** Stoikov's micro-price, or the weighted mid (chosen, or Stoikov's fallback). */
  used: MicroEstimator;
  /** Why a stoikov choice is priced at the weighted mid here; null when it is not. */
  fallback: string | null;
}

export interface QuoteContext {
  /** Micro-price of the book without our own orders and dust; null when a side of it is empty. */
  microMicros: number | null;
  /** Spread of that same book (ours and dust left out); null when a side of it is empty. */
  spreadMicros: number | null;
  bands: ThresholdBands | null;
  /** Best prices of the whole book (our orders included): a passive order must not cross them. */
  bestBidMicros: number | null;
  bestAskMicros: number | null;
  /** Best prices of everybody else, dust ignored. */
  bestOtherBidMicros: number | null;
  bestOtherAskMicros: number | null;
  estimate: MicroEstimate;
}

/**
 * Micro-price, bands and best prices for one snapshot. The micro-price is taken from the book
 * without our own orders: our size at the best bid would otherwise pull micro up, and the quote
 * derived from it would chase itself. It also skips dust (levels below `minSizeMicros`, the same
 * ones that are not competition), so a small level appearing and vanishing does not move it.
 *
 * With the stoikov estimator, the micro-price is Stoikov's estimate of that same top of book
 * (the token's fit applied to it), kept strictly inside its spread: a micro-price on the best
 * ask would put a bid's target on the ask, which crosses, and the order would wait for ever on
 * a one-tick book. Where the fit has nothing to say (no fit, an unseen state, a spread wider
 * than it models) the weighted mid stands in, and `estimate.fallback` says why.
 */
export function quoteContext(snapshot: QuoteSnapshot, params: QuoteParams = {}): QuoteContext {
  assertTick(snapshot.tickMicros);
  const own = snapshot.ownOrders ?? [];
  const ownBids = own.filter((order) => order.side === 'BUY');
  const ownAsks = own.filter((order) => order.side === 'SELL');
  const minSize = snapshot.minSizeMicros ?? 0;
  const others = otherBook(snapshot.book, ownBids, ownAsks);
  const bidLevel = others.bids.find((level) => level.sizeMicros >= minSize);
  const askLevel = others.asks.find((level) => level.sizeMicros >= minSize);
  const bid = bidLevel?.priceMicros ?? null;
  const ask = askLevel?.priceMicros ?? null;
  const chosen = params.estimator ?? 'weighted_mid';
  let micro: number | null = null;
  let estimate: MicroEstimate = { chosen, used: 'weighted_mid', fallback: null };
  if (bidLevel && askLevel) {
    const state = {
      bidPriceMicros: bidLevel.priceMicros,
      bidSizeMicros: bidLevel.sizeMicros,
      askPriceMicros: askLevel.priceMicros,
      askSizeMicros: askLevel.sizeMicros,
      tickMicros: snapshot.tickMicros,
    };
    if (chosen === 'stoikov') {
      const priced = stoikovModelPrice(snapshot.stoikov, state);
      micro =
        priced.source === 'stoikov'
          ? strictlyInsideSpread(priced.priceMicros, state.bidPriceMicros, state.askPriceMicros)
          : priced.priceMicros;
      estimate =
        priced.source === 'stoikov'
          ? { chosen, used: 'stoikov', fallback: null }
          : { chosen, used: 'weighted_mid', fallback: priced.detail };
    } else {
      micro = microPriceOf(
        bidLevel.priceMicros,
        bidLevel.sizeMicros,
        askLevel.priceMicros,
        askLevel.sizeMicros,
      );
    }
  } else if (chosen === 'stoikov') {
    estimate = { chosen, used: 'weighted_mid', fallback: 'a side of the book is empty' };
  }
  return {
    microMicros: micro,
    spreadMicros: bid === null || ask === null ? null : ask - bid,
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
    estimate,
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

/**
 * True when the order's price lies outside the grid band [lower, upper] (the band as shown; a
 * resting quote is replaced by hasLeftBand, which adds the hysteresis margin).
 */
export function isOutOfBand(orderPriceMicros: number, bands: ThresholdBands): boolean {
  return orderPriceMicros < bands.lowerMicros || orderPriceMicros > bands.upperMicros;
}

/** What put a target where it is: micro-price alone, the aggression cap, or the user's limits. */
export type TargetHold = 'none' | 'aggression' | 'limits';

export interface TargetPrice {
  priceMicros: number;
  heldBy: TargetHold;
}

/**
 * The price a passive order should rest at, on the grid, and what held it there; null when there
 * is none.
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
export function quoteTarget(
  side: BookSide,
  snapshot: QuoteSnapshot,
  params: QuoteParams = {},
  context: QuoteContext = quoteContext(snapshot, params),
): TargetPrice | null {
  const tick = snapshot.tickMicros;
  if (context.microMicros === null) return null;
  const range = priceRange(tick);
  const lo = Math.max(range.min, ceilToTick(params.minPriceMicros ?? range.min, tick));
  const hi = Math.min(range.max, floorToTick(params.maxPriceMicros ?? range.max, tick));
  if (lo > hi) return null;
  const limitBps = params.aggressionLimitBps ?? DEFAULT_AGGRESSION_LIMIT_BPS;
  const buying = side === 'BUY';
  const natural = buying
    ? floorToTick(context.microMicros, tick)
    : ceilToTick(context.microMicros, tick);
  let capped = natural;
  const other = buying ? context.bestOtherBidMicros : context.bestOtherAskMicros;
  if (other !== null) {
    const allowance = aggressionAllowanceMicros(other, limitBps, tick);
    capped = buying
      ? Math.min(natural, floorToTick(other + allowance, tick))
      : Math.max(natural, ceilToTick(other - allowance, tick));
  }
  const target = Math.min(hi, Math.max(lo, capped));
  const heldBy: TargetHold =
    target !== capped ? 'limits' : capped !== natural ? 'aggression' : 'none';
  const crosses = buying
    ? context.bestAskMicros !== null && target >= context.bestAskMicros
    : context.bestBidMicros !== null && target <= context.bestBidMicros;
  return crosses ? null : { priceMicros: target, heldBy };
}

/** quoteTarget's price alone. */
export function quotePrice(
  side: BookSide,
  snapshot: QuoteSnapshot,
  params: QuoteParams = {},
  context: QuoteContext = quoteContext(snapshot, params),
): number | null {
  return quoteTarget(side, snapshot, params, context)?.priceMicros ?? null;
}

/**
 * Hysteresis of the band, at the tick grid: a resting quote has left its band only when it is
 * beyond it by a real margin, half a tick or, on a book wider than one tick, half the spread:
 *
 *   |price − reference| ≥ half-width + max(tick, spread) / 2
 *
 * (half-width from calculateThresholdBands, spread of the book the micro-price comes from), while
 * a quote is (re)placed at floor/ceil_to_tick(micro), less than one tick from micro. So micro must
 * move more than that margin past the band's edge before the quote is replaced, and back by at
 * least as much before it returns: a 0.0002 move of micro never replaces a 0.01-tick quote (the
 * plain band |price − micro| ≤ half-width did, as micro crossed a grid line), and a micro-price
 * that wobbles on noise cannot flip the quote between two prices. Why half the spread: the
 * weighted mid moves inside the spread as the sizes at the touch change (a taker eating half of
 * one level on a book eight ticks wide moves it by more than a tick), so on a wide book a margin
 * smaller than half the spread is noise, not a move.
 *
 * The reference is the micro-price, except for a quote the aggression cap holds back: there it
 * is the capped price itself. The cap can put a quote outside the micro band (on a book eight
 * ticks wide, a one-tick allowance keeps a bid three ticks below micro); judged against micro, it
 * would be out of band from the moment it is placed and every one-tick move of the best other
 * price would replace it. Judged against the capped price, it is in band where it was placed and
 * is replaced when the cap has moved by more than the band and margin (or when it has become too
 * aggressive).
 */
export function hasLeftBand(
  orderPriceMicros: number,
  referenceMicros: number,
  halfWidthMicros: number,
  tickMicros: number,
  spreadMicros: number | null = null,
): boolean {
  const margin2 = Math.max(tickMicros, spreadMicros ?? tickMicros);
  return 2 * Math.abs(orderPriceMicros - referenceMicros) >= 2 * halfWidthMicros + margin2;
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
 * replace when it is too aggressive, or has left its band (hasLeftBand: with hysteresis, against
 * the capped price when the aggression cap holds the target back), or its size is off
 * (`targetSizeMicros`, e.g. after a Kelly recalculation), and the new target passes
 * shouldReplace. Because the target is computed without our own orders, replacing and reviewing
 * again on the same book says keep.
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
  const priced = quoteTarget(side, snapshot, params, context);
  if (priced === null || context.bands === null || context.microMicros === null) {
    return { replace: false, reason: 'no_quote', target: null, context };
  }
  const target = { priceMicros: priced.priceMicros, sizeMicros: targetSizeMicros };
  const tick = snapshot.tickMicros;
  const other = side === 'BUY' ? context.bestOtherBidMicros : context.bestOtherAskMicros;
  const limitBps = params.aggressionLimitBps ?? DEFAULT_AGGRESSION_LIMIT_BPS;
  const reference = priced.heldBy === 'aggression' ? priced.priceMicros : context.microMicros;
  const reason: ReviewReason = isTooAggressive(side, order.priceMicros, other, limitBps, tick)
    ? 'too_aggressive'
    : hasLeftBand(
          order.priceMicros,
          reference,
          context.bands.halfWidthMicros,
          tick,
          context.spreadMicros,
        )
      ? 'out_of_band'
      : Math.abs(targetSizeMicros - order.sizeMicros) > sizeTolerance * order.sizeMicros
        ? 'size_changed'
        : 'in_band';
  const replace = reason !== 'in_band' && shouldReplace(order, target, tick, sizeTolerance);
  return { replace, reason, target, context };
}
