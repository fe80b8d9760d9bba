export interface PricePoint {
  t: number;
  p: number;
}

const MAX_POINTS = 20_000;

/** Per-token price samples (unix seconds, price) for /prices-history: last trade prices, one per second. */
export class PriceHistory {
  private readonly series = new Map<string, PricePoint[]>();

  record(tokenId: string, tSec: number, priceMicros: number): void {
    let s = this.series.get(tokenId);
    if (!s) {
      s = [];
      this.series.set(tokenId, s);
    }
    const p = priceMicros / 1_000_000;
    const last = s[s.length - 1];
    if (last && last.t === tSec) last.p = p;
    else s.push({ t: tSec, p });
    if (s.length > MAX_POINTS) s.splice(0, s.length - MAX_POINTS);
  }

  /** Points in [startTs, endTs], at most one per `fidelityMin` minutes (the last of each bucket). */
  query(tokenId: string, startTs: number, endTs: number, fidelityMin: number): PricePoint[] {
    const s = this.series.get(tokenId) ?? [];
    const inRange = s.filter((pt) => pt.t >= startTs && pt.t <= endTs);
    const bucket = Math.max(1, Math.floor(fidelityMin)) * 60;
    const out: PricePoint[] = [];
    for (const pt of inRange) {
      const last = out[out.length - 1];
      if (last && Math.floor(last.t / bucket) === Math.floor(pt.t / bucket))
        out[out.length - 1] = pt;
      else out.push(pt);
    }
    return out;
  }
}
