import type { MatchingEngine } from '../engine/matching-engine.js';
import type { EngineOrder, OrderStatus, Side } from '../engine/types.js';
import { checksum } from './wire-format.js';

/**
 * The exchange's own account of one order, independent of any reporting lag, drop or forgetting:
 * what tests use to judge a client's ledger. Amounts are 6-dp micro-units as integer strings
 * ("5000000" = 5 shares; price "450000" = 0.45 pUSD per share).
 */
export interface OrderRecordEntry {
  orderId: string;
  /** EIP-55 address of the funder (the order's `maker`). */
  maker: string;
  tokenId: string;
  side: Side;
  /** Limit price in the order's own token, micro-pUSD per share. */
  price: string;
  originalSize: string;
  /** Matched in trades that did not end FAILED (MATCHED, MINED, RETRYING and CONFIRMED count). */
  sizeMatched: string;
  /** Matched in trades that ended FAILED: consumed from the order, never settled, not back on the book. */
  sizeFailed: string;
  /** Still on the book (0 once the order is no longer LIVE). */
  resting: string;
  status: OrderStatus;
}

function matchedIn(engine: MatchingEngine, order: EngineOrder): { ok: bigint; failed: bigint } {
  let ok = 0n;
  let failed = 0n;
  for (const tradeId of order.associateTrades) {
    const trade = engine.getTrade(tradeId);
    if (!trade) continue;
    let size = 0n;
    if (trade.takerOrderId === order.id) size += trade.sizeMicros;
    for (const m of trade.makers) if (m.orderId === order.id) size += m.sizeMicros;
    if (trade.status === 'FAILED') failed += size;
    else ok += size;
  }
  return { ok, failed };
}

/** Entries for `orderIds` (in placement order), optionally only those whose maker is `maker`. */
export function orderRecord(
  engine: MatchingEngine,
  orderIds: Iterable<string>,
  maker?: string,
): OrderRecordEntry[] {
  const want = maker?.toLowerCase();
  const orders: EngineOrder[] = [];
  for (const id of orderIds) {
    const o = engine.getOrder(id);
    if (o && (want === undefined || o.account === want)) orders.push(o);
  }
  return orders
    .sort((a, b) => a.seq - b.seq)
    .map((o) => {
      const { ok, failed } = matchedIn(engine, o);
      return {
        orderId: o.id,
        maker: checksum(o.account),
        tokenId: o.tokenId,
        side: o.side,
        price: String(o.priceMicros),
        originalSize: o.originalSize.toString(),
        sizeMatched: ok.toString(),
        sizeFailed: failed.toString(),
        resting: (o.status === 'LIVE' ? o.originalSize - o.matched : 0n).toString(),
        status: o.status,
      };
    });
}
