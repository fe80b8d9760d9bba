import { z } from 'zod';

/** zod schemas for every exchange reply and stream event the adapter reads (unknown keys pass). */

const numberish = z.union([z.string(), z.number()]);

export const WireLevelSchema = z.object({ price: z.string(), size: z.string() });

export const RestBookSchema = z.object({
  market: z.string(),
  asset_id: z.string(),
  timestamp: numberish.transform(String),
  hash: z.string(),
  bids: z.array(WireLevelSchema),
  asks: z.array(WireLevelSchema),
  min_order_size: numberish.transform(String),
  tick_size: numberish.transform(String),
  neg_risk: z.boolean(),
  last_trade_price: numberish.transform(String).optional(),
});
export type RestBook = z.infer<typeof RestBookSchema>;

export const MarketTokenSchema = z.object({
  token_id: z.string(),
  outcome: z.string(),
});

export const MarketSchema = z.object({
  condition_id: z.string(),
  question: z.string().default(''),
  market_slug: z.string().default(''),
  tokens: z.array(MarketTokenSchema),
  minimum_tick_size: numberish,
  minimum_order_size: numberish,
  neg_risk: z.boolean().default(false),
  active: z.boolean().default(true),
  closed: z.boolean().default(false),
  accepting_orders: z.boolean().default(true),
});
export type WireMarket = z.infer<typeof MarketSchema>;

export const MarketsPageSchema = z.object({
  next_cursor: z.string(),
  data: z.array(z.unknown()),
});

export const ClobMarketInfoSchema = z.object({
  t: z.array(z.object({ t: z.string(), o: z.string() }).nullable()),
  mts: numberish,
  nr: z.boolean().optional(),
  mos: numberish.optional(),
  fd: z
    .object({ r: z.number().optional(), e: z.number().optional(), to: z.boolean().optional() })
    .optional(),
});

export const TickSizeReplySchema = z.object({ minimum_tick_size: numberish });

export const OrderResponseSchema = z.object({
  success: z.boolean().optional(),
  errorMsg: z.string().optional().default(''),
  orderID: z.string().optional().default(''),
  status: z.string().optional().default(''),
  takingAmount: z.string().optional().default(''),
  makingAmount: z.string().optional().default(''),
  transactionsHashes: z.array(z.string()).nullable().optional(),
  tradeIDs: z.array(z.string()).nullable().optional(),
});

/** What the clob client returns instead of throwing (doc §1.3). */
export const ErrorObjectSchema = z.object({
  error: z.unknown(),
  status: z.number().optional(),
});

export const CancelReplySchema = z.object({
  canceled: z.array(z.string()).nullable().default([]),
  not_canceled: z.record(z.string(), z.unknown()).nullable().default({}),
});

export const OpenOrderSchema = z.object({
  id: z.string(),
  status: z.string(),
  market: z.string(),
  asset_id: z.string(),
  side: z.string(),
  original_size: z.string(),
  size_matched: z.string(),
  price: z.string(),
  associate_trades: z.array(z.string()).nullable().optional(),
  outcome: z.string().default(''),
  created_at: numberish.default(0),
  expiration: numberish.default('0'),
  order_type: z.string().default(''),
});
export type WireOpenOrder = z.infer<typeof OpenOrderSchema>;

export const MakerOrderSchema = z.object({
  order_id: z.string(),
  owner: z.string().default(''),
  maker_address: z.string().default(''),
  matched_amount: z.string(),
  price: z.string(),
  fee_rate_bps: numberish.optional(),
  asset_id: z.string(),
  outcome: z.string().default(''),
  side: z.string().optional(),
});

export const TradeSchema = z.object({
  id: z.string(),
  taker_order_id: z.string(),
  market: z.string(),
  asset_id: z.string(),
  side: z.string(),
  size: z.string(),
  fee_rate_bps: numberish.optional(),
  price: z.string(),
  status: z.string(),
  match_time: numberish.optional(),
  matchtime: numberish.optional(),
  last_update: numberish.optional(),
  outcome: z.string().default(''),
  bucket_index: z.number().default(0),
  owner: z.string().default(''),
  maker_address: z.string().default(''),
  maker_orders: z.array(MakerOrderSchema).default([]),
  transaction_hash: z.string().nullable().optional(),
  trader_side: z.string().optional(),
});
export type WireTrade = z.infer<typeof TradeSchema>;

export const TradesPageSchema = z.object({
  trades: z.array(z.unknown()),
  next_cursor: z.string().optional(),
});

export const BalanceSchema = z.object({
  balance: numberish.transform(String),
  allowances: z.record(z.string(), numberish.transform(String)).optional(),
  allowance: numberish.transform(String).optional(),
});

export const HeartbeatReplySchema = z.object({ heartbeat_id: z.string() });

export const ApiCredsSchema = z.object({
  key: z.string().min(1),
  secret: z.string().min(1),
  passphrase: z.string().min(1),
});

// ── market channel ───────────────────────────────────────────────────────────

export const WsBookSchema = z.object({
  event_type: z.literal('book'),
  asset_id: z.string(),
  market: z.string(),
  bids: z.array(WireLevelSchema).optional(),
  asks: z.array(WireLevelSchema).optional(),
  buys: z.array(WireLevelSchema).optional(),
  sells: z.array(WireLevelSchema).optional(),
  timestamp: numberish.transform(String),
  hash: z.string().default(''),
  min_order_size: numberish.transform(String).optional(),
  tick_size: numberish.transform(String).optional(),
  neg_risk: z.boolean().optional(),
  last_trade_price: numberish.transform(String).optional(),
});
export type WsBook = z.infer<typeof WsBookSchema>;

export const WsPriceChangeSchema = z.object({
  event_type: z.literal('price_change'),
  market: z.string().default(''),
  timestamp: numberish.transform(String),
  price_changes: z.array(
    z.object({
      asset_id: z.string(),
      price: z.string(),
      size: z.string(),
      side: z.string(),
      hash: z.string().optional(),
    }),
  ),
});
export type WsPriceChange = z.infer<typeof WsPriceChangeSchema>;

export const WsTickSizeChangeSchema = z.object({
  event_type: z.literal('tick_size_change'),
  asset_id: z.string(),
  market: z.string().default(''),
  old_tick_size: numberish.transform(String).optional(),
  new_tick_size: numberish.transform(String),
  timestamp: numberish.transform(String).optional(),
});

/** A custom-feature event (custom_feature_enabled): the market resolved. */
export const WsMarketResolvedSchema = z.object({
  event_type: z.literal('market_resolved'),
  market: z.string(),
  assets_ids: z.array(z.string()),
  winning_asset_id: z.string(),
  winning_outcome: z.string().default(''),
  question: z.string().default(''),
  slug: z.string().default(''),
  timestamp: numberish.optional(),
});

export const WsLastTradePriceSchema = z.object({
  event_type: z.literal('last_trade_price'),
  asset_id: z.string(),
  price: z.string(),
});

// ── user channel ─────────────────────────────────────────────────────────────

export const WsUserOrderSchema = z.object({
  event_type: z.literal('order'),
  type: z.string().default(''),
  id: z.string(),
  market: z.string(),
  asset_id: z.string(),
  side: z.string(),
  price: z.string(),
  original_size: z.string(),
  size_matched: z.string(),
  status: z.string().optional(),
  associate_trades: z.array(z.string()).nullable().optional(),
  timestamp: numberish.optional(),
});
export type WsUserOrder = z.infer<typeof WsUserOrderSchema>;

export const WsUserTradeSchema = TradeSchema.extend({ event_type: z.literal('trade') });
