import { MarketSnapshotSchema } from '@shared/domain/market';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BookLevel, BookSnapshot } from '../exchange/exchange-port';
import { fitStoikov, stoikovModelOf } from '@shared/math/stoikov';
import {
  buildSnapshot,
  resolveTick,
  stoikovFigure,
  toOrderBook,
  type SnapshotInputs,
} from './snapshot-builder';
import { leaningCycle, SMALL_STOIKOV_FIT } from './stoikov-fixtures';

const SHARE = 1_000_000;

function book(
  bids: BookLevel[],
  asks: BookLevel[],
  extra: Partial<BookSnapshot> = {},
): BookSnapshot {
  return {
    tokenId: 'yes',
    conditionId: '0xc',
    bids,
    asks,
    tickMicros: 10_000,
    minOrderSizeMicros: 5 * SHARE,
    lastTradePriceMicros: undefined,
    exchangeTimestampMs: 0,
    confirmedAtMs: 1_000,
    ageMs: 0,
    source: 'stream',
    epoch: 0,
    hash: '',
    ...extra,
  };
}

function inputs(extra: Partial<SnapshotInputs> = {}): SnapshotInputs {
  return {
    tickMicros: 10_000,
    conditionId: '',
    topLevels: 15,
    thresholdBps: 50,
    ourOrders: [],
    confirmedAtMs: 1_000,
    nowMs: 1_250,
    stale: false,
    ...extra,
  };
}

describe('buildSnapshot', () => {
  it('computes top of book, micro-price and tick-wide bands on a hand-worked book', () => {
    // micro = (0.48·300 + 0.52·100) / 400 = 0.49; 50 bps of 0.49 is 0.00245 < one tick, so
    // the half-width is one tick: the band is [0.48, 0.50].
    const snap = buildSnapshot(
      book(
        [
          { price: 480_000, size: 100 * SHARE },
          { price: 470_000, size: 50 * SHARE },
        ],
        [
          { price: 520_000, size: 300 * SHARE },
          { price: 530_000, size: 10 * SHARE },
        ],
        { lastTradePriceMicros: 500_000 },
      ),
      inputs(),
    );
    expect(snap).toMatchObject({
      tokenId: 'yes',
      conditionId: '0xc',
      timestamp: 1_000,
      ageMs: 250,
      stale: false,
      source: 'stream',
      tickMicros: 10_000,
      bestBid: 480_000,
      bestAsk: 520_000,
      spread: 40_000,
      bidDepth: 100 * SHARE,
      askDepth: 300 * SHARE,
      microPrice: 490_000,
      microPriceLowerBand: 480_000,
      microPriceUpperBand: 500_000,
      lastTradePrice: 500_000,
    });
    expect(snap.bids.map((l) => l.price)).toEqual([480_000, 470_000]);
    expect(snap.asks.map((l) => l.price)).toEqual([520_000, 530_000]);
    expect(MarketSnapshotSchema.parse(snap)).toEqual(snap);
  });

  it('widens the bands with the threshold once it exceeds a tick', () => {
    // 2000 bps of 0.49 = 0.098: band [0.392, 0.588] → grid points [0.40, 0.58].
    const snap = buildSnapshot(
      book([{ price: 480_000, size: 100 * SHARE }], [{ price: 520_000, size: 300 * SHARE }]),
      inputs({ thresholdBps: 2_000 }),
    );
    expect(snap.microPriceLowerBand).toBe(400_000);
    expect(snap.microPriceUpperBand).toBe(580_000);
  });

  it('keeps bands one tick wide near zero, where basis points vanish', () => {
    // micro = (0.04·30 + 0.05·10) / 40 = 0.0425; 50 bps of it is 0.0002.
    const snap = buildSnapshot(
      book([{ price: 40_000, size: 10 * SHARE }], [{ price: 50_000, size: 30 * SHARE }]),
      inputs(),
    );
    expect(snap.microPrice).toBe(42_500);
    expect(snap.microPriceLowerBand).toBe(40_000);
    expect(snap.microPriceUpperBand).toBe(50_000);
  });

  it('leaves micro-price, bands and spread empty for a one-sided book', () => {
    const snap = buildSnapshot(book([{ price: 300_000, size: SHARE }], []), inputs());
    expect(snap).toMatchObject({
      bestBid: 300_000,
      bestAsk: null,
      spread: null,
      bidDepth: SHARE,
      askDepth: 0,
      microPrice: null,
      microPriceLowerBand: null,
      microPriceUpperBand: null,
      lastTradePrice: null,
    });
    expect(MarketSnapshotSchema.safeParse(snap).success).toBe(true);
  });

  it('shows only the top levels and our orders', () => {
    const bids = Array.from({ length: 20 }, (_, i) => ({
      price: 490_000 - i * 10_000,
      size: SHARE,
    }));
    const asks = Array.from({ length: 20 }, (_, i) => ({
      price: 510_000 + i * 10_000,
      size: SHARE,
    }));
    const ours = [{ orderId: 'o1', side: 'BUY' as const, price: 480_000, size: SHARE }];
    const snap = buildSnapshot(book(bids, asks), inputs({ topLevels: 15, ourOrders: ours }));
    expect(snap.bids).toHaveLength(15);
    expect(snap.asks).toHaveLength(15);
    expect(snap.bids[14]?.price).toBe(350_000);
    expect(snap.asks[14]?.price).toBe(650_000);
    expect(snap.ourOrders).toEqual(ours);
  });

  it('yields valid snapshots with bid ≤ micro ≤ ask and grid bands around micro', () => {
    const tick = 10_000;
    const level = fc.record({
      price: fc.integer({ min: 1, max: 99 }).map((n) => n * tick),
      size: fc.integer({ min: 1, max: 1_000_000 }).map((n) => n * 10_000),
    });
    fc.assert(
      fc.property(
        fc.array(level, { maxLength: 30 }),
        fc.array(level, { maxLength: 30 }),
        fc.integer({ min: 0, max: 5_000 }),
        (rawBids, rawAsks, bps) => {
          const bids = dedupe(rawBids).sort((a, b) => b.price - a.price);
          const best = bids[0]?.price ?? 0;
          const asks = dedupe(rawAsks)
            .filter((a) => a.price > best)
            .sort((a, b) => a.price - b.price);
          const snap = buildSnapshot(book(bids, asks), inputs({ thresholdBps: bps }));
          expect(MarketSnapshotSchema.safeParse(snap).success).toBe(true);
          if (snap.microPrice === null) {
            expect(bids.length === 0 || asks.length === 0).toBe(true);
            return;
          }
          const bid = bids[0]?.price ?? 0;
          const ask = asks[0]?.price ?? 0;
          expect(snap.microPrice).toBeGreaterThanOrEqual(bid);
          expect(snap.microPrice).toBeLessThanOrEqual(ask);
          const lower = snap.microPriceLowerBand ?? 0;
          const upper = snap.microPriceUpperBand ?? 0;
          expect(lower % tick).toBe(0);
          expect(upper % tick).toBe(0);
          expect(lower).toBeLessThanOrEqual(snap.microPrice);
          expect(upper).toBeGreaterThanOrEqual(snap.microPrice);
          expect(upper - lower).toBeGreaterThanOrEqual(tick);
        },
      ),
    );
  });
});

describe('resolveTick and toOrderBook', () => {
  it("prefers the book's tick and falls back to the market's", () => {
    expect(resolveTick(book([], []), 1_000)).toBe(10_000);
    expect(resolveTick(book([], [], { tickMicros: 0 }), 1_000)).toBe(1_000);
    expect(resolveTick(book([], [], { tickMicros: 0 }), undefined)).toBeUndefined();
  });

  it('keeps levels best first in the math shape', () => {
    const ob = toOrderBook(
      book(
        [
          { price: 480_000, size: 1 },
          { price: 470_000, size: 2 },
        ],
        [{ price: 520_000, size: 3 }],
      ),
    );
    expect(ob).toEqual({
      bids: [
        { priceMicros: 480_000, sizeMicros: 1 },
        { priceMicros: 470_000, sizeMicros: 2 },
      ],
      asks: [{ priceMicros: 520_000, sizeMicros: 3 }],
    });
  });
});

describe('stoikovFigure', () => {
  const states = Array.from({ length: 8 }, (_, c) => leaningCycle(c)).flat();
  const fit = fitStoikov(states, SMALL_STOIKOV_FIT);
  const model = fit.kind === 'fit' ? stoikovModelOf(fit) : null;
  const fitted = { fit, model, minTransitions: 40, states: states.length };
  const level = (price: number, shares: number): BookLevel => ({ price, size: shares * SHARE });

  it('prices a book the fit knows, inside the spread, and validates in a snapshot', () => {
    const figure = stoikovFigure(level(500_000, 90), level(510_000, 10), 10_000, fitted);
    expect(figure).toMatchObject({ fitted: true, note: null, transitions: 71, model });
    expect(figure.microPrice).toBeGreaterThan(505_000);
    expect(figure.microPrice).toBeLessThan(510_000);
    const snap = buildSnapshot(
      book([level(500_000, 90)], [level(510_000, 10)]),
      inputs({ stoikov: fitted }),
    );
    expect(MarketSnapshotSchema.parse(snap).stoikov).toEqual(figure);
  });

  it('says why there is no price: no data yet, too little, a book it does not model', () => {
    const none = { fit: null, model: null, minTransitions: 40, states: 3 };
    expect(stoikovFigure(level(500_000, 9), level(510_000, 1), 10_000, none)).toMatchObject({
      microPrice: null,
      fitted: false,
      note: 'too little data to fit (3 book states so far)',
    });
    const few = fitStoikov(states.slice(0, 20), SMALL_STOIKOV_FIT);
    const short = { fit: few, model: null, minTransitions: 40, states: 20 };
    expect(stoikovFigure(level(500_000, 9), level(510_000, 1), 10_000, short).note).toBe(
      'too little data to fit (19 usable transitions, fewer than the 40 needed)',
    );
    expect(stoikovFigure(level(500_000, 9), level(530_000, 1), 10_000, fitted)).toMatchObject({
      microPrice: null,
      fitted: true,
      note: 'spread outside 1..1 ticks',
    });
    expect(stoikovFigure(level(500_000, 9), undefined, 10_000, fitted).note).toBe(
      'a side of the book is empty',
    );
  });

  it('is left out of snapshots built without a fitter', () => {
    expect(
      buildSnapshot(book([level(500_000, 9)], [level(510_000, 1)]), inputs()),
    ).not.toHaveProperty('stoikov');
  });
});

function dedupe(levels: BookLevel[]): BookLevel[] {
  const byPrice = new Map<number, BookLevel>();
  for (const level of levels) byPrice.set(level.price, level);
  return [...byPrice.values()];
}
