import { formatMicros } from '../engine/decimal.js';
import type { LevelView, MatchingEngine } from '../engine/matching-engine.js';
import { withHash, type BookSummary, type WireLevel } from '../protocol/book-summary.js';
import { tickString } from './wire-format.js';

function levels(list: LevelView[]): WireLevel[] {
  return list.map((l) => ({
    price: formatMicros(l.priceMicros),
    size: formatMicros(l.sizeMicros),
  }));
}

/** OrderBookSummary of one token (best level last), hash included; undefined for an unknown token. */
export function bookSummary(
  engine: MatchingEngine,
  tokenId: string,
  nowMs: number,
): BookSummary | undefined {
  const ref = engine.token(tokenId);
  const view = engine.bookView(tokenId);
  if (!ref || !view) return undefined;
  const last = engine.lastTrade(tokenId);
  return withHash({
    market: ref.market.conditionId,
    asset_id: tokenId,
    timestamp: String(nowMs),
    bids: levels(view.bids),
    asks: levels(view.asks),
    min_order_size: formatMicros(ref.market.minSizeMicros),
    tick_size: tickString(ref.market.tickMicros),
    neg_risk: ref.market.negRisk,
    last_trade_price: last ? formatMicros(last.priceMicros) : '',
  });
}

/** Mid of the token's book in micros, falling back to one side or the last trade; null if there is nothing. */
export function midMicros(engine: MatchingEngine, tokenId: string): number | null {
  const { bid, ask } = engine.bestBidAsk(tokenId);
  if (bid !== null && ask !== null) return Math.round((bid + ask) / 2);
  return bid ?? ask ?? engine.lastTrade(tokenId)?.priceMicros ?? null;
}
