import { z } from 'zod';
import type {
  ExchangeOrder,
  ExchangeOrderStatus,
  Fill,
  PlaceResult,
  Side,
  TickSize,
  TradeStatus,
  UserOrderEvent,
} from './exchange-port';
import { TICK_SIZES } from './exchange-port';
import { decimalToMicros, numberToMicros } from './units';
import {
  ErrorObjectSchema,
  OrderResponseSchema,
  type WireOpenOrder,
  type WireTrade,
  type WsUserOrder,
} from './wire-schemas';

/** Wire text or number → micros (exact; throws RangeError otherwise). */
export function toMicros(value: string | number): number {
  return typeof value === 'number' ? numberToMicros(value) : decimalToMicros(value);
}

/** Exchange amounts can carry more decimals than micros; truncate (they are informational). */
export function toMicrosTruncating(text: string): number {
  if (text.trim() === '') return 0;
  const [whole = '0', fraction = ''] = text.trim().split('.');
  return decimalToMicros(fraction ? `${whole}.${fraction.slice(0, 6)}` : whole);
}

export function tickSizeFromMicros(micros: number): TickSize | undefined {
  return TICK_SIZES.find((tick) => decimalToMicros(tick) === micros);
}

/** "0.01", 0.01 or "0.010" → '0.01'; throws RangeError for a tick outside the known set. */
export function parseTickSize(value: string | number): TickSize {
  const tick = tickSizeFromMicros(toMicros(value));
  if (!tick) throw new RangeError(`unknown tick size ${String(value)}`);
  return tick;
}

export function parseSide(value: string): Side {
  const upper = value.toUpperCase();
  if (upper === 'BUY' || upper === 'SELL') return upper;
  throw new RangeError(`unknown side ${value}`);
}

function toSeconds(value: string | number | undefined): number {
  if (value === undefined || value === '') return 0;
  const n = Number(value);
  if (!Number.isFinite(n)) return 0;
  // Some producers send ms where the field is documented as seconds.
  return n > 1e12 ? Math.floor(n / 1000) : Math.floor(n);
}

function toMillis(value: string | number | undefined): number {
  if (value === undefined || value === '') return 0;
  const n = Number(value);
  if (!Number.isFinite(n)) return 0;
  return n < 1e12 ? n * 1000 : n;
}

const ORDER_STATUSES: readonly ExchangeOrderStatus[] = [
  'LIVE',
  'MATCHED',
  'DELAYED',
  'UNMATCHED',
  'CANCELED',
  'CANCELED_MARKET_RESOLVED',
  'INVALID',
];

/** Accepts live/LIVE/ORDER_STATUS_LIVE; CANCELLED and CANCELED_<reason> become CANCELED. */
export function normalizeOrderStatus(raw: string): ExchangeOrderStatus {
  const upper = raw.toUpperCase().replace(/^ORDER_STATUS_/, '');
  if ((ORDER_STATUSES as readonly string[]).includes(upper)) return upper as ExchangeOrderStatus;
  if (upper === 'CANCELLED' || upper.startsWith('CANCELED_')) return 'CANCELED';
  return 'UNKNOWN';
}

const TRADE_STATUSES: readonly TradeStatus[] = [
  'MATCHED',
  'MINED',
  'CONFIRMED',
  'RETRYING',
  'FAILED',
];

/** Strips TRADE_STATUS_; anything unrecognised stays pending (MATCHED), never final. */
export function normalizeTradeStatus(raw: string): TradeStatus {
  const upper = raw.toUpperCase().replace(/^TRADE_STATUS_/, '');
  if ((TRADE_STATUSES as readonly string[]).includes(upper)) return upper as TradeStatus;
  return 'MATCHED';
}

export function toExchangeOrder(order: WireOpenOrder): ExchangeOrder {
  return {
    orderId: order.id,
    status: normalizeOrderStatus(order.status),
    rawStatus: order.status,
    conditionId: order.market,
    tokenId: order.asset_id,
    side: parseSide(order.side),
    priceMicros: decimalToMicros(order.price),
    originalSizeMicros: toMicrosTruncating(order.original_size),
    sizeMatchedMicros: toMicrosTruncating(order.size_matched),
    outcome: order.outcome,
    orderType: order.order_type,
    createdAtSec: toSeconds(order.created_at),
    expirationSec: toSeconds(order.expiration),
    tradeIds: order.associate_trades ?? [],
  };
}

export function toUserOrderEvent(event: WsUserOrder): UserOrderEvent {
  const status =
    event.status !== undefined
      ? normalizeOrderStatus(event.status)
      : event.type.toUpperCase() === 'CANCELLATION'
        ? 'CANCELED'
        : 'LIVE';
  return {
    orderId: event.id,
    type: event.type.toUpperCase(),
    status,
    conditionId: event.market,
    tokenId: event.asset_id,
    side: parseSide(event.side),
    priceMicros: decimalToMicros(event.price),
    originalSizeMicros: toMicrosTruncating(event.original_size),
    sizeMatchedMicros: toMicrosTruncating(event.size_matched),
    tradeIds: event.associate_trades ?? [],
    timestampMs: toMillis(event.timestamp),
  };
}

/** Who "we" are in trade records: our API key (owner) and our maker addresses. */
export interface Identity {
  apiKey: string | undefined;
  addresses: string[];
}

function isMine(identity: Identity, owner: string, address: string): boolean {
  if (identity.apiKey && owner === identity.apiKey) return true;
  const lower = address.toLowerCase();
  return lower !== '' && identity.addresses.some((a) => a.toLowerCase() === lower);
}

function opposite(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

/**
 * Our fills in one trade (doc §3.3): as taker the trade's own fields, priced at the makers'
 * prices (the trade's `price` is the taker's limit); as maker the `maker_orders` entry of each
 * of our orders. A maker on the other token (MINT/MERGE match) trades at 1 − p in our terms.
 */
export function tradeToFills(trade: WireTrade, identity: Identity): Fill[] {
  const status = normalizeTradeStatus(trade.status);
  const takerSide = parseSide(trade.side);
  const common = {
    tradeId: trade.id,
    conditionId: trade.market,
    status,
    rawStatus: trade.status,
    final: status === 'CONFIRMED' || status === 'FAILED',
    matchTimeSec: toSeconds(trade.match_time ?? trade.matchtime),
    lastUpdateSec: toSeconds(trade.last_update ?? trade.match_time ?? trade.matchtime),
    transactionHash: trade.transaction_hash ? trade.transaction_hash : undefined,
    bucketIndex: trade.bucket_index,
  };
  const fills: Fill[] = [];

  const takerIsMine =
    isMine(identity, trade.owner, trade.maker_address) ||
    (trade.trader_side === 'TAKER' && trade.owner === '' && trade.maker_address === '');
  if (takerIsMine) {
    let weighted = 0n;
    let matched = 0n;
    for (const maker of trade.maker_orders) {
      const amount = BigInt(toMicrosTruncating(maker.matched_amount));
      const makerPrice = decimalToMicros(maker.price);
      const price = maker.asset_id === trade.asset_id ? makerPrice : 1_000_000 - makerPrice;
      weighted += BigInt(price) * amount;
      matched += amount;
    }
    const priceMicros =
      matched > 0n ? Number((weighted + matched / 2n) / matched) : decimalToMicros(trade.price);
    fills.push({
      ...common,
      fillKey: `${trade.id}:${trade.taker_order_id}`,
      orderId: trade.taker_order_id,
      role: 'TAKER',
      tokenId: trade.asset_id,
      side: takerSide,
      priceMicros,
      sizeMicros: toMicrosTruncating(trade.size),
      feeRateBps: Number(trade.fee_rate_bps ?? 0) || 0,
      outcome: trade.outcome,
    });
  }

  for (const maker of trade.maker_orders) {
    if (!isMine(identity, maker.owner, maker.maker_address)) continue;
    const side = maker.side
      ? parseSide(maker.side)
      : maker.asset_id === trade.asset_id
        ? opposite(takerSide)
        : takerSide;
    fills.push({
      ...common,
      fillKey: `${trade.id}:${maker.order_id}`,
      orderId: maker.order_id,
      role: 'MAKER',
      tokenId: maker.asset_id,
      side,
      priceMicros: decimalToMicros(maker.price),
      sizeMicros: toMicrosTruncating(maker.matched_amount),
      feeRateBps: Number(maker.fee_rate_bps ?? 0) || 0,
      outcome: maker.outcome,
    });
  }
  return fills;
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') {
    const record = error as Record<string, unknown>;
    for (const key of ['error', 'error_msg', 'errorMsg', 'message']) {
      if (typeof record[key] === 'string') return record[key];
    }
  }
  return JSON.stringify(error) ?? String(error);
}

export interface ClobFailure {
  message: string;
  httpStatus: number | undefined;
}

/** Recognises the client's `{error, status}` object (doc §1.3); undefined for a normal body. */
export function clobFailure(reply: unknown): ClobFailure | undefined {
  if (reply === null || typeof reply !== 'object' || !('error' in reply)) return undefined;
  const parsed = ErrorObjectSchema.safeParse(reply);
  if (!parsed.success) return undefined;
  return { message: errorText(parsed.data.error), httpStatus: parsed.data.status };
}

/** A status that proves the exchange refused (lessons §1.1); anything else leaves the outcome open. */
export function isProvenRefusal(httpStatus: number | undefined): boolean {
  return httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408;
}

/**
 * Maps the reply of POST /order. Only a 4xx, `success:false` or a non-empty errorMsg is a
 * rejection; network errors, 5xx, malformed bodies and unexpected statuses are `unknown`.
 */
export function toPlaceResult(orderId: string, side: Side, reply: unknown): PlaceResult {
  const failure = clobFailure(reply);
  if (failure) {
    return isProvenRefusal(failure.httpStatus)
      ? { kind: 'rejected', orderId, message: failure.message, httpStatus: failure.httpStatus }
      : { kind: 'unknown', orderId, reason: failure.message, httpStatus: failure.httpStatus };
  }
  const parsed = OrderResponseSchema.safeParse(reply);
  if (!parsed.success) {
    return {
      kind: 'unknown',
      orderId,
      reason: `malformed order reply: ${z.prettifyError(parsed.error)}`,
      httpStatus: undefined,
    };
  }
  const body = parsed.data;
  if (body.success === false || body.errorMsg !== '') {
    return {
      kind: 'rejected',
      orderId,
      message: body.errorMsg || 'order not placed (success: false)',
      httpStatus: 200,
    };
  }
  // `delayed`: held by the exchange's taker delay, matched later (follow it through its trades);
  // `unmatched`: accepted but not matched and not resting. Both are placements, not refusals.
  const status = body.status.toLowerCase();
  if (status !== 'live' && status !== 'matched' && status !== 'delayed' && status !== 'unmatched') {
    return {
      kind: 'unknown',
      orderId,
      reason: `unexpected order status "${body.status}"`,
      httpStatus: 200,
    };
  }
  const making = toMicrosTruncating(body.makingAmount);
  const taking = toMicrosTruncating(body.takingAmount);
  return {
    kind: 'accepted',
    orderId: body.orderID || orderId,
    status,
    immediateFill:
      side === 'BUY'
        ? { sizeMicros: taking, usdcMicros: making }
        : { sizeMicros: making, usdcMicros: taking },
    tradeIds: body.tradeIDs ?? [],
    transactionHashes: body.transactionsHashes ?? [],
  };
}
