/**
 * The Exchange port: everything the daemon asks of an exchange, in integer units.
 *
 * Units: prices are integer micros (0.57 → 570_000; tick 0.01 → 10_000), sizes are integer
 * micro-shares (10 shares → 10_000_000), USDC amounts are integer micro-USDC. All are safe
 * integers (`number`); products of two of them are computed as bigint inside the adapter.
 * Times are unix milliseconds unless a field name says `Sec`.
 */

import type { EventInfo, EventsNormalized, GammaListFilter } from '@shared/domain/gamma';

export type Side = 'BUY' | 'SELL';
export type TimeInForce = 'GTC' | 'GTD' | 'FOK' | 'FAK';
export type TickSize = '0.1' | '0.01' | '0.005' | '0.0025' | '0.001' | '0.0001';
export const TICK_SIZES: readonly TickSize[] = [
  '0.1',
  '0.01',
  '0.005',
  '0.0025',
  '0.001',
  '0.0001',
];

// ── markets ──────────────────────────────────────────────────────────────────

export interface MarketToken {
  tokenId: string;
  outcome: string;
}

export interface MarketSummary {
  conditionId: string;
  question: string;
  slug: string;
  /** In the exchange's order; for binary markets [Yes, No]. */
  tokens: MarketToken[];
  tickSize: TickSize;
  tickMicros: number;
  minOrderSizeMicros: number;
  negRisk: boolean;
  active: boolean;
  closed: boolean;
  acceptingOrders: boolean;
}

/** Taker fee curve: fee = shares × rate × (p·(1−p))^exponent; makers pay nothing unless !takerOnly. */
export interface FeeSchedule {
  /** Fee rate in parts per million (0.02 → 20_000). */
  ratePpm: number;
  exponent: number;
  takerOnly: boolean;
}

export interface MarketInfo extends MarketSummary {
  fees: FeeSchedule;
}

// ── books ────────────────────────────────────────────────────────────────────

export interface BookLevel {
  price: number;
  size: number;
}

export type BookSource = 'stream' | 'rest' | 'poll';

/** A normalized book. Levels are BEST FIRST on both sides (the wire sends best last). */
export interface BookSnapshot {
  tokenId: string;
  conditionId: string;
  bids: BookLevel[];
  asks: BookLevel[];
  tickMicros: number;
  minOrderSizeMicros: number | undefined;
  lastTradePriceMicros: number | undefined;
  /** Exchange time of the last change applied. */
  exchangeTimestampMs: number;
  /** Local time at which this book was last known to be current (snapshot, delta, or check). */
  confirmedAtMs: number;
  /** now − confirmedAtMs when the snapshot was handed out. */
  ageMs: number;
  source: BookSource;
  /** Increments on every tick_size_change; prices of different epochs are on different grids. */
  epoch: number;
  hash: string;
}

export type StreamState = 'connecting' | 'live' | 'stalled' | 'resyncing' | 'polling' | 'down';

export interface BookStateChange {
  tokenId: string;
  state: StreamState;
  reason: string;
}

/** The exchange announced that a market resolved (market channel, `market_resolved`). */
export interface MarketResolvedEvent {
  conditionId: string;
  /** The subscribed token the announcement reached us through. */
  tokenId: string;
  /** Both outcome tokens of the market. */
  tokenIds: string[];
  winningTokenId: string;
  winningOutcome: string;
  question: string;
  slug: string;
  timestampMs: number;
}

export interface BookListener {
  onBook(book: BookSnapshot): void;
  onState?(change: BookStateChange): void;
  /** Once per subscribed token of a market that resolved (its open orders are cancelled). */
  onMarketResolved?(event: MarketResolvedEvent): void;
}

export interface BookSubscription {
  readonly tokenId: string;
  /** The current local book (age computed now), or undefined before the first snapshot. */
  current(): BookSnapshot | undefined;
  state(): StreamState;
  unsubscribe(): void;
}

// ── orders ───────────────────────────────────────────────────────────────────

export interface OrderRequest {
  tokenId: string;
  side: Side;
  /** Must be on the market's tick grid and inside [tick, 1 − tick]. */
  priceMicros: number;
  /** Must be a multiple of 10_000 (0.01 share): the exchange's size grid. */
  sizeMicros: number;
  timeInForce: TimeInForce;
  /** Required for GTD (unix seconds; the exchange wants at least now + 60 s). */
  expiresAtSec?: number;
  /** Only with GTC/GTD: refused instead of crossing the book. */
  postOnly?: boolean;
}
// FOK/FAK: Polymarket wants at most 2 decimals of maker amount and 4 of taker amount and at least
// $1; prepareOrder refuses other sizes (BAD_REQUEST). A FOK/FAK BUY is a market buy at the
// exchange: it may spend its whole maker amount at better prices and receive more than sizeMicros.

/** A signed order whose id is known before anything is sent (lessons §1.2). */
export interface PreparedOrder {
  /** EIP-712 hash of the signed order: the id the exchange will use. */
  readonly orderId: string;
  readonly request: Readonly<OrderRequest>;
  readonly conditionId: string | undefined;
  readonly tickSize: TickSize;
  readonly negRisk: boolean;
  /** What the order gives / wants, in 6-dp base units (BUY: USDC / shares; SELL: shares / USDC). */
  readonly makerAmountMicros: number;
  readonly takerAmountMicros: number;
  readonly preparedAtMs: number;
}

export interface ImmediateFill {
  sizeMicros: number;
  usdcMicros: number;
}

export type PlaceResult =
  | {
      kind: 'accepted';
      orderId: string;
      /**
       * live: resting; matched: traded at once; delayed: marketable, held by the exchange and
       * matched after a delay (fills arrive later); unmatched: accepted but neither matched nor
       * resting. Reconcile delayed and unmatched orders through getOrder and getFills.
       */
      status: 'live' | 'matched' | 'delayed' | 'unmatched';
      immediateFill: ImmediateFill;
      tradeIds: string[];
      transactionHashes: string[];
    }
  | { kind: 'rejected'; orderId: string; message: string; httpStatus: number | undefined }
  | { kind: 'unknown'; orderId: string; reason: string; httpStatus: number | undefined };

export interface CancelResult {
  canceled: string[];
  /** order id → the exchange's reason ("order not found" may also mean "already filled"). */
  notCanceled: Record<string, string>;
}

export type ExchangeOrderStatus =
  | 'LIVE'
  | 'MATCHED'
  | 'DELAYED'
  | 'UNMATCHED'
  | 'CANCELED'
  | 'CANCELED_MARKET_RESOLVED'
  | 'INVALID'
  | 'UNKNOWN';

export interface ExchangeOrder {
  orderId: string;
  status: ExchangeOrderStatus;
  rawStatus: string;
  conditionId: string;
  tokenId: string;
  side: Side;
  priceMicros: number;
  originalSizeMicros: number;
  sizeMatchedMicros: number;
  outcome: string;
  orderType: string;
  createdAtSec: number;
  /** 0 = no expiry. */
  expirationSec: number;
  tradeIds: string[];
}

// ── fills ────────────────────────────────────────────────────────────────────

export type TradeStatus = 'MATCHED' | 'MINED' | 'CONFIRMED' | 'RETRYING' | 'FAILED';

/**
 * One of our orders' part in one trade. A trade can carry several of our orders (as maker, or
 * taker and maker at once), so dedupe by `fillKey` (= `${tradeId}:${orderId}`), not by tradeId.
 */
export interface Fill {
  fillKey: string;
  tradeId: string;
  orderId: string;
  role: 'TAKER' | 'MAKER';
  conditionId: string;
  /** The token our order trades. */
  tokenId: string;
  side: Side;
  /** Execution price in our token's terms (taker: size-weighted over the makers, rounded). */
  priceMicros: number;
  sizeMicros: number;
  status: TradeStatus;
  rawStatus: string;
  /** CONFIRMED is final success, FAILED final failure (undo the fill); the rest are pending. */
  final: boolean;
  matchTimeSec: number;
  lastUpdateSec: number;
  feeRateBps: number;
  transactionHash: string | undefined;
  bucketIndex: number;
  outcome: string;
}

export interface TradeFilter {
  tradeId?: string;
  conditionId?: string;
  tokenId?: string;
  /** Unix seconds, as the exchange takes them. */
  afterSec?: number;
  beforeSec?: number;
}

// ── balances ─────────────────────────────────────────────────────────────────

export interface Balance {
  balanceMicros: number;
  /** spender address → allowance (uint256 decimal string; often 2^256 − 1). */
  allowances: Record<string, string>;
}

// ── user events ──────────────────────────────────────────────────────────────

export interface UserOrderEvent {
  orderId: string;
  /** PLACEMENT | UPDATE | CANCELLATION (the status field is authoritative). */
  type: string;
  status: ExchangeOrderStatus;
  conditionId: string;
  tokenId: string;
  side: Side;
  priceMicros: number;
  originalSizeMicros: number;
  sizeMatchedMicros: number;
  tradeIds: string[];
  timestampMs: number;
}

export interface UserEventListener {
  onOrder?(event: UserOrderEvent): void;
  /** Our fills carried by one trade event (possibly none when the trade is not ours). */
  onFills?(fills: Fill[]): void;
  onState?(state: StreamState, reason: string): void;
  /** The stream was down for a while: events may be lost; reconcile orders and trades via REST. */
  onReconcileNeeded?(reason: string): void;
}

// ── connection ───────────────────────────────────────────────────────────────

export type HeartbeatState = 'off' | 'ok' | 'failing';

export interface ConnectionState {
  /** 'degraded' after the last REST call failed without an answer (timeout, network, 5xx). */
  rest: 'ok' | 'degraded';
  /** Worst state over the market stream's shards; 'idle' when nothing is subscribed. */
  marketStream: StreamState | 'idle';
  userStream: StreamState | 'idle';
  heartbeat: HeartbeatState;
}

export interface HeartbeatOptions {
  /** Default 5000; the exchange cancels all orders of the API key when 10 s pass without one. */
  intervalMs?: number;
}

// ── the port ─────────────────────────────────────────────────────────────────

/**
 * Errors: methods throw PolydeskError — READ_ONLY (trading without a private key),
 * BAD_REQUEST (caller error caught before sending), EXCHANGE_REJECTED (the exchange refused:
 * 4xx or an error body), EXCHANGE_UNAVAILABLE (no answer, timeout, 5xx, malformed reply: the
 * outcome is unknown), NOT_FOUND (unknown market). `submitPrepared` never throws for exchange
 * outcomes: it returns a PlaceResult.
 */
export interface Exchange {
  readonly readOnly: boolean;
  /** The signing address (EOA), or undefined when read-only. */
  readonly signerAddress: string | undefined;
  /** The funding address (maker of orders), or undefined when read-only. */
  readonly makerAddress: string | undefined;

  listMarkets(): Promise<MarketSummary[]>;
  getMarket(conditionId: string): Promise<MarketInfo>;
  getBook(tokenId: string): Promise<BookSnapshot>;
  subscribeBook(tokenId: string, listener: BookListener): BookSubscription;

  prepareOrder(request: OrderRequest): Promise<PreparedOrder>;
  submitPrepared(order: PreparedOrder): Promise<PlaceResult>;
  cancelOrder(orderId: string): Promise<CancelResult>;
  cancelOrders(orderIds: string[]): Promise<CancelResult>;
  cancelAll(): Promise<CancelResult>;
  cancelMarket(filter: { conditionId?: string; tokenId?: string }): Promise<CancelResult>;
  /**
   * null when the exchange returns nothing (Polymarket forgets filled/cancelled orders; the paper
   * exchange may still return them with a final status). Settle a missing order from getFills.
   */
  getOrder(orderId: string): Promise<ExchangeOrder | null>;
  getOpenOrders(filter?: { conditionId?: string; tokenId?: string }): Promise<ExchangeOrder[]>;
  getFills(filter?: TradeFilter): Promise<Fill[]>;
  getCollateralBalance(): Promise<Balance>;
  /**
   * The settled balance: shares of a trade count once it is CONFIRMED (a matched trade debits
   * the seller at once). Never sell more than this unless the user accepts unconfirmed shares.
   */
  getConditionalBalance(tokenId: string): Promise<Balance>;
  /** Asks the exchange to re-read chain state (once, before one retry; never in a loop). */
  refreshBalance(tokenId?: string): Promise<void>;

  startHeartbeat(options?: HeartbeatOptions): void;
  stopHeartbeat(): void;
  /** conditionIds filters the user channel; omit for all markets. */
  subscribeUserEvents(listener: UserEventListener, conditionIds?: string[]): () => void;

  connectionState(): ConnectionState;
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
  close(): Promise<void>;
}

// ── market context (Gamma) and redemption ────────────────────────────────────

/** Gamma's events, flattened to markets (src-shared/domain/gamma.ts), with what was left out. */
export interface GammaEventList extends EventsNormalized {
  /** Events on the pages that did not parse. */
  rejectedEvents: number;
}

/**
 * A Gamma read. `unavailable` (down, slow past the timeout, an error status, an unreadable
 * reply) is an answer, not an exception: list markets from listMarkets() and show `notice`.
 */
export type GammaLookup<T> =
  { kind: 'ok'; value: T } | { kind: 'unavailable'; reason: string; notice: string };

export interface RedeemOutcome {
  conditionId: string;
  winningTokenId: string;
  /** pUSD credited, micro-units: one per winning share. */
  payoutMicros: number;
  /** Tokens burned (both outcomes), empty when nothing was held. */
  burned: { tokenId: string; sharesMicros: number }[];
  transactionHash: string;
}

/**
 * Markets as Polymarket shows them (Gamma: question, event, outcomes, end date, volume,
 * liquidity, tags, neg-risk), and redeeming resolved positions. Redeem throws PolydeskError:
 * in live mode always (LIVE_REDEEM_MESSAGE: Polydesk does not submit the on-chain redeem), on the
 * paper exchange EXCHANGE_REJECTED before resolution, NOT_FOUND for an unknown market.
 */
export interface MarketContext {
  /** https://gamma-api.polymarket.com, or the paper exchange's `${restUrl}/gamma`. */
  readonly gammaUrl: string;
  /** Where redeem goes: the paper exchange's endpoint, or nowhere (live: on chain, not by us). */
  readonly redeemVia: 'paper-exchange' | 'not-submitted';
  /** Every event (all pages), its markets flattened and deduplicated. */
  listEvents(filter?: GammaListFilter): Promise<GammaLookup<GammaEventList>>;
  /** One event by Gamma id or slug; null when Gamma does not know it. */
  getEvent(idOrSlug: string): Promise<GammaLookup<EventInfo | null>>;
  redeem(conditionId: string): Promise<RedeemOutcome>;
}
