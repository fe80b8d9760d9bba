import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookHash } from './book-hash';
import { LocalBook } from './local-book';
import { decimalToMicros, microsToDecimal } from './units';

const base = {
  market: '0xm',
  timestamp: '1',
  hash: '',
  minOrderSize: '5',
  tickSize: '0.01',
  negRisk: false,
  lastTradePrice: '0.5',
};

const change = fc.record({
  side: fc.constantFrom('BUY', 'SELL'),
  priceTicks: fc.integer({ min: 1, max: 99 }),
  size: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })),
});

describe('LocalBook', () => {
  it('after any deltas equals the server book, with the server hash', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 60 }), (changes) => {
        const server = { BUY: new Map<number, string>(), SELL: new Map<number, string>() };
        const book = new LocalBook('7');
        book.applySnapshot({ ...base, bids: [], asks: [] }, 'stream', 0);
        changes.forEach((c, i) => {
          const price = c.priceTicks * 10_000;
          const size = microsToDecimal(c.size * 10_000);
          if (c.size === 0) server[c.side].delete(price);
          else server[c.side].set(price, size);
          book.applyChange({ price: microsToDecimal(price), size, side: c.side }, String(i + 2), i);
        });
        const wire = (side: 'BUY' | 'SELL', order: 1 | -1) =>
          [...server[side]]
            .sort((a, b) => order * (a[0] - b[0]))
            .map(([p, s]) => ({ price: microsToDecimal(p), size: s }));
        const expectedHash = bookHash({
          market: base.market,
          asset_id: '7',
          timestamp: String(changes.length + 1),
          bids: wire('BUY', 1),
          asks: wire('SELL', -1),
          min_order_size: '5',
          tick_size: '0.01',
          neg_risk: false,
          last_trade_price: '0.5',
        });
        expect(book.computeHash()).toBe(expectedHash);
        const snap = book.snapshot(changes.length);
        // Best first on both sides.
        expect(snap.bids.map((l) => l.price)).toEqual(
          wire('BUY', -1).map((l) => decimalToMicros(l.price)),
        );
        expect(snap.asks.map((l) => l.price)).toEqual(
          wire('SELL', 1).map((l) => decimalToMicros(l.price)),
        );
      }),
    );
  });

  it('drops deltas in a new tick epoch until a snapshot', () => {
    const book = new LocalBook('7');
    book.applySnapshot({ ...base, bids: [{ price: '0.5', size: '10' }], asks: [] }, 'stream', 0);
    book.startEpoch('0.001');
    expect(book.applyChange({ price: '0.501', size: '1', side: 'BUY' }, '2', 1)).toBe(false);
    expect(book.synced).toBe(false);
    book.applySnapshot(
      { ...base, tickSize: undefined, bids: [{ price: '0.501', size: '3' }], asks: [] },
      'rest',
      2,
    );
    const snap = book.snapshot(5);
    expect(snap).toMatchObject({
      epoch: 1,
      tickMicros: 1_000,
      bids: [{ price: 501_000, size: 3_000_000 }],
      ageMs: 3,
      source: 'rest',
    });
  });
});
