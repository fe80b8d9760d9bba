import { describe, expect, it } from 'vitest';
import { microPriceOf } from '@shared/math/micro-price';
import {
  driftingBooks,
  FIXTURE_START_MS,
  FIXTURE_TOKEN,
  writeFixtureRecording,
} from '../replay/replay-fixtures';
import { readRecordedPrices } from './recorded-prices';

describe('readRecordedPrices', () => {
  it("gives each book's micro-price and the span the recording covers", async () => {
    const books = driftingBooks(100);
    const file = await writeFixtureRecording(books);
    const prices = await readRecordedPrices({ paths: [file] });
    const series = prices.series.get(FIXTURE_TOKEN);
    expect(prices.books).toBe(100);
    expect(prices.coverage.list()).toEqual([
      { startMs: FIXTURE_START_MS, endMs: FIXTURE_START_MS + 9_900 },
    ]);
    expect(series?.tickMicros).toBe(10_000);
    // The 31st book: bid 0.49 × 37, ask 0.51 × 40.
    const book = books[31];
    const [bidPrice, bidSize] = book?.bids[0] ?? [0, 0];
    const [askPrice, askSize] = book?.asks[0] ?? [0, 0];
    expect(series?.at((book?.atMs ?? 0) + 50)).toBe(
      microPriceOf(bidPrice * 1e6, bidSize * 1e6, askPrice * 1e6, askSize * 1e6),
    );
    expect(prices.tops[0]?.tokenId).toBe(`${FIXTURE_TOKEN}@${file}`);
    expect(prices.tops[0]?.states.length).toBeGreaterThan(10);
  });

  it('stops after untilMs, and lets the session being recorded cover up to its flush', async () => {
    const file = await writeFixtureRecording(driftingBooks(100));
    const early = await readRecordedPrices({ paths: [file], untilMs: FIXTURE_START_MS + 2_000 });
    expect(early.books).toBe(21);
    expect(early.coverage.endMs).toBe(FIXTURE_START_MS + 2_100);
    const live = await readRecordedPrices({
      paths: [file],
      current: { path: file, flushedAtMs: FIXTURE_START_MS + 60_000 },
    });
    expect(live.coverage.endMs).toBe(FIXTURE_START_MS + 60_000);
    expect(live.series.get(FIXTURE_TOKEN)?.at(FIXTURE_START_MS + 59_000)).not.toBeNull();
    const other = await readRecordedPrices({ paths: [file], tokens: new Set(['elsewhere']) });
    expect(other.series.size).toBe(0);
  });
});
