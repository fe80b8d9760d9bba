import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bestAsk,
  bestBid,
  bestOtherLevel,
  bestOtherPrice,
  bookFromWire,
  cumulativeDepth,
  depthAtBest,
  mirrorBook,
  normalizeBook,
  spreadMicros,
  topLevels,
  walkBook,
  withoutOwnOrders,
} from './order-book';
import type { Level, OrderBook } from './order-book';

const lvl = (priceMicros: number, sizeMicros: number): Level => ({ priceMicros, sizeMicros });
const SH = 1_000_000;

// As the exchange sends it: bids ascending, asks descending, best LAST.
const wire = {
  bids: [
    { price: '0.48', size: '300' },
    { price: '0.49', size: '150.5' },
    { price: '0.5', size: '100' },
  ],
  asks: [
    { price: '0.54', size: '500' },
    { price: '0.53', size: '0' },
    { price: '0.52', size: '200' },
  ],
};

const book: OrderBook = {
  bids: [lvl(500_000, 100 * SH), lvl(490_000, 150.5 * SH), lvl(480_000, 300 * SH)],
  asks: [lvl(520_000, 200 * SH), lvl(540_000, 500 * SH)],
};

describe('bookFromWire', () => {
  it('puts the best level first on both sides and drops empty levels', () => {
    expect(bookFromWire(wire)).toEqual(book);
  });

  it('gives the same book whichever order the wire uses', () => {
    const reversed = { bids: [...wire.bids].reverse(), asks: [...wire.asks].reverse() };
    expect(bookFromWire(reversed)).toEqual(book);
  });

  it('merges repeated prices', () => {
    const merged = bookFromWire({
      bids: [
        { price: '0.5', size: '1' },
        { price: '0.50', size: '2' },
      ],
      asks: [],
    });
    expect(merged.bids).toEqual([lvl(500_000, 3 * SH)]);
  });

  it('names the bad field', () => {
    expect(() => bookFromWire({ bids: [{ price: '1e-2', size: '1' }], asks: [] })).toThrow(
      /bids\[0\]\.price/,
    );
  });
});

describe('top of book', () => {
  it('reads best prices, spread and depth', () => {
    expect(bestBid(book)?.priceMicros).toBe(500_000);
    expect(bestAsk(book)?.priceMicros).toBe(520_000);
    expect(spreadMicros(book)).toBe(20_000);
    expect(depthAtBest(book)).toEqual({ bidSizeMicros: 100 * SH, askSizeMicros: 200 * SH });
    expect(topLevels(book, 1)).toEqual({ bids: [book.bids[0]], asks: [book.asks[0]] });
  });

  it('an empty side has no spread and no depth', () => {
    const oneSided = { bids: book.bids, asks: [] };
    expect(spreadMicros(oneSided)).toBeNull();
    expect(depthAtBest(oneSided).askSizeMicros).toBe(0);
  });

  it('cumulates depth from the best level', () => {
    expect(cumulativeDepth(book.asks)).toEqual([
      { ...book.asks[0], cumSizeMicros: 200 * SH, cumNotionalMicros: 104 * SH },
      { ...book.asks[1], cumSizeMicros: 700 * SH, cumNotionalMicros: 374 * SH },
    ]);
  });
});

describe('walkBook', () => {
  const asks = {
    bids: [],
    asks: [lvl(400_000, 200 * SH), lvl(420_000, 300 * SH), lvl(450_000, 500 * SH)],
  };

  it('buys across levels, best first, exactly', () => {
    const walk = walkBook(asks, 'BUY', 617_570_000);
    expect(walk.fills).toEqual([
      lvl(400_000, 200 * SH),
      lvl(420_000, 300 * SH),
      lvl(450_000, 117_570_000),
    ]);
    // 80 + 126 + 52.9065 = 258.9065 USDC
    expect(walk.notionalMicros).toBe(258_906_500);
    expect(walk.avgPriceMicros).toBe(419_234);
    expect(walk.lastPriceMicros).toBe(450_000);
    expect(walk.complete).toBe(true);
  });

  it('rounds a buy up and a sell down when the notional is not whole micro-USDC', () => {
    const oneLevel = { bids: [lvl(333_333, 10 * SH)], asks: [lvl(333_333, 10 * SH)] };
    expect(walkBook(oneLevel, 'BUY', 3).notionalMicros).toBe(1);
    expect(walkBook(oneLevel, 'SELL', 3).notionalMicros).toBe(0);
  });

  it('stops at the limit price and when the book runs out', () => {
    const limited = walkBook(asks, 'BUY', 400 * SH, 420_000);
    expect(limited.filledMicros).toBe(400 * SH);
    const limitedShort = walkBook(asks, 'BUY', 600 * SH, 420_000);
    expect(limitedShort.filledMicros).toBe(500 * SH);
    expect(limitedShort.complete).toBe(false);
    const all = walkBook(asks, 'BUY', 5_000 * SH);
    expect(all.filledMicros).toBe(1_000 * SH);
    expect(walkBook(book, 'SELL', 150 * SH).notionalMicros).toBe(74_500_000);
    expect(walkBook(book, 'SELL', 0).avgPriceMicros).toBeNull();
  });
});

describe('mirrorBook', () => {
  it('turns YES asks into NO bids at 1 − p, best first', () => {
    const no = mirrorBook(book);
    expect(no.bids).toEqual([lvl(480_000, 200 * SH), lvl(460_000, 500 * SH)]);
    expect(no.asks[0]).toEqual(lvl(500_000, 100 * SH));
    expect(no.asks.map((l) => l.priceMicros)).toEqual([500_000, 510_000, 520_000]);
  });

  const levelsArb = fc.array(
    fc.record({
      priceMicros: fc.integer({ min: 1, max: 99 }).map((c) => c * 10_000),
      sizeMicros: fc.integer({ min: 1, max: 1_000 * SH }),
    }),
    { maxLength: 8 },
  );

  it('is an involution and keeps both sides sorted best first', () => {
    fc.assert(
      fc.property(levelsArb, levelsArb, (bids, asks) => {
        const b = normalizeBook({ bids, asks });
        const m = mirrorBook(b);
        expect(mirrorBook(m)).toEqual(b);
        expect(normalizeBook(m)).toEqual(m);
      }),
    );
  });
});

describe('best other price', () => {
  const bids = [lvl(500_000, 100 * SH), lvl(490_000, 3 * SH), lvl(480_000, 300 * SH)];

  it('removes our own orders', () => {
    expect(withoutOwnOrders(bids, [lvl(500_000, 100 * SH)])).toEqual(bids.slice(1));
    expect(withoutOwnOrders(bids, [lvl(500_000, 40 * SH)])[0]).toEqual(lvl(500_000, 60 * SH));
  });

  it('ignores dust below the minimum size', () => {
    expect(bestOtherPrice(bids, [lvl(500_000, 100 * SH)], 5 * SH)).toBe(480_000);
    expect(bestOtherPrice(bids, [lvl(500_000, 100 * SH)], 0)).toBe(490_000);
    // Our 98 shares at 0.50 leave 2 shares of someone else's: dust at min size 5.
    expect(bestOtherLevel(bids, [lvl(500_000, 98 * SH)], 5 * SH)?.priceMicros).toBe(480_000);
    expect(bestOtherPrice([], [], 0)).toBeNull();
  });
});
