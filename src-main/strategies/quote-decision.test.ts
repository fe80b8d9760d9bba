import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MarketSnapshot } from '@shared/domain/market';
import { DEFAULT_MICRO_PRICE_PARAMS } from '@shared/domain/order-request';
import { quoteSnapshotFromView } from '@shared/math/quote-rules';
import { decideQuote } from './quote-decision';
import type { QuoteInput, WorkingQuote } from './quote-decision';

const SHARE = 1_000_000;

function snapshot(
  bids: [number, number][],
  asks: [number, number][],
  stale = false,
): MarketSnapshot {
  return {
    tokenId: '111',
    conditionId: '0xc0',
    timestamp: 0,
    ageMs: 0,
    stale,
    source: 'stream',
    tickMicros: 10_000,
    bestBid: bids[0]?.[0] ?? null,
    bestAsk: asks[0]?.[0] ?? null,
    spread: null,
    bidDepth: 0,
    askDepth: 0,
    microPrice: null,
    microPriceUpperBand: null,
    microPriceLowerBand: null,
    bids: bids.map(([price, shares]) => ({ price, size: shares * SHARE })),
    asks: asks.map(([price, shares]) => ({ price, size: shares * SHARE })),
    lastTradePrice: null,
    ourOrders: [],
  };
}

function input(
  snap: MarketSnapshot,
  working: WorkingQuote[] = [],
  overrides: Partial<QuoteInput> = {},
): QuoteInput {
  const own = working.map((order) => ({
    side: 'BUY' as const,
    price: order.priceMicros,
    size: order.openMicros,
  }));
  return {
    side: 'BUY',
    snapshot: snap,
    quote: quoteSnapshotFromView({ ...snap, ourOrders: own }, 0),
    params: DEFAULT_MICRO_PRICE_PARAMS,
    minPriceMicros: 400_000,
    maxPriceMicros: 600_000,
    minOrderSizeMicros: 5 * SHARE,
    working,
    uncommittedMicros: working.length === 0 ? 100 * SHARE : 0,
    adjustments: 0,
    sizeTolerance: 0.1,
    ...overrides,
  };
}

const live = (price: number, shares = 100): WorkingQuote => ({
  id: 'e1',
  state: 'LIVE',
  priceMicros: price,
  openMicros: shares * SHARE,
});

describe('decideQuote', () => {
  const book = snapshot([[480_000, 100]], [[520_000, 100]]);

  it('quotes a bid passively at or below micro-price', () => {
    const decision = decideQuote(input(book));
    expect(decision).toMatchObject({
      action: 'place',
      priceMicros: 490_000,
      sizeMicros: 100 * SHARE,
    });
  });

  it('cancels the older of two resting orders (a replacement placed before its cancel went out)', () => {
    const older = { ...live(480_000, 10), id: 'e1' };
    const newer = { ...live(490_000, 10), id: 'e2' };
    expect(decideQuote(input(book, [older, newer]))).toMatchObject({
      action: 'cancel',
      orderId: 'e1',
    });
    expect(decideQuote(input(book, [newer])).action).not.toBe('cancel');
  });

  it('never places on a stale book, and marks the order stuck on it', () => {
    expect(decideQuote(input(snapshot([[480_000, 100]], [[520_000, 100]], true)))).toMatchObject({
      action: 'wait',
      reason: 'book stale: quoting paused',
      stuck: 'STALE_BOOK',
    });
    expect(decideQuote(input(book)).action === 'place').toBe(true);
  });

  it('on a thin book, keeps the quote the aggression cap placed while the bid wobbles a tick', () => {
    // 0.27 / 0.35: micro 0.31, the cap holds the bid at 0.28, outside the band [0.30, 0.32].
    const limits = { minPriceMicros: 200_000, maxPriceMicros: 400_000 };
    const first = snapshot([[270_000, 40]], [[350_000, 40]]);
    expect(decideQuote(input(first, [], limits))).toMatchObject({
      action: 'place',
      priceMicros: 280_000,
    });
    // The book as it shows with our 30 shares at 0.28, the other bid at 0.27, then at 0.28.
    const below = snapshot(
      [
        [280_000, 30],
        [270_000, 40],
      ],
      [[350_000, 40]],
    );
    const joined = snapshot([[280_000, 70]], [[360_000, 40]]);
    for (const snap of [below, joined, below, joined]) {
      expect(decideQuote(input(snap, [live(280_000, 30)], limits))).toMatchObject({
        action: 'keep',
        reason: 'in_band',
      });
    }
  });

  it('keeps an in-band quote and replaces one that micro-price has left', () => {
    expect(decideQuote(input(book, [live(490_000)]))).toMatchObject({ action: 'keep' });
    const moved = snapshot([[560_000, 100]], [[580_000, 100]]);
    expect(decideQuote(input(moved, [live(490_000)]))).toMatchObject({
      action: 'replace',
      reason: 'out_of_band',
      priceMicros: 570_000,
    });
  });

  it('replaces a quote that stands too far ahead of the best other bid', () => {
    const thin = snapshot([[450_000, 100]], [[560_000, 10]]);
    const decision = decideQuote(input(thin, [live(540_000)]));
    expect(decision).toMatchObject({ action: 'replace', reason: 'too_aggressive' });
    if (decision.action === 'replace') expect(decision.priceMicros).toBeLessThan(540_000);
  });

  it('stops adjusting after maxAdjustments', () => {
    const moved = snapshot([[560_000, 100]], [[580_000, 100]]);
    expect(
      decideQuote(
        input(moved, [live(490_000)], {
          params: { ...DEFAULT_MICRO_PRICE_PARAMS, maxAdjustments: 2 },
          adjustments: 2,
        }),
      ),
    ).toMatchObject({
      action: 'keep',
      reason: 'max adjustments (2) reached',
      stuck: 'ADJUSTMENTS_EXHAUSTED',
    });
  });

  it('moves a quote that a tick size change left off the grid', () => {
    const decision = decideQuote(input(book, [live(495_000)]));
    expect(decision).toMatchObject({
      action: 'replace',
      reason: 'tick_size_changed',
      priceMicros: 490_000,
    });
  });

  it('waits while an order is not settled (unanswered submit or cancel in flight)', () => {
    const pending: WorkingQuote = { ...live(490_000), state: 'PENDING_NEW' };
    expect(decideQuote(input(book, [pending]))).toMatchObject({ action: 'wait' });
  });

  it('cancels the quote when the target shrank below what is filled and working', () => {
    expect(
      decideQuote(input(book, [live(490_000, 10)], { uncommittedMicros: -10 * SHARE })),
    ).toMatchObject({
      action: 'cancel',
    });
  });

  it('never quotes outside the limits, never crosses, and stays on the grid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 97 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 98 }),
        fc.integer({ min: 0, max: 20 }),
        fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'),
        (bidTicks, spreadTicks, bidSize, askSize, lowTicks, widthTicks, side) => {
          const bid = bidTicks * 10_000;
          const ask = Math.min(990_000, bid + spreadTicks * 10_000);
          if (ask <= bid) return;
          const low = lowTicks * 10_000;
          const high = Math.min(990_000, low + widthTicks * 10_000);
          const snap = snapshot([[bid, bidSize]], [[ask, askSize]]);
          const decision = decideQuote({
            ...input(snap),
            side,
            minPriceMicros: low,
            maxPriceMicros: high,
          });
          if (decision.action !== 'place') return;
          expect(decision.priceMicros % 10_000).toBe(0);
          expect(decision.priceMicros).toBeGreaterThanOrEqual(low);
          expect(decision.priceMicros).toBeLessThanOrEqual(high);
          if (side === 'BUY') expect(decision.priceMicros).toBeLessThan(ask);
          else expect(decision.priceMicros).toBeGreaterThan(bid);
        },
      ),
      { numRuns: 300 },
    );
  });
});
