import type {
  ExecutionReport,
  FillQuality,
  Markout,
  OrderQuality,
} from '@shared/report/execution-report';
import { ExecutionReportSchema } from '@shared/report/execution-report';

/** Test data for the report's components: two strategies with orders, Kelly without. */

export const SHARE = 1_000_000;
export const T0 = 1_700_000_000_000;
export const ICEBERG_ORDER = 'ord-ice';
export const MICRO_ORDER = 'ord-micro';
export const TOKEN = '1111111111';

function markout(horizonSec: number, ticks: number | null, microPrice: number | null): Markout {
  return { horizonSec, microPrice, ticks, bps: ticks === null ? null : ticks * 19.4 };
}

function fill(over: Partial<FillQuality> & Pick<FillQuality, 'fillKey'>): FillQuality {
  return {
    timeMs: T0 + 1_000,
    priceMicros: 520_000,
    sizeMicros: 5 * SHARE,
    role: 'TAKER',
    status: 'CONFIRMED',
    microPriceAtFill: 517_000,
    slippageTicks: 0.5,
    markouts: [markout(1, 0, 520_000), markout(10, 0.5, 525_000), markout(60, 1, 530_000)],
    ...over,
  };
}

/** An iceberg BUY of 15 in three clips: 0.52, 0.52, 0.53 against an arrival micro of 0.515. */
export function icebergOrder(over: Partial<OrderQuality> = {}): OrderQuality {
  return {
    orderId: ICEBERG_ORDER,
    strategyType: 'iceberg',
    tokenId: TOKEN,
    label: 'Will the Fed cut rates at the December meeting? · Yes',
    side: 'BUY',
    state: 'COMPLETED',
    tickMicros: 10_000,
    targetSizeMicros: 15 * SHARE,
    filledSizeMicros: 15 * SHARE,
    fillRatio: 1,
    arrivalMs: T0,
    arrivalMicroPrice: 515_000,
    avgFillPriceMicros: 523_333,
    slippageTicks: 0.8333,
    slippageBps: 161.8,
    markouts: [markout(1, -0.25, 521_000), markout(10, 0.4, 527_000), markout(60, 0.9, 532_000)],
    timeToFirstFillMs: 850,
    timeToFillMs: 4_200,
    replacements: 3,
    replacementReasons: [
      { reason: 'clip refilled', count: 2 },
      { reason: 'price left the band', count: 1 },
    ],
    feesMicros: 120_000,
    feesEstimated: true,
    fills: [
      fill({ fillKey: 'f1', timeMs: T0 + 850, microPriceAtFill: 516_000 }),
      fill({ fillKey: 'f2', timeMs: T0 + 2_000 }),
      fill({
        fillKey: 'f3',
        timeMs: T0 + 4_200,
        priceMicros: 530_000,
        microPriceAtFill: 526_000,
        slippageTicks: 1.5,
        sizeMicros: 5 * SHARE,
      }),
    ],
    ...over,
  };
}

/** A micro-price SELL of 10, 4 filled at 0.49 above an arrival micro of 0.48 (a gain). */
export function microOrder(over: Partial<OrderQuality> = {}): OrderQuality {
  return {
    orderId: MICRO_ORDER,
    strategyType: 'micro_price',
    tokenId: TOKEN,
    label: 'Will the Fed cut rates at the December meeting? · Yes',
    side: 'SELL',
    state: 'ACTIVE',
    tickMicros: 10_000,
    targetSizeMicros: 10 * SHARE,
    filledSizeMicros: 4 * SHARE,
    fillRatio: 0.4,
    arrivalMs: T0 + 10_000,
    arrivalMicroPrice: 480_000,
    avgFillPriceMicros: 490_000,
    slippageTicks: -1,
    slippageBps: -208.3,
    markouts: [markout(1, 0.5, 485_000), markout(10, null, null), markout(60, null, null)],
    timeToFirstFillMs: 12_500,
    timeToFillMs: null,
    replacements: 0,
    replacementReasons: [],
    feesMicros: 0,
    feesEstimated: false,
    fills: [
      fill({
        fillKey: 'f4',
        timeMs: T0 + 22_500,
        priceMicros: 490_000,
        sizeMicros: 4 * SHARE,
        role: 'MAKER',
        microPriceAtFill: 487_000,
        slippageTicks: -1,
        markouts: [markout(1, 0.5, 485_000), markout(10, null, null), markout(60, null, null)],
      }),
    ],
    ...over,
  };
}

export function reportFixture(over: Partial<ExecutionReport> = {}): ExecutionReport {
  return ExecutionReportSchema.parse({
    generatedAtMs: T0 + 90_000,
    source: 'session recordings (2 files)',
    orders: [icebergOrder(), microOrder()],
    strategies: [
      {
        strategyType: 'iceberg',
        orders: 1,
        ordersWithFills: 1,
        fills: 3,
        targetSizeMicros: 15 * SHARE,
        filledSizeMicros: 15 * SHARE,
        fillRatio: 1,
        slippageTicks: 0.8333,
        slippageBps: 161.8,
        markouts: [
          markout(1, -0.25, 521_000),
          markout(10, 0.4, 527_000),
          markout(60, 0.9, 532_000),
        ],
        medianTimeToFillMs: 4_200,
        replacements: 3,
        replacementReasons: [
          { reason: 'clip refilled', count: 2 },
          { reason: 'price left the band', count: 1 },
        ],
        feesMicros: 120_000,
      },
      {
        strategyType: 'micro_price',
        orders: 1,
        ordersWithFills: 1,
        fills: 1,
        targetSizeMicros: 10 * SHARE,
        filledSizeMicros: 4 * SHARE,
        fillRatio: 0.4,
        slippageTicks: -1,
        slippageBps: -208.3,
        markouts: [markout(1, 0.5, 485_000), markout(10, null, null), markout(60, null, null)],
        medianTimeToFillMs: null,
        replacements: 0,
        replacementReasons: [],
        feesMicros: 0,
      },
    ],
    estimators: {
      testEvents: 700,
      trainEvents: 300,
      horizons: [
        {
          horizonEvents: 1,
          rows: [
            { estimator: 'mid', samples: 699, maeTicks: 0.21, rmseTicks: 0.402, ratioToMid: 1 },
            {
              estimator: 'weighted_mid',
              samples: 699,
              maeTicks: 0.18,
              rmseTicks: 0.35,
              ratioToMid: 0.8706,
            },
            {
              estimator: 'stoikov',
              samples: 699,
              maeTicks: 0.17,
              rmseTicks: 0.33,
              ratioToMid: 0.8209,
            },
          ],
          stoikovFallbacks: 12,
        },
        {
          horizonEvents: 10,
          rows: [
            { estimator: 'mid', samples: 690, maeTicks: 0.6, rmseTicks: 0.9, ratioToMid: 1 },
            {
              estimator: 'weighted_mid',
              samples: 690,
              maeTicks: 0.61,
              rmseTicks: 0.95,
              ratioToMid: 1.0556,
            },
            {
              estimator: 'stoikov',
              samples: 690,
              maeTicks: 0.58,
              rmseTicks: 0.88,
              ratioToMid: null,
            },
          ],
          stoikovFallbacks: 3,
        },
      ],
      notes: ['Stoikov fell back to the weighted mid where an imbalance bucket had no history.'],
    },
    traces: [
      {
        tokenId: TOKEN,
        points: [
          { timeMs: T0 - 20_000, microPrice: 500_000 },
          { timeMs: T0 - 1_000, microPrice: 514_000 },
          { timeMs: T0 + 1_000, microPrice: 517_000 },
          { timeMs: T0 + 4_000, microPrice: 526_000 },
          { timeMs: T0 + 30_000, microPrice: 488_000 },
          { timeMs: T0 + 200_000, microPrice: 470_000 },
        ],
      },
    ],
    notes: ['Markouts at 60 s need a minute of recording after the fill.'],
    ...over,
  });
}
