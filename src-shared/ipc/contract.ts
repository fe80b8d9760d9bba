import { z } from 'zod';
import { MarketListItemSchema, MarketSnapshotSchema } from '../domain/market';
import { OrderEventSchema, OrderSchema } from '../domain/order';
import { OrderRequestSchema } from '../domain/order-request';
import { MicrosSchema, PriceMicrosSchema } from '../domain/units';
import {
  HeartbeatStateSchema,
  LiveEnableSchema,
  LiveSetupSchema,
  LiveStatusSchema,
} from '../domain/live';
import { RiskSettingsSchema, RiskSettingsUpdateSchema } from '../domain/risk-settings';
import { EventInfoSchema, MarketInfoSchema } from '../domain/gamma';
import { ExecutionReportSchema, ReportParamsSchema } from '../report/execution-report';

/**
 * The one typed contract between the renderer (or CLI) and the host. Both transports (Electron IPC
 * and the loopback web transport) and the renderer's client are built from these definitions.
 * A call is request → reply; an event is pushed by the host to every connected client.
 */

export const ModeSchema = z.enum(['PAPER', 'LIVE']);
export type Mode = z.infer<typeof ModeSchema>;

/** State of the link to the exchange (the emulator in paper mode, Polymarket in live mode). */
export const ConnectionStateSchema = z.enum(['connecting', 'connected', 'degraded', 'down']);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

const NoParams = z.object({}).strict();

export const AppInfoSchema = z.object({
  name: z.literal('Polydesk'),
  version: z.string(),
  mode: ModeSchema,
  startedAt: z.number().int(),
  uptimeMs: z.number().int().nonnegative(),
  exchangeUrl: z.string(),
  /** True when the config file could not be used: orders are refused (READ_ONLY) this run. */
  readOnly: z.boolean().default(false),
  /** Config problems, as sentences; the read-only reason first when there is one. */
  problems: z.array(z.string()).default([]),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** State of the market-data stream as a whole (worst of the watched books). */
export const StreamStateSchema = z.enum([
  'connecting',
  'live',
  'stalled',
  'resyncing',
  'polling',
  'down',
  'idle',
]);
export type StreamState = z.infer<typeof StreamStateSchema>;

export const DaemonHealthSchema = z.object({
  status: z.enum(['starting', 'ok', 'degraded', 'stopping']),
  mode: ModeSchema,
  uptimeMs: z.number().int().nonnegative(),
  connection: ConnectionStateSchema,
  clients: z.number().int().nonnegative(),
  /** The order daemon's worker pool and queue; null while it is not running. */
  workers: z.object({ busy: z.number().int().min(0), idle: z.number().int().min(0) }).nullable(),
  queueDepth: z.number().int().min(0),
  activeOrders: z.number().int().min(0),
  stream: StreamStateSchema,
  /** Age of the oldest watched book, ms; null when no book is watched. */
  oldestBookAgeMs: z.number().int().min(0).nullable(),
  /** Orders can be submitted: false in read-only mode and in LIVE without an unlocked key. */
  canTrade: z.boolean(),
  /** The exchange heartbeat (dead-man switch): on in live trading, 'off' otherwise. */
  heartbeat: HeartbeatStateSchema,
  /** A switch between PAPER and LIVE is under way: trading calls wait it out or fail. */
  switching: z.boolean(),
});
export type DaemonHealth = z.infer<typeof DaemonHealthSchema>;

/** Pushed once a second and on every change: what the status bar shows. */
export const AppStatusEventSchema = DaemonHealthSchema.extend({ at: z.number().int() });
export type AppStatusEvent = z.infer<typeof AppStatusEventSchema>;

export const AccountSummarySchema = z.object({
  /** Collateral (pUSD) balance, micro-USDC; null when the account cannot be read (no key). */
  collateral: MicrosSchema.nullable(),
  /** Outcome-token holdings of watched or traded tokens, micro-shares. */
  positions: z.array(z.object({ tokenId: z.string(), size: MicrosSchema })),
});
export type AccountSummary = z.infer<typeof AccountSummarySchema>;

export const LogLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
export type LogLevel = z.infer<typeof LogLevelSchema>;

/** One line of the host log as the UI shows it. */
export const LogEntrySchema = z.object({
  time: z.number().int(),
  level: LogLevelSchema,
  msg: z.string(),
  orderId: z.string().optional(),
  /** The line's other fields as JSON, secrets redacted. */
  fields: z.string(),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

export const MAX_LOG_LINES = 500;

const TokenParams = z
  .object({ tokenId: z.string().regex(/^\d{1,78}$/, 'token id is a decimal number') })
  .strict();
const OrderIdParams = z.object({ orderId: z.string().min(1).max(100) }).strict();

/** A signed amount in micros (P&L, differences): a safe integer, negative allowed. */
const SignedMicrosSchema = z
  .number()
  .int()
  .min(-Number.MAX_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER);
const TradeSideSchema = z.enum(['BUY', 'SELL']);

/**
 * A position's market has resolved: what its shares pay (1 pUSD per winning share, 0 per losing
 * one) and how they are redeemed. `note` says, in live mode, that Polydesk does not redeem.
 */
export const PositionResolutionSchema = z.object({
  winningOutcome: z.string(),
  won: z.boolean(),
  /** What the shares held pay on redeem, micro-pUSD. */
  payoutMicros: MicrosSchema,
  /** Shares are held: a redeem would burn them (and credit the payout). */
  redeemable: z.boolean(),
  redeemVia: z.enum(['paper-exchange', 'not-submitted']),
  note: z.string().nullable(),
});
export type PositionResolution = z.infer<typeof PositionResolutionSchema>;

/**
 * One token's position out of our fills (src-shared/portfolio Position), valued at its marks,
 * with the market it belongs to and the exchange's own balance beside it. Integer micros.
 */
export const PortfolioPositionSchema = z.object({
  tokenId: z.string(),
  conditionId: z.string().nullable(),
  question: z.string().nullable(),
  outcome: z.string().nullable(),
  /** Shares once every live fill settles. */
  heldMicros: MicrosSchema,
  /** Net shares of CONFIRMED fills. */
  confirmedMicros: SignedMicrosSchema,
  pendingBuyMicros: MicrosSchema,
  pendingSellMicros: MicrosSchema,
  pendingSellProceedsMicros: SignedMicrosSchema,
  costBasisMicros: MicrosSchema,
  avgCostMicros: MicrosSchema.nullable(),
  realizedPnlMicros: SignedMicrosSchema,
  feesMicros: MicrosSchema,
  unknownCostSoldMicros: MicrosSchema,
  unknownCostProceedsMicros: SignedMicrosSchema,
  liveFills: z.number().int().min(0),
  failedFills: z.number().int().min(0),
  /** Marks from the market monitor; null when that side of the book is empty or unknown. */
  microPriceMicros: PriceMicrosSchema.nullable(),
  bestBidMicros: PriceMicrosSchema.nullable(),
  /** The book behind the marks is older than the staleness limit (or there is none). */
  markStale: z.boolean(),
  valueAtMicroMicros: MicrosSchema.nullable(),
  valueAtBidMicros: MicrosSchema.nullable(),
  unrealizedAtMicroMicros: SignedMicrosSchema.nullable(),
  unrealizedAtBidMicros: SignedMicrosSchema.nullable(),
  /** The exchange's balance of this token at the last reading; null before one. */
  exchangeMicros: MicrosSchema.nullable(),
  /** Shares our open SELLs already offer. */
  reservedSellMicros: MicrosSchema,
  /** The market's minimum order size, when known. */
  minOrderSizeMicros: MicrosSchema.nullable(),
  /** Set once the market has resolved; null while it trades. */
  resolution: PositionResolutionSchema.nullable().default(null),
});
export type PortfolioPosition = z.infer<typeof PortfolioPositionSchema>;

/** Exchange balance against our fills: both figures, never one written over the other. */
export const ReconciliationWarningSchema = z.object({
  tokenId: z.string(),
  exchangeMicros: SignedMicrosSchema,
  confirmedMicros: SignedMicrosSchema,
  pendingSellMicros: MicrosSchema,
  expectedMicros: SignedMicrosSchema,
  differenceMicros: SignedMicrosSchema,
  message: z.string(),
});
export type ReconciliationWarningView = z.infer<typeof ReconciliationWarningSchema>;

export const PortfolioSnapshotSchema = z.object({
  at: z.number().int(),
  /** Every token we have fills of, held ones first, then by token id. */
  positions: z.array(PortfolioPositionSchema),
  totals: z.object({
    costBasisMicros: MicrosSchema,
    realizedPnlMicros: SignedMicrosSchema,
    feesMicros: MicrosSchema,
    valueAtMicroMicros: MicrosSchema,
    valueAtBidMicros: MicrosSchema,
    unrealizedAtMicroMicros: SignedMicrosSchema,
    unrealizedAtBidMicros: SignedMicrosSchema,
    /** Held tokens without a mark, left out of the value sums. */
    unmarkedTokenIds: z.array(z.string()),
  }),
  /** pUSD: the exchange's balance, what open BUYs reserve, and the rest; null when unreadable. */
  cash: z
    .object({
      balanceMicros: MicrosSchema,
      reservedMicros: MicrosSchema,
      freeMicros: MicrosSchema,
      overReservedMicros: MicrosSchema,
      pendingSellProceedsMicros: SignedMicrosSchema,
    })
    .nullable(),
  equityAtMicroMicros: SignedMicrosSchema.nullable(),
  equityAtBidMicros: SignedMicrosSchema.nullable(),
  warnings: z.array(ReconciliationWarningSchema),
  /** When the exchange balances were last read; null before the first reading. */
  balancesAt: z.number().int().nullable(),
  /** Why the last balance reading failed; null when it worked. */
  balanceError: z.string().nullable(),
  /** Fill reports ignored because their trade was known with other figures. */
  conflicts: z.number().int().min(0),
});
export type PortfolioSnapshot = z.infer<typeof PortfolioSnapshotSchema>;

/** One of our fills, with its current status (MATCHED is not yet CONFIRMED; FAILED is undone). */
export const PortfolioTradeSchema = z.object({
  /** Trade id and our exchange order id: the identity fills are deduplicated by. */
  key: z.string(),
  tradeId: z.string(),
  exchangeOrderId: z.string(),
  userOrderId: z.string().nullable(),
  tokenId: z.string(),
  question: z.string().nullable(),
  outcome: z.string().nullable(),
  side: TradeSideSchema,
  priceMicros: PriceMicrosSchema,
  sizeMicros: MicrosSchema,
  /** 0 when the fee is not known. */
  feeMicros: MicrosSchema,
  status: z.enum(['MATCHED', 'MINED', 'CONFIRMED', 'RETRYING', 'FAILED']),
  role: z.enum(['TAKER', 'MAKER']).nullable(),
  timeMs: z.number().int(),
});
export type PortfolioTrade = z.infer<typeof PortfolioTradeSchema>;

export const PortfolioTradesParamsSchema = z
  .object({
    tokenId: z
      .string()
      .regex(/^\d{1,78}$/, 'token id is a decimal number')
      .optional(),
    limit: z.number().int().min(1).max(5_000).default(200),
  })
  .strict();

/**
 * Markets as Polymarket lists them (Gamma), with their events. When Gamma is down or slow,
 * `source` is 'clob': the markets are the CLOB's own (no event, volume, liquidity or tags) and
 * `notice` says why.
 */
export const MarketContextListSchema = z.object({
  source: z.enum(['gamma', 'clob']),
  notice: z.string().nullable(),
  /** When this list was read from its source. */
  at: z.number().int(),
  events: z.array(EventInfoSchema),
  markets: z.array(MarketInfoSchema),
});
export type MarketContextList = z.infer<typeof MarketContextListSchema>;

export const MarketEventParamsSchema = z.object({ idOrSlug: z.string().min(1).max(300) }).strict();

export const MarketEventReplySchema = z.object({
  /** Null when Gamma does not know the event, or is unavailable (then `notice` says so). */
  event: EventInfoSchema.nullable(),
  notice: z.string().nullable(),
});
export type MarketEventReply = z.infer<typeof MarketEventReplySchema>;

export const PortfolioRedeemParamsSchema = z
  .object({
    conditionId: z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, 'a condition id is 0x and hex'),
  })
  .strict();

/** What a redeem burned and credited (paper exchange). */
export const RedeemResultSchema = z.object({
  conditionId: z.string(),
  winningTokenId: z.string(),
  /** pUSD credited, micro-units: one per winning share. */
  payoutMicros: MicrosSchema,
  burned: z.array(z.object({ tokenId: z.string(), sharesMicros: MicrosSchema })),
  transactionHash: z.string(),
});
export type RedeemResult = z.infer<typeof RedeemResultSchema>;

interface CallDefinition<P extends z.ZodType, R extends z.ZodType> {
  params: P;
  result: R;
  description: string;
}

function call<P extends z.ZodType, R extends z.ZodType>(
  params: P,
  result: R,
  description: string,
): CallDefinition<P, R> {
  return { params, result, description };
}

export const calls = {
  'app.info': call(NoParams, AppInfoSchema, 'Name, version, mode and uptime of the host.'),
  'daemon.health': call(NoParams, DaemonHealthSchema, 'Health of the host and its exchange link.'),
  'account.summary': call(NoParams, AccountSummarySchema, 'Collateral balance and positions.'),
  'market.list': call(
    NoParams,
    z.object({ markets: z.array(MarketListItemSchema) }),
    'Markets of the exchange with their tick, minimum size and top of book.',
  ),
  'market.watch': call(
    TokenParams,
    MarketSnapshotSchema.nullable(),
    "Keep this token's book current and push market.snapshot events for it; the current snapshot if any.",
  ),
  'market.unwatch': call(
    TokenParams,
    z.object({ watching: z.array(z.string()) }),
    'Stop pushing snapshots of this token.',
  ),
  'market.snapshot': call(
    TokenParams,
    MarketSnapshotSchema,
    'The current snapshot of a watched token.',
  ),
  'order.submit': call(
    OrderRequestSchema,
    z.object({ orderId: z.string() }),
    'Validate and queue a user order; returns its id at once.',
  ),
  'order.cancel': call(
    OrderIdParams,
    OrderSchema,
    'Cancel a user order and its exchange orders; the order as it ends.',
  ),
  'order.cancelAll': call(
    NoParams,
    z.object({ cancelled: z.array(z.string()) }),
    'Kill switch: cancel every working order.',
  ),
  'order.list': call(
    z.object({ includeFinal: z.boolean().default(true) }).strict(),
    z.object({ orders: z.array(OrderSchema) }),
    'User orders, newest first.',
  ),
  'order.events': call(
    OrderIdParams,
    z.object({ events: z.array(OrderEventSchema) }),
    'The event log of one order.',
  ),
  'live.status': call(NoParams, LiveStatusSchema, 'Live-mode setup: wallet, vault, lock state.'),
  'live.setup': call(
    LiveSetupSchema,
    LiveStatusSchema,
    'Check a private key against the live exchange (API key created or derived), then keep it ' +
      'encrypted in the vault with its signature type and funder address.',
  ),
  'live.unlock': call(
    z.object({ passphrase: z.string().min(1).max(1_000).optional() }).strict(),
    LiveStatusSchema,
    'Open the keystore for this run; in LIVE mode, trading starts.',
  ),
  'live.enable': call(
    LiveEnableSchema,
    LiveStatusSchema,
    'Switch to LIVE trading (confirm: "LIVE"); refused while orders are working.',
  ),
  'live.disable': call(
    NoParams,
    LiveStatusSchema,
    'Switch back to PAPER trading; refused while orders are working.',
  ),
  'live.forget': call(NoParams, LiveStatusSchema, 'Delete the saved key (PAPER mode only).'),
  'settings.risk': call(NoParams, RiskSettingsSchema, 'The safety rails in force.'),
  'settings.updateRisk': call(
    RiskSettingsUpdateSchema,
    RiskSettingsSchema,
    'Change safety rails now and in the config file; working orders meet them at their next placement.',
  ),
  'logs.tail': call(
    z.object({ lines: z.number().int().min(1).max(MAX_LOG_LINES).default(200) }).strict(),
    z.object({ entries: z.array(LogEntrySchema) }),
    'The newest lines of the host log, oldest first; secrets redacted.',
  ),
  'portfolio.get': call(
    NoParams,
    PortfolioSnapshotSchema,
    'Positions from our fills and the exchange balances: average cost, marks, P&L, cash, warnings.',
  ),
  'portfolio.trades': call(
    PortfolioTradesParamsSchema,
    z.object({ trades: z.array(PortfolioTradeSchema), total: z.number().int().min(0) }),
    'Our fills, newest first, with their current status (of one token with tokenId).',
  ),
  'market.events': call(
    NoParams,
    MarketContextListSchema,
    "Gamma's events and markets (question, event, outcomes, end date, volume, liquidity, tags, " +
      "neg-risk), kept and refreshed in the background; the CLOB's markets with a notice when " +
      'Gamma is unavailable.',
  ),
  'market.event': call(
    MarketEventParamsSchema,
    MarketEventReplySchema,
    'One Gamma event by id or slug, with all its markets (closed ones too).',
  ),
  'portfolio.redeem': call(
    PortfolioRedeemParamsSchema,
    RedeemResultSchema,
    'Redeem the positions of a resolved market (paper exchange: winning shares pay 1 pUSD). ' +
      'In live mode refused with the reason: Polydesk does not submit the on-chain redeem.',
  ),
  'report.get': call(
    ReportParamsSchema,
    ExecutionReportSchema,
    'Execution quality per order and per strategy: arrival micro-price, slippage, markouts at ' +
      '1/10/60 s, fill ratio, time to fill, replacements and fees; the estimators compared.',
  ),
} as const;

export const events = {
  'app.status': AppStatusEventSchema,
  /** The host's info changed (a switch between PAPER and LIVE): clients reload markets and orders. */
  'app.info': AppInfoSchema,
  /** Latest snapshot of a watched token (coalesced: only the newest per token is sent). */
  'market.snapshot': MarketSnapshotSchema,
  /** A user order changed (never dropped). */
  'order.updated': OrderSchema,
  /** One lifecycle event of a user order (never dropped). */
  'order.event': OrderEventSchema,
  /** The portfolio after fills, balance readings or mark moves (at most 5 a second). */
  portfolio: PortfolioSnapshotSchema,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What a client sends (decimal strings for money). */
export type CallParams<N extends CallName> = z.input<Calls[N]['params']>;
/** What a handler receives after validation (integer micros, defaults filled). */
export type CallParsedParams<N extends CallName> = z.output<Calls[N]['params']>;
export type CallResult<N extends CallName> = z.output<Calls[N]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(calls, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}
