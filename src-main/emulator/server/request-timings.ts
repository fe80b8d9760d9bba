/**
 * The exchange's own processing time per request (body read → reply written), by route: what a
 * benchmark reports beside a client's round trips, so that the exchange's share of a latency is a
 * figure of the same run. Ids in paths are folded (`/data/order/:id`), samples kept per route are
 * bounded.
 */

export interface RouteTiming {
  count: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
}

const SAMPLES_PER_ROUTE = 4_096;
const ID_SEGMENT = /\/(0x[0-9a-fA-F]+|\d{6,})/g;

export class RequestTimings {
  private readonly samples = new Map<string, { values: Float64Array; count: number }>();

  record(method: string, path: string, ms: number): void {
    const route = `${method} ${path.replace(ID_SEGMENT, '/:id')}`;
    let entry = this.samples.get(route);
    if (!entry) {
      entry = { values: new Float64Array(SAMPLES_PER_ROUTE), count: 0 };
      this.samples.set(route, entry);
    }
    entry.values[entry.count % SAMPLES_PER_ROUTE] = ms;
    entry.count++;
  }

  reset(): void {
    this.samples.clear();
  }

  snapshot(): Record<string, RouteTiming> {
    const out: Record<string, RouteTiming> = {};
    for (const [route, { values, count }] of this.samples) {
      const kept = values.slice(0, Math.min(count, SAMPLES_PER_ROUTE)).sort();
      const at = (p: number): number =>
        kept[Math.min(kept.length - 1, Math.floor(p * kept.length))] ?? Number.NaN;
      let sum = 0;
      for (const v of kept) sum += v;
      out[route] = { count, meanMs: sum / kept.length, p50Ms: at(0.5), p99Ms: at(0.99) };
    }
    return out;
  }
}
