import { z } from 'zod';
import { MicrosSchema, PriceMicrosSchema } from './units';

export const LevelSchema = z.object({ price: PriceMicrosSchema, size: MicrosSchema });
export type LevelView = z.infer<typeof LevelSchema>;

export const MarketTokenSchema = z.object({ tokenId: z.string(), outcome: z.string() });

/** One row of the market list. */
export const MarketListItemSchema = z.object({
  conditionId: z.string(),
  question: z.string(),
  slug: z.string(),
  tokens: z.array(MarketTokenSchema),
  tickMicros: z.number().int().positive(),
  minOrderSizeMicros: MicrosSchema,
  negRisk: z.boolean(),
  /** Best bid/ask/last of the first (YES) token when known, micros. */
  bestBid: PriceMicrosSchema.nullable(),
  bestAsk: PriceMicrosSchema.nullable(),
  lastPrice: PriceMicrosSchema.nullable(),
});
export type MarketListItem = z.infer<typeof MarketListItemSchema>;

export const BookSourceSchema = z.enum(['stream', 'poll', 'rest']);

/** A Stoikov fit as pricing needs it (src-shared/math/stoikov.ts, StoikovModel). */
export const StoikovModelSchema = z.object({
  tickMicros: z.number().int().positive(),
  imbalanceBuckets: z.number().int().min(2),
  maxSpreadTicks: z.number().int().min(1),
  /** G* in ticks, [spreadTicks − 1][bucket]; null where the fit saw the state too rarely. */
  adjustmentTicks: z.array(z.array(z.number().nullable())),
});

/** Stoikov's micro-price of a snapshot's book, beside the plan's weighted mid. */
export const StoikovFigureSchema = z.object({
  /** Integer micros, inside the spread; null when the figure falls back to the weighted mid. */
  microPrice: PriceMicrosSchema.nullable(),
  /** Whether the token has a fit. */
  fitted: z.boolean(),
  /** Why microPrice is null, in words (the fit's own reason when there is no fit). */
  note: z.string().nullable(),
  /** Usable transitions the last fit (or attempt) saw, and how many a fit needs. */
  transitions: z.number().int().min(0),
  minTransitions: z.number().int().min(1),
  /** The fit itself, so quotes can price the book without our own orders; null without one. */
  model: StoikovModelSchema.nullable(),
});
export type StoikovFigure = z.infer<typeof StoikovFigureSchema>;

/** The plan's MarketSnapshot: the book of one token plus micro-price, bands and our orders. */
export const MarketSnapshotSchema = z.object({
  tokenId: z.string(),
  conditionId: z.string(),
  /** Local time the book was last known current, ms. */
  timestamp: z.number().int(),
  ageMs: z.number().int().min(0),
  /** True when the book is older than the staleness limit: strategies pause quoting. */
  stale: z.boolean(),
  source: BookSourceSchema,
  tickMicros: z.number().int().positive(),
  bestBid: PriceMicrosSchema.nullable(),
  bestAsk: PriceMicrosSchema.nullable(),
  spread: z.number().int().nullable(),
  /** Size at the best bid / ask, micro-shares. */
  bidDepth: MicrosSchema,
  askDepth: MicrosSchema,
  microPrice: PriceMicrosSchema.nullable(),
  microPriceUpperBand: PriceMicrosSchema.nullable(),
  microPriceLowerBand: PriceMicrosSchema.nullable(),
  /** Absent from producers without a Stoikov fitter. */
  stoikov: StoikovFigureSchema.optional(),
  /** Top N levels, best first. */
  bids: z.array(LevelSchema),
  asks: z.array(LevelSchema),
  lastTradePrice: PriceMicrosSchema.nullable(),
  /** Our resting orders on this token. */
  ourOrders: z.array(
    z.object({
      orderId: z.string(),
      side: z.enum(['BUY', 'SELL']),
      price: PriceMicrosSchema,
      size: MicrosSchema,
    }),
  ),
});
export type MarketSnapshot = z.infer<typeof MarketSnapshotSchema>;
