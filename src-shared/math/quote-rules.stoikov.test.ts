import { describe, expect, it } from 'vitest';
import type { Level, OrderBook } from './order-book';
import { quoteContext, quotePrice, quoteSnapshotFromView, reviewOrder } from './quote-rules';
import type { OwnOrder, QuoteParams, QuoteSnapshot } from './quote-rules';
import type { StoikovModel } from './stoikov';

const SH = 1_000_000;
const TICK = 10_000;
const lvl = (priceMicros: number, sizeMicros: number): Level => ({ priceMicros, sizeMicros });

/**
 * A hand-made model on 3 imbalance buckets and spreads of 1..3 ticks: an ask-heavy book (bucket
 * 0) three ticks wide is worth a tick above its mid, the mirror a tick below; one-tick books
 * lean by the most the clamp allows, half a tick. Two-tick books were seen too rarely.
 */
const MODEL: StoikovModel = {
  tickMicros: TICK,
  imbalanceBuckets: 3,
  maxSpreadTicks: 3,
  adjustmentTicks: [
    [-0.5, 0, 0.5],
    [null, null, null],
    [1, 0, -1],
  ],
};

const STOIKOV: QuoteParams = { estimator: 'stoikov', aggressionLimitBps: 1_000 };
const WEIGHTED: QuoteParams = { aggressionLimitBps: 1_000 };

function snap(book: OrderBook, extra: Partial<QuoteSnapshot> = {}): QuoteSnapshot {
  return { book, tickMicros: TICK, stoikov: MODEL, ...extra };
}

/** 0.50 × 10 against 0.53 × 90: the weighted mid 0.503 leans to the bid, the model a tick up. */
const WIDE: OrderBook = { bids: [lvl(500_000, 10 * SH)], asks: [lvl(530_000, 90 * SH)] };

describe('quote rules with the stoikov estimator', () => {
  it('quotes from Stoikov’s micro-price where it differs from the weighted mid', () => {
    const s = snap(WIDE);
    expect(quoteContext(s, WEIGHTED)).toMatchObject({
      microMicros: 503_000,
      estimate: { chosen: 'weighted_mid', used: 'weighted_mid', fallback: null },
    });
    expect(quoteContext(s, STOIKOV)).toMatchObject({
      microMicros: 525_000,
      estimate: { chosen: 'stoikov', used: 'stoikov', fallback: null },
    });
    expect(quotePrice('BUY', s, WEIGHTED)).toBe(500_000);
    expect(quotePrice('BUY', s, STOIKOV)).toBe(520_000);
    expect(quotePrice('SELL', s, WEIGHTED)).toBe(510_000);
    expect(quotePrice('SELL', s, STOIKOV)).toBe(530_000);
  });

  it('prices the book without our own orders', () => {
    // Our 80 shares at 0.50 make the public bid 90: bid-heavy, where the model leans down.
    const own: OwnOrder[] = [{ side: 'BUY', priceMicros: 500_000, sizeMicros: 80 * SH }];
    const withOurs = snap({ bids: [lvl(500_000, 90 * SH)], asks: WIDE.asks }, { ownOrders: own });
    expect(quoteContext(withOurs, STOIKOV).microMicros).toBe(525_000);
    expect(quotePrice('BUY', withOurs, STOIKOV)).toBe(520_000);
  });

  it('skips dust as the weighted mid does', () => {
    const dusty = snap(
      { bids: [lvl(510_000, SH), ...WIDE.bids], asks: WIDE.asks },
      { minSizeMicros: 5 * SH },
    );
    expect(quoteContext(dusty, STOIKOV).microMicros).toBe(525_000);
  });

  it('keeps the estimate strictly inside the spread, so a one-tick book still has a quote', () => {
    // Bid-heavy one-tick book: mid 0.505 + half a tick = 0.51, the ask itself.
    const s = snap({ bids: [lvl(500_000, 90 * SH)], asks: [lvl(510_000, 10 * SH)] });
    expect(quoteContext(s, STOIKOV).microMicros).toBe(509_999);
    expect(quotePrice('BUY', s, STOIKOV)).toBe(500_000);
    expect(quotePrice('SELL', s, STOIKOV)).toBe(510_000);
  });

  it('falls back to the weighted mid, and says why, without a fit or in a state it has not seen', () => {
    expect(quoteContext(snap(WIDE, { stoikov: null }), STOIKOV)).toMatchObject({
      microMicros: 503_000,
      estimate: { used: 'weighted_mid', fallback: 'no Stoikov fit for this market yet' },
    });
    const twoTicks = snap({ bids: [lvl(500_000, 10 * SH)], asks: [lvl(520_000, 90 * SH)] });
    expect(quoteContext(twoTicks, STOIKOV)).toMatchObject({
      microMicros: 502_000,
      estimate: { used: 'weighted_mid', fallback: expect.stringMatching(/seen too rarely/) },
    });
    const wider = snap({ bids: [lvl(500_000, 10 * SH)], asks: [lvl(550_000, 90 * SH)] });
    expect(quoteContext(wider, STOIKOV).estimate.fallback).toBe('spread outside 1..3 ticks');
    const oneSided = snap({ bids: WIDE.bids, asks: [] });
    expect(quoteContext(oneSided, STOIKOV)).toMatchObject({
      microMicros: null,
      estimate: { used: 'weighted_mid', fallback: 'a side of the book is empty' },
    });
  });

  it('keeps the band’s hysteresis: a quote placed at the Stoikov target is in band on the same book', () => {
    const s = snap(WIDE);
    const placed = quotePrice('BUY', s, STOIKOV) ?? 0;
    const review = reviewOrder('BUY', { priceMicros: placed, sizeMicros: 10 * SH }, s, STOIKOV);
    expect(review).toMatchObject({ replace: false, reason: 'in_band' });
    // The book moving up a tick leaves it inside the band plus the margin (half the
    // three-tick spread); two ticks do not.
    const up = (ticks: number): QuoteSnapshot =>
      snap({
        bids: [lvl(500_000 + ticks * TICK, 10 * SH)],
        asks: [lvl(530_000 + ticks * TICK, 90 * SH)],
      });
    const order = { priceMicros: placed, sizeMicros: 10 * SH };
    expect(reviewOrder('BUY', order, up(1), STOIKOV).reason).toBe('in_band');
    expect(reviewOrder('BUY', order, up(2), STOIKOV)).toMatchObject({
      replace: true,
      reason: 'out_of_band',
      target: { priceMicros: 540_000 },
    });
  });

  it('takes the model from a snapshot view that carries one', () => {
    const view = {
      tickMicros: TICK,
      bids: [{ price: 500_000, size: 10 * SH }],
      asks: [{ price: 530_000, size: 90 * SH }],
      stoikov: { model: MODEL },
    };
    expect(quoteSnapshotFromView(view).stoikov).toBe(MODEL);
    expect(quoteSnapshotFromView({ ...view, stoikov: undefined }).stoikov).toBeNull();
  });
});
