import { createHash } from 'node:crypto';

export interface WireLevel {
  price: string;
  size: string;
}

/** OrderBookSummary with keys in the Go server's order (the hash depends on it). */
export interface BookSummary {
  market: string;
  asset_id: string;
  timestamp: string;
  hash: string;
  bids: WireLevel[];
  asks: WireLevel[];
  min_order_size: string;
  tick_size: string;
  neg_risk: boolean;
  last_trade_price: string;
}

/** SHA-1 over the compact JSON with `hash` blank, as the client's getOrderBookHash computes it. */
export function bookHash(summary: { hash: string }): string {
  const blank = { ...summary, hash: '' };
  return createHash('sha1').update(JSON.stringify(blank)).digest('hex');
}

export function withHash(summary: Omit<BookSummary, 'hash'>): BookSummary {
  const ordered: BookSummary = {
    market: summary.market,
    asset_id: summary.asset_id,
    timestamp: summary.timestamp,
    hash: '',
    bids: summary.bids,
    asks: summary.asks,
    min_order_size: summary.min_order_size,
    tick_size: summary.tick_size,
    neg_risk: summary.neg_risk,
    last_trade_price: summary.last_trade_price,
  };
  ordered.hash = bookHash(ordered);
  return ordered;
}
