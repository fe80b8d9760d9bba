import { crc32 } from 'node:zlib';
import type { Level } from '@shared/math/order-book';
import type { BookSnapshot } from '../exchange/exchange-port';
import { ByteReader, ByteWriter, DecodeError } from './byte-codec';
import {
  BookRecordSchema,
  FILE_MAGIC,
  FRAME_HEADER_BYTES,
  OrderRecordSchema,
  RecordType,
  SessionRecordSchema,
  TradeRecordSchema,
  type BookRecord,
  type OrderRecord,
  type RecordedBookSource,
  type RecordingRecord,
  type SessionRecord,
  type TradeRecord,
} from './recording-format';

/** What the recorder needs of a book: the Exchange port's BookSnapshot. */
export type RecordableBook = Pick<
  BookSnapshot,
  | 'tokenId'
  | 'conditionId'
  | 'bids'
  | 'asks'
  | 'tickMicros'
  | 'minOrderSizeMicros'
  | 'lastTradePriceMicros'
  | 'exchangeTimestampMs'
  | 'source'
  | 'epoch'
  | 'hash'
>;

/** An order record to write: the payload is any JSON-serialisable object (undefined fields drop). */
export type OrderInput = Omit<OrderRecord, 'type' | 'receiveTimeMs' | 'payload'> & {
  payload: object;
};

/** Sizes are stored in units of 0.01 share (the exchange's size grid) when they all fit it. */
const SIZE_UNIT = 10_000;
const SOURCES: readonly RecordedBookSource[] = ['stream', 'rest', 'poll'];
const FLAG_MIN_SIZE = 1 << 2;
const FLAG_LAST_TRADE = 1 << 3;
const FLAG_PRICES_IN_TICKS = 1 << 4;
const FLAG_SIZES_IN_UNITS = 1 << 5;

export function frame(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  body.copy(out, FRAME_HEADER_BYTES);
  return out;
}

interface TokenState {
  index: number;
  conditionId: string;
  tickMicros: number;
  epoch: number;
  minOrderSizeMicros: number | null;
  lastTradePriceMicros: number | null;
  exchangeTimestampMs: number;
  hash: string;
  source: RecordedBookSource;
  bids: Map<number, number>;
  asks: Map<number, number>;
}

function levelMap(levels: readonly { price: number; size: number }[]): Map<number, number> {
  const map = new Map<number, number>();
  for (const level of levels) map.set(level.price, level.size);
  return map;
}

function changes(
  before: Map<number, number>,
  after: Map<number, number>,
): { price: number; size: number }[] {
  const out: { price: number; size: number }[] = [];
  for (const [price, size] of after) if (before.get(price) !== size) out.push({ price, size });
  for (const price of before.keys()) if (!after.has(price)) out.push({ price, size: 0 });
  return out;
}

/**
 * Encodes the records of one file. Each file stands alone: token ids are defined in it before
 * their first book, the first book of a token is a snapshot, and later ones are deltas against
 * the previous book of that token in the same file. Times are deltas against the previous record.
 */
export class FileEncoder {
  private lastReceiveMs = 0;
  private readonly tokens = new Map<string, TokenState>();

  /** The file's magic and its session record. */
  header(session: Omit<SessionRecord, 'type' | 'receiveTimeMs'>, receiveTimeMs: number): Buffer {
    return Buffer.concat([FILE_MAGIC, this.json(RecordType.session, session, receiveTimeMs)]);
  }

  order(record: OrderInput, receiveTimeMs: number): Buffer {
    return this.json(RecordType.order, record, receiveTimeMs);
  }

  trade(record: Omit<TradeRecord, 'type' | 'receiveTimeMs'>, receiveTimeMs: number): Buffer {
    return this.json(RecordType.trade, record, receiveTimeMs);
  }

  /** Frames for this book (a token definition first when new); null when nothing changed. */
  book(book: RecordableBook, receiveTimeMs: number): Buffer | null {
    const previous = this.tokens.get(book.tokenId);
    const bids = levelMap(book.bids);
    const asks = levelMap(book.asks);
    const minSize = book.minOrderSizeMicros ?? null;
    const lastTrade = book.lastTradePriceMicros ?? null;
    if (
      previous &&
      previous.conditionId === book.conditionId &&
      previous.tickMicros === book.tickMicros &&
      previous.epoch === book.epoch &&
      previous.minOrderSizeMicros === minSize &&
      (lastTrade !== null || previous.lastTradePriceMicros === null)
    ) {
      const bidChanges = changes(previous.bids, bids);
      const askChanges = changes(previous.asks, asks);
      const all = [...bidChanges, ...askChanges];
      const unchanged =
        all.length === 0 &&
        previous.exchangeTimestampMs === book.exchangeTimestampMs &&
        previous.hash === book.hash &&
        previous.lastTradePriceMicros === lastTrade &&
        previous.source === book.source;
      if (unchanged) return null;
      const fits = all.every((c) => c.price % book.tickMicros === 0 && c.size % SIZE_UNIT === 0);
      if (fits && all.length <= bids.size + asks.size) {
        const frameOut = this.delta(previous, book, bidChanges, askChanges, receiveTimeMs);
        this.remember(previous, book, bids, asks);
        return frameOut;
      }
    }
    const frames: Buffer[] = [];
    let state = previous;
    if (!state) {
      state = {
        index: this.tokens.size,
        conditionId: book.conditionId,
        tickMicros: book.tickMicros,
        epoch: book.epoch,
        minOrderSizeMicros: minSize,
        lastTradePriceMicros: lastTrade,
        exchangeTimestampMs: book.exchangeTimestampMs,
        hash: book.hash,
        source: book.source,
        bids,
        asks,
      };
      this.tokens.set(book.tokenId, state);
      const def = new ByteWriter(128);
      def.u8(RecordType.token);
      def.signed(receiveTimeMs - this.lastReceiveMs);
      def.varint(state.index);
      def.string(book.tokenId);
      def.string(book.conditionId);
      this.lastReceiveMs = receiveTimeMs;
      frames.push(frame(def.finish()));
    }
    frames.push(this.snapshot(state.index, book, receiveTimeMs));
    this.remember(state, book, bids, asks);
    return frames.length === 1 ? (frames[0] ?? null) : Buffer.concat(frames);
  }

  private remember(
    state: TokenState,
    book: RecordableBook,
    bids: Map<number, number>,
    asks: Map<number, number>,
  ): void {
    state.conditionId = book.conditionId;
    state.tickMicros = book.tickMicros;
    state.epoch = book.epoch;
    state.minOrderSizeMicros = book.minOrderSizeMicros ?? null;
    state.lastTradePriceMicros = book.lastTradePriceMicros ?? null;
    state.exchangeTimestampMs = book.exchangeTimestampMs;
    state.hash = book.hash;
    state.source = book.source;
    state.bids = bids;
    state.asks = asks;
  }

  private snapshot(index: number, book: RecordableBook, receiveTimeMs: number): Buffer {
    const tick = book.tickMicros;
    const levels = [...book.bids, ...book.asks];
    const inTicks = levels.every((l) => l.price % tick === 0);
    const inUnits = levels.every((l) => l.size % SIZE_UNIT === 0);
    const minSize = book.minOrderSizeMicros;
    const lastTrade = book.lastTradePriceMicros;
    const w = new ByteWriter(64 + levels.length * 6);
    w.u8(RecordType.bookSnapshot);
    w.signed(receiveTimeMs - this.lastReceiveMs);
    w.varint(index);
    w.u8(
      SOURCES.indexOf(book.source) |
        (minSize !== undefined ? FLAG_MIN_SIZE : 0) |
        (lastTrade !== undefined ? FLAG_LAST_TRADE : 0) |
        (inTicks ? FLAG_PRICES_IN_TICKS : 0) |
        (inUnits ? FLAG_SIZES_IN_UNITS : 0),
    );
    w.varint(book.exchangeTimestampMs);
    w.string(book.hash);
    w.varint(tick);
    w.varint(book.epoch);
    if (minSize !== undefined) w.varint(minSize);
    if (lastTrade !== undefined) w.varint(lastTrade);
    const priceScale = inTicks ? tick : 1;
    const sizeScale = inUnits ? SIZE_UNIT : 1;
    for (const side of [book.bids, book.asks]) {
      w.varint(side.length);
      let last = 0;
      for (const level of side) {
        const price = level.price / priceScale;
        w.signed(price - last);
        w.varint(level.size / sizeScale);
        last = price;
      }
    }
    this.lastReceiveMs = receiveTimeMs;
    return frame(w.finish());
  }

  private delta(
    state: TokenState,
    book: RecordableBook,
    bidChanges: readonly { price: number; size: number }[],
    askChanges: readonly { price: number; size: number }[],
    receiveTimeMs: number,
  ): Buffer {
    const lastTrade = book.lastTradePriceMicros ?? null;
    const tradeChanged = lastTrade !== state.lastTradePriceMicros;
    const w = new ByteWriter(32 + (bidChanges.length + askChanges.length) * 6);
    w.u8(RecordType.bookDelta);
    w.signed(receiveTimeMs - this.lastReceiveMs);
    w.varint(state.index);
    w.u8(SOURCES.indexOf(book.source) | (tradeChanged ? FLAG_LAST_TRADE : 0));
    w.signed(book.exchangeTimestampMs - state.exchangeTimestampMs);
    w.string(book.hash);
    if (tradeChanged && lastTrade !== null) w.varint(lastTrade);
    w.varint(bidChanges.length + askChanges.length);
    for (const [sideBit, list] of [
      [0, bidChanges],
      [1, askChanges],
    ] as const) {
      for (const change of list) {
        w.varint((change.price / book.tickMicros) * 2 + sideBit);
        w.varint(change.size / SIZE_UNIT);
      }
    }
    this.lastReceiveMs = receiveTimeMs;
    return frame(w.finish());
  }

  private json(type: number, record: object, receiveTimeMs: number): Buffer {
    const w = new ByteWriter(256);
    w.u8(type);
    w.signed(receiveTimeMs - this.lastReceiveMs);
    w.bytes(Buffer.from(JSON.stringify(record), 'utf8'));
    this.lastReceiveMs = receiveTimeMs;
    return frame(w.finish());
  }
}

interface DecodedToken {
  tokenId: string;
  conditionId: string;
  /** Metadata of the token's last book: what a delta does not repeat. */
  last: BookRecord | null;
}

/**
 * Decodes the bodies of one file, in order (its state is the token table and the last times).
 * Returns null for bodies that only set up state (token definitions). Throws DecodeError or a
 * zod error for a body that is not a valid record.
 */
export class FileDecoder {
  private lastReceiveMs = 0;
  private readonly tokens: DecodedToken[] = [];

  decode(body: Buffer): RecordingRecord | null {
    const r = new ByteReader(body);
    const type = r.u8();
    const receiveTimeMs = this.lastReceiveMs + r.signed();
    this.lastReceiveMs = receiveTimeMs;
    switch (type) {
      case RecordType.session:
        return SessionRecordSchema.parse({ type: 'session', receiveTimeMs, ...jsonOf(r) });
      case RecordType.order:
        return OrderRecordSchema.parse({ type: 'order', receiveTimeMs, ...jsonOf(r) });
      case RecordType.trade:
        return TradeRecordSchema.parse({ type: 'trade', receiveTimeMs, ...jsonOf(r) });
      case RecordType.token: {
        const index = r.varint();
        if (index !== this.tokens.length) {
          throw new DecodeError(`token ${index} defined out of order`);
        }
        this.tokens.push({ tokenId: r.string(), conditionId: r.string(), last: null });
        end(r);
        return null;
      }
      case RecordType.bookSnapshot:
        return this.snapshot(r, receiveTimeMs);
      case RecordType.bookDelta:
        return this.delta(r, receiveTimeMs);
      default:
        throw new DecodeError(`unknown record type ${type}`);
    }
  }

  private token(r: ByteReader): DecodedToken {
    const index = r.varint();
    const token = this.tokens[index];
    if (!token) throw new DecodeError(`book of undefined token ${index}`);
    return token;
  }

  private snapshot(r: ByteReader, receiveTimeMs: number): BookRecord {
    const token = this.token(r);
    const flags = r.u8();
    const exchangeTimestampMs = r.varint();
    const hash = r.string();
    const tickMicros = r.varint();
    const epoch = r.varint();
    const minOrderSizeMicros = flags & FLAG_MIN_SIZE ? r.varint() : null;
    const lastTradePriceMicros = flags & FLAG_LAST_TRADE ? r.varint() : null;
    const priceScale = flags & FLAG_PRICES_IN_TICKS ? tickMicros : 1;
    const sizeScale = flags & FLAG_SIZES_IN_UNITS ? SIZE_UNIT : 1;
    const side = (): Level[] => {
      const count = r.varint();
      const levels: Level[] = [];
      let price = 0;
      for (let i = 0; i < count; i++) {
        price += r.signed();
        levels.push({ priceMicros: price * priceScale, sizeMicros: r.varint() * sizeScale });
      }
      return levels;
    };
    const bids = side();
    const asks = side();
    end(r);
    const record = BookRecordSchema.parse({
      type: 'book',
      kind: 'snapshot',
      receiveTimeMs,
      tokenId: token.tokenId,
      conditionId: token.conditionId,
      exchangeTimestampMs,
      hash,
      tickMicros,
      epoch,
      source: sourceOf(flags),
      minOrderSizeMicros,
      lastTradePriceMicros,
      bids,
      asks,
    });
    token.last = record;
    return record;
  }

  private delta(r: ByteReader, receiveTimeMs: number): BookRecord {
    const token = this.token(r);
    const last = token.last;
    if (!last) throw new DecodeError(`delta before any snapshot of token ${token.tokenId}`);
    const flags = r.u8();
    const exchangeTimestampMs = last.exchangeTimestampMs + r.signed();
    const hash = r.string();
    const lastTradePriceMicros = flags & FLAG_LAST_TRADE ? r.varint() : last.lastTradePriceMicros;
    const count = r.varint();
    const bids: Level[] = [];
    const asks: Level[] = [];
    for (let i = 0; i < count; i++) {
      const key = r.varint();
      const level = {
        priceMicros: Math.floor(key / 2) * last.tickMicros,
        sizeMicros: r.varint() * SIZE_UNIT,
      };
      (key % 2 === 0 ? bids : asks).push(level);
    }
    end(r);
    const record = BookRecordSchema.parse({
      type: 'book',
      kind: 'delta',
      receiveTimeMs,
      tokenId: token.tokenId,
      conditionId: token.conditionId,
      exchangeTimestampMs,
      hash,
      tickMicros: last.tickMicros,
      epoch: last.epoch,
      source: sourceOf(flags),
      minOrderSizeMicros: last.minOrderSizeMicros,
      lastTradePriceMicros,
      bids,
      asks,
    });
    token.last = record;
    return record;
  }
}

function jsonOf(r: ByteReader): Record<string, unknown> {
  const value: unknown = JSON.parse(r.rest().toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DecodeError('record body is not a JSON object');
  }
  return value as Record<string, unknown>;
}

function sourceOf(flags: number): RecordedBookSource {
  const source = SOURCES[flags & 0b11];
  if (!source) throw new DecodeError(`unknown book source ${flags & 0b11}`);
  return source;
}

function end(r: ByteReader): void {
  if (!r.done) throw new DecodeError('trailing bytes after the record');
}
