import { createHash } from 'node:crypto';

export interface WireLevel {
  price: string;
  size: string;
}

/** The fields of an OrderBookSummary that enter its hash, as the server spells them. */
export interface HashableBook {
  market: string;
  asset_id: string;
  timestamp: string;
  bids: WireLevel[];
  asks: WireLevel[];
  min_order_size: string;
  tick_size: string;
  neg_risk: boolean;
  last_trade_price: string;
}

/**
 * Doc §5.4: SHA-1 (lower-case hex) of the compact JSON of the summary in the server's Go key
 * order, with `hash` set to "" and levels as {price, size} strings in wire order (best last).
 */
export function bookHash(book: HashableBook): string {
  const ordered = {
    market: book.market,
    asset_id: book.asset_id,
    timestamp: book.timestamp,
    hash: '',
    bids: book.bids.map((level) => ({ price: level.price, size: level.size })),
    asks: book.asks.map((level) => ({ price: level.price, size: level.size })),
    min_order_size: book.min_order_size,
    tick_size: book.tick_size,
    neg_risk: book.neg_risk,
    last_trade_price: book.last_trade_price,
  };
  return createHash('sha1').update(JSON.stringify(ordered)).digest('hex');
}
