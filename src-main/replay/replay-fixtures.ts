import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BookLevel } from '../exchange/exchange-port';
import { silentLogger } from '../host/logger';
import { partName } from '../recording/recording-reader';
import { RecordingWriter } from '../recording/recording-writer';

/** A hand-made book of a test recording: prices as decimals, sizes in shares, best first. */
export interface FixtureBook {
  atMs: number;
  bids: [number, number][];
  asks: [number, number][];
  /** The book's last trade price, a decimal. */
  lastTrade?: number;
  tokenId?: string;
}

export const FIXTURE_TOKEN = '1001';
export const FIXTURE_CONDITION = '0xfixture';
export const FIXTURE_START_MS = 1_760_000_000_000;

function levels(pairs: [number, number][]): BookLevel[] {
  return pairs.map(([price, size]) => ({
    price: Math.round(price * 1_000_000),
    size: Math.round(size * 1_000_000),
  }));
}

/** Writes `books` of one token (tick 0.01, minimum 5 shares) as a recording; returns the part file. */
export async function writeFixtureRecording(books: FixtureBook[]): Promise<string> {
  const sessionDir = join(mkdtempSync(join(tmpdir(), 'polydesk-replay-')), 'session');
  const writer = new RecordingWriter({
    sessionDir,
    sessionId: 'fixture',
    mode: 'PAPER',
    logger: silentLogger(),
    flushIntervalMs: 60_000,
    now: () => books[0]?.atMs ?? FIXTURE_START_MS,
  });
  books.forEach((book, i) => {
    writer.book(
      {
        tokenId: book.tokenId ?? FIXTURE_TOKEN,
        conditionId: FIXTURE_CONDITION,
        bids: levels(book.bids),
        asks: levels(book.asks),
        tickMicros: 10_000,
        minOrderSizeMicros: 5_000_000,
        lastTradePriceMicros:
          book.lastTrade === undefined ? undefined : Math.round(book.lastTrade * 1_000_000),
        exchangeTimestampMs: book.atMs,
        source: 'stream',
        epoch: 0,
        hash: i.toString(16).padStart(8, '0'),
      },
      book.atMs,
    );
  });
  await writer.close();
  return join(sessionDir, partName(1));
}

/**
 * A market that drifts: each second the book moves a tick up or down (a fixed pattern), and every
 * other book a trade takes 3 shares at the touch of one side.
 */
export function driftingBooks(count: number, startMs = FIXTURE_START_MS): FixtureBook[] {
  const books: FixtureBook[] = [];
  let mid = 50;
  for (let i = 0; i < count; i++) {
    if (i % 10 === 0) mid += [1, -1, -1, 1, 1][(i / 10) % 5] ?? 0;
    const traded = i % 2 === 1 ? 3 : 0;
    const buySide = i % 4 === 1;
    books.push({
      atMs: startMs + i * 100,
      bids: [
        [(mid - 1) / 100, 40 - (buySide ? 0 : traded)],
        [(mid - 2) / 100, 80],
      ],
      asks: [
        [(mid + 1) / 100, 40 - (buySide ? traded : 0)],
        [(mid + 2) / 100, 80],
      ],
      ...(traded > 0 && { lastTrade: (buySide ? mid + 1 : mid - 1) / 100 }),
    });
  }
  return books;
}
