import { randomUUID } from 'node:crypto';

/** Without a heartbeat for this long, all orders of the API key are cancelled. */
export const HEARTBEAT_TIMEOUT_MS = 10_000;

export type HeartbeatResult = { ok: true; id: string } | { ok: false; expected: string };

interface Session {
  expected: string;
  timer: NodeJS.Timeout;
}

/**
 * The V2 dead-man switch per API key: the first beat carries an empty id, each later beat the id the
 * previous one returned; a missed 10 s deadline cancels the key's orders and ends the session.
 */
export class HeartbeatMonitor {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly onExpired: (apiKey: string) => void,
    private readonly timeoutMs: number = HEARTBEAT_TIMEOUT_MS,
  ) {}

  beat(apiKey: string, id: string | null): HeartbeatResult {
    const session = this.sessions.get(apiKey);
    const given = id ?? '';
    if (session ? given !== session.expected : given !== '') {
      return { ok: false, expected: session?.expected ?? '' };
    }
    if (session) clearTimeout(session.timer);
    const next = randomUUID();
    const timer = setTimeout(() => {
      this.sessions.delete(apiKey);
      this.onExpired(apiKey);
    }, this.timeoutMs);
    timer.unref();
    this.sessions.set(apiKey, { expected: next, timer });
    return { ok: true, id: next };
  }

  /** Legacy `POST /heartbeats`: keeps the registration alive and resets the expected id to "". */
  legacyBeat(apiKey: string): void {
    const session = this.sessions.get(apiKey);
    if (session) clearTimeout(session.timer);
    const timer = setTimeout(() => {
      this.sessions.delete(apiKey);
      this.onExpired(apiKey);
    }, this.timeoutMs);
    timer.unref();
    this.sessions.set(apiKey, { expected: '', timer });
  }

  stop(): void {
    for (const s of this.sessions.values()) clearTimeout(s.timer);
    this.sessions.clear();
  }
}
