import { describe, expect, it } from 'vitest';
import type { OrderQuality } from '@shared/report/execution-report';
import { strategyRows } from './strategy-quality';

const SHARE = 1_000_000;

function quality(overrides: Partial<OrderQuality>): OrderQuality {
  return {
    orderId: 'o',
    strategyType: 'iceberg',
    tokenId: 'tok',
    label: 'tok',
    side: 'BUY',
    state: 'COMPLETED',
    tickMicros: 10_000,
    targetSizeMicros: 10 * SHARE,
    filledSizeMicros: 10 * SHARE,
    fillRatio: 1,
    arrivalMs: 0,
    arrivalMicroPrice: 500_000,
    avgFillPriceMicros: 510_000,
    slippageTicks: 1,
    slippageBps: 200,
    markouts: [],
    timeToFirstFillMs: 1_000,
    timeToFillMs: 1_000,
    replacements: 0,
    replacementReasons: [],
    feesMicros: 0,
    feesEstimated: true,
    fills: [],
    ...overrides,
  };
}

function fillOf(shares: number, slippageTicks: number, markout1s: number | null) {
  return {
    fillKey: `f${shares}`,
    timeMs: 1_000,
    priceMicros: 510_000,
    sizeMicros: shares * SHARE,
    role: 'MAKER' as const,
    status: 'CONFIRMED',
    microPriceAtFill: 500_000,
    slippageTicks,
    markouts: [
      {
        horizonSec: 1,
        microPrice: 505_000,
        ticks: markout1s,
        bps: markout1s === null ? null : markout1s * 100,
      },
    ],
  };
}

describe('strategyRows', () => {
  it('weights by size, takes the median time to fill, sums reasons and fees, rows for all three', () => {
    const orders = [
      quality({
        orderId: 'a',
        fills: [fillOf(10, 1, 2)],
        timeToFillMs: 1_000,
        replacements: 2,
        replacementReasons: [{ reason: 'too_passive', count: 2 }],
        feesMicros: 100,
      }),
      quality({
        orderId: 'b',
        targetSizeMicros: 40 * SHARE,
        filledSizeMicros: 30 * SHARE,
        fills: [fillOf(30, 3, null)],
        timeToFillMs: null,
        replacements: 1,
        replacementReasons: [{ reason: 'too_aggressive', count: 1 }],
        feesMicros: 50,
      }),
      quality({ orderId: 'c', fills: [], filledSizeMicros: 0, timeToFillMs: 5_000 }),
      quality({
        orderId: 'k',
        strategyType: 'kelly',
        fills: [fillOf(5, -1, 1)],
        timeToFillMs: 7_000,
      }),
    ];
    const [iceberg, micro, kelly] = strategyRows(orders, undefined, [1]);
    expect(iceberg).toMatchObject({
      strategyType: 'iceberg',
      orders: 3,
      ordersWithFills: 2,
      fills: 2,
      targetSizeMicros: 60 * SHARE,
      filledSizeMicros: 40 * SHARE,
      fillRatio: 0.6667,
      // (10·1 + 30·3) / 40 ticks; the arrival is 0.50, so a tick is 200 bps.
      slippageTicks: 2.5,
      slippageBps: 500,
      // Only the 10-share fill has a 1 s markout yet.
      markouts: [{ horizonSec: 1, microPrice: null, ticks: 2, bps: 200, measuredFills: 1 }],
      medianTimeToFillMs: 3_000,
      replacements: 3,
      replacementReasons: [
        { reason: 'too_passive', count: 2 },
        { reason: 'too_aggressive', count: 1 },
      ],
      feesMicros: 150,
    });
    expect(micro).toMatchObject({
      strategyType: 'micro_price',
      orders: 0,
      fills: 0,
      fillRatio: 0,
      slippageTicks: null,
      medianTimeToFillMs: null,
      markouts: [{ horizonSec: 1, ticks: null, measuredFills: 0 }],
    });
    expect(kelly).toMatchObject({ orders: 1, slippageTicks: -1, medianTimeToFillMs: 7_000 });
    expect(strategyRows(orders, 'kelly').map((row) => row.strategyType)).toEqual(['kelly']);
  });
});
