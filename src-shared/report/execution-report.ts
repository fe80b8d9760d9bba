import { z } from 'zod';
import { SideSchema, StrategyTypeSchema } from '../domain/order-request';
import { MicrosSchema, PriceMicrosSchema } from '../domain/units';

/**
 * The execution-quality report: how well each order was worked, against the micro-price when it
 * arrived and after each fill. Prices and sizes are integer micros; ratios, ticks and bps are
 * plain numbers (analytics, not money). Signs are the trader's: a positive slippage cost us, a
 * positive markout earned us (the micro-price moved our way after the fill).
 */

/** Markout horizons, seconds after a fill. */
export const MARKOUT_HORIZONS_SEC = [1, 10, 60] as const;

export const MarkoutSchema = z.object({
  horizonSec: z.number().int().positive(),
  /** Micro-price that long after the fill; null when the recording does not reach that far yet. */
  microPrice: PriceMicrosSchema.nullable(),
  /** (micro later − fill price) for a BUY, (fill price − micro later) for a SELL, in ticks. */
  ticks: z.number().nullable(),
  bps: z.number().nullable(),
  /**
   * Order and strategy rows (size-weighted over fills): how many fills had a figure at this
   * horizon; the others are pending. Absent on a single fill's markout.
   */
  measuredFills: z.number().int().min(0).optional(),
});
export type Markout = z.infer<typeof MarkoutSchema>;

export const FillQualitySchema = z.object({
  fillKey: z.string(),
  timeMs: z.number().int(),
  priceMicros: PriceMicrosSchema,
  sizeMicros: MicrosSchema,
  role: z.enum(['MAKER', 'TAKER']).nullable(),
  status: z.string(),
  /** Micro-price when the fill happened. */
  microPriceAtFill: PriceMicrosSchema.nullable(),
  /** This fill's price against the order's arrival micro-price, ticks (positive = cost). */
  slippageTicks: z.number().nullable(),
  markouts: z.array(MarkoutSchema),
});
export type FillQuality = z.infer<typeof FillQualitySchema>;

export const ReplacementReasonSchema = z.object({ reason: z.string(), count: z.number().int() });

export const OrderQualitySchema = z.object({
  orderId: z.string(),
  strategyType: StrategyTypeSchema,
  tokenId: z.string(),
  /** Market question and outcome name where known. */
  label: z.string(),
  side: SideSchema,
  state: z.string(),
  tickMicros: MicrosSchema,
  targetSizeMicros: MicrosSchema,
  filledSizeMicros: MicrosSchema,
  /** filled ÷ target, 0..1. */
  fillRatio: z.number().min(0),
  /** When the order was accepted by the daemon. */
  arrivalMs: z.number().int(),
  arrivalMicroPrice: PriceMicrosSchema.nullable(),
  /** Size-weighted average fill price, rounded to the micro; null without fills. */
  avgFillPriceMicros: PriceMicrosSchema.nullable(),
  /** Average fill against arrival micro-price: ticks and basis points (positive = cost). */
  slippageTicks: z.number().nullable(),
  slippageBps: z.number().nullable(),
  /** Size-weighted over the order's fills, per horizon. */
  markouts: z.array(MarkoutSchema),
  timeToFirstFillMs: z.number().int().nullable(),
  /** Arrival to the last fill of an order that filled completely; null otherwise. */
  timeToFillMs: z.number().int().nullable(),
  replacements: z.number().int().min(0),
  replacementReasons: z.array(ReplacementReasonSchema),
  feesMicros: MicrosSchema,
  /** True when fees are estimated from the market's fee rate (fills carry none). */
  feesEstimated: z.boolean(),
  fills: z.array(FillQualitySchema),
});
export type OrderQuality = z.infer<typeof OrderQualitySchema>;

export const StrategyQualitySchema = z.object({
  strategyType: StrategyTypeSchema,
  orders: z.number().int().min(0),
  ordersWithFills: z.number().int().min(0),
  fills: z.number().int().min(0),
  targetSizeMicros: MicrosSchema,
  filledSizeMicros: MicrosSchema,
  fillRatio: z.number().min(0),
  /** Size-weighted over the strategy's fills. */
  slippageTicks: z.number().nullable(),
  slippageBps: z.number().nullable(),
  markouts: z.array(MarkoutSchema),
  medianTimeToFillMs: z.number().int().nullable(),
  replacements: z.number().int().min(0),
  replacementReasons: z.array(ReplacementReasonSchema),
  feesMicros: MicrosSchema,
});
export type StrategyQuality = z.infer<typeof StrategyQualitySchema>;

export const EstimatorNameSchema = z.enum(['mid', 'weighted_mid', 'stoikov']);

/** Out-of-sample error at predicting the mid N top-of-book events ahead, in ticks. */
export const EstimatorComparisonSchema = z.object({
  /** Top-of-book events the estimators were tested on (after the fit's share). */
  testEvents: z.number().int().min(0),
  trainEvents: z.number().int().min(0),
  horizons: z.array(
    z.object({
      horizonEvents: z.number().int().positive(),
      rows: z.array(
        z.object({
          estimator: EstimatorNameSchema,
          samples: z.number().int().min(0),
          maeTicks: z.number(),
          rmseTicks: z.number(),
          /** rmse ÷ the plain mid's rmse (below 1 is better than the mid). */
          ratioToMid: z.number().nullable(),
        }),
      ),
      /** Test points where the Stoikov fit had no estimate and the weighted mid stood in. */
      stoikovFallbacks: z.number().int().min(0),
    }),
  ),
  /** Why the comparison is thin or Stoikov fell back, as sentences. */
  notes: z.array(z.string()),
});
export type EstimatorComparison = z.infer<typeof EstimatorComparisonSchema>;

/**
 * One token's recorded micro-price over its orders' span (5 s before the first arrival to 60 s
 * after the last fill), thinned to at most 500 points for a chart; the fills are the orders'.
 */
export const PriceTraceSchema = z.object({
  tokenId: z.string(),
  points: z.array(z.object({ timeMs: z.number().int(), microPrice: PriceMicrosSchema })),
});

export const ExecutionReportSchema = z.object({
  generatedAtMs: z.number().int(),
  /** Where the micro-prices came from, e.g. the session recordings read. */
  source: z.string(),
  orders: z.array(OrderQualitySchema),
  strategies: z.array(StrategyQualitySchema),
  estimators: EstimatorComparisonSchema.nullable(),
  traces: z.array(PriceTraceSchema),
  /** What the report could not measure and why, as sentences. */
  notes: z.array(z.string()),
});
export type ExecutionReport = z.infer<typeof ExecutionReportSchema>;

export const ReportParamsSchema = z
  .object({
    /** Only these orders (default: every order with history in the store). */
    orderIds: z.array(z.string().min(1).max(100)).max(1_000).optional(),
    /** Only orders that arrived at or after this time (ms since the epoch). */
    sinceMs: z.number().int().min(0).optional(),
    strategyType: StrategyTypeSchema.optional(),
  })
  .strict();
export type ReportParams = z.infer<typeof ReportParamsSchema>;
