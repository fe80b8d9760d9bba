import { describe, expect, it } from 'vitest';
import type { Order, OrderEvent } from '@shared/domain/order';
import type { Side } from '@shared/domain/order-request';
import { Coverage, MicroPriceSeries } from './micro-price-series';
import { orderQuality, type OrderInput, type ReportFill } from './order-quality';

const SHARE = 1_000_000;
const TICK = 10_000;
const FEES = { ratePpm: 20_000, exponent: 1, takerOnly: true };

function order(side: Side, overrides: Partial<Order> = {}): Order {
  return {
    id: 'o1',
    spec: {
      tokenId: 'tok',
      side,
      strategyType: 'micro_price',
      totalSize: 10 * SHARE,
      maxPrice: 990_000,
      minPrice: 10_000,
      urgency: 'MEDIUM',
    } as Order['spec'],
    state: 'COMPLETED',
    createdAt: 10_000,
    updatedAt: 40_000,
    targetSize: 10 * SHARE,
    filled: 10 * SHARE,
    pendingFilled: 0,
    avgPrice: null,
    adjustments: 0,
    arrivalMicroPrice: null,
    exchangeOrders: [],
    ...overrides,
  };
}

function fill(
  key: string,
  timeMs: number,
  price: number,
  shares: number,
  role: 'MAKER' | 'TAKER',
): ReportFill {
  return {
    fillKey: key,
    timeMs,
    priceMicros: price,
    sizeMicros: shares * SHARE,
    role,
    status: 'CONFIRMED',
  };
}

function replaceEvent(seq: number, reason: string): OrderEvent {
  return { seq, orderId: 'o1', at: 15_000 + seq, type: 'replace', state: 'ACTIVE', reason };
}

/** A series covering [0, 85 s] with the given (time, micro-price) changes. */
function seriesOf(points: [number, number][], endMs = 85_000): MicroPriceSeries {
  const coverage = new Coverage();
  coverage.add({ startMs: 0, endMs });
  const series = new MicroPriceSeries('tok', coverage);
  for (const [t, p] of points) series.push(t, p, TICK);
  return series;
}

function input(side: Side, fills: ReportFill[], events: OrderEvent[] = []): OrderInput {
  return { order: order(side), events, fills, tickMicros: TICK, label: 'Q — Yes', fees: FEES };
}

describe('orderQuality', () => {
  // Arrival at 10 s with micro 0.500; fills 4 @ 0.51 at 20 s and 6 @ 0.52 at 30 s.
  const buySeries = () =>
    seriesOf([
      [5_000, 500_000],
      [20_500, 510_000],
      [30_500, 530_000],
      [40_000, 525_000],
      [84_000, 540_000],
    ]);
  const buyFills = [fill('a', 20_000, 510_000, 4, 'TAKER'), fill('b', 30_000, 520_000, 6, 'MAKER')];

  it('measures a BUY: average 0.516, 1.6 ticks and 320 bps of slippage, markouts by size', () => {
    const events = [
      replaceEvent(1, 'replace #1 (too_passive): 0.5 → 0.51'),
      replaceEvent(2, 'replace #2 (too_passive): 0.51 → 0.52, placed before the cancel'),
      replaceEvent(3, 'replace #3 (tick_size_changed): 0.52 → 0.515'),
      { ...replaceEvent(4, 'fill confirmed (trade t)'), type: 'fill' as const },
    ];
    const { quality, notes } = orderQuality(input('BUY', buyFills, events), buySeries());
    expect(notes).toEqual([]);
    expect(quality).toMatchObject({
      arrivalMicroPrice: 500_000,
      avgFillPriceMicros: 516_000,
      slippageTicks: 1.6,
      slippageBps: 320,
      filledSizeMicros: 10 * SHARE,
      fillRatio: 1,
      timeToFirstFillMs: 10_000,
      timeToFillMs: 20_000,
      replacements: 3,
      replacementReasons: [
        { reason: 'too_passive', count: 2 },
        { reason: 'tick_size_changed', count: 1 },
      ],
      // 4 × 0.02 × 0.51 × 0.49 = 0.019992, down to the 0.00001 quantum; the maker fill pays none.
      feesMicros: 19_990,
      feesEstimated: true,
    });
    const [first, second] = quality.fills;
    expect(first).toMatchObject({ microPriceAtFill: 500_000, slippageTicks: 1 });
    expect(second).toMatchObject({ microPriceAtFill: 510_000, slippageTicks: 2 });
    // Fill a: 1 s → 0.510 (0), 10 s → 0.510 (0), 60 s → 0.525 (+1.5 ticks, 0.015 / 0.51).
    expect(first?.markouts).toEqual([
      { horizonSec: 1, microPrice: 510_000, ticks: 0, bps: 0 },
      { horizonSec: 10, microPrice: 510_000, ticks: 0, bps: 0 },
      { horizonSec: 60, microPrice: 525_000, ticks: 1.5, bps: 294.1176 },
    ]);
    // Fill b: 1 s → 0.530 (+1), 10 s → 0.525 (+0.5), 60 s is past the recording's end: pending.
    expect(second?.markouts).toEqual([
      { horizonSec: 1, microPrice: 530_000, ticks: 1, bps: 192.3077 },
      { horizonSec: 10, microPrice: 525_000, ticks: 0.5, bps: 96.1538 },
      { horizonSec: 60, microPrice: null, ticks: null, bps: null },
    ]);
    // Size-weighted: 1 s (4·0 + 6·1)/10, 10 s (4·0 + 6·0.5)/10, 60 s only fill a so far.
    expect(quality.markouts).toEqual([
      { horizonSec: 1, microPrice: null, ticks: 0.6, bps: 115.3846, measuredFills: 2 },
      { horizonSec: 10, microPrice: null, ticks: 0.3, bps: 57.6923, measuredFills: 2 },
      { horizonSec: 60, microPrice: null, ticks: 1.5, bps: 294.1176, measuredFills: 1 },
    ]);
  });

  it('turns the signs for a SELL: selling below the arrival costs, a falling price earns', () => {
    const series = seriesOf([
      [5_000, 500_000],
      [20_500, 490_000],
      [30_500, 470_000],
    ]);
    const fills = [fill('a', 20_000, 490_000, 4, 'MAKER'), fill('b', 30_000, 480_000, 6, 'MAKER')];
    const { quality } = orderQuality(input('SELL', fills), series);
    expect(quality).toMatchObject({
      avgFillPriceMicros: 484_000,
      slippageTicks: 1.6,
      slippageBps: 320,
      feesMicros: 0,
    });
    expect(quality.fills.map((f) => f.markouts[0]?.ticks)).toEqual([0, 1]);
    expect(quality.markouts[0]).toMatchObject({ ticks: 0.6 });
  });

  it('a fill below the arrival is negative slippage for a BUY', () => {
    const { quality } = orderQuality(
      input('BUY', [fill('a', 20_000, 480_000, 10, 'MAKER')]),
      buySeries(),
    );
    expect(quality).toMatchObject({ slippageTicks: -2, slippageBps: -400 });
  });

  it('takes the first book within 5 s after the arrival when none came before it', () => {
    const soon = seriesOf([[12_000, 505_000]]);
    expect(orderQuality(input('BUY', buyFills), soon).quality.arrivalMicroPrice).toBe(505_000);
    const late = seriesOf([[16_000, 505_000]]);
    const result = orderQuality(input('BUY', buyFills), late);
    expect(result.quality).toMatchObject({ arrivalMicroPrice: null, slippageTicks: null });
    expect(result.notes[0]).toMatch(/no recorded book of its token at its arrival/);
  });

  it('without recordings gives fills, ratio, times, replacements and fees; no micro-prices', () => {
    const partial = [fill('a', 20_000, 510_000, 4, 'TAKER')];
    const { quality } = orderQuality(input('BUY', partial), null);
    expect(quality).toMatchObject({
      arrivalMicroPrice: null,
      slippageTicks: null,
      slippageBps: null,
      fillRatio: 0.4,
      avgFillPriceMicros: 510_000,
      timeToFirstFillMs: 10_000,
      timeToFillMs: null,
      feesMicros: 19_990,
    });
    expect(quality.markouts.every((m) => m.ticks === null && m.measuredFills === 0)).toBe(true);
    expect(quality.fills[0]).toMatchObject({ microPriceAtFill: null, slippageTicks: null });
  });

  it('leaves failed trades out', () => {
    const failed = { ...fill('x', 25_000, 600_000, 3, 'TAKER'), status: 'FAILED' };
    const { quality } = orderQuality(input('BUY', [...buyFills, failed]), buySeries());
    expect(quality.fills.map((f) => f.fillKey)).toEqual(['a', 'b']);
    expect(quality.avgFillPriceMicros).toBe(516_000);
  });
});
