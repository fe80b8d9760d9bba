import WebSocket from 'ws';
import type { Logger } from '../host/logger';

export type SocketState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface KeepaliveSocketOptions {
  url: string;
  /** For logs: "market#0", "user". */
  name: string;
  logger: Logger;
  /** Text `PING` cadence (doc §5.1: about 10 s). */
  pingIntervalMs?: number;
  /** No `PONG` within this after a PING → the socket is dead: reconnect. */
  pongTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  /** Called on every open; must send the subscription before anything else (a PING first gets 1008). */
  onOpen(): void;
  /** Every non-PONG text frame. */
  onMessage(text: string): void;
  onStateChange?(state: SocketState, reason: string): void;
}

/**
 * One WebSocket that stays connected: PING/PONG keepalive, reconnect with exponential backoff
 * and jitter. It knows nothing of channels; the owner re-subscribes in onOpen.
 */
export class KeepaliveSocket {
  private socket: WebSocket | undefined;
  private state: SocketState = 'idle';
  private attempt = 0;
  private pingTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly pingIntervalMs: number;
  private readonly pongTimeoutMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly random: () => number;

  constructor(private readonly options: KeepaliveSocketOptions) {
    this.pingIntervalMs = options.pingIntervalMs ?? 10_000;
    this.pongTimeoutMs = options.pongTimeoutMs ?? 30_000;
    this.backoffInitialMs = options.backoffInitialMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 30_000;
    this.random = options.random ?? Math.random;
  }

  get currentState(): SocketState {
    return this.state;
  }

  isOpen(): boolean {
    return this.state === 'open';
  }

  start(): void {
    if (this.state !== 'idle' && this.state !== 'closed') return;
    this.connect();
  }

  /** Sends a text frame if open; returns whether it was sent. */
  send(text: string): boolean {
    if (this.state !== 'open' || !this.socket) return false;
    this.socket.send(text);
    return true;
  }

  /** Drops the current connection and reconnects at once (stall, resubscribe, snapshot timeout). */
  reconnectNow(reason: string): void {
    if (this.state === 'closed' || this.state === 'idle') return;
    this.options.logger.warn({ socket: this.options.name, reason }, 'ws reconnect requested');
    this.teardown();
    this.attempt = 0;
    this.setState('reconnecting', reason);
    this.connect();
  }

  stop(): void {
    this.teardown();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.setState('closed', 'stopped');
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    if (this.state !== 'reconnecting') this.setState('connecting', 'connect');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url);
    } catch (err) {
      this.options.logger.error(
        { socket: this.options.name, err: err instanceof Error ? err.message : String(err) },
        'ws url refused',
      );
      this.scheduleReconnect('bad url');
      return;
    }
    this.socket = socket;
    socket.on('open', () => {
      if (socket !== this.socket) return;
      this.setState('open', 'connected');
      this.options.onOpen();
      this.pingTimer = setInterval(() => this.ping(), this.pingIntervalMs);
    });
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (socket !== this.socket) return;
      this.attempt = 0;
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      if (text === 'PONG') {
        if (this.pongTimer) clearTimeout(this.pongTimer);
        this.pongTimer = undefined;
        return;
      }
      this.options.onMessage(text);
    });
    socket.on('error', (err: Error) => {
      if (socket !== this.socket) return;
      this.options.logger.warn({ socket: this.options.name, err: err.message }, 'ws error');
    });
    socket.on('close', (code: number, reason: Buffer) => {
      if (socket !== this.socket) return;
      this.scheduleReconnect(`closed ${code} ${reason.toString()}`.trim());
    });
  }

  private ping(): void {
    if (!this.send('PING')) return;
    if (this.pongTimer) return;
    this.pongTimer = setTimeout(() => {
      this.pongTimer = undefined;
      this.reconnectNow('pong timeout');
    }, this.pongTimeoutMs);
  }

  private scheduleReconnect(reason: string): void {
    this.teardown();
    const base = Math.min(this.backoffMaxMs, this.backoffInitialMs * 2 ** this.attempt);
    const delay = Math.round(base / 2 + (this.random() * base) / 2);
    this.attempt += 1;
    this.setState('reconnecting', reason);
    this.options.logger.info(
      { socket: this.options.name, reason, delayMs: delay, attempt: this.attempt },
      'ws reconnect scheduled',
    );
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private teardown(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pingTimer = undefined;
    this.pongTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.removeAllListeners('open');
      socket.removeAllListeners('message');
      socket.removeAllListeners('close');
      socket.on('error', () => undefined);
      socket.terminate();
    }
  }

  private setState(state: SocketState, reason: string): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onStateChange?.(state, reason);
  }
}
