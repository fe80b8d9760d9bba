import type { Level, OrderBook } from '@shared/math/order-book';
import type { Side, TimeInForce } from '../exchange/exchange-port';

/** One of our orders resting in the simulated queue of a recorded level. */
export interface QueuedOrder {
  readonly id: string;
  readonly side: Side;
  readonly priceMicros: number;
  readonly sizeMicros: number;
  matchedMicros: number;
  /** Recorded size at our price that was there before us and has not traded away yet. */
  aheadMicros: number;
  /** Placement order: the earlier of two of ours at one price is ahead. */
  readonly seq: number;
}

export interface SimulatedFill {
  orderId: string;
  priceMicros: number;
  sizeMicros: number;
  role: 'MAKER' | 'TAKER';
}

export interface PlaceInput {
  id: string;
  side: Side;
  priceMicros: number;
  sizeMicros: number;
  timeInForce: TimeInForce;
  postOnly: boolean;
}

export type PlaceOutcome =
  | { kind: 'rejected'; message: string }
  | { kind: 'accepted'; fills: SimulatedFill[]; resting: boolean };

type PriceMap = Map<number, number>;

function sizesOf(levels: readonly Level[]): PriceMap {
  const map: PriceMap = new Map();
  for (const level of levels) map.set(level.priceMicros, level.sizeMicros);
  return map;
}

/** The side our order rests on and the side it takes from. */
function sidesOf(book: OrderBook, side: Side): { own: Level[]; other: Level[] } {
  return side === 'BUY'
    ? { own: book.bids, other: book.asks }
    : { own: book.asks, other: book.bids };
}

/** Whether `price` is at or better than `limit` for an order of `side` taking the other side. */
function crosses(side: Side, limit: number, price: number): boolean {
  return side === 'BUY' ? price <= limit : price >= limit;
}

/** What a recorded book says about trades: its last trade price, and whether this book changed it. */
export interface TradeEvidence {
  lastTradeMicros: number | null;
  changed: boolean;
}

/**
 * Size that traded at each price of one side between two books. A level that shrank counts as
 * traded only with the recorded last trade price as evidence: when this book moved the last
 * trade price, every shrunk level from the old touch to that price (a sweep); when it did not, the
 * level at exactly that price (another trade there). Any other shrink is taken for cancels.
 */
function tradedAt(
  previous: readonly Level[],
  next: readonly Level[],
  side: Side,
  evidence: TradeEvidence,
): PriceMap {
  const traded: PriceMap = new Map();
  const last = evidence.lastTradeMicros;
  if (last === null) return traded;
  const nextSizes = sizesOf(next);
  for (const level of previous) {
    const price = level.priceMicros;
    const reached = evidence.changed
      ? side === 'BUY'
        ? price >= last
        : price <= last
      : price === last;
    if (!reached) continue;
    const removed = level.sizeMicros - (nextSizes.get(price) ?? 0);
    if (removed > 0) traded.set(price, removed);
  }
  return traded;
}

/**
 * Matching of our orders against one token's recorded book, which never contained them: a
 * conservative queue model (README.md in this folder).
 *
 * - A resting order joins the back of its level: the recorded size there is ahead of it.
 * - Size that trades at its price (a level shrinking, with the recorded last trade price as
 *   evidence: see tradedAt) first eats what is ahead, then fills us; size that trades at a worse
 *   price fills us at once (those sellers or buyers would have met our better price first);
 *   recorded opposite levels that reach our price fill us too.
 * - A level shrinking without such evidence is cancels: what is ahead is only capped by what is
 *   left at the level.
 * - Recorded liquidity we took stays in the recording; it is remembered per price and not taken
 *   again until the level grows past it.
 * Fills of resting orders are MAKER at our price; crossing at placement takes the opposite
 * levels at their prices as TAKER.
 */
export class QueueSimulator {
  private readonly orders = new Map<string, QueuedOrder>();
  /** Recorded liquidity we already took, by price, on the book's bid and ask sides. */
  private readonly consumed: Record<'bids' | 'asks', PriceMap> = {
    bids: new Map(),
    asks: new Map(),
  };
  private seq = 0;

  get resting(): readonly QueuedOrder[] {
    return [...this.orders.values()];
  }

  has(orderId: string): boolean {
    return this.orders.has(orderId);
  }

  place(input: PlaceInput, book: OrderBook): PlaceOutcome {
    const { own, other } = sidesOf(book, input.side);
    const takeable = other.filter((level) =>
      crosses(input.side, input.priceMicros, level.priceMicros),
    );
    const consumed = this.consumed[input.side === 'BUY' ? 'asks' : 'bids'];
    const available = takeable.map((level) => ({
      priceMicros: level.priceMicros,
      sizeMicros: Math.max(0, level.sizeMicros - (consumed.get(level.priceMicros) ?? 0)),
    }));
    const total = available.reduce((sum, level) => sum + level.sizeMicros, 0);
    if (input.postOnly && total > 0) {
      return { kind: 'rejected', message: 'invalid post-only order: order crosses book' };
    }
    if (input.timeInForce === 'FOK' && total < input.sizeMicros) {
      return {
        kind: 'rejected',
        message: "order couldn't be fully filled, FOK orders are fully filled or killed",
      };
    }
    if (input.timeInForce === 'FAK' && total === 0) {
      return { kind: 'rejected', message: 'no orders found to match with FAK order' };
    }
    const fills: SimulatedFill[] = [];
    let left = input.sizeMicros;
    for (const level of available) {
      if (left === 0) break;
      const size = Math.min(left, level.sizeMicros);
      if (size === 0) continue;
      left -= size;
      consumed.set(level.priceMicros, (consumed.get(level.priceMicros) ?? 0) + size);
      fills.push({
        orderId: input.id,
        priceMicros: level.priceMicros,
        sizeMicros: size,
        role: 'TAKER',
      });
    }
    const rests = left > 0 && (input.timeInForce === 'GTC' || input.timeInForce === 'GTD');
    if (rests) {
      this.orders.set(input.id, {
        id: input.id,
        side: input.side,
        priceMicros: input.priceMicros,
        sizeMicros: input.sizeMicros,
        matchedMicros: input.sizeMicros - left,
        aheadMicros: sizesOf(own).get(input.priceMicros) ?? 0,
        seq: this.seq++,
      });
    }
    return { kind: 'accepted', fills, resting: rests };
  }

  /** Takes the order out of the queue; false when it was not resting. */
  cancel(orderId: string): boolean {
    return this.orders.delete(orderId);
  }

  /** The recorded book moved from `previous` to `next`: what our resting orders got. */
  onBook(previous: OrderBook, next: OrderBook, evidence: TradeEvidence): SimulatedFill[] {
    this.forgetTaken(this.consumed.bids, next.bids);
    this.forgetTaken(this.consumed.asks, next.asks);
    if (this.orders.size === 0) return [];
    const pools = {
      bids: tradedAt(previous.bids, next.bids, 'BUY', evidence),
      asks: tradedAt(previous.asks, next.asks, 'SELL', evidence),
    };
    const nextSizes = { bids: sizesOf(next.bids), asks: sizesOf(next.asks) };
    const fills: SimulatedFill[] = [];
    for (const order of this.byPriority()) {
      const ownKey = order.side === 'BUY' ? 'bids' : 'asks';
      const otherKey = order.side === 'BUY' ? 'asks' : 'bids';
      let filled = 0;
      const take = (pool: PriceMap, price: number, eatAhead: boolean): void => {
        let volume = pool.get(price) ?? 0;
        if (eatAhead) {
          const eaten = Math.min(order.aheadMicros, volume);
          order.aheadMicros -= eaten;
          volume -= eaten;
        }
        const size = Math.min(volume, order.sizeMicros - order.matchedMicros - filled);
        if (size <= 0) return;
        filled += size;
        pool.set(price, (pool.get(price) ?? 0) - size);
      };
      // Trades on our side at our price, then at worse prices (nearest first).
      const ownPool = pools[ownKey];
      take(ownPool, order.priceMicros, true);
      const worse = [...ownPool.keys()]
        .filter((price) =>
          order.side === 'BUY' ? price < order.priceMicros : price > order.priceMicros,
        )
        .sort((a, b) => (order.side === 'BUY' ? b - a : a - b));
      for (const price of worse) take(ownPool, price, false);
      // Recorded opposite orders that reached our price would have met us.
      const consumed = this.consumed[otherKey];
      const opposite = order.side === 'BUY' ? next.asks : next.bids;
      for (const level of opposite) {
        if (!crosses(order.side, order.priceMicros, level.priceMicros)) break;
        const free = level.sizeMicros - (consumed.get(level.priceMicros) ?? 0);
        const size = Math.min(free, order.sizeMicros - order.matchedMicros - filled);
        if (size <= 0) continue;
        filled += size;
        consumed.set(level.priceMicros, (consumed.get(level.priceMicros) ?? 0) + size);
      }
      order.aheadMicros = Math.min(
        order.aheadMicros,
        nextSizes[ownKey].get(order.priceMicros) ?? 0,
      );
      if (filled === 0) continue;
      order.matchedMicros += filled;
      fills.push({
        orderId: order.id,
        priceMicros: order.priceMicros,
        sizeMicros: filled,
        role: 'MAKER',
      });
      if (order.matchedMicros >= order.sizeMicros) this.orders.delete(order.id);
    }
    return fills;
  }

  /** Best price first, then the earlier order. */
  private byPriority(): QueuedOrder[] {
    return [...this.orders.values()].sort((a, b) => {
      if (a.side !== b.side) return a.side === 'BUY' ? -1 : 1;
      if (a.priceMicros !== b.priceMicros) {
        return a.side === 'BUY' ? b.priceMicros - a.priceMicros : a.priceMicros - b.priceMicros;
      }
      return a.seq - b.seq;
    });
  }

  /** A level that shrank took our part of it first: what we took is capped by what is left. */
  private forgetTaken(consumed: PriceMap, levels: readonly Level[]): void {
    if (consumed.size === 0) return;
    const sizes = sizesOf(levels);
    for (const [price, taken] of consumed) {
      const left = Math.min(taken, sizes.get(price) ?? 0);
      if (left > 0) consumed.set(price, left);
      else consumed.delete(price);
    }
  }
}
