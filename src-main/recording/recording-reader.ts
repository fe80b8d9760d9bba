import type { FileHandle } from 'node:fs/promises';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { ZodError } from 'zod';
import { DecodeError } from './byte-codec';
import { FileDecoder } from './record-codec';
import {
  FILE_EXTENSION,
  FILE_MAGIC,
  FRAME_HEADER_BYTES,
  MAX_BODY_BYTES,
  type DamageCode,
  type RecordingDamage,
  type RecordingRecord,
} from './recording-format';

export interface ReadOutcome {
  /** Files opened, in order. */
  files: string[];
  /** Records handed out (token definitions are framing and not counted). */
  records: number;
  /** Bytes of intact frames and headers read. */
  bytes: number;
  /** True when every file was read to its end without damage. */
  complete: boolean;
  /** Where and why reading stopped early; null when it did not. */
  damage: RecordingDamage | null;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;
const PART_NAME = /^part-(\d+)\.pdrec$/;

/** The name of part `n` of a session: part-000001.pdrec, … */
export function partName(part: number): string {
  return `part-${String(part).padStart(6, '0')}${FILE_EXTENSION}`;
}

/** The parts of a session directory, in order. */
export async function sessionParts(sessionDir: string): Promise<string[]> {
  const names = await readdir(sessionDir);
  return names
    .map((name) => ({ name, match: PART_NAME.exec(name) }))
    .filter((entry) => entry.match !== null)
    .sort((a, b) => Number(a.match?.[1]) - Number(b.match?.[1]))
    .map((entry) => join(sessionDir, entry.name));
}

/** Session directories under a recordings directory, oldest first (names start with the time). */
export async function listSessions(recordingsDir: string): Promise<string[]> {
  const entries = await readdir(recordingsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(recordingsDir, entry.name))
    .sort();
}

/**
 * Reads a recording: one file, or a session directory (its parts in order). Streaming, a chunk
 * at a time. It stops at the first damage — a torn tail, a bad length, a CRC mismatch, a body
 * that does not decode — after handing out every record before it, and `outcome` says where.
 * A session is not read past a damaged part: later parts may depend on nothing in it, but a
 * replay with a hole in the middle would be a different session.
 */
export async function openRecording(
  path: string,
  options: { chunkBytes?: number } = {},
): Promise<RecordingReader> {
  const info = await stat(path);
  const files = info.isDirectory() ? await sessionParts(path) : [path];
  return new RecordingReader(files, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
}

class Damage extends Error {
  constructor(
    readonly code: DamageCode,
    readonly offset: number,
    readonly recordNumber: number,
    message: string,
  ) {
    super(message);
  }
}

export class RecordingReader implements AsyncIterable<RecordingRecord> {
  private result: ReadOutcome;

  constructor(
    private readonly paths: readonly string[],
    private readonly chunkBytes: number = DEFAULT_CHUNK_BYTES,
  ) {
    this.result = { files: [], records: 0, bytes: 0, complete: false, damage: null };
  }

  /** Final once iteration has ended (by the end of the data, damage, or a break). */
  get outcome(): ReadOutcome {
    return this.result;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RecordingRecord, void, undefined> {
    this.result = { files: [], records: 0, bytes: 0, complete: false, damage: null };
    for (const path of this.paths) {
      this.result.files.push(path);
      let damaged = false;
      try {
        for await (const batch of this.readFile(path)) {
          for (const record of batch) {
            this.result.records += 1;
            yield record;
          }
        }
      } catch (err) {
        if (!(err instanceof Damage)) throw err;
        this.result.damage = {
          code: err.code,
          file: path,
          offset: err.offset,
          recordNumber: err.recordNumber,
          message: err.message,
        };
        damaged = true;
      }
      if (damaged) return;
    }
    this.result.complete = true;
  }

  /** Batches of records of one file; throws Damage where it stops. */
  private async *readFile(path: string): AsyncGenerator<RecordingRecord[], void, undefined> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      throw new Damage('UNREADABLE', 0, 0, (err as Error).message);
    }
    try {
      const decoder = new FileDecoder();
      let buffer = Buffer.alloc(0);
      /** File offset of buffer[0]. */
      let base = 0;
      let eof = false;
      const fill = async (bytes: number): Promise<void> => {
        while (!eof && buffer.length < bytes) {
          const chunk = Buffer.allocUnsafe(Math.max(this.chunkBytes, bytes - buffer.length));
          const { bytesRead } = await handle.read(chunk, 0, chunk.length, base + buffer.length);
          if (bytesRead === 0) eof = true;
          else buffer = Buffer.concat([buffer, chunk.subarray(0, bytesRead)]);
        }
      };

      await fill(FILE_MAGIC.length);
      if (buffer.length === 0) throw new Damage('EMPTY', 0, 0, 'the file is empty');
      if (buffer.length < FILE_MAGIC.length) {
        throw new Damage('TRUNCATED', 0, 0, `the file header has ${buffer.length} of 8 bytes`);
      }
      if (!buffer.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)) {
        throw new Damage('BAD_HEADER', 0, 0, 'not a Polydesk recording of format version 1');
      }
      let position = FILE_MAGIC.length;
      this.result.bytes += FILE_MAGIC.length;
      let recordNumber = 0;
      for (;;) {
        const batch: RecordingRecord[] = [];
        // Decode every whole frame in the buffer before reading on.
        // Records before a damaged frame are handed out first, then the damage is reported.
        let damage: Damage | null = null;
        try {
          for (;;) {
            const offset = base + position;
            const available = buffer.length - position;
            if (available === 0) break;
            const number = recordNumber + 1;
            if (available < FRAME_HEADER_BYTES) {
              if (eof) {
                throw new Damage(
                  'TRUNCATED',
                  offset,
                  number,
                  'the file ends inside a frame header',
                );
              }
              break;
            }
            const length = buffer.readUInt32LE(position);
            if (length === 0 || length > MAX_BODY_BYTES) {
              throw new Damage('BAD_LENGTH', offset, number, `frame length ${length}`);
            }
            if (available < FRAME_HEADER_BYTES + length) {
              if (eof) {
                throw new Damage(
                  'TRUNCATED',
                  offset,
                  number,
                  `the file ends ${FRAME_HEADER_BYTES + length - available} bytes into a ${length}-byte frame`,
                );
              }
              break;
            }
            const body = buffer.subarray(
              position + FRAME_HEADER_BYTES,
              position + FRAME_HEADER_BYTES + length,
            );
            if (crc32(body) !== buffer.readUInt32LE(position + 4)) {
              throw new Damage('CHECKSUM', offset, number, 'CRC-32 of the frame does not match');
            }
            let record: RecordingRecord | null;
            try {
              record = decoder.decode(body);
            } catch (err) {
              if (
                err instanceof DecodeError ||
                err instanceof ZodError ||
                err instanceof SyntaxError
              ) {
                throw new Damage('BAD_RECORD', offset, number, err.message.split('\n')[0] ?? '');
              }
              throw err;
            }
            recordNumber = number;
            position += FRAME_HEADER_BYTES + length;
            this.result.bytes += FRAME_HEADER_BYTES + length;
            if (record) batch.push(record);
          }
        } catch (err) {
          if (!(err instanceof Damage)) throw err;
          damage = err;
        }
        if (batch.length > 0) yield batch;
        if (damage) throw damage;
        if (eof && position === buffer.length) return;
        // Keep the unread tail, then read on (at least the rest of a frame whose header is in).
        buffer = buffer.subarray(position);
        base += position;
        position = 0;
        const need =
          buffer.length >= FRAME_HEADER_BYTES
            ? FRAME_HEADER_BYTES + buffer.readUInt32LE(0)
            : FRAME_HEADER_BYTES;
        await fill(Math.min(need, FRAME_HEADER_BYTES + MAX_BODY_BYTES));
        if (buffer.length === 0 && eof) return;
      }
    } finally {
      await handle.close();
    }
  }
}
