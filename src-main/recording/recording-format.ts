import { z } from 'zod';

/**
 * The recording format (README.md in this folder has the byte layout). Records as they are read
 * back: books are always complete in their metadata (a delta carries its token's tick, epoch and
 * minimum size from the last snapshot), levels are integer micros.
 */

/** "PDREC", a zero byte, the format version, a newline: 8 bytes at the start of every file. */
export const FORMAT_VERSION = 1;
export const FILE_MAGIC = Buffer.from([0x50, 0x44, 0x52, 0x45, 0x43, 0x00, FORMAT_VERSION, 0x0a]);
/** Frame header: body length (u32 LE) and CRC-32 of the body (u32 LE). */
export const FRAME_HEADER_BYTES = 8;
/** A body longer than this is taken for a damaged length field. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
export const FILE_EXTENSION = '.pdrec';

/** The type byte that starts each body. */
export const RecordType = {
  session: 1,
  token: 2,
  bookSnapshot: 3,
  bookDelta: 4,
  order: 5,
  trade: 6,
} as const;

const int = z.number().int();
const nonNegative = int.min(0);

export const LevelSchema = z.object({ priceMicros: nonNegative, sizeMicros: nonNegative }).strict();

export const BookSourceSchema = z.enum(['stream', 'rest', 'poll']);
export type RecordedBookSource = z.infer<typeof BookSourceSchema>;

export const SessionRecordSchema = z
  .object({
    type: z.literal('session'),
    receiveTimeMs: nonNegative,
    format: z.literal(FORMAT_VERSION),
    sessionId: z.string().min(1),
    /** 1 for the first file of the session, then 2, 3, … */
    part: int.min(1),
    mode: z.enum(['PAPER', 'LIVE']),
    startedAtMs: nonNegative,
  })
  .strict();
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

export const BookRecordSchema = z
  .object({
    type: z.literal('book'),
    /** snapshot: `bids`/`asks` are the whole sides, best first; delta: the levels that changed. */
    kind: z.enum(['snapshot', 'delta']),
    receiveTimeMs: nonNegative,
    tokenId: z.string().min(1),
    conditionId: z.string(),
    exchangeTimestampMs: nonNegative,
    hash: z.string(),
    tickMicros: int.min(1),
    epoch: nonNegative,
    source: BookSourceSchema,
    minOrderSizeMicros: nonNegative.nullable(),
    lastTradePriceMicros: nonNegative.nullable(),
    /** In a delta, a size of 0 removes the level. */
    bids: z.array(LevelSchema),
    asks: z.array(LevelSchema),
  })
  .strict();
export type BookRecord = z.infer<typeof BookRecordSchema>;

export const OrderEventSourceSchema = z.enum(['daemon', 'exchange', 'user-stream']);

export const OrderRecordSchema = z
  .object({
    type: z.literal('order'),
    receiveTimeMs: nonNegative,
    /** The daemon's order id for 'daemon' events, the exchange order id for the others. */
    orderId: z.string(),
    /** daemon: the daemon's events; exchange: what we asked and were told; user-stream: pushes. */
    source: OrderEventSourceSchema,
    /** e.g. 'placed', 'fill' (daemon), 'submit', 'cancel' (exchange), 'UPDATE' (user-stream). */
    eventType: z.string().min(1),
    payload: z.record(z.string(), z.json()),
  })
  .strict();
export type OrderRecord = z.infer<typeof OrderRecordSchema>;

export const TradeRecordSchema = z
  .object({
    type: z.literal('trade'),
    receiveTimeMs: nonNegative,
    /** 'stream': pushed on the user channel; 'rest': returned by a trades query. */
    origin: z.enum(['stream', 'rest']),
    fillKey: z.string(),
    tradeId: z.string(),
    orderId: z.string(),
    tokenId: z.string(),
    conditionId: z.string(),
    side: z.enum(['BUY', 'SELL']),
    role: z.enum(['TAKER', 'MAKER']),
    priceMicros: nonNegative,
    sizeMicros: nonNegative,
    status: z.string(),
    final: z.boolean(),
    matchTimeSec: nonNegative,
    feeRateBps: nonNegative,
  })
  .strict();
export type TradeRecord = z.infer<typeof TradeRecordSchema>;

export const RecordingRecordSchema = z.discriminatedUnion('type', [
  SessionRecordSchema,
  BookRecordSchema,
  OrderRecordSchema,
  TradeRecordSchema,
]);
export type RecordingRecord = z.infer<typeof RecordingRecordSchema>;

/** Why a read stopped before the end of the data. */
export type DamageCode =
  /** The file has no bytes at all (a writer that died before its first flush). */
  | 'EMPTY'
  /** The first 8 bytes are not the magic of this format version. */
  | 'BAD_HEADER'
  /** The file ends inside a frame: a torn last write. */
  | 'TRUNCATED'
  /** A length field of 0 or beyond MAX_BODY_BYTES. */
  | 'BAD_LENGTH'
  /** The body's CRC-32 does not match. */
  | 'CHECKSUM'
  /** The frame is intact but its body does not decode or validate. */
  | 'BAD_RECORD'
  /** The file could not be read at all. */
  | 'UNREADABLE';

export interface RecordingDamage {
  code: DamageCode;
  file: string;
  /** Byte offset in `file` of the frame (or header) where reading stopped. */
  offset: number;
  /** 1-based number in `file` of the record that could not be read. */
  recordNumber: number;
  message: string;
}

/** `at byte 1234 (record 56) of part-000001.pdrec: CRC mismatch`. */
export function describeDamage(damage: RecordingDamage): string {
  return `${damage.code} at byte ${damage.offset} (record ${damage.recordNumber}) of ${damage.file}: ${damage.message}`;
}
