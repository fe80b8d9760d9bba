import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OrderEvent } from '@shared/domain/order';
import type { Exchange } from '../exchange/exchange-port';
import type { Logger } from '../host/logger';
import { recordedExchange } from './recorded-exchange';
import { recordingSettings, type RecordingConfig } from './recording-config';
import type { TradeRecord } from './recording-format';
import { RecordingWriter, type RecordingStats } from './recording-writer';

/** What the recorder follows of the order daemon: its event stream. */
export interface OrderEventSource {
  subscribe(listener: { onOrderEvent?(event: OrderEvent): void }): () => void;
}

export interface SessionRecorderConfig {
  mode: 'PAPER' | 'LIVE';
  recording?: RecordingConfig;
}

const usedSessionIds = new Set<string>();

/**
 * One session's recording (one exchange link of the host): books as the port hands them, our
 * order events (the daemon's, and what went to and came from the exchange) and our trades, into
 * `<recordings>/<session id>/part-NNNNNN.pdrec`. The host calls `wrap` on the exchange before the
 * desk is built on it and `follow` on the desk's daemon; closing the wrapped exchange closes the
 * recording. Disabled (live mode by default), both are no-ops. Files appear only once there is
 * something to write.
 */
export class SessionRecorder {
  private readonly writer: RecordingWriter | null;
  private readonly seenTrades = new Set<string>();
  private unfollow: (() => void) | undefined;
  private closed = false;

  private constructor(
    private readonly log: Logger,
    writer: RecordingWriter | null,
    readonly sessionDir: string | null,
  ) {
    this.writer = writer;
  }

  /** A recorder for a host config; disabled when the config (or the mode's default) says so. */
  static start(
    config: SessionRecorderConfig,
    dataDir: string,
    logger: Logger,
    now: () => number = Date.now,
  ): SessionRecorder {
    const log = logger.child({ component: 'recording' });
    const settings = recordingSettings(config.mode, config.recording, dataDir);
    if (!settings.enabled) {
      log.info({ mode: config.mode }, 'recording off');
      return new SessionRecorder(log, null, null);
    }
    const sessionId = newSessionId(settings.dir, config.mode, new Date(now()));
    const sessionDir = join(settings.dir, sessionId);
    const writer = new RecordingWriter({
      sessionDir,
      sessionId,
      mode: config.mode,
      logger: log,
      maxFileBytes: settings.maxFileBytes,
      rotateAfterMs: settings.rotateAfterMs,
      now,
    });
    log.info({ mode: config.mode, sessionDir }, 'recording on');
    return new SessionRecorder(log, writer, sessionDir);
  }

  get enabled(): boolean {
    return this.writer !== null;
  }

  get stats(): RecordingStats | null {
    return this.writer?.stats ?? null;
  }

  /** The exchange with its books, user events, fills, submits and cancels recorded. */
  wrap(exchange: Exchange): Exchange {
    const writer = this.writer;
    if (!writer) return exchange;
    return recordedExchange(
      exchange,
      {
        book: (book) => writer.book(book),
        order: (record) => writer.order(record),
        trade: (record) => this.trade(writer, record),
      },
      () => this.close(),
    );
  }

  /** Records the daemon's order events until the recording closes. */
  follow(daemon: OrderEventSource): void {
    const writer = this.writer;
    if (!writer || this.closed) return;
    this.unfollow?.();
    this.unfollow = daemon.subscribe({
      onOrderEvent: (event) =>
        writer.order({
          orderId: event.orderId,
          source: 'daemon',
          eventType: event.type,
          payload: event,
        }),
    });
  }

  /** Writes what is recorded so far (a reader sees it once this resolves). */
  async flush(): Promise<void> {
    if (this.closed || !this.writer) return;
    await this.writer.flush();
  }

  async close(): Promise<void> {
    if (this.closed || !this.writer) return;
    this.closed = true;
    this.unfollow?.();
    await this.writer.close();
    const { records, bytesWritten, files, dropped, failure } = this.writer.stats;
    this.log.info(
      { records, bytes: bytesWritten, files: files.length, dropped, failure, dir: this.sessionDir },
      'recording closed',
    );
  }

  /** A fill is recorded once per status, whichever of the stream and REST reports it first. */
  private trade(
    writer: RecordingWriter,
    record: Omit<TradeRecord, 'type' | 'receiveTimeMs'>,
  ): void {
    const key = `${record.fillKey}|${record.status}`;
    if (this.seenTrades.has(key)) return;
    this.seenTrades.add(key);
    writer.trade(record);
  }
}

/** `20260124T103000123Z-paper`, with `-2`, `-3`, … when taken. */
function newSessionId(dir: string, mode: 'PAPER' | 'LIVE', at: Date): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  const base = `${stamp}-${mode.toLowerCase()}`;
  let id = base;
  for (let n = 2; usedSessionIds.has(id) || existsSync(join(dir, id)); n++) id = `${base}-${n}`;
  usedSessionIds.add(id);
  return id;
}
