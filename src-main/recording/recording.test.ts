import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../host/logger';
import type { BookSnapshot } from '../exchange/exchange-port';
import { BookReplay } from './book-replay';
import { FILE_MAGIC, FRAME_HEADER_BYTES, type RecordingRecord } from './recording-format';
import { openRecording, type ReadOutcome } from './recording-reader';
import { RecordingWriter, type RecordingWriterOptions } from './recording-writer';

const TOKEN_A = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const TOKEN_B = '52114319501245915516055106046884209969926127482827954674443846427813813222426';
const HASH = '0123456789abcdef0123456789abcdef01234567';

function book(tokenId: string, overrides: Partial<BookSnapshot> = {}): BookSnapshot {
  return {
    tokenId,
    conditionId: '0xabc',
    bids: [
      { price: 500_000, size: 120_000_000 },
      { price: 490_000, size: 50_000_000 },
    ],
    asks: [
      { price: 510_000, size: 80_000_000 },
      { price: 520_000, size: 15_500_000 },
    ],
    tickMicros: 10_000,
    minOrderSizeMicros: 5_000_000,
    lastTradePriceMicros: 500_000,
    exchangeTimestampMs: 1_767_000_000_000,
    confirmedAtMs: 0,
    ageMs: 0,
    source: 'stream',
    epoch: 0,
    hash: HASH,
    ...overrides,
  };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'polydesk-recording-'));
}

function writer(dir: string, options: Partial<RecordingWriterOptions> = {}): RecordingWriter {
  let clock = 1_767_000_000_000;
  return new RecordingWriter({
    sessionDir: dir,
    sessionId: 'test-session',
    mode: 'PAPER',
    logger: silentLogger(),
    flushIntervalMs: 60_000,
    now: () => (clock += 7),
    ...options,
  });
}

async function readAll(
  path: string,
  chunkBytes = 64,
): Promise<{ records: RecordingRecord[]; outcome: ReadOutcome }> {
  const reader = await openRecording(path, { chunkBytes });
  const records: RecordingRecord[] = [];
  for await (const record of reader) records.push(record);
  return { records, outcome: reader.outcome };
}

/** Offsets of the frames of a file, walking the length fields. */
function frameOffsets(bytes: Buffer): number[] {
  const offsets: number[] = [];
  let at = FILE_MAGIC.length;
  while (at < bytes.length) {
    offsets.push(at);
    at += FRAME_HEADER_BYTES + bytes.readUInt32LE(at);
  }
  return offsets;
}

/** A seeded sequence of books of two tokens, each a small change of the previous. */
function bookSequence(count: number, seed: number): BookSnapshot[] {
  let s = seed;
  const random = (n: number): number => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((s / 2_147_483_648) * n);
  };
  const state = new Map([
    [TOKEN_A, book(TOKEN_A)],
    [TOKEN_B, book(TOKEN_B, { tickMicros: 1_000, bids: [{ price: 600_000, size: 1 }] })],
  ]);
  const out: BookSnapshot[] = [];
  for (let i = 0; i < count; i++) {
    const tokenId = random(2) === 0 ? TOKEN_A : TOKEN_B;
    const previous = state.get(tokenId) ?? book(tokenId);
    const tick = previous.tickMicros;
    const side = random(2) === 0 ? 'bids' : 'asks';
    const levels = [...previous[side]];
    const base = side === 'bids' ? 500_000 - tick * random(5) : 510_000 + tick * random(5);
    const at = levels.findIndex((l) => l.price === base);
    // Mostly sizes on the 0.01-share grid; now and then an odd one forces a snapshot.
    const size = random(10) === 0 ? 1 + random(999) : (1 + random(500)) * 10_000;
    if (at >= 0 && random(4) === 0) levels.splice(at, 1);
    else if (at >= 0) levels[at] = { price: base, size };
    else levels.push({ price: base, size });
    levels.sort((a, b) => (side === 'bids' ? b.price - a.price : a.price - b.price));
    const next: BookSnapshot = {
      ...previous,
      [side]: levels,
      exchangeTimestampMs: previous.exchangeTimestampMs + random(50),
      hash: random(3) === 0 ? `h${i}` : HASH.slice(0, 38) + String(i % 100).padStart(2, '0'),
      lastTradePriceMicros: random(5) === 0 ? base : previous.lastTradePriceMicros,
      source: random(20) === 0 ? 'rest' : 'stream',
      epoch: random(200) === 0 ? previous.epoch + 1 : previous.epoch,
    };
    state.set(tokenId, next);
    out.push(next);
  }
  return out;
}

function replayed(records: readonly RecordingRecord[]): Map<string, BookSnapshot['bids'][]> {
  const replay = new BookReplay();
  const seen = new Map<string, BookSnapshot['bids'][]>();
  for (const record of records) {
    if (record.type !== 'book') continue;
    replay.apply(record);
    const b = replay.book(record.tokenId);
    const list = seen.get(record.tokenId) ?? [];
    list.push([
      ...(b?.bids ?? []).map((l) => ({ price: l.priceMicros, size: l.sizeMicros })),
      ...(b?.asks ?? []).map((l) => ({ price: l.priceMicros, size: l.sizeMicros })),
    ]);
    seen.set(record.tokenId, list);
  }
  return seen;
}

function expectedBooks(books: readonly BookSnapshot[]): Map<string, BookSnapshot['bids'][]> {
  const seen = new Map<string, BookSnapshot['bids'][]>();
  for (const b of books) {
    const list = seen.get(b.tokenId) ?? [];
    list.push([...b.bids, ...b.asks]);
    seen.set(b.tokenId, list);
  }
  return seen;
}

describe('recording round trip', () => {
  it('reads back books, order events and trades as written', async () => {
    const dir = tempDir();
    const w = writer(dir);
    const first = book(TOKEN_A);
    const second = book(TOKEN_A, {
      bids: [{ price: 500_000, size: 100_000_000 }, first.bids[1] ?? { price: 1, size: 1 }],
      exchangeTimestampMs: first.exchangeTimestampMs + 120,
      hash: 'f'.repeat(40),
    });
    w.book(first, 1_767_000_000_100);
    w.book(first, 1_767_000_000_101); // the same book again: nothing changed, nothing written
    w.book(second, 1_767_000_000_150);
    w.book(
      book(TOKEN_B, { minOrderSizeMicros: undefined, lastTradePriceMicros: undefined }),
      1_767_000_000_149,
    );
    w.order(
      {
        orderId: 'ord-1',
        source: 'daemon',
        eventType: 'placed',
        payload: { price: 500_000, size: 10_000_000, reason: 'quote', absent: undefined },
      },
      1_767_000_000_200,
    );
    w.trade(
      {
        origin: 'stream',
        fillKey: 't-1:0xo',
        tradeId: 't-1',
        orderId: '0xo',
        tokenId: TOKEN_A,
        conditionId: '0xabc',
        side: 'BUY',
        role: 'MAKER',
        priceMicros: 500_000,
        sizeMicros: 10_000_000,
        status: 'MATCHED',
        final: false,
        matchTimeSec: 1_767_000_000,
        feeRateBps: 0,
      },
      1_767_000_000_300,
    );
    await w.close();
    expect(w.stats).toMatchObject({ records: 5, dropped: 0, failure: null });

    const { records, outcome } = await readAll(dir);
    expect(outcome).toMatchObject({ complete: true, damage: null, records: 6 });
    expect(outcome.bytes).toBe(w.stats.bytesWritten);
    const [session, a1, a2, b1, order, trade] = records;
    expect(session).toMatchObject({
      type: 'session',
      sessionId: 'test-session',
      part: 1,
      mode: 'PAPER',
      format: 1,
    });
    expect(a1).toEqual({
      type: 'book',
      kind: 'snapshot',
      receiveTimeMs: 1_767_000_000_100,
      tokenId: TOKEN_A,
      conditionId: '0xabc',
      exchangeTimestampMs: first.exchangeTimestampMs,
      hash: HASH,
      tickMicros: 10_000,
      epoch: 0,
      source: 'stream',
      minOrderSizeMicros: 5_000_000,
      lastTradePriceMicros: 500_000,
      bids: [
        { priceMicros: 500_000, sizeMicros: 120_000_000 },
        { priceMicros: 490_000, sizeMicros: 50_000_000 },
      ],
      asks: [
        { priceMicros: 510_000, sizeMicros: 80_000_000 },
        { priceMicros: 520_000, sizeMicros: 15_500_000 },
      ],
    });
    expect(a2).toMatchObject({
      kind: 'delta',
      receiveTimeMs: 1_767_000_000_150,
      exchangeTimestampMs: first.exchangeTimestampMs + 120,
      hash: 'f'.repeat(40),
      tickMicros: 10_000,
      minOrderSizeMicros: 5_000_000,
      bids: [{ priceMicros: 500_000, sizeMicros: 100_000_000 }],
      asks: [],
    });
    // Receive times are kept as given, even one earlier than the record before.
    expect(b1).toMatchObject({
      kind: 'snapshot',
      tokenId: TOKEN_B,
      receiveTimeMs: 1_767_000_000_149,
      minOrderSizeMicros: null,
      lastTradePriceMicros: null,
    });
    expect(order).toEqual({
      type: 'order',
      receiveTimeMs: 1_767_000_000_200,
      orderId: 'ord-1',
      source: 'daemon',
      eventType: 'placed',
      payload: { price: 500_000, size: 10_000_000, reason: 'quote' },
    });
    expect(trade).toMatchObject({ type: 'trade', tradeId: 't-1', priceMicros: 500_000 });
  });

  it('rebuilds every book of a long sequence from snapshots and deltas', async () => {
    const dir = tempDir();
    const w = writer(dir);
    const books = bookSequence(3_000, 11);
    for (const b of books) w.book(b);
    await w.close();
    const { records, outcome } = await readAll(dir);
    expect(outcome.complete).toBe(true);
    const kinds = records.filter((r) => r.type === 'book').map((r) => r.kind);
    expect(kinds).toHaveLength(books.length);
    expect(kinds.filter((k) => k === 'delta').length).toBeGreaterThan(books.length / 2);
    expect(kinds.filter((k) => k === 'snapshot').length).toBeGreaterThan(2);
    expect(replayed(records)).toEqual(expectedBooks(books));
  });

  it('round-trips any books the port can hand out', async () => {
    const level = fc.record({
      price: fc.integer({ min: 0, max: 1_000_000 }),
      size: fc.integer({ min: 1, max: 2 ** 45 }),
    });
    // Best first, as the port hands books out.
    const side = (order: 1 | -1) =>
      fc
        .uniqueArray(level, { selector: (l) => l.price, maxLength: 8 })
        .map((levels) => levels.sort((a, b) => order * (a.price - b.price)));
    const snapshot = fc.record({
      tokenId: fc.constantFrom(TOKEN_A, TOKEN_B, 'x'),
      bids: side(-1),
      asks: side(1),
      tickMicros: fc.constantFrom(1_000, 10_000, 2_500),
      hash: fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f]{0,40}$/)),
      exchangeTimestampMs: fc.integer({ min: 0, max: 2 ** 42 }),
      source: fc.constantFrom('stream' as const, 'rest' as const, 'poll' as const),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(snapshot, { minLength: 1, maxLength: 20 }), async (parts) => {
        const dir = tempDir();
        const w = writer(dir);
        const books = parts.map((p) => book(p.tokenId, p));
        for (const b of books) w.book(b);
        await w.close();
        const { records, outcome } = await readAll(dir);
        expect(outcome.damage).toBeNull();
        const bookRecords = records.filter((r) => r.type === 'book');
        // A book identical to its token's previous one is not a change and is not written.
        const changed = books.filter((b, i) => {
          const before = books.slice(0, i).findLast((p) => p.tokenId === b.tokenId);
          return !before || JSON.stringify(before) !== JSON.stringify(b);
        });
        expect(bookRecords).toHaveLength(changed.length);
        expect(replayed(records)).toEqual(expectedBooks(changed));
        bookRecords.forEach((r, i) => {
          expect(r.hash).toBe(changed[i]?.hash);
          expect(r.exchangeTimestampMs).toBe(changed[i]?.exchangeTimestampMs);
          expect(r.source).toBe(changed[i]?.source);
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('rotation', () => {
  it('rotates by size into numbered parts that each stand alone', async () => {
    const dir = tempDir();
    const w = writer(dir, { maxFileBytes: 4_000 });
    const books = bookSequence(2_000, 5);
    books.forEach((b, i) => {
      w.book(b);
      if (i % 300 === 0) void w.flush();
    });
    await w.close();
    const parts = readdirSync(dir).sort();
    expect(parts.length).toBeGreaterThan(3);
    expect(parts[0]).toBe('part-000001.pdrec');
    expect(parts).toEqual(parts.map((_, i) => `part-${String(i + 1).padStart(6, '0')}.pdrec`));
    for (const part of parts.slice(0, -1)) {
      // A part is closed at the first record past the limit: at most one record over.
      expect(readFileSync(join(dir, part)).length).toBeLessThan(4_000 + 2_000);
    }
    // Each part opens with its session record and a snapshot per token.
    const second = await readAll(join(dir, parts[1] ?? ''));
    expect(second.records[0]).toMatchObject({ type: 'session', part: 2 });
    const firstBooks = new Map<string, string>();
    for (const r of second.records) {
      if (r.type === 'book' && !firstBooks.has(r.tokenId)) firstBooks.set(r.tokenId, r.kind);
    }
    expect([...firstBooks.values()].every((kind) => kind === 'snapshot')).toBe(true);
    // The session reads as one sequence.
    const all = await readAll(dir);
    expect(all.outcome).toMatchObject({ complete: true, files: parts.map((p) => join(dir, p)) });
    expect(all.records.filter((r) => r.type === 'session')).toHaveLength(parts.length);
    expect(replayed(all.records)).toEqual(expectedBooks(books));
  });

  it('rotates by age', async () => {
    const dir = tempDir();
    let clock = 0;
    const w = writer(dir, { rotateAfterMs: 1_000, now: () => clock });
    for (let i = 0; i < 30; i++) {
      clock = i * 100;
      w.book(book(TOKEN_A, { exchangeTimestampMs: i }));
    }
    await w.close();
    // 0..2900 ms, a new part every second.
    expect(readdirSync(dir)).toEqual([
      'part-000001.pdrec',
      'part-000002.pdrec',
      'part-000003.pdrec',
    ]);
  });

  it('creates nothing when nothing was recorded', async () => {
    const dir = join(tempDir(), 'session');
    const w = writer(dir);
    await w.close();
    expect(readdirSync(join(dir, '..'))).toEqual([]);
  });
});

describe('damage', () => {
  async function recorded(count: number): Promise<{ dir: string; file: string; bytes: Buffer }> {
    const dir = tempDir();
    const w = writer(dir);
    for (const b of bookSequence(count, 3)) w.book(b);
    await w.close();
    const file = join(dir, 'part-000001.pdrec');
    return { dir, file, bytes: readFileSync(file) };
  }

  it('replays a truncated file up to the torn frame and says where', async () => {
    const { file, bytes } = await recorded(200);
    const intact = await readAll(file);
    const offsets = frameOffsets(bytes);
    const last = offsets.at(-1) ?? 0;
    truncateSync(file, bytes.length - 3);
    const { records, outcome } = await readAll(file);
    expect(outcome.complete).toBe(false);
    expect(outcome.damage).toMatchObject({
      code: 'TRUNCATED',
      file,
      offset: last,
      recordNumber: offsets.length,
    });
    expect(outcome.damage?.message).toMatch(/ends 3 bytes into a \d+-byte frame/);
    expect(records).toEqual(intact.records.slice(0, -1));
    expect(outcome.bytes).toBe(last);
  });

  it('stops at a flipped byte, after every record before it', async () => {
    const { file, bytes } = await recorded(200);
    const intact = await readAll(file);
    const offsets = frameOffsets(bytes);
    const target = 100;
    const at = offsets[target] ?? 0;
    const damaged = Buffer.from(bytes);
    const inBody = at + FRAME_HEADER_BYTES + 2;
    damaged[inBody] = (damaged[inBody] ?? 0) ^ 0x40;
    writeFileSync(file, damaged);
    const { records, outcome } = await readAll(file);
    expect(outcome.damage).toMatchObject({
      code: 'CHECKSUM',
      offset: at,
      recordNumber: target + 1,
    });
    // Frames before it hand out their records (token definitions are not records).
    expect(records.length).toBeGreaterThan(90);
    expect(records).toEqual(intact.records.slice(0, records.length));
    expect(outcome.bytes).toBe(at);
    // The same when the whole file, damage included, arrives in one read.
    const oneRead = await readAll(file, 1 << 20);
    expect(oneRead.records).toEqual(records);
    expect(oneRead.outcome.damage).toMatchObject({ code: 'CHECKSUM', offset: at });
  });

  it('finds a damaged length field', async () => {
    const { file, bytes } = await recorded(50);
    const at = frameOffsets(bytes)[10] ?? 0;
    const damaged = Buffer.from(bytes);
    damaged.writeUInt32LE(0xffff_ff00, at);
    writeFileSync(file, damaged);
    const { outcome } = await readAll(file);
    expect(outcome.damage).toMatchObject({ code: 'BAD_LENGTH', offset: at, recordNumber: 11 });
  });

  it('does not read a session past a damaged part', async () => {
    const dir = tempDir();
    const w = writer(dir, { maxFileBytes: 2_000 });
    for (const b of bookSequence(500, 9)) w.book(b);
    await w.close();
    const parts = readdirSync(dir).sort();
    expect(parts.length).toBeGreaterThan(2);
    const second = join(dir, parts[1] ?? '');
    truncateSync(second, readFileSync(second).length - 1);
    const { records, outcome } = await readAll(dir);
    expect(outcome.damage).toMatchObject({ code: 'TRUNCATED', file: second });
    expect(outcome.files).toEqual([join(dir, parts[0] ?? ''), second]);
    expect(
      records.filter((r) => r.type === 'session').map((r) => r.type === 'session' && r.part),
    ).toEqual([1, 2]);
  });

  it('reports an empty file, a short header and a foreign file', async () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.pdrec');
    writeFileSync(empty, '');
    expect((await readAll(empty)).outcome.damage).toMatchObject({
      code: 'EMPTY',
      offset: 0,
      recordNumber: 0,
    });
    const short = join(dir, 'short.pdrec');
    writeFileSync(short, FILE_MAGIC.subarray(0, 5));
    expect((await readAll(short)).outcome.damage).toMatchObject({ code: 'TRUNCATED', offset: 0 });
    const foreign = join(dir, 'foreign.pdrec');
    writeFileSync(foreign, '{"not":"a recording"}\n');
    expect((await readAll(foreign)).outcome.damage).toMatchObject({ code: 'BAD_HEADER' });
    const missing = join(dir, 'missing.pdrec');
    const reader = await openRecording(dir);
    expect(reader.outcome.files).toEqual([]);
    await expect(openRecording(missing)).rejects.toThrow(/ENOENT/);
  });

  it('reads a file that holds only its header and session record', async () => {
    const dir = tempDir();
    const w = writer(dir);
    w.order({ orderId: 'x', source: 'exchange', eventType: 'cancel', payload: {} });
    await w.close();
    const { records, outcome } = await readAll(dir);
    expect(outcome).toMatchObject({ complete: true, damage: null });
    expect(records.map((r) => r.type)).toEqual(['session', 'order']);
  });
});
