import { PolydeskError } from '@shared/errors';
import { decimalToMicros, divCeil, divFloor, divRoundHalfEven } from './decimal';

/** One price level: price in micros, size in micro-shares. */
export interface Level {
  priceMicros: number;
  sizeMicros: number;
}

/** A normalized book: best level FIRST on both sides (bids descending, asks ascending). */
export interface OrderBook {
  bids: Level[];
  asks: Level[];
}

export type BookSide = 'BUY' | 'SELL';

/** A level as the exchange sends it. */
export interface WireLevel {
  price: string;
  size: string;
}

export interface WireBook {
  bids: readonly WireLevel[];
  asks: readonly WireLevel[];
}

/**
 * Converts the exchange's book into an OrderBook. The trap: Polymarket lists bids ascending and
 * asks descending, so its best price is LAST; code that walks a wire book from index 0 walks from
 * the worst price. We sort instead of reversing, so a book in either order comes out best first.
 * Empty levels are dropped and repeated prices merged.
 */
export function bookFromWire(wire: WireBook): OrderBook {
  const parse = (levels: readonly WireLevel[], side: string): Level[] =>
    levels.map((level, i) => ({
      priceMicros: decimalToMicros(level.price, `${side}[${i}].price`),
      sizeMicros: decimalToMicros(level.size, `${side}[${i}].size`),
    }));
  return normalizeBook({ bids: parse(wire.bids, 'bids'), asks: parse(wire.asks, 'asks') });
}

/** A level as views carry it (the domain's MarketSnapshot levels): micros without the suffix. */
export interface LevelView {
  price: number;
  size: number;
}

/** An OrderBook from { price, size } levels (micros), sorted best first whatever their order. */
export function bookFromView(view: {
  bids: readonly LevelView[];
  asks: readonly LevelView[];
}): OrderBook {
  const toLevel = (level: LevelView): Level => ({
    priceMicros: level.price,
    sizeMicros: level.size,
  });
  return normalizeBook({ bids: view.bids.map(toLevel), asks: view.asks.map(toLevel) });
}

/** Sorts both sides best first, merges repeated prices and drops empty levels. */
export function normalizeBook(book: OrderBook): OrderBook {
  return {
    bids: mergeLevels(book.bids, (a, b) => b - a),
    asks: mergeLevels(book.asks, (a, b) => a - b),
  };
}

function mergeLevels(levels: readonly Level[], order: (a: number, b: number) => number): Level[] {
  const sizes = new Map<number, number>();
  for (const level of levels) {
    if (level.sizeMicros < 0) {
      throw new PolydeskError('BAD_REQUEST', `negative size at price ${level.priceMicros}`);
    }
    sizes.set(level.priceMicros, (sizes.get(level.priceMicros) ?? 0) + level.sizeMicros);
  }
  return [...sizes.entries()]
    .filter(([, size]) => size > 0)
    .sort(([a], [b]) => order(a, b))
    .map(([priceMicros, sizeMicros]) => ({ priceMicros, sizeMicros }));
}

export function bestBid(book: OrderBook): Level | undefined {
  return book.bids[0];
}

export function bestAsk(book: OrderBook): Level | undefined {
  return book.asks[0];
}

/** best ask − best bid in micros; null when a side is empty. */
export function spreadMicros(book: OrderBook): number | null {
  const bid = bestBid(book);
  const ask = bestAsk(book);
  return bid && ask ? ask.priceMicros - bid.priceMicros : null;
}

/** Size at the best bid and best ask (0 for an empty side). */
export function depthAtBest(book: OrderBook): { bidSizeMicros: number; askSizeMicros: number } {
  return {
    bidSizeMicros: bestBid(book)?.sizeMicros ?? 0,
    askSizeMicros: bestAsk(book)?.sizeMicros ?? 0,
  };
}

/** The best n levels of each side. */
export function topLevels(book: OrderBook, n: number): OrderBook {
  return { bids: book.bids.slice(0, n), asks: book.asks.slice(0, n) };
}

export interface CumulativeLevel extends Level {
  /** Size of this level and every better one. */
  cumSizeMicros: number;
  /** Σ price × size of this level and every better one, in micro-USDC (rounded half-even). */
  cumNotionalMicros: number;
}

/** Running depth from the best level outward (for depth charts). */
export function cumulativeDepth(levels: readonly Level[]): CumulativeLevel[] {
  let size = 0;
  let notional = 0n;
  return levels.map((level) => {
    size += level.sizeMicros;
    notional += BigInt(level.priceMicros) * BigInt(level.sizeMicros);
    return {
      ...level,
      cumSizeMicros: size,
      cumNotionalMicros: Number(divRoundHalfEven(notional, 1_000_000n)),
    };
  });
}

export interface BookWalk {
  /** Micro-shares that the book can fill (≤ the size asked for). */
  filledMicros: number;
  /** Cost of a BUY (rounded up) or proceeds of a SELL (rounded down), in micro-USDC. */
  notionalMicros: number;
  /** Average fill price in micros (rounded half-even); null when nothing fills. */
  avgPriceMicros: number | null;
  /** Worst price touched; null when nothing fills. */
  lastPriceMicros: number | null;
  fills: Level[];
  /** True when the whole size filled. */
  complete: boolean;
}

/**
 * Fills `sizeMicros` against the book, best level first: a BUY takes the asks, a SELL hits the
 * bids. Levels beyond `limitPriceMicros` (above it for a BUY, below for a SELL) are not touched.
 * Arithmetic is exact (bigint) until the final rounding, which favours the other side.
 */
export function walkBook(
  book: OrderBook,
  side: BookSide,
  sizeMicros: number,
  limitPriceMicros?: number,
): BookWalk {
  if (!Number.isSafeInteger(sizeMicros) || sizeMicros < 0) {
    throw new PolydeskError('BAD_REQUEST', 'size must be a non-negative integer of micro-shares');
  }
  const levels = side === 'BUY' ? book.asks : book.bids;
  const fills: Level[] = [];
  let remaining = sizeMicros;
  let notional = 0n;
  for (const level of levels) {
    if (remaining === 0) break;
    if (limitPriceMicros !== undefined) {
      const beyond =
        side === 'BUY'
          ? level.priceMicros > limitPriceMicros
          : level.priceMicros < limitPriceMicros;
      if (beyond) break;
    }
    const take = Math.min(remaining, level.sizeMicros);
    fills.push({ priceMicros: level.priceMicros, sizeMicros: take });
    notional += BigInt(level.priceMicros) * BigInt(take);
    remaining -= take;
  }
  const filled = sizeMicros - remaining;
  const last = fills.at(-1);
  return {
    filledMicros: filled,
    notionalMicros: Number(
      side === 'BUY' ? divCeil(notional, 1_000_000n) : divFloor(notional, 1_000_000n),
    ),
    avgPriceMicros: filled > 0 ? Number(divRoundHalfEven(notional, BigInt(filled))) : null,
    lastPriceMicros: last ? last.priceMicros : null,
    fills,
    complete: remaining === 0,
  };
}

/**
 * The book of the other outcome. A YES bid at p for s shares is a NO ask at 1 − p for s shares
 * (and a YES ask a NO bid), so NO bids are the YES asks mirrored and NO asks the YES bids. The
 * order stays best first: the lowest YES ask becomes the highest NO bid.
 */
export function mirrorBook(book: OrderBook): OrderBook {
  const flip = (level: Level): Level => ({
    priceMicros: 1_000_000 - level.priceMicros,
    sizeMicros: level.sizeMicros,
  });
  return { bids: book.asks.map(flip), asks: book.bids.map(flip) };
}

/**
 * One side of the book with our own resting orders taken out (their sizes subtracted from the
 * level at their price; levels left empty are dropped).
 */
export function withoutOwnOrders(levels: readonly Level[], own: readonly Level[]): Level[] {
  const ours = new Map<number, number>();
  for (const order of own) {
    ours.set(order.priceMicros, (ours.get(order.priceMicros) ?? 0) + order.sizeMicros);
  }
  return levels
    .map((level) => ({
      priceMicros: level.priceMicros,
      sizeMicros: level.sizeMicros - (ours.get(level.priceMicros) ?? 0),
    }))
    .filter((level) => level.sizeMicros > 0);
}

/** The book with our own resting bids and asks taken out. */
export function otherBook(
  book: OrderBook,
  ownBids: readonly Level[],
  ownAsks: readonly Level[],
): OrderBook {
  return { bids: withoutOwnOrders(book.bids, ownBids), asks: withoutOwnOrders(book.asks, ownAsks) };
}

/**
 * The best level of one side that is not ours: our own resting orders removed, and levels whose
 * remaining size is below `minSizeMicros` ignored as dust. This is what "competition" means when
 * judging whether our order is too aggressive.
 */
export function bestOtherLevel(
  levels: readonly Level[],
  own: readonly Level[],
  minSizeMicros = 0,
): Level | undefined {
  return withoutOwnOrders(levels, own).find((level) => level.sizeMicros >= minSizeMicros);
}

/** Price of bestOtherLevel, or null when nobody else is there. */
export function bestOtherPrice(
  levels: readonly Level[],
  own: readonly Level[],
  minSizeMicros = 0,
): number | null {
  return bestOtherLevel(levels, own, minSizeMicros)?.priceMicros ?? null;
}
