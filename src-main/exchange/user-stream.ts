import type { Logger } from '../host/logger';
import type { StreamState, UserEventListener } from './exchange-port';
import { KeepaliveSocket, type SocketState } from './keepalive-socket';
import { type Identity, toUserOrderEvent, tradeToFills } from './normalize';
import { WsUserOrderSchema, WsUserTradeSchema } from './wire-schemas';

export interface UserStreamOptions {
  /** Base WS url; the channel is `${wsUrl}/ws/user`. */
  wsUrl: string;
  creds: { key: string; secret: string; passphrase: string };
  /** Condition ids to filter on; empty = all markets. */
  markets: string[];
  identity: Identity;
  listener: UserEventListener;
  logger: Logger;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  onStateChange?(state: StreamState): void;
}

/**
 * `/ws/user`: order and trade events for our API key. Auth travels in the first message (never
 * logged). Every reconnect tells the listener to reconcile, since events of the gap are lost.
 */
export class UserStream {
  private readonly socket: KeepaliveSocket;
  private opens = 0;
  private state: StreamState = 'connecting';

  constructor(private readonly options: UserStreamOptions) {
    this.socket = new KeepaliveSocket({
      url: `${options.wsUrl.replace(/\/$/, '')}/ws/user`,
      name: 'user',
      logger: options.logger,
      ...(options.pingIntervalMs !== undefined && { pingIntervalMs: options.pingIntervalMs }),
      ...(options.pongTimeoutMs !== undefined && { pongTimeoutMs: options.pongTimeoutMs }),
      ...(options.backoffInitialMs !== undefined && { backoffInitialMs: options.backoffInitialMs }),
      ...(options.backoffMaxMs !== undefined && { backoffMaxMs: options.backoffMaxMs }),
      onOpen: () => this.onOpen(),
      onMessage: (text) => this.onMessage(text),
      onStateChange: (state, reason) => this.onSocketState(state, reason),
    });
  }

  get currentState(): StreamState {
    return this.state;
  }

  start(): void {
    this.socket.start();
  }

  close(): void {
    this.socket.stop();
  }

  private onOpen(): void {
    const { creds, markets } = this.options;
    this.socket.send(
      JSON.stringify({
        auth: { apiKey: creds.key, secret: creds.secret, passphrase: creds.passphrase },
        type: 'user',
        markets,
        assets_ids: [],
        initial_dump: true,
      }),
    );
    this.opens += 1;
    this.options.logger.info(
      { markets: markets.length, connection: this.opens },
      'user stream subscribed',
    );
    if (this.opens > 1) {
      const listener = this.options.listener;
      safeCall(() => listener.onReconcileNeeded?.('user stream reconnected'));
    }
  }

  private onMessage(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    for (const event of Array.isArray(parsed) ? parsed : [parsed]) this.onEvent(event);
  }

  private onEvent(event: unknown): void {
    if (event === null || typeof event !== 'object' || !('event_type' in event)) return;
    const listener = this.options.listener;
    const type = (event as { event_type: unknown }).event_type;
    try {
      if (type === 'order') {
        const order = WsUserOrderSchema.parse(event);
        const normalized = toUserOrderEvent(order);
        safeCall(() => listener.onOrder?.(normalized));
      } else if (type === 'trade') {
        const trade = WsUserTradeSchema.parse(event);
        const fills = tradeToFills(trade, this.options.identity);
        if (fills.length > 0) safeCall(() => listener.onFills?.(fills));
      }
    } catch (err) {
      // A malformed event may have carried a fill: make the caller reconcile rather than guess.
      this.options.logger.warn(
        { eventType: String(type), err: err instanceof Error ? err.message : String(err) },
        'user stream: malformed event',
      );
      safeCall(() => listener.onReconcileNeeded?.('malformed user event'));
    }
  }

  private onSocketState(socketState: SocketState, reason: string): void {
    const state: StreamState | undefined =
      socketState === 'open'
        ? 'live'
        : socketState === 'reconnecting'
          ? 'down'
          : socketState === 'connecting'
            ? 'connecting'
            : undefined;
    if (!state || state === this.state) return;
    this.state = state;
    const listener = this.options.listener;
    safeCall(() => listener.onState?.(state, reason));
    this.options.onStateChange?.(state);
  }
}

function safeCall(fn: () => void): void {
  try {
    fn();
  } catch {
    // A listener's failure must not break the stream.
  }
}
