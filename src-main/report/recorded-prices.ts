import { microPriceOf } from '@shared/math/micro-price';
import { sameTopOfBook, type TopOfBookState } from '@shared/math/stoikov';
import { BookReplay } from '../recording/book-replay';
import { describeDamage } from '../recording/recording-format';
import { openRecording, RecordingReader } from '../recording/recording-reader';
import type { TokenSeries } from '../recording/estimator-error';
import { Coverage, MicroPriceSeries } from './micro-price-series';

/** What the recordings say about the tokens asked for. */
export interface RecordedPrices {
  coverage: Coverage;
  /** Micro-price series by token (tokens without a book in the recordings have none). */
  series: Map<string, MicroPriceSeries>;
  /**
   * Top-of-book changes per token and recording (one entry per session a token traded in, so
   * that no transition spans two sessions), for the estimators.
   */
  tops: TokenSeries[];
  /** Recordings read, in order. */
  read: string[];
  books: number;
  /** Damage the reader stopped at, as sentences. */
  notes: string[];
}

/** A recording to read: a session directory or a part file, or some of a session's parts. */
export type RecordingSource = string | { name: string; parts: readonly string[] };

export interface ReadPricesOptions {
  /** Recordings, oldest first. */
  paths: readonly RecordingSource[];
  /** Only these tokens' books are kept (every token when absent). */
  tokens?: ReadonlySet<string>;
  /** Reading stops at the first record after this time (the rest is not needed). */
  untilMs?: number;
  /**
   * The session being recorded now, just flushed: it saw every book up to `flushedAtMs`, so it
   * covers that far even when no book changed since its last record.
   */
  current?: { path: string; flushedAtMs: number };
}

/**
 * Reads recordings once, rebuilding each token's book (BookReplay) and taking its micro-price
 * (the plan's weighted mid, every level counted, as displayed) at each book it was handed.
 */
export async function readRecordedPrices(options: ReadPricesOptions): Promise<RecordedPrices> {
  const coverage = new Coverage();
  const series = new Map<string, MicroPriceSeries>();
  const tops: TokenSeries[] = [];
  const notes: string[] = [];
  const read: string[] = [];
  let books = 0;
  for (const source of options.paths) {
    const path = typeof source === 'string' ? source : source.name;
    const reader =
      typeof source === 'string' ? await openRecording(source) : new RecordingReader(source.parts);
    const replay = new BookReplay();
    const states = new Map<string, TopOfBookState[]>();
    let first: number | null = null;
    let last: number | null = null;
    for await (const record of reader) {
      first ??= record.receiveTimeMs;
      last = Math.max(last ?? 0, record.receiveTimeMs);
      if (options.untilMs !== undefined && record.receiveTimeMs > options.untilMs) break;
      if (record.type !== 'book') continue;
      if (options.tokens && !options.tokens.has(record.tokenId)) continue;
      books += 1;
      replay.apply(record);
      const top = replay.top(record.tokenId);
      let tokenSeries = series.get(record.tokenId);
      if (!tokenSeries) {
        tokenSeries = new MicroPriceSeries(record.tokenId, coverage);
        series.set(record.tokenId, tokenSeries);
      }
      tokenSeries.push(
        record.receiveTimeMs,
        top
          ? microPriceOf(
              top.bidPriceMicros,
              top.bidSizeMicros,
              top.askPriceMicros,
              top.askSizeMicros,
            )
          : null,
        record.tickMicros,
      );
      if (!top) continue;
      let list = states.get(record.tokenId);
      if (!list) states.set(record.tokenId, (list = []));
      const previous = list.at(-1);
      if (!previous || !sameTopOfBook(previous, top)) list.push(top);
    }
    if (first !== null && last !== null) {
      const live = options.current?.path === path && !reader.outcome.damage;
      const flushed = live ? (options.current?.flushedAtMs ?? last) : last;
      const endMs = Math.max(last, Math.min(flushed, options.untilMs ?? flushed));
      coverage.add({ startMs: first, endMs });
      read.push(path);
    }
    for (const [tokenId, list] of states)
      tops.push({ tokenId: `${tokenId}@${path}`, states: list });
    const { damage } = reader.outcome;
    if (damage)
      notes.push(`A recording stopped early, read up to there: ${describeDamage(damage)}.`);
  }
  return { coverage, series, tops, read, books, notes };
}
