import type { MarketSnapshot, StoikovFigure } from '@shared/domain/market';
import {
  calculateThresholdBands,
  isValidTickMicros,
  MICROS_PER_UNIT,
  microPriceOf,
  type OrderBook,
} from '@shared/math/index';
import { stoikovMicroPrice, strictlyInsideSpread } from '@shared/math/stoikov';
import type { BookLevel, BookSnapshot } from '../exchange/exchange-port';
import type { TokenStoikov } from './stoikov-fitter';

/** One of our resting orders as the daemon reports it (price in micros, size in micro-shares). */
export interface OurOrder {
  orderId: string;
  side: 'BUY' | 'SELL';
  price: number;
  size: number;
}

export interface SnapshotInputs {
  /** A valid tick (the book's, or the market's when the book does not carry one). */
  tickMicros: number;
  conditionId: string;
  topLevels: number;
  thresholdBps: number;
  ourOrders: readonly OurOrder[];
  /** When the book was last known current (the port's confirmation or a later REST check). */
  confirmedAtMs: number;
  nowMs: number;
  stale: boolean;
  /** The token's Stoikov fit; without it the snapshot carries no Stoikov figure. */
  stoikov?: TokenStoikov;
}

/** The tick a snapshot of this book uses: the book's own (it follows tick changes), else the fallback. */
export function resolveTick(
  book: BookSnapshot,
  fallbackMicros: number | undefined,
): number | undefined {
  if (isValidTickMicros(book.tickMicros)) return book.tickMicros;
  return fallbackMicros !== undefined && isValidTickMicros(fallbackMicros)
    ? fallbackMicros
    : undefined;
}

export function ageMs(confirmedAtMs: number, nowMs: number): number {
  return Math.max(0, Math.trunc(nowMs - confirmedAtMs));
}

/** Same price levels with the same sizes on both sides. */
export function sameLevels(a: BookSnapshot, b: BookSnapshot): boolean {
  return sameSide(a.bids, b.bids) && sameSide(a.asks, b.asks);
}

function sameSide(a: readonly BookLevel[], b: readonly BookLevel[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as BookLevel;
    const y = b[i] as BookLevel;
    if (x.price !== y.price || x.size !== y.size) return false;
  }
  return true;
}

/**
 * The plan's MarketSnapshot of one book. Work is bounded by `topLevels`, not by the book's depth:
 * only the best levels are sliced (level objects are shared with the port's book, which hands out
 * fresh ones on every change), and the micro-price needs only the best bid and ask.
 *
 * Micro-price is the plan's weighted mid; the bands follow the shared grid rule (half-width at
 * least one tick, see `calculateThresholdBands`), so they are grid prices.
 */
export function buildSnapshot(book: BookSnapshot, inputs: SnapshotInputs): MarketSnapshot {
  const bid = book.bids[0];
  const ask = book.asks[0];
  let microPrice: number | null = null;
  let lower: number | null = null;
  let upper: number | null = null;
  if (bid && ask && bid.size > 0 && ask.size > 0) {
    microPrice = microPriceOf(bid.price, bid.size, ask.price, ask.size);
    if (microPrice > 0 && microPrice < MICROS_PER_UNIT) {
      const bands = calculateThresholdBands(microPrice, inputs.tickMicros, inputs.thresholdBps);
      lower = bands.lowerMicros;
      upper = bands.upperMicros;
    } else {
      microPrice = null;
    }
  }
  const last = book.lastTradePriceMicros;
  return {
    tokenId: book.tokenId,
    conditionId: book.conditionId || inputs.conditionId,
    timestamp: Math.trunc(inputs.confirmedAtMs),
    ageMs: ageMs(inputs.confirmedAtMs, inputs.nowMs),
    stale: inputs.stale,
    source: book.source,
    tickMicros: inputs.tickMicros,
    bestBid: bid ? bid.price : null,
    bestAsk: ask ? ask.price : null,
    spread: bid && ask ? ask.price - bid.price : null,
    bidDepth: bid ? bid.size : 0,
    askDepth: ask ? ask.size : 0,
    microPrice,
    microPriceUpperBand: upper,
    microPriceLowerBand: lower,
    ...(inputs.stoikov && {
      stoikov: stoikovFigure(bid, ask, inputs.tickMicros, inputs.stoikov),
    }),
    bids: top(book.bids, inputs.topLevels),
    asks: top(book.asks, inputs.topLevels),
    lastTradePrice: last !== undefined && last > 0 && last < MICROS_PER_UNIT ? last : null,
    ourOrders: inputs.ourOrders.map((order) => ({
      orderId: order.orderId,
      side: order.side,
      price: order.price,
      size: order.size,
    })),
  };
}

/**
 * Stoikov's micro-price of the book's top (our own orders included, like the weighted mid
 * beside it), inside the spread; null with the reason when there is none: no fit yet (the fit's
 * own reason), or a book the fit cannot price (the weighted mid stands in).
 */
export function stoikovFigure(
  bid: BookLevel | undefined,
  ask: BookLevel | undefined,
  tickMicros: number,
  stoikov: TokenStoikov,
): StoikovFigure {
  const { fit, model, minTransitions, states } = stoikov;
  const base = {
    fitted: fit?.kind === 'fit',
    transitions: fit?.transitions ?? 0,
    minTransitions,
    model,
  };
  if (fit?.kind !== 'fit') {
    const why = fit ? fit.reason : `${states} book state${states === 1 ? '' : 's'} so far`;
    return { ...base, microPrice: null, note: `too little data to fit (${why})` };
  }
  if (!bid || !ask || bid.size <= 0 || ask.size <= 0) {
    return { ...base, microPrice: null, note: 'a side of the book is empty' };
  }
  const priced = stoikovMicroPrice(fit, {
    bidPriceMicros: bid.price,
    bidSizeMicros: bid.size,
    askPriceMicros: ask.price,
    askSizeMicros: ask.size,
    tickMicros,
  });
  if (priced.source !== 'stoikov') return { ...base, microPrice: null, note: priced.detail };
  return {
    ...base,
    microPrice: strictlyInsideSpread(priced.priceMicros, bid.price, ask.price),
    note: null,
  };
}

function top(levels: readonly BookLevel[], n: number): BookLevel[] {
  return levels.length <= n ? levels.slice() : levels.slice(0, n);
}

/** The port's book (best first) as the shared math's OrderBook. */
export function toOrderBook(book: BookSnapshot): OrderBook {
  return {
    bids: book.bids.map((level) => ({ priceMicros: level.price, sizeMicros: level.size })),
    asks: book.asks.map((level) => ({ priceMicros: level.price, sizeMicros: level.size })),
  };
}
