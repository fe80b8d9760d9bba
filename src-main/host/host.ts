import { PolydeskError } from '@shared/errors';
import type { AppInfo, ConnectionState, DaemonHealth, Mode } from '@shared/ipc/contract';
import { Dispatcher } from '../ipc/dispatcher';
import type { CallHandlers } from '../ipc/dispatcher';
import { EventHub } from '../ipc/event-hub';
import type { PolydeskConfig } from './config';
import type { Logger } from './logger';
import { readLogTail } from './log-tail';
import type { TradingHealth, TradingServices } from './trading-services';
import { APP_VERSION } from './app-root';

/** What the host needs to know of its link to the exchange (paper emulator or Polymarket). */
export interface ExchangeLink {
  readonly url: string;
  /** The daemon, monitor and account behind the contract's trading calls. */
  readonly trading: TradingServices;
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  /** Stops the daemon (graceful), the streams and, in paper mode, the emulator. */
  stop(): Promise<void>;
}

const IDLE_TRADING: TradingHealth = {
  workers: null,
  queueDepth: 0,
  activeOrders: 0,
  stream: 'idle',
  oldestBookAgeMs: null,
};

export interface HostOptions {
  config: PolydeskConfig;
  logger: Logger;
  /** Starts the exchange link for the configured mode; absent = no exchange (tests of the shell). */
  connectExchange?: (config: PolydeskConfig, logger: Logger) => Promise<ExchangeLink>;
  /** Set when the config file could not be used: orders are refused with this message. */
  readOnly?: string | null;
  /** Config problems shown by app.info. */
  problems?: string[];
  /** The host's log files, newest first, for logs.tail; absent = no log file (tests). */
  logFiles?: () => Promise<string[]>;
  now?: () => number;
}

const STATUS_INTERVAL_MS = 1_000;

/**
 * The composition root: config → exchange → (daemon, monitor, store in later layers), the call
 * handlers of the contract, and the event hub the transports listen to.
 */
export class Host {
  readonly events = new EventHub();
  readonly dispatcher: Dispatcher;
  private readonly startedAt: number;
  private readonly now: () => number;
  private exchange: ExchangeLink | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private clientCount = 0;

  private constructor(private readonly options: HostOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.dispatcher = new Dispatcher(this.handlers(), options.logger);
  }

  static async start(options: HostOptions): Promise<Host> {
    const host = new Host(options);
    const { config, logger } = options;
    logger.info({ mode: config.mode, version: APP_VERSION }, 'host starting');
    if (options.readOnly) logger.warn({ problems: options.problems }, options.readOnly);
    if (options.connectExchange) {
      host.exchange = await options.connectExchange(config, logger);
      host.exchange.onStateChange(() => host.publishStatus());
      host.exchange.trading.subscribe({
        onSnapshot: (snapshot) => host.events.publish('market.snapshot', snapshot),
        onOrderUpdated: (order) => host.events.publish('order.updated', order),
        onOrderEvent: (event) => host.events.publish('order.event', event),
      });
    }
    host.statusTimer = setInterval(() => host.publishStatus(), STATUS_INTERVAL_MS);
    host.statusTimer.unref();
    logger.info({ mode: config.mode, exchange: host.exchange?.url ?? null }, 'host started');
    return host;
  }

  get mode(): Mode {
    return this.options.config.mode;
  }

  /** Transports report how many clients they hold, for daemon.health. */
  trackClient(delta: 1 | -1): void {
    this.clientCount = Math.max(0, this.clientCount + delta);
  }

  info(): AppInfo {
    return {
      name: 'Polydesk',
      version: APP_VERSION,
      mode: this.mode,
      startedAt: this.startedAt,
      uptimeMs: this.uptimeMs(),
      exchangeUrl: this.exchange?.url ?? '',
      readOnly: Boolean(this.options.readOnly),
      problems: [
        ...(this.options.readOnly ? [this.options.readOnly] : []),
        ...(this.options.problems ?? []),
      ],
    };
  }

  health(): DaemonHealth {
    const connection = this.connection();
    const status = this.stopping ? 'stopping' : connection === 'connected' ? 'ok' : 'degraded';
    return {
      status,
      mode: this.mode,
      uptimeMs: this.uptimeMs(),
      connection,
      clients: this.clientCount,
      ...(this.exchange?.trading.health() ?? IDLE_TRADING),
    };
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.statusTimer);
    this.options.logger.info('host stopping');
    await this.exchange?.stop();
    this.options.logger.info('host stopped');
  }

  private connection(): ConnectionState {
    return this.exchange?.state() ?? 'down';
  }

  private uptimeMs(): number {
    return Math.max(0, Math.round(this.now() - this.startedAt));
  }

  private publishStatus(): void {
    this.events.publish('app.status', { ...this.health(), at: this.now() });
  }

  /** The trading layer, or a typed refusal when this host has no exchange link. */
  private trading(): TradingServices {
    if (this.stopping) throw new PolydeskError('SHUTTING_DOWN', 'Polydesk is shutting down');
    if (!this.exchange) {
      throw new PolydeskError('EXCHANGE_UNAVAILABLE', 'This host is not connected to an exchange');
    }
    return this.exchange.trading;
  }

  /**
   * The trading layer for calls that add risk: refused in read-only mode. Cancels stay allowed
   * there, so orders restored from the store can always be stopped.
   */
  private writableTrading(): TradingServices {
    if (this.options.readOnly) throw new PolydeskError('READ_ONLY', this.options.readOnly);
    return this.trading();
  }

  private handlers(): CallHandlers {
    return {
      'app.info': () => this.info(),
      'daemon.health': () => this.health(),
      'account.summary': () => this.trading().accountSummary(),
      'market.list': async () => ({ markets: await this.trading().listMarkets() }),
      'market.watch': ({ tokenId }) => this.trading().watch(tokenId),
      'market.unwatch': ({ tokenId }) => ({ watching: this.trading().unwatch(tokenId) }),
      'market.snapshot': ({ tokenId }) => this.trading().snapshot(tokenId),
      'order.submit': (spec) => this.writableTrading().submit(spec),
      'order.cancel': ({ orderId }) => this.trading().cancel(orderId),
      'order.cancelAll': async () => ({ cancelled: await this.trading().cancelAll() }),
      'order.list': ({ includeFinal }) => ({
        orders: this.trading().listOrders(includeFinal ?? true),
      }),
      'order.events': ({ orderId }) => ({ events: this.trading().orderEvents(orderId) }),
      'logs.tail': async ({ lines }) => ({
        entries: this.options.logFiles
          ? await readLogTail(await this.options.logFiles(), lines)
          : [],
      }),
    };
  }
}
