import type { OrderEvent } from '@shared/domain/order';
import { MICROS_PER_UNIT } from '@shared/math';

export interface FillPoint {
  t: number;
  /** Price in units (0.54). */
  fill: number;
  /** False while the trade is matched but not yet confirmed on chain. */
  confirmed: boolean;
}

const TRADE = /\(trade ([^)]+)\)$/;

/**
 * One dot per trade from an order's events. A trade's matched and confirmed events name the same
 * trade id in their reason, so they become one dot (hollow until confirmed); a failed trade
 * removes its dot. Events without a trade id each count as their own fill.
 */
export function fillPoints(events: readonly OrderEvent[]): FillPoint[] {
  const byTrade = new Map<string, FillPoint>();
  for (const e of events) {
    if ((e.type !== 'fill' && e.type !== 'fill_failed') || e.price === undefined) continue;
    const key = TRADE.exec(e.reason)?.[1] ?? `seq-${e.seq}`;
    if (e.type === 'fill_failed') {
      byTrade.delete(key);
      continue;
    }
    const confirmed = !e.reason.includes('pending');
    const known = byTrade.get(key);
    byTrade.set(key, {
      t: known?.t ?? e.at,
      fill: e.price / MICROS_PER_UNIT,
      confirmed: confirmed || (known?.confirmed ?? false),
    });
  }
  return [...byTrade.values()];
}
