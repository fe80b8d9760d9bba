import { getAddress } from 'ethers';
import { formatMicros } from '../engine/decimal.js';
import {
  reportedHash,
  type EngineOrder,
  type MarketSpec,
  type TradeRecord,
} from '../engine/types.js';

const checksums = new Map<string, string>();

/** EIP-55 form of a lower-case address (cached; agent accounts are not addresses and pass through). */
export function checksum(address: string): string {
  let c = checksums.get(address);
  if (c === undefined) {
    try {
      c = getAddress(address);
    } catch {
      c = address;
    }
    checksums.set(address, c);
  }
  return c;
}

export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** OpenOrder as GET /data/order(s) returns it. */
export function openOrderJson(o: EngineOrder) {
  return {
    id: o.id,
    status: o.status,
    owner: o.owner,
    maker_address: checksum(o.account),
    market: o.conditionId,
    asset_id: o.tokenId,
    side: o.side,
    original_size: formatMicros(o.originalSize),
    size_matched: formatMicros(o.matched),
    price: formatMicros(o.priceMicros),
    associate_trades: [...o.associateTrades],
    outcome: o.outcome,
    created_at: seconds(o.createdAtMs),
    expiration: String(o.expirationSec),
    order_type: o.orderType,
  };
}

/** Trade as GET /data/trades returns it, from the point of view of `viewer` (lower-case address). */
export function tradeJson(t: TradeRecord, viewer: string | null) {
  const feeBps = String(t.feeRateBps);
  return {
    id: t.id,
    taker_order_id: t.takerOrderId,
    market: t.conditionId,
    asset_id: t.tokenId,
    side: t.side,
    size: formatMicros(t.sizeMicros),
    fee_rate_bps: feeBps,
    price: formatMicros(t.priceMicros),
    status: t.status,
    match_time: String(seconds(t.matchTimeMs)),
    match_time_nano: `${t.matchTimeMs}000000`,
    last_update: String(seconds(t.lastUpdateMs)),
    outcome: t.outcome,
    bucket_index: 0,
    owner: t.takerOwner,
    maker_address: checksum(t.takerAccount),
    maker_orders: t.makers.map((m) => ({
      order_id: m.orderId,
      owner: m.owner,
      maker_address: checksum(m.account),
      matched_amount: formatMicros(m.sizeMicros),
      price: formatMicros(m.priceMicros),
      fee_rate_bps: '0',
      asset_id: m.tokenId,
      outcome: m.outcome,
      side: m.side,
    })),
    transaction_hash: reportedHash(t),
    trader_side: viewer !== null && viewer !== t.takerAccount ? 'MAKER' : 'TAKER',
    err_msg: t.errMsg,
  };
}

export function tickString(tickMicros: number): string {
  return formatMicros(tickMicros);
}

/** The tick as a JSON number, so that `String(n)` gives exactly one of the client's tick strings. */
export function tickNumber(tickMicros: number): number {
  return tickMicros / 1_000_000;
}

/** Market object of /markets and /markets/{condition_id}. */
export function marketJson(spec: MarketSpec, yesPrice: number, startedIso: string) {
  const resolved = spec.winningTokenId !== undefined;
  const yesWon = spec.winningTokenId === spec.yesTokenId;
  return {
    enable_order_book: !resolved,
    active: true,
    closed: resolved,
    archived: false,
    accepting_orders: !resolved,
    accepting_order_timestamp: startedIso,
    minimum_order_size: Number(spec.minSizeMicros) / 1_000_000,
    minimum_tick_size: tickNumber(spec.tickMicros),
    condition_id: spec.conditionId,
    question_id: spec.questionId,
    question: spec.question,
    description: spec.description,
    market_slug: spec.slug,
    end_date_iso: '2027-12-31T00:00:00Z',
    game_start_time: null,
    seconds_delay: 0,
    fpmm: '',
    maker_base_fee: 0,
    taker_base_fee: Math.round(spec.fee.r * 10_000),
    notifications_enabled: true,
    neg_risk: spec.negRisk,
    neg_risk_market_id: spec.negRisk ? (spec.negRiskMarketId ?? spec.questionId) : '',
    neg_risk_request_id: spec.negRisk ? spec.questionId : '',
    icon: '',
    image: '',
    rewards: { rates: null, min_size: 0, max_spread: 0 },
    is_50_50_outcome: false,
    tokens: [
      {
        token_id: spec.yesTokenId,
        outcome: 'Yes',
        price: resolved ? (yesWon ? 1 : 0) : yesPrice / 1_000_000,
        winner: resolved && yesWon,
      },
      {
        token_id: spec.noTokenId,
        outcome: 'No',
        price: resolved ? (yesWon ? 0 : 1) : (1_000_000 - yesPrice) / 1_000_000,
        winner: resolved && !yesWon,
      },
    ],
    tags: [],
  };
}

/** Compact market info of /clob-markets/{condition_id}. */
export function clobMarketJson(spec: MarketSpec) {
  return {
    c: spec.conditionId,
    gst: null,
    r: null,
    t: [
      { t: spec.yesTokenId, o: 'Yes' },
      { t: spec.noTokenId, o: 'No' },
    ],
    mos: Number(spec.minSizeMicros) / 1_000_000,
    mts: tickNumber(spec.tickMicros),
    mbf: 0,
    tbf: Math.round(spec.fee.r * 10_000),
    ...(spec.negRisk ? { nr: true } : {}),
    fd: { r: spec.fee.r, e: spec.fee.e, to: spec.fee.to },
    rfqe: false,
    ibce: false,
    oas: 0,
  };
}
