import { ClobClient, type OrderBookSummary } from '@polymarket/clob-client-v2';
import { describe, expect, it } from 'vitest';
import { bookHash, type HashableBook } from './book-hash';

const book: HashableBook = {
  market: '0xaabbcc',
  asset_id: '100',
  timestamp: '123456789',
  bids: [
    { price: '0.3', size: '100' },
    { price: '0.4', size: '100' },
  ],
  asks: [
    { price: '0.7', size: '100' },
    { price: '0.6', size: '100' },
  ],
  min_order_size: '15',
  tick_size: '0.001',
  neg_risk: false,
  last_trade_price: '0.5',
};

describe('bookHash', () => {
  it('matches the official client hashing the same summary in Go key order', async () => {
    const client = new ClobClient({ host: 'http://127.0.0.1:9', chain: 137 });
    const summary: OrderBookSummary = {
      market: book.market,
      asset_id: book.asset_id,
      timestamp: book.timestamp,
      hash: 'stale',
      bids: book.bids,
      asks: book.asks,
      min_order_size: book.min_order_size,
      tick_size: book.tick_size,
      neg_risk: book.neg_risk,
      last_trade_price: book.last_trade_price,
    };
    expect(bookHash(book)).toBe(await client.getOrderBookHash(summary));
  });

  it('changes with any level, and does not depend on a hash already present', () => {
    const base = bookHash(book);
    expect(bookHash({ ...book, bids: [{ price: '0.3', size: '100' }] })).not.toBe(base);
    expect(bookHash({ ...book, last_trade_price: '0.6' })).not.toBe(base);
    expect(bookHash({ ...book, hash: 'abc' } as HashableBook)).toBe(base);
  });
});
