import { describe, expect, it } from 'vitest';
import type { OrderBook } from '@shared/math/order-book';
import { QueueSimulator } from './queue-simulator';
import type { PlaceInput } from './queue-simulator';

const S = 1_000_000;
/** A book from [price, shares] pairs, best first. */
function book(bids: [number, number][], asks: [number, number][]): OrderBook {
  const side = (pairs: [number, number][]) =>
    pairs.map(([price, size]) => ({ priceMicros: Math.round(price * S), sizeMicros: size * S }));
  return { bids: side(bids), asks: side(asks) };
}

function buy(price: number, shares: number, extra: Partial<PlaceInput> = {}): PlaceInput {
  return {
    id: 'o1',
    side: 'BUY',
    priceMicros: Math.round(price * S),
    sizeMicros: shares * S,
    timeInForce: 'GTC',
    postOnly: false,
    ...extra,
  };
}

/** The book's last trade price moved to `price`: trades happened down (or up) to it. */
const tradeAt = (price: number) => ({ lastTradeMicros: Math.round(price * S), changed: true });
/** Another trade at the price the last one was at. */
const againAt = (price: number) => ({ lastTradeMicros: Math.round(price * S), changed: false });
const noTrade = { lastTradeMicros: null, changed: false };

const total = (fills: { sizeMicros: number }[]) => fills.reduce((sum, f) => sum + f.sizeMicros, 0);

describe('QueueSimulator: conservative queue position', () => {
  it('fills only after the size ahead at placement traded: 30 ahead, 20 trade, then 15 more', () => {
    const sim = new QueueSimulator();
    const start = book(
      [
        [0.5, 30],
        [0.49, 100],
      ],
      [[0.52, 100]],
    );
    expect(sim.place(buy(0.5, 50), start)).toMatchObject({
      kind: 'accepted',
      fills: [],
      resting: true,
    });
    expect(sim.resting[0]?.aheadMicros).toBe(30 * S);
    // 20 others join behind us, then 20 trade: all from ahead of us.
    const joined = book(
      [
        [0.5, 50],
        [0.49, 100],
      ],
      [[0.52, 100]],
    );
    expect(sim.onBook(start, joined, noTrade)).toEqual([]);
    const traded20 = book(
      [
        [0.5, 30],
        [0.49, 100],
      ],
      [[0.52, 100]],
    );
    expect(sim.onBook(joined, traded20, tradeAt(0.5))).toEqual([]);
    expect(sim.resting[0]?.aheadMicros).toBe(10 * S);
    // 15 more trade: the last 10 ahead, then 5 of ours.
    const traded35 = book(
      [
        [0.5, 15],
        [0.49, 100],
      ],
      [[0.52, 100]],
    );
    const fills = sim.onBook(traded20, traded35, againAt(0.5));
    expect(fills).toEqual([
      { orderId: 'o1', priceMicros: 500_000, sizeMicros: 5 * S, role: 'MAKER' },
    ]);
    expect(sim.resting[0]).toMatchObject({ aheadMicros: 0, matchedMicros: 5 * S });
  });

  it('counts a sweep through our level: the level gone and the next one eaten', () => {
    const sim = new QueueSimulator();
    const start = book(
      [
        [0.5, 30],
        [0.49, 100],
      ],
      [[0.52, 100]],
    );
    sim.place(buy(0.5, 50), start);
    const after20 = book(
      [
        [0.5, 10],
        [0.49, 100],
      ],
      [[0.52, 100]],
    );
    expect(sim.onBook(start, after20, tradeAt(0.5))).toEqual([]);
    // 10 at 0.50 and 5 at 0.49 trade: a seller who sold at 0.49 would have met us at 0.50 first.
    const swept = book([[0.49, 95]], [[0.52, 100]]);
    expect(total(sim.onBook(after20, swept, tradeAt(0.49)))).toBe(5 * S);
  });

  it('takes a shrinking level behind the touch for cancels: no fill, ahead capped', () => {
    const sim = new QueueSimulator();
    const start = book(
      [
        [0.51, 10],
        [0.5, 30],
      ],
      [[0.52, 100]],
    );
    sim.place(buy(0.5, 20), start);
    const cancelled = book(
      [
        [0.51, 10],
        [0.5, 12],
      ],
      [[0.52, 100]],
    );
    expect(sim.onBook(start, cancelled, noTrade)).toEqual([]);
    expect(sim.resting[0]?.aheadMicros).toBe(12 * S);
    // Trades at a better price than ours do not reach us.
    const better = book(
      [
        [0.51, 2],
        [0.5, 12],
      ],
      [[0.52, 100]],
    );
    expect(sim.onBook(cancelled, better, tradeAt(0.51))).toEqual([]);
    expect(sim.resting[0]?.aheadMicros).toBe(12 * S);
  });

  it('needs the last trade price as evidence: a requote that drops the touch fills nobody', () => {
    const sim = new QueueSimulator();
    const start = book(
      [
        [0.49, 300],
        [0.48, 400],
      ],
      [[0.52, 100]],
    );
    sim.place(buy(0.5, 50), start);
    const shifted = book(
      [
        [0.48, 400],
        [0.47, 500],
      ],
      [[0.52, 100]],
    );
    expect(sim.onBook(start, shifted, noTrade)).toEqual([]);
    // An older trade at another price is no evidence either.
    const again = book([[0.47, 500]], [[0.52, 100]]);
    expect(sim.onBook(shifted, again, againAt(0.45))).toEqual([]);
    expect(total(sim.onBook(again, book([[0.47, 480]], [[0.52, 100]]), againAt(0.47)))).toBe(
      20 * S,
    );
  });

  it('does not count size that joined after us as ahead', () => {
    const sim = new QueueSimulator();
    const start = book([[0.49, 40]], [[0.52, 100]]);
    sim.place(buy(0.5, 10), start);
    expect(sim.resting[0]?.aheadMicros).toBe(0);
    const joined = book(
      [
        [0.5, 25],
        [0.49, 40],
      ],
      [[0.52, 100]],
    );
    expect(sim.onBook(start, joined, noTrade)).toEqual([]);
    const traded = book(
      [
        [0.5, 21],
        [0.49, 40],
      ],
      [[0.52, 100]],
    );
    expect(total(sim.onBook(joined, traded, tradeAt(0.5)))).toBe(4 * S);
  });

  it('fills a resting order from opposite levels that reach its price, once', () => {
    const sim = new QueueSimulator();
    const start = book([[0.49, 40]], [[0.53, 100]]);
    sim.place(buy(0.51, 30), start);
    const crossed = book(
      [[0.49, 40]],
      [
        [0.51, 12],
        [0.53, 100],
      ],
    );
    expect(sim.onBook(start, crossed, noTrade)).toEqual([
      { orderId: 'o1', priceMicros: 510_000, sizeMicros: 12 * S, role: 'MAKER' },
    ]);
    // The recording still shows the 12 we took: not taken again.
    const same = book(
      [[0.49, 40]],
      [
        [0.51, 12],
        [0.53, 99],
      ],
    );
    expect(sim.onBook(crossed, same, noTrade)).toEqual([]);
    const grown = book(
      [[0.49, 40]],
      [
        [0.51, 20],
        [0.53, 99],
      ],
    );
    expect(total(sim.onBook(same, grown, noTrade))).toBe(8 * S);
  });

  it('takes recorded levels when crossing at placement; post-only and FOK refuse', () => {
    const start = book(
      [[0.49, 40]],
      [
        [0.5, 10],
        [0.51, 10],
        [0.53, 100],
      ],
    );
    expect(new QueueSimulator().place(buy(0.51, 30, { postOnly: true }), start).kind).toBe(
      'rejected',
    );
    expect(new QueueSimulator().place(buy(0.51, 30, { timeInForce: 'FOK' }), start).kind).toBe(
      'rejected',
    );
    const sim = new QueueSimulator();
    const placed = sim.place(buy(0.51, 30), start);
    expect(placed).toEqual({
      kind: 'accepted',
      resting: true,
      fills: [
        { orderId: 'o1', priceMicros: 500_000, sizeMicros: 10 * S, role: 'TAKER' },
        { orderId: 'o1', priceMicros: 510_000, sizeMicros: 10 * S, role: 'TAKER' },
      ],
    });
    expect(sim.resting[0]?.matchedMicros).toBe(20 * S);
    // A second order does not take what the first took.
    const fak = sim.place({ ...buy(0.51, 5, { timeInForce: 'FAK' }), id: 'o2' }, start);
    expect(fak).toEqual({ kind: 'rejected', message: 'no orders found to match with FAK order' });
  });
});
