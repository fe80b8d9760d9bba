import type { Logger } from '../host/logger';
import type { HeartbeatState } from './exchange-port';

export type HeartbeatReply =
  | { ok: true; nextId: string }
  /** expectedId: the exchange told us which id it wanted (400 "Invalid Heartbeat ID"). */
  | { ok: false; message: string; expectedId: string | undefined };

export interface HeartbeatOptions {
  send(heartbeatId: string): Promise<HeartbeatReply>;
  logger: Logger;
  onState(state: HeartbeatState): void;
}

/**
 * The dead-man switch (doc V2.3): POST /v1/heartbeats serially, chaining the returned id; if the
 * exchange misses one for 10 s it cancels every order of the API key. Failures are reported, never
 * retried in a tight loop: the next beat comes at the normal cadence.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private heartbeatId = '';
  private state: HeartbeatState = 'off';

  constructor(private readonly options: HeartbeatOptions) {}

  get currentState(): HeartbeatState {
    return this.state;
  }

  start(intervalMs: number): void {
    if (this.running) return;
    this.running = true;
    this.heartbeatId = '';
    this.options.logger.info({ intervalMs }, 'heartbeat started');
    void this.beat(intervalMs);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.setState('off');
    this.options.logger.info('heartbeat stopped');
  }

  private async beat(intervalMs: number): Promise<void> {
    if (!this.running) return;
    let reply = await this.safeSend(this.heartbeatId);
    if (!reply.ok && reply.expectedId !== undefined && this.running) {
      // The exchange resets the chain on its side; adopt its id and send once more right away.
      this.heartbeatId = reply.expectedId;
      reply = await this.safeSend(this.heartbeatId);
    }
    if (!this.running) return;
    if (reply.ok) {
      this.heartbeatId = reply.nextId;
      this.setState('ok');
    } else {
      this.options.logger.warn({ reason: reply.message }, 'heartbeat failed');
      this.setState('failing');
    }
    this.timer = setTimeout(() => void this.beat(intervalMs), intervalMs);
  }

  private async safeSend(id: string): Promise<HeartbeatReply> {
    try {
      return await this.options.send(id);
    } catch (err) {
      return {
        ok: false,
        message: err instanceof Error ? err.message : String(err),
        expectedId: undefined,
      };
    }
  }

  private setState(state: HeartbeatState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onState(state);
  }
}
