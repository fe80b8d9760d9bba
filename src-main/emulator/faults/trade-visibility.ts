import type { TradeRecord, TradeStatus } from '../engine/types.js';
import { drawLag, type LagRange } from './report-timing.js';

interface Version {
  /** When REST may show this status. */
  at: number;
  status: TradeStatus;
  lastUpdateMs: number;
  errMsg: string | null;
}

const FINAL: ReadonlySet<TradeStatus> = new Set(['CONFIRMED', 'FAILED']);

export interface TradeVisibilityDeps {
  lag: () => LagRange;
  random: () => number;
  now: () => number;
}

/**
 * What `GET /data/trades` may show of each trade under `restTradeLagMs`: a trade appears, and each
 * status change of it shows, only after its own lag. The times never go backwards, so REST never
 * shows a status older than one it already showed. Trades matched with the lag off stay visible.
 */
export class TradeVisibility {
  private readonly lagged = new Map<string, Version[]>();

  constructor(private readonly d: TradeVisibilityDeps) {}

  /** Called for every status the engine reports (MATCHED first). */
  observe(trade: TradeRecord): void {
    let versions = this.lagged.get(trade.id);
    if (!versions) {
      if (trade.status !== 'MATCHED' || this.d.lag().max <= 0) return;
      versions = [];
      this.lagged.set(trade.id, versions);
    }
    const previous = versions[versions.length - 1];
    const at = Math.max(previous?.at ?? 0, this.d.now() + drawLag(this.d.lag(), this.d.random));
    versions.push({
      at,
      status: trade.status,
      lastUpdateMs: trade.lastUpdateMs,
      errMsg: trade.errMsg,
    });
  }

  /** The trade as REST may show it now, or null while it is not visible yet. */
  view(trade: TradeRecord, nowMs: number = this.d.now()): TradeRecord | null {
    const versions = this.lagged.get(trade.id);
    if (!versions) return trade;
    let shown: Version | undefined;
    for (const v of versions) if (v.at <= nowMs) shown = v;
    if (!shown) return null;
    if (shown === versions[versions.length - 1] && shown.status === trade.status) return trade;
    return {
      ...trade,
      status: shown.status,
      lastUpdateMs: shown.lastUpdateMs,
      errMsg: shown.errMsg,
    };
  }

  /** Drops the bookkeeping of trades whose final status is visible. */
  prune(nowMs: number = this.d.now()): void {
    for (const [id, versions] of this.lagged) {
      const last = versions[versions.length - 1];
      if (last && FINAL.has(last.status) && last.at <= nowMs) this.lagged.delete(id);
    }
  }
}
