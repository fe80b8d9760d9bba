import { z } from 'zod';
import { MICROS_PER_UNIT } from '../math/decimal';

/**
 * Trade statuses as the exchange reports them (polymarket-clob.md §6.2): MATCHED → MINED →
 * CONFIRMED, or RETRYING → back to MINED, or → FAILED. CONFIRMED and FAILED are final.
 */
export const TradeStatusSchema = z.enum(['MATCHED', 'MINED', 'CONFIRMED', 'RETRYING', 'FAILED']);
export type TradeStatus = z.infer<typeof TradeStatusSchema>;

const safeMicros = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One report of our part in one trade: the first report adds it, later ones move its status. */
export const PortfolioFillSchema = z.object({
  tokenId: z.string().min(1),
  /** The exchange's trade id. */
  tradeId: z.string().min(1),
  /**
   * Our exchange order in that trade, when known: one trade can carry several of our orders, so
   * the fill's identity is trade id plus order id (as the store's fillKey).
   */
  orderId: z.string().optional(),
  side: z.enum(['BUY', 'SELL']),
  /** Micros per share, strictly inside (0, 1). */
  priceMicros: z.number().int().gt(0).lt(MICROS_PER_UNIT),
  /** Micro-shares, positive. */
  sizeMicros: safeMicros.gt(0),
  /** Fee paid in collateral, micros. */
  feeMicros: safeMicros.default(0),
  status: TradeStatusSchema,
  /** Match time, epoch ms: fills are accounted in (time, fill key) order. */
  timeMs: safeMicros,
});
export type PortfolioFill = z.output<typeof PortfolioFillSchema>;
export type PortfolioFillInput = z.input<typeof PortfolioFillSchema>;

/** The identity a report is deduplicated by. */
export function fillKeyOf(fill: Pick<PortfolioFill, 'tradeId' | 'orderId'>): string {
  return fill.orderId === undefined ? fill.tradeId : `${fill.tradeId}:${fill.orderId}`;
}

export function isFinalStatus(status: TradeStatus): boolean {
  return status === 'CONFIRMED' || status === 'FAILED';
}

export function isPendingStatus(status: TradeStatus): boolean {
  return !isFinalStatus(status);
}

/** What a repeated report of a known fill did. */
export type RepeatOutcome =
  /** Same status again (the exchange reports some trades twice): nothing changes. */
  | 'duplicate'
  /** The status moved (e.g. MATCHED → CONFIRMED, or → FAILED, which undoes the fill). */
  | 'status_changed'
  /** The fill already reached a final status; a late report of another status is ignored. */
  | 'stale_status'
  /** Same key, different token, side, price or size: ignored, the first report stands. */
  | 'conflict';

/**
 * How a repeat report of a known fill is folded in. Final statuses stick: a replayed MATCHED
 * after CONFIRMED (a reconnect resends history) must not reopen the fill, and FAILED is never
 * undone. Between pending statuses the latest report wins (RETRYING → MINED is legal).
 */
export function foldRepeat(known: PortfolioFill, report: PortfolioFill): RepeatOutcome {
  if (
    known.tokenId !== report.tokenId ||
    known.side !== report.side ||
    known.priceMicros !== report.priceMicros ||
    known.sizeMicros !== report.sizeMicros
  ) {
    return 'conflict';
  }
  if (known.status === report.status) return 'duplicate';
  if (isFinalStatus(known.status)) return 'stale_status';
  return 'status_changed';
}

/** Canonical accounting order: match time, then fill key. */
export function compareFills(
  a: Pick<PortfolioFill, 'timeMs'> & { key: string },
  b: Pick<PortfolioFill, 'timeMs'> & { key: string },
): number {
  if (a.timeMs !== b.timeMs) return a.timeMs - b.timeMs;
  if (a.key === b.key) return 0;
  return a.key < b.key ? -1 : 1;
}
