/** A span of time a recording saw: books are known inside it, nothing outside. */
export interface CoveredSpan {
  startMs: number;
  endMs: number;
}

/**
 * The spans the recordings read cover, shared by every token's series: a price is only looked
 * up inside a span, and only from a book of that same span (a later session starts from nothing).
 */
export class Coverage {
  private readonly spans: CoveredSpan[] = [];

  /** Spans are added in time order (sessions oldest first). */
  add(span: CoveredSpan): void {
    this.spans.push(span);
  }

  /** The span holding `t`, if any. */
  spanOf(timeMs: number): CoveredSpan | undefined {
    for (let i = this.spans.length - 1; i >= 0; i--) {
      const span = this.spans[i];
      if (span && span.startMs <= timeMs) return timeMs <= span.endMs ? span : undefined;
    }
    return undefined;
  }

  /** The end of the last span; null when nothing was read. */
  get endMs(): number | null {
    return this.spans.at(-1)?.endMs ?? null;
  }

  get startMs(): number | null {
    return this.spans[0]?.startMs ?? null;
  }

  list(): readonly CoveredSpan[] {
    return this.spans;
  }
}

export interface PricePoint {
  timeMs: number;
  microPrice: number;
}

/**
 * One token's micro-price over time, one point per change (null while a side of the book is
 * empty). The price at t is the last book's at or before t, inside the same covered span.
 */
export class MicroPriceSeries {
  private readonly times: number[] = [];
  private readonly prices: (number | null)[] = [];
  /** The latest tick size seen. */
  tickMicros: number | null = null;

  constructor(
    readonly tokenId: string,
    private readonly coverage: Coverage,
  ) {}

  get length(): number {
    return this.times.length;
  }

  /** Appends a book's micro-price (times never go back); an unchanged price adds nothing. */
  push(timeMs: number, microPrice: number | null, tickMicros?: number): void {
    if (tickMicros !== undefined) this.tickMicros = tickMicros;
    const last = this.times.length - 1;
    if (last >= 0 && this.prices[last] === microPrice) return;
    if (last >= 0 && (this.times[last] ?? 0) === timeMs) {
      this.prices[last] = microPrice;
      return;
    }
    this.times.push(timeMs);
    this.prices.push(microPrice);
  }

  /** Index of the last point at or before t; −1 when none. */
  private indexAt(timeMs: number): number {
    let lo = 0;
    let hi = this.times.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.times[mid] ?? Infinity) <= timeMs) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Micro-price at t; null outside the recordings, before the span's first book, or one-sided. */
  at(timeMs: number): number | null {
    const span = this.coverage.spanOf(timeMs);
    if (!span) return null;
    const i = this.indexAt(timeMs);
    if (i < 0 || (this.times[i] ?? -Infinity) < span.startMs) return null;
    return this.prices[i] ?? null;
  }

  /** The first two-sided book after t, no later than t + windowMs. */
  firstAfter(timeMs: number, windowMs: number): PricePoint | null {
    for (let i = this.indexAt(timeMs) + 1; i < this.times.length; i++) {
      const time = this.times[i] ?? Infinity;
      if (time > timeMs + windowMs) return null;
      const price = this.prices[i];
      if (price !== null && price !== undefined) return { timeMs: time, microPrice: price };
    }
    return null;
  }

  /** The two-sided points in [fromMs, toMs], led by the price in force at fromMs. */
  pointsBetween(fromMs: number, toMs: number): PricePoint[] {
    const points: PricePoint[] = [];
    const first = this.at(fromMs);
    if (first !== null) points.push({ timeMs: fromMs, microPrice: first });
    for (let i = this.indexAt(fromMs) + 1; i < this.times.length; i++) {
      const time = this.times[i] ?? Infinity;
      if (time > toMs) break;
      const price = this.prices[i];
      if (price !== null && price !== undefined) points.push({ timeMs: time, microPrice: price });
    }
    return points;
  }
}
