import type { FileHandle } from 'node:fs/promises';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../host/logger';
import { FileEncoder, type OrderInput, type RecordableBook } from './record-codec';
import type { SessionRecord, TradeRecord } from './recording-format';
import { partName } from './recording-reader';

export interface RecordingWriterOptions {
  /** The session's directory; created with the first flush that has something to write. */
  sessionDir: string;
  sessionId: string;
  mode: SessionRecord['mode'];
  logger: Logger;
  /** A part is closed and the next begun past this size (default 64 MiB). */
  maxFileBytes?: number;
  /** … or once it is this old (default 1 h). */
  rotateAfterMs?: number;
  /** Buffered records are written this often (default 1 s); also on close. */
  flushIntervalMs?: number;
  /** Past this much unwritten data (a stalled disk) records are dropped and counted (default 32 MiB). */
  maxPendingBytes?: number;
  now?: () => number;
}

export interface RecordingStats {
  records: number;
  bytesWritten: number;
  /** Parts begun, in order (a part's file exists once its first flush ran). */
  files: string[];
  /** Records dropped: unwritten data beyond maxPendingBytes, or after a write failure. */
  dropped: number;
  /** The write error that stopped the recording, if one did. */
  failure: string | null;
}

interface Part {
  path: string;
  encoder: FileEncoder;
  startedAtMs: number;
  /** Bytes of the part, written and pending. */
  bytes: number;
  chunks: Buffer[];
  /** Records among `chunks` (the header is not one). */
  pendingRecords: number;
  handle: FileHandle | undefined;
  sealed: boolean;
}

/**
 * Appends records to the numbered parts of one session. Appending is synchronous and cheap (the
 * record is encoded into memory); the bytes reach the file on a timer, so a crash loses at most
 * the last interval — and leaves a torn tail that the reader reports and stops at. Parts rotate
 * by size or age; each part starts with the file header and a session record, and stands alone.
 * A write failure is logged once and ends the recording; it never reaches the caller.
 */
export class RecordingWriter {
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly maxFileBytes: number;
  private readonly rotateAfterMs: number;
  private readonly flushIntervalMs: number;
  private readonly maxPendingBytes: number;
  private readonly startedAtMs: number;
  private readonly parts: Part[] = [];
  private readonly files: string[] = [];
  private partNumber = 0;
  private pendingBytes = 0;
  private records = 0;
  private bytesWritten = 0;
  private dropped = 0;
  private failure: string | null = null;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private madeDir = false;

  constructor(private readonly options: RecordingWriterOptions) {
    this.log = options.logger;
    this.now = options.now ?? Date.now;
    this.maxFileBytes = options.maxFileBytes ?? 64 * 1024 * 1024;
    this.rotateAfterMs = options.rotateAfterMs ?? 60 * 60 * 1_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 1_000;
    this.maxPendingBytes = options.maxPendingBytes ?? 32 * 1024 * 1024;
    this.startedAtMs = this.now();
  }

  get stats(): RecordingStats {
    return {
      records: this.records,
      bytesWritten: this.bytesWritten,
      files: [...this.files],
      dropped: this.dropped,
      failure: this.failure,
    };
  }

  /** A book as the port handed it; skipped when nothing changed since the token's last one. */
  book(book: RecordableBook, receiveTimeMs = this.now()): void {
    this.append(receiveTimeMs, (encoder) => encoder.book(book, receiveTimeMs));
  }

  order(record: OrderInput, receiveTimeMs = this.now()): void {
    this.append(receiveTimeMs, (encoder) => encoder.order(record, receiveTimeMs));
  }

  trade(record: Omit<TradeRecord, 'type' | 'receiveTimeMs'>, receiveTimeMs = this.now()): void {
    this.append(receiveTimeMs, (encoder) => encoder.trade(record, receiveTimeMs));
  }

  /** Writes what is buffered. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.closed) return this.flushing;
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const part of this.parts) part.sealed = true;
    await this.flush();
    if (this.dropped > 0) {
      this.log.warn({ dropped: this.dropped, files: this.files }, 'recording: records dropped');
    }
  }

  private append(receiveTimeMs: number, encode: (encoder: FileEncoder) => Buffer | null): void {
    if (this.closed || this.failure) {
      if (this.failure) this.dropped += 1;
      return;
    }
    if (this.pendingBytes > this.maxPendingBytes) {
      if (this.dropped === 0) {
        this.log.warn({ pendingBytes: this.pendingBytes }, 'recording: disk too slow, dropping');
      }
      this.dropped += 1;
      return;
    }
    const part = this.currentPart(receiveTimeMs);
    let bytes: Buffer | null;
    try {
      bytes = encode(part.encoder);
    } catch (err) {
      // A value the format cannot hold (not a safe integer): skip it, keep recording.
      this.dropped += 1;
      this.log.warn({ err: (err as Error).message }, 'recording: record not encodable');
      return;
    }
    if (!bytes) return;
    this.push(part, bytes);
    part.pendingRecords += 1;
    this.records += 1;
    this.ensureTimer();
  }

  private push(part: Part, bytes: Buffer): void {
    part.chunks.push(bytes);
    part.bytes += bytes.length;
    this.pendingBytes += bytes.length;
  }

  private currentPart(nowMs: number): Part {
    const current = this.parts.at(-1);
    if (
      current &&
      !current.sealed &&
      current.bytes < this.maxFileBytes &&
      nowMs - current.startedAtMs < this.rotateAfterMs
    ) {
      return current;
    }
    if (current) current.sealed = true;
    this.partNumber += 1;
    const part: Part = {
      path: join(this.options.sessionDir, partName(this.partNumber)),
      encoder: new FileEncoder(),
      startedAtMs: nowMs,
      bytes: 0,
      chunks: [],
      pendingRecords: 0,
      handle: undefined,
      sealed: false,
    };
    this.push(
      part,
      part.encoder.header(
        {
          format: 1,
          sessionId: this.options.sessionId,
          part: this.partNumber,
          mode: this.options.mode,
          startedAtMs: this.startedAtMs,
        },
        nowMs,
      ),
    );
    this.parts.push(part);
    this.files.push(part.path);
    return part;
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  private async writePending(): Promise<void> {
    while (this.parts.length > 0 && !this.failure) {
      const part = this.parts[0];
      if (!part) break;
      const chunks = part.chunks.splice(0);
      const records = part.pendingRecords;
      part.pendingRecords = 0;
      const data = chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(chunks);
      this.pendingBytes -= data.length;
      try {
        if (data.length > 0) {
          if (!this.madeDir) {
            await mkdir(this.options.sessionDir, { recursive: true });
            this.madeDir = true;
          }
          // 'wx': a part is always a new file, never appended to one left by another run.
          part.handle ??= await open(part.path, 'wx');
          await part.handle.write(data);
          this.bytesWritten += data.length;
        }
        if (!part.sealed) break;
        await part.handle?.close();
        this.parts.shift();
      } catch (err) {
        this.dropped += records;
        this.fail(err as Error);
      }
    }
  }

  private fail(err: Error): void {
    this.failure = err.message;
    this.log.error({ err: err.message, dir: this.options.sessionDir }, 'recording stopped');
    for (const part of this.parts) {
      this.dropped += part.pendingRecords;
      part.chunks = [];
      void part.handle?.close().catch(() => undefined);
    }
    this.parts.length = 0;
    this.pendingBytes = 0;
    clearInterval(this.timer);
  }
}
