/** Domain types of the paper exchange's matching engine. All amounts are integer micro-units. */

export type Side = 'BUY' | 'SELL';
export type OrderType = 'GTC' | 'GTD' | 'FOK' | 'FAK';
export type Outcome = 'Yes' | 'No';
export type OrderStatus = 'LIVE' | 'MATCHED' | 'CANCELED' | 'CANCELED_MARKET_RESOLVED';
export type TradeStatus = 'MATCHED' | 'MINED' | 'CONFIRMED' | 'RETRYING' | 'FAILED';
/** Side of the single per-market book, which is kept in YES terms. */
export type BookSide = 'bid' | 'ask';

/** Fee curve `fd` of /clob-markets: fee = shares × r × (p(1−p))^e, charged to takers only when `to`. */
export interface FeeCurve {
  r: number;
  e: number;
  to: boolean;
}

export interface MarketSpec {
  conditionId: string;
  questionId: string;
  question: string;
  slug: string;
  description: string;
  yesTokenId: string;
  noTokenId: string;
  /** Tick in price micros: 10_000 = 0.01. */
  tickMicros: number;
  /** Minimum order size in micro-shares. */
  minSizeMicros: bigint;
  negRisk: boolean;
  /** Shared by the markets of one neg-risk event; absent: the market's own question id. */
  negRiskMarketId?: string;
  fee: FeeCurve;
  /** Set once the market resolved: the token that won. Closed to new orders from then. */
  winningTokenId?: string;
}

export interface EngineOrder {
  readonly id: string;
  /** Funding address (order maker), lower-case. */
  readonly account: string;
  /** API key (or agent name) that placed it. */
  readonly owner: string;
  readonly conditionId: string;
  readonly tokenId: string;
  readonly outcome: Outcome;
  readonly isYes: boolean;
  readonly side: Side;
  /** Limit price in the order's own token terms. */
  readonly priceMicros: number;
  readonly originalSize: bigint;
  matched: bigint;
  readonly orderType: OrderType;
  /** Unix seconds, 0 = none. */
  readonly expirationSec: number;
  readonly createdAtMs: number;
  status: OrderStatus;
  /** When it stopped being live (filled or cancelled); null while live. */
  finalAtMs: number | null;
  readonly associateTrades: string[];
  readonly bookSide: BookSide;
  /** Limit price in YES terms (the book's price). */
  readonly bookPrice: number;
  readonly seq: number;
  reservedCollateral: bigint;
  reservedTokens: bigint;
}

export interface MakerFill {
  orderId: string;
  owner: string;
  account: string;
  tokenId: string;
  outcome: Outcome;
  side: Side;
  /** Fill price in the maker's own token terms. */
  priceMicros: number;
  sizeMicros: bigint;
}

export interface Transfer {
  account: string;
  /** 'COLLATERAL' or a token id. */
  asset: string;
  amount: bigint;
}

export interface TradeRecord {
  readonly id: string;
  readonly conditionId: string;
  readonly takerOrderId: string;
  readonly takerAccount: string;
  readonly takerOwner: string;
  readonly tokenId: string;
  readonly outcome: Outcome;
  readonly side: Side;
  /** The taker order's limit price (what Polymarket reports as trade `price`). */
  readonly priceMicros: number;
  /** Shares the taker matched. */
  readonly sizeMicros: bigint;
  /** Collateral the taker gave (BUY) or got before fees (SELL). */
  readonly notionalMicros: bigint;
  readonly feeMicros: bigint;
  readonly feeRateBps: number;
  status: TradeStatus;
  readonly matchTimeMs: number;
  lastUpdateMs: number;
  readonly transactionHash: string;
  readonly makers: MakerFill[];
  errMsg: string | null;
  /** Credited when the trade confirms. */
  readonly credits: Transfer[];
  /** Already taken at match; refunded if the trade fails. */
  readonly debits: Transfer[];
  readonly willFail: boolean;
  /** When the trade turns MINED / CONFIRMED (or FAILED), epoch ms. */
  readonly minedDueMs: number;
  readonly finalDueMs: number;
  /** Async settlement: the hash is reported only once the trade is MINED. */
  readonly hashAfterMined: boolean;
}

/** The hash as reported for a trade shown with `status` (empty while a late hash is not mined). */
export function reportedHash(t: TradeRecord, status: TradeStatus = t.status): string {
  return t.hashAfterMined && status === 'MATCHED' ? '' : t.transactionHash;
}

export interface LevelChange {
  side: BookSide;
  priceMicros: number;
  /** New aggregate size at that level (0 = level removed). */
  sizeMicros: bigint;
}

export type EngineEvent =
  | { kind: 'order'; type: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION'; order: EngineOrder }
  | { kind: 'trade'; trade: TradeRecord }
  | { kind: 'book'; conditionId: string; cause: 'order' | 'trade'; changes: LevelChange[] }
  | {
      kind: 'last_trade';
      conditionId: string;
      tokenId: string;
      priceMicros: number;
      side: Side;
      sizeMicros: bigint;
    }
  | { kind: 'tick_size'; conditionId: string; oldTickMicros: number; newTickMicros: number }
  | { kind: 'resolved'; conditionId: string; winningTokenId: string };

export interface PlaceInput {
  id: string;
  account: string;
  owner: string;
  tokenId: string;
  side: Side;
  /** Limit price in the order's own token terms, on the tick grid. */
  priceMicros: number;
  /** Shares wanted (BUY) or offered (SELL). */
  sizeMicros: bigint;
  orderType: OrderType;
  postOnly?: boolean;
  expirationSec?: number;
  /**
   * A market BUY (FOK/FAK) filled the way the exchange contract does: it spends up to this much
   * collateral and receives every share that buys at the makers' prices (price improvement in
   * shares), rather than `sizeMicros` shares for less collateral.
   */
  spendMicros?: bigint;
  /** Async settlement for the trade this order makes: no hash until MINED. */
  hashAfterMined?: boolean;
}

export type PlaceResult =
  | {
      ok: true;
      order: EngineOrder;
      status: 'live' | 'matched';
      trade: TradeRecord | null;
      /** What the order gave in the immediate match (BUY: collateral, SELL: shares). */
      makingMicros: bigint;
      /** What it received (BUY: shares, SELL: collateral net of fees). */
      takingMicros: bigint;
    }
  | { ok: false; error: string };

export type RedeemResult =
  | {
      ok: true;
      winningTokenId: string;
      /** pUSD credited: one per winning share. */
      payoutMicros: bigint;
      /** Tokens burned (both outcomes), nothing when the account held none. */
      burned: { tokenId: string; sharesMicros: bigint }[];
    }
  | { ok: false; reason: 'unknown_market' | 'not_resolved' };

export interface TokenRef {
  market: MarketSpec;
  isYes: boolean;
}
