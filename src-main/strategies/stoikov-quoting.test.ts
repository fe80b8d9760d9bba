import { describe, expect, it } from 'vitest';
import type { MarketSnapshot, StoikovFigure } from '@shared/domain/market';
import type { Order } from '@shared/domain/order';
import { DEFAULT_MICRO_PRICE_PARAMS } from '@shared/domain/order-request';
import type { MicroPriceParams, OrderSpec } from '@shared/domain/order-request';
import { quoteSnapshotFromView } from '@shared/math/quote-rules';
import type { StoikovModel } from '@shared/math/stoikov';
import { MicroPriceStrategy } from './micro-price-strategy';
import type { ExecutionContext } from './strategy';

const SHARE = 1_000_000;
const TICK = 10_000;

/** Ask-heavy books three ticks wide are worth a tick above their mid. */
const MODEL: StoikovModel = {
  tickMicros: TICK,
  imbalanceBuckets: 3,
  maxSpreadTicks: 3,
  adjustmentTicks: [
    [0, 0, 0],
    [0, 0, 0],
    [1, 0, -1],
  ],
};

const FITTING: StoikovFigure = {
  microPrice: null,
  fitted: false,
  note: 'too little data to fit (62 usable transitions, fewer than the 100 needed)',
  transitions: 62,
  minTransitions: 100,
  model: null,
};
const FITTED: StoikovFigure = {
  microPrice: 525_000,
  fitted: true,
  note: null,
  transitions: 140,
  minTransitions: 100,
  model: MODEL,
};

/** 0.50 × 10 / 0.53 × 90: the weighted mid is 0.503, Stoikov's micro-price 0.525. */
function snapshot(stoikov: StoikovFigure | undefined): MarketSnapshot {
  return {
    tokenId: '111',
    conditionId: '0xc0',
    timestamp: 0,
    ageMs: 0,
    stale: false,
    source: 'stream',
    tickMicros: TICK,
    bestBid: 500_000,
    bestAsk: 530_000,
    spread: 30_000,
    bidDepth: 10 * SHARE,
    askDepth: 90 * SHARE,
    microPrice: 503_000,
    microPriceUpperBand: 513_000,
    microPriceLowerBand: 493_000,
    bids: [{ price: 500_000, size: 10 * SHARE }],
    asks: [{ price: 530_000, size: 90 * SHARE }],
    lastTradePrice: null,
    ourOrders: [],
    ...(stoikov && { stoikov }),
  };
}

/** A context whose placements do not rest: every step places again, at the price it chose. */
function fakeContext(book: { current: MarketSnapshot }) {
  const log = { notes: [] as string[], placed: [] as { price: number; reason: string }[] };
  const spec: OrderSpec = {
    tokenId: '111',
    side: 'BUY',
    strategyType: 'micro_price',
    totalSize: 50 * SHARE,
    minPrice: 400_000,
    maxPrice: 600_000,
    urgency: 'MEDIUM',
  };
  const ctx = {
    order: { adjustments: 0 } as Order,
    spec,
    rules: {
      conditionId: '0xc0',
      tickMicros: TICK,
      minOrderSizeMicros: 5 * SHARE,
      takerFeeRate: 0,
    },
    now: () => 0,
    snapshot: () => book.current,
    quoteSnapshot: (s: MarketSnapshot) => quoteSnapshotFromView(s, 5 * SHARE),
    working: () => [],
    uncommitted: () => 50 * SHARE,
    place: (price: number, _size: number, reason: string) => {
      log.placed.push({ price, reason });
      return Promise.resolve(null);
    },
    note: (reason: string) => log.notes.push(reason),
    setCondition: () => undefined,
    stop: () => undefined,
  } as unknown as ExecutionContext;
  return { ctx, log };
}

const STOIKOV: MicroPriceParams = {
  ...DEFAULT_MICRO_PRICE_PARAMS,
  estimator: 'stoikov',
  aggressionLimitBps: 1_000,
};

describe('a micro-price order that chose Stoikov', () => {
  it('quotes at the weighted mid with one note until the fit arrives, then at Stoikov with another', async () => {
    const book = { current: snapshot(FITTING) };
    const { ctx, log } = fakeContext(book);
    const strategy = new MicroPriceStrategy(STOIKOV, 1_000);
    await strategy.step(ctx);
    await strategy.step(ctx);
    expect(log.notes).toEqual([
      'stoikov: too little data to fit (62 usable transitions, fewer than the 100 needed), quoting at the weighted mid',
    ]);
    expect(log.placed).toEqual([
      { price: 500_000, reason: 'quote near micro-price' },
      { price: 500_000, reason: 'quote near micro-price' },
    ]);
    book.current = snapshot(FITTED);
    await strategy.step(ctx);
    await strategy.step(ctx);
    expect(log.notes).toHaveLength(2);
    expect(log.notes[1]).toBe(
      "stoikov: fitted on 140 transitions, quoting at Stoikov's micro-price",
    );
    expect(log.placed.slice(2)).toEqual([
      { price: 520_000, reason: "quote near Stoikov's micro-price" },
      { price: 520_000, reason: "quote near Stoikov's micro-price" },
    ]);
  });

  it('says so when the market has no Stoikov figure at all', async () => {
    const { ctx, log } = fakeContext({ current: snapshot(undefined) });
    await new MicroPriceStrategy(STOIKOV, 1_000).step(ctx);
    expect(log.notes).toEqual([
      'stoikov: this market has no Stoikov fitter, quoting at the weighted mid',
    ]);
    expect(log.placed[0]?.price).toBe(500_000);
  });

  it('leaves a weighted-mid order alone, fit or no fit', async () => {
    const { ctx, log } = fakeContext({ current: snapshot(FITTED) });
    const params = { ...STOIKOV, estimator: 'weighted_mid' as const };
    await new MicroPriceStrategy(params, 1_000).step(ctx);
    expect(log.notes).toEqual([]);
    expect(log.placed).toEqual([{ price: 500_000, reason: 'quote near micro-price' }]);
  });
});
