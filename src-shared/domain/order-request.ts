import { z } from 'zod';
import {
  MicrosSchema,
  PriceInputSchema,
  PriceMicrosSchema,
  SizeInputSchema,
  UsdcInputSchema,
} from './units';

/**
 * What a user (UI form, CLI, script) asks the daemon to do: the plan's OrderRequest. Prices and
 * sizes arrive as decimal strings and leave the schema as integer micros (`OrderSpec`).
 */

export const SideSchema = z.enum(['BUY', 'SELL']);
export type Side = z.infer<typeof SideSchema>;

export const StrategyTypeSchema = z.enum(['iceberg', 'micro_price', 'kelly']);
export type StrategyType = z.infer<typeof StrategyTypeSchema>;

export const UrgencySchema = z.enum(['LOW', 'MEDIUM', 'HIGH']);
export type Urgency = z.infer<typeof UrgencySchema>;

/** What a stuck order does once it has been stuck for afterSec (see OrderCondition). */
export const StuckActionSchema = z.enum(['wait', 'cancel']);
export type StuckAction = z.infer<typeof StuckActionSchema>;

/**
 * An order that has used its adjustments or sits on a stale book says so at once (its
 * condition); after afterSec of it, `cancel` cancels the order, `wait` keeps it working.
 */
export const WhenStuckSchema = z
  .object({
    afterSec: z.number().min(0).max(86_400).default(60),
    action: StuckActionSchema.default('wait'),
  })
  .strict();
export type WhenStuck = z.output<typeof WhenStuckSchema>;
/** Applies when an order's params leave whenStuck out: wait (the order keeps working). */
export const DEFAULT_WHEN_STUCK: WhenStuck = WhenStuckSchema.parse({});

/**
 * Which micro-price a quote is placed around: the plan's weighted mid, or Stoikov's micro-price
 * (src-shared/math/stoikov.ts, fitted per token by the market monitor). Without a fit for the
 * token, a Stoikov order quotes at the weighted mid and says so in its events.
 */
export const MicroPriceEstimatorSchema = z.enum(['weighted_mid', 'stoikov']);
export type MicroPriceEstimator = z.infer<typeof MicroPriceEstimatorSchema>;

/** The plan's MicroPriceParams. */
export const MicroPriceParamsSchema = z
  .object({
    /**
     * The micro-price quotes and bands are measured from; absent = weighted_mid (see
     * estimatorOf). Optional rather than defaulted, so that params typed before it existed
     * (OrderSpec literals in scripts and tests) stay valid.
     */
    estimator: MicroPriceEstimatorSchema.optional(),
    /** Half-width of the band around micro-price, basis points (at least one tick, see the math). */
    thresholdBps: z.number().int().min(1).max(5_000).default(50),
    /** How often the quote is reviewed, seconds. */
    checkIntervalSec: z.number().min(0.1).max(600).default(2),
    /** Replacements allowed before the quote is left where it is. */
    maxAdjustments: z.number().int().min(0).max(1_000).default(10),
    /** How far ahead of the best other order a quote may stand, basis points. */
    aggressionLimitBps: z.number().int().min(0).max(5_000).default(100),
    /** When stuck (adjustments used up, stale book): cancel or wait after a while; absent = wait. */
    whenStuck: WhenStuckSchema.optional(),
  })
  .strict();
export type MicroPriceParams = z.output<typeof MicroPriceParamsSchema>;
export const DEFAULT_MICRO_PRICE_PARAMS: MicroPriceParams = MicroPriceParamsSchema.parse({});

/** The estimator a set of micro-price params chose: weighted_mid unless it says stoikov. */
export function estimatorOf(params: Pick<MicroPriceParams, 'estimator'>): MicroPriceEstimator {
  return params.estimator ?? 'weighted_mid';
}

/**
 * The estimator an order quotes with: its microPriceParams' (micro-price, passive iceberg
 * clips), or a Kelly order's own microPriceParams'.
 */
export function orderEstimator(spec: {
  microPriceParams?: Pick<MicroPriceParams, 'estimator'> | undefined;
  kellyParams?: { microPriceParams: Pick<MicroPriceParams, 'estimator'> } | undefined;
}): MicroPriceEstimator {
  return estimatorOf(spec.kellyParams?.microPriceParams ?? spec.microPriceParams ?? {});
}

/** Iceberg: only a clip is visible; each fill of the clip is refilled until the total is done. */
export const IcebergParamsSchema = z
  .object({
    /** Visible size of each clip, shares. */
    clipSize: SizeInputSchema,
    /** Each clip varies randomly by up to this share of the clip size, so the refills are less visible. */
    clipJitterPct: z.number().min(0).max(50).default(0),
    /**
     * Absent or false: clips rest passively (post-only), priced and re-priced like micro-price
     * quotes inside the limits (and never beyond targetPrice). True: each clip is sent at
     * targetPrice (or the limit) as it stands, and may take liquidity.
     */
    allowTaking: z.boolean().optional(),
  })
  .strict();
export type IcebergParams = z.output<typeof IcebergParamsSchema>;

/** The plan's KellyParams. */
export const KellyParamsSchema = z
  .object({
    /** The user's probability that the token resolves true. */
    winProbability: z.number().min(0).max(1),
    /** Fractional Kelly λ. */
    kellyFraction: z.number().gt(0).max(1).default(0.25),
    /** Hard cap on the position, shares. */
    maxPositionSize: SizeInputSchema,
    /** Bankroll in USDC; absent = the exchange's collateral balance. */
    bankroll: UsdcInputSchema.optional(),
    /** Recalculate the target every N seconds. */
    recalculateIntervalSec: z.number().min(0.5).max(3_600).default(5),
    /** Replace only when the target size moves by more than this fraction of it. */
    resizeThreshold: z.number().min(0).max(1).default(0.1),
    microPriceParams: MicroPriceParamsSchema.default(DEFAULT_MICRO_PRICE_PARAMS),
  })
  .strict();
export type KellyParams = z.output<typeof KellyParamsSchema>;

export const OrderRequestSchema = z
  .object({
    /** Condition id of the market (optional: the daemon finds it from the token). */
    marketId: z.string().min(1).max(100).optional(),
    tokenId: z.string().regex(/^\d{1,78}$/, 'token id is a decimal number'),
    side: SideSchema,
    strategyType: StrategyTypeSchema,
    /** Shares to trade; required for iceberg and micro-price, computed for Kelly. */
    totalSize: SizeInputSchema.optional(),
    /** Iceberg clips: where they rest (taking), or the price they never go beyond (passive). */
    targetPrice: PriceInputSchema.optional(),
    /** The user's price limits: never buy above maxPrice, never sell below minPrice. */
    maxPrice: PriceInputSchema,
    minPrice: PriceInputSchema,
    icebergParams: IcebergParamsSchema.optional(),
    microPriceParams: MicroPriceParamsSchema.optional(),
    kellyParams: KellyParamsSchema.optional(),
    urgency: UrgencySchema.default('MEDIUM'),
    /**
     * SELL only. Absent or false (the default): only settled shares are sold, never those of a
     * trade that is matched but not yet CONFIRMED (it can still fail). True: our own matched
     * buys of the token count as sellable before they confirm.
     */
    sellUnconfirmed: z.boolean().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const issue = (path: string, message: string): void => {
      ctx.addIssue({ code: 'custom', path: [path], message });
    };
    if (r.minPrice > r.maxPrice) issue('minPrice', 'minPrice must not be above maxPrice');
    if (r.targetPrice !== undefined && (r.targetPrice < r.minPrice || r.targetPrice > r.maxPrice)) {
      issue('targetPrice', 'targetPrice must be inside [minPrice, maxPrice]');
    }
    if (r.strategyType === 'kelly') {
      if (!r.kellyParams) issue('kellyParams', 'Kelly orders need kellyParams');
      if (r.totalSize !== undefined)
        issue('totalSize', 'Kelly orders size themselves: leave totalSize out');
    } else if (r.totalSize === undefined) {
      issue('totalSize', `${r.strategyType} orders need totalSize`);
    }
    if (r.strategyType === 'iceberg') {
      if (!r.icebergParams) issue('icebergParams', 'iceberg orders need icebergParams');
      else if (r.totalSize !== undefined && r.icebergParams.clipSize > r.totalSize) {
        issue('icebergParams.clipSize', 'clipSize must not exceed totalSize');
      }
    }
    if (r.strategyType !== 'iceberg' && r.icebergParams) {
      issue('icebergParams', `icebergParams do not apply to ${r.strategyType} orders`);
    }
    if (r.strategyType !== 'kelly' && r.kellyParams) {
      issue('kellyParams', `kellyParams do not apply to ${r.strategyType} orders`);
    }
    if (r.sellUnconfirmed === true && r.side !== 'SELL') {
      issue('sellUnconfirmed', 'sellUnconfirmed applies to SELL orders only');
    }
  });

/** The request as typed by a user or script (decimal strings). */
export type OrderRequestInput = z.input<typeof OrderRequestSchema>;
/** The request after validation: integer micros throughout. */
export type OrderSpec = z.output<typeof OrderRequestSchema>;

/** OrderSpec as it travels back to clients (already in micros, so no transforms). */
export const OrderSpecSchema = z.object({
  marketId: z.string().optional(),
  tokenId: z.string(),
  side: SideSchema,
  strategyType: StrategyTypeSchema,
  totalSize: MicrosSchema.optional(),
  targetPrice: PriceMicrosSchema.optional(),
  maxPrice: PriceMicrosSchema,
  minPrice: PriceMicrosSchema,
  icebergParams: z
    .object({
      clipSize: MicrosSchema,
      clipJitterPct: z.number(),
      allowTaking: z.boolean().optional(),
    })
    .optional(),
  microPriceParams: MicroPriceParamsSchema.optional(),
  kellyParams: z
    .object({
      winProbability: z.number(),
      kellyFraction: z.number(),
      maxPositionSize: MicrosSchema,
      bankroll: MicrosSchema.optional(),
      recalculateIntervalSec: z.number(),
      resizeThreshold: z.number(),
      microPriceParams: MicroPriceParamsSchema,
    })
    .optional(),
  urgency: UrgencySchema,
  sellUnconfirmed: z.boolean().optional(),
});
