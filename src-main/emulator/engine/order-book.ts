import type { BookSide, EngineOrder } from './types.js';

export interface PriceLevel {
  readonly price: number;
  /** FIFO: earliest first. */
  readonly orders: EngineOrder[];
  total: bigint;
}

/**
 * One market's book in YES terms. Both sides are kept with the best level LAST (bids ascending,
 * asks descending), which is also Polymarket's wire order, so views need no re-sorting.
 */
export class OrderBook {
  readonly bids: PriceLevel[] = [];
  readonly asks: PriceLevel[] = [];

  levels(side: BookSide): PriceLevel[] {
    return side === 'bid' ? this.bids : this.asks;
  }

  best(side: BookSide): PriceLevel | undefined {
    const levels = this.levels(side);
    return levels[levels.length - 1];
  }

  /** Adds a resting order's remaining size at the back of its level's queue; returns the level's new total. */
  add(order: EngineOrder, remaining: bigint): bigint {
    const levels = this.levels(order.bookSide);
    const index = this.search(order.bookSide, order.bookPrice);
    let level = levels[index];
    if (!level || level.price !== order.bookPrice) {
      level = { price: order.bookPrice, orders: [], total: 0n };
      levels.splice(index, 0, level);
    }
    level.orders.push(order);
    level.total += remaining;
    return level.total;
  }

  /** Removes an order (with `remaining` still counted in its level); returns the level's new total. */
  remove(order: EngineOrder, remaining: bigint): bigint {
    const levels = this.levels(order.bookSide);
    const index = this.search(order.bookSide, order.bookPrice);
    const level = levels[index];
    if (!level || level.price !== order.bookPrice) return 0n;
    const at = level.orders.indexOf(order);
    if (at < 0) return level.total;
    level.orders.splice(at, 1);
    level.total -= remaining;
    if (level.orders.length === 0) {
      levels.splice(index, 1);
      return 0n;
    }
    return level.total;
  }

  /** Reduces a level's total after a partial fill of one of its orders; returns the new total. */
  reduce(side: BookSide, price: number, by: bigint): bigint {
    const levels = this.levels(side);
    const level = levels[this.search(side, price)];
    if (!level || level.price !== price) return 0n;
    level.total -= by;
    return level.total;
  }

  totalAt(side: BookSide, price: number): bigint {
    const levels = this.levels(side);
    const level = levels[this.search(side, price)];
    return level && level.price === price ? level.total : 0n;
  }

  /** Index of the level with `price`, or where it would be inserted. */
  private search(side: BookSide, price: number): number {
    const levels = this.levels(side);
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = (levels[mid] as PriceLevel).price;
      const before = side === 'bid' ? p < price : p > price;
      if (before) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
