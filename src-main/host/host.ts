import { PolydeskError } from '@shared/errors';
import type { HeartbeatState, LiveStatus } from '@shared/domain/live';
import type { RiskSettings } from '@shared/domain/risk-settings';
import type {
  AppInfo,
  ConnectionState,
  DaemonHealth,
  Mode,
  RedeemResult,
} from '@shared/ipc/contract';
import { Dispatcher } from '../ipc/dispatcher';
import type { CallHandlers } from '../ipc/dispatcher';
import { EventHub } from '../ipc/event-hub';
import { riskLimitsFromConfig } from '../daemon/risk-rails';
import type { PolydeskConfig } from './config';
import { section } from './config-file';
import type { ConfigFileChange } from './config-file';
import type { Logger } from './logger';
import type { LiveAccess, LiveCredentials, LiveVerification } from './live/live-access';
import { riskConfigFrom } from './live/risk-settings';
import type { RiskUpdate } from './live/risk-settings';
import { readLogTail } from './log-tail';
import type { TradingHealth, TradingServices } from './trading-services';
import type { PortfolioService } from '../portfolio/portfolio-service';
import type { EventDirectory } from './event-directory';
import type { ReportService } from '../report/report-service';
import { APP_VERSION } from './app-root';

/** What the host needs to know of its link to the exchange (paper emulator or Polymarket). */
export interface ExchangeLink {
  readonly url: string;
  /** The daemon, monitor and account behind the contract's trading calls. */
  readonly trading: TradingServices;
  /** Positions, balances and trades; absent on links without a store of fills. */
  readonly portfolio?: PortfolioService;
  /** Gamma's events and markets (with the CLOB's as the fallback); absent on links without. */
  readonly events?: EventDirectory;
  /** The execution-quality report over the store and the recordings; absent on links without. */
  readonly report?: ReportService;
  /** False for a link without a key (live market data only). */
  readonly canTrade: boolean;
  /** Set when this link must not add risk (its order database was damaged and set aside). */
  readonly readOnly: string | null;
  state(): ConnectionState;
  heartbeat(): HeartbeatState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  /** Stops the daemon (graceful), the streams and, in paper mode, the emulator. */
  stop(): Promise<void>;
}

export type ConnectExchange = (
  config: PolydeskConfig,
  logger: Logger,
  credentials: LiveCredentials | null,
) => Promise<ExchangeLink>;

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
  connectExchange?: ConnectExchange;
  /** The live wallet; absent = this host cannot be set up for live trading. */
  live?: LiveAccess;
  /** Checks live credentials against the live exchange before they are saved. */
  verifyLiveKey?: (
    live: PolydeskConfig['live'],
    credentials: LiveCredentials,
  ) => Promise<LiveVerification>;
  /** Writes a change to config.json; absent = changes hold for this run only. */
  saveConfig?: (change: ConfigFileChange) => void;
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
 * The composition root: config → exchange → daemon, monitor and store, the call handlers of the
 * contract, and the event hub the transports listen to. It also owns the switch between PAPER
 * and LIVE: the link to one exchange is stopped and the link to the other started in its place.
 */
export class Host {
  readonly events = new EventHub();
  readonly dispatcher: Dispatcher;
  private readonly startedAt: number;
  private readonly now: () => number;
  private config: PolydeskConfig;
  private exchange: ExchangeLink | undefined;
  private unlink: (() => void) | undefined;
  private switching: Mode | null = null;
  private statusTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private clientCount = 0;

  private constructor(private readonly options: HostOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.config = options.config;
    this.dispatcher = new Dispatcher(this.handlers(), options.logger);
  }

  static async start(options: HostOptions): Promise<Host> {
    const host = new Host(options);
    const { config, logger } = options;
    logger.info({ mode: config.mode, version: APP_VERSION }, 'host starting');
    if (options.readOnly) logger.warn({ problems: options.problems }, options.readOnly);
    await host.link(config);
    host.statusTimer = setInterval(() => host.publishStatus(), STATUS_INTERVAL_MS);
    host.statusTimer.unref();
    logger.info({ mode: config.mode, exchange: host.exchange?.url ?? null }, 'host started');
    return host;
  }

  get mode(): Mode {
    return this.config.mode;
  }

  /** Transports report how many clients they hold, for daemon.health. */
  trackClient(delta: 1 | -1): void {
    this.clientCount = Math.max(0, this.clientCount + delta);
  }

  info(): AppInfo {
    const readOnly = this.readOnlyReason();
    return {
      name: 'Polydesk',
      version: APP_VERSION,
      mode: this.mode,
      startedAt: this.startedAt,
      uptimeMs: this.uptimeMs(),
      exchangeUrl: this.exchange?.url ?? '',
      readOnly: readOnly !== null,
      problems: [
        ...(readOnly ? [readOnly] : []),
        ...(this.options.problems ?? []),
        ...this.liveProblems(),
      ],
    };
  }

  health(): DaemonHealth {
    const connection = this.connection();
    const status = this.stopping
      ? 'stopping'
      : this.switching
        ? 'starting'
        : connection === 'connected'
          ? 'ok'
          : 'degraded';
    return {
      status,
      mode: this.mode,
      uptimeMs: this.uptimeMs(),
      connection,
      clients: this.clientCount,
      ...(this.exchange?.trading.health() ?? IDLE_TRADING),
      canTrade: this.canTrade(),
      heartbeat: this.exchange?.heartbeat() ?? 'off',
      switching: this.switching !== null,
    };
  }

  /** Why LIVE cannot trade right now, while that lasts. */
  private liveProblems(): string[] {
    if (this.mode !== 'LIVE' || this.switching || this.readOnlyReason()) return [];
    if (!this.exchange || this.exchange.canTrade) return [];
    return this.options.live?.address
      ? [
          'LIVE with a locked key: market data only until it is unlocked ' +
            '(Settings → Live trading, or polydesk live unlock).',
        ]
      : [
          'LIVE without a key: market data only. Set one up in Settings → Live trading ' +
            '(or polydesk live setup), or go back to PAPER.',
        ];
  }

  liveStatus(): LiveStatus {
    const { live } = this.options;
    const { live: settings } = this.config;
    return {
      mode: this.mode,
      vault: live?.vault.kind ?? 'keystore',
      address: live?.address ?? null,
      signatureType: settings.signatureType,
      funderAddress: settings.funderAddress ?? null,
      unlocked: live?.unlocked ?? false,
      trading: this.mode === 'LIVE' && this.canTrade(),
      restUrl: settings.restUrl,
      chainId: settings.chainId,
      heartbeat: this.exchange?.heartbeat() ?? 'off',
      verified: live?.verified ?? null,
    };
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.statusTimer);
    this.options.logger.info('host stopping');
    this.unlink?.();
    await this.exchange?.stop();
    this.options.logger.info('host stopped');
  }

  /** Why this run must not add risk: an unusable config file, or a damaged order database. */
  private readOnlyReason(): string | null {
    return this.options.readOnly ?? this.exchange?.readOnly ?? null;
  }

  private canTrade(): boolean {
    return (
      !this.readOnlyReason() &&
      !this.stopping &&
      this.switching === null &&
      (this.exchange?.canTrade ?? false)
    );
  }

  private connection(): ConnectionState {
    if (this.switching) return 'connecting';
    return this.exchange?.state() ?? 'down';
  }

  private uptimeMs(): number {
    return Math.max(0, Math.round(this.now() - this.startedAt));
  }

  private publishStatus(): void {
    this.events.publish('app.status', { ...this.health(), at: this.now() });
  }

  /** Links to the exchange of `config.mode`, with the live key when there is an unlocked one. */
  private async link(config: PolydeskConfig): Promise<void> {
    const { connectExchange, live, logger } = this.options;
    if (!connectExchange) return;
    const credentials = config.mode === 'LIVE' ? (live?.credentials(config.live) ?? null) : null;
    const exchange = await connectExchange(config, logger, credentials);
    const offState = exchange.onStateChange(() => this.publishStatus());
    const offTrading = exchange.trading.subscribe({
      onSnapshot: (snapshot) => this.events.publish('market.snapshot', snapshot),
      onOrderUpdated: (order) => this.events.publish('order.updated', order),
      onOrderEvent: (event) => this.events.publish('order.event', event),
    });
    const offPortfolio = exchange.portfolio?.subscribe((snapshot) =>
      this.events.publish('portfolio', snapshot),
    );
    this.exchange = exchange;
    this.unlink = () => {
      offState();
      offTrading();
      offPortfolio?.();
    };
  }

  /**
   * Replaces the exchange link by one for `next` (another mode, or the same mode with a key just
   * unlocked). On failure the previous settings are linked again and the error is rethrown.
   */
  private async relink(next: PolydeskConfig): Promise<void> {
    const { logger } = this.options;
    const previous = this.config;
    if (this.switching) {
      throw new PolydeskError('CONFLICT', `A switch to ${this.switching} is already under way`);
    }
    this.switching = next.mode;
    this.publishStatus();
    logger.info({ from: previous.mode, to: next.mode }, 'exchange link switching');
    try {
      this.unlink?.();
      this.unlink = undefined;
      const old = this.exchange;
      this.exchange = undefined;
      await old?.stop();
      try {
        await this.link(next);
        this.config = next;
      } catch (err) {
        logger.error({ err, to: next.mode }, 'exchange link switch failed, going back');
        await this.link(previous).catch((again: unknown) => {
          logger.error({ err: again }, 'previous exchange link could not be restored');
        });
        throw err;
      }
    } finally {
      this.switching = null;
      logger.info(
        { mode: this.config.mode, exchange: this.exchange?.url ?? null },
        'exchange linked',
      );
      this.events.publish('app.info', this.info());
      this.publishStatus();
    }
  }

  /** The trading layer, or a typed refusal when this host has no exchange link. */
  private trading(): TradingServices {
    if (this.stopping) throw new PolydeskError('SHUTTING_DOWN', 'Polydesk is shutting down');
    if (this.switching) {
      throw new PolydeskError('EXCHANGE_UNAVAILABLE', `Switching to ${this.switching}: try again`);
    }
    if (!this.exchange) {
      throw new PolydeskError('EXCHANGE_UNAVAILABLE', 'This host is not connected to an exchange');
    }
    return this.exchange.trading;
  }

  /**
   * The trading layer for calls that add risk: refused in read-only mode and on a live link
   * without a key. Cancels stay allowed there, so orders restored from the store can always be
   * stopped.
   */
  private writableTrading(): TradingServices {
    const readOnly = this.readOnlyReason();
    if (readOnly) throw new PolydeskError('READ_ONLY', readOnly);
    const trading = this.trading();
    if (!this.exchange?.canTrade) {
      throw new PolydeskError(
        'READ_ONLY',
        this.options.live?.address
          ? 'Live market data only: unlock the live key to trade (Settings → Live trading, or polydesk live unlock)'
          : 'Live market data only: no key is set up (Settings → Live trading, or polydesk live setup)',
      );
    }
    return trading;
  }

  private portfolio(): PortfolioService {
    const { portfolio } = this.exchange ?? {};
    if (!portfolio) {
      this.trading();
      throw new PolydeskError('EXCHANGE_UNAVAILABLE', 'This exchange link keeps no portfolio');
    }
    return portfolio;
  }

  private eventDirectory(): EventDirectory {
    const { events } = this.exchange ?? {};
    if (!events) {
      this.trading();
      throw new PolydeskError('EXCHANGE_UNAVAILABLE', 'This exchange link has no market context');
    }
    return events;
  }

  private reportService(): ReportService {
    const { report } = this.exchange ?? {};
    if (!report) {
      this.trading();
      throw new PolydeskError('EXCHANGE_UNAVAILABLE', 'This exchange link keeps no order history');
    }
    return report;
  }

  private async redeem(conditionId: string): Promise<RedeemResult> {
    const readOnly = this.readOnlyReason();
    if (readOnly) throw new PolydeskError('READ_ONLY', readOnly);
    const outcome = await this.portfolio().redeem(conditionId);
    return {
      conditionId: outcome.conditionId,
      winningTokenId: outcome.winningTokenId,
      payoutMicros: outcome.payoutMicros,
      burned: outcome.burned,
      transactionHash: outcome.transactionHash,
    };
  }

  private liveAccess(): LiveAccess {
    if (!this.options.live) {
      throw new PolydeskError(
        'EXCHANGE_UNAVAILABLE',
        'This host cannot be set up for live trading',
      );
    }
    this.refuseConfigChange();
    return this.options.live;
  }

  /** Settings are not written over an unusable config file, nor changed during a switch. */
  private refuseConfigChange(): void {
    if (this.options.readOnly) throw new PolydeskError('READ_ONLY', this.options.readOnly);
    if (this.switching) {
      throw new PolydeskError('CONFLICT', `A switch to ${this.switching} is under way: try again`);
    }
  }

  private refuseWhileWorking(action: string): void {
    const working = this.exchange?.trading.listOrders(false).length ?? 0;
    if (working > 0) {
      throw new PolydeskError(
        'CONFLICT',
        `${working} ${working === 1 ? 'order is' : 'orders are'} working in ${this.mode} mode: ` +
          `cancel ${working === 1 ? 'it' : 'them'} (or use the kill switch) before you ${action}`,
      );
    }
  }

  private async switchMode(target: Mode, passphrase?: string): Promise<LiveStatus> {
    const live = this.liveAccess();
    if (target === this.mode && (target === 'PAPER' || this.canTrade())) return this.liveStatus();
    if (target === 'LIVE') {
      if (!live.address) {
        throw new PolydeskError(
          'NOT_FOUND',
          'No live key is set up: set one up first (Settings → Live trading, or polydesk live setup)',
        );
      }
      await live.unlock(passphrase);
    }
    if (target !== this.mode) this.refuseWhileWorking(`switch to ${target}`);
    await this.relink({ ...this.config, mode: target });
    this.options.saveConfig?.((file) => ({ ...file, mode: target }));
    if (target === 'LIVE')
      live.noteVerified({ at: this.now(), collateral: await this.collateral() });
    this.options.logger.warn(
      { mode: target, address: live.address },
      `trading mode is now ${target}`,
    );
    return this.liveStatus();
  }

  private async collateral(): Promise<number | null> {
    try {
      return (await this.trading().accountSummary()).collateral;
    } catch {
      return null;
    }
  }

  private async liveSetup(input: Parameters<LiveAccess['setup']>[0]): Promise<LiveStatus> {
    const live = this.liveAccess();
    if (this.mode === 'LIVE') {
      throw new PolydeskError('CONFLICT', 'Switch back to PAPER before changing the live key');
    }
    const verify = this.options.verifyLiveKey;
    if (!verify) throw new PolydeskError('EXCHANGE_UNAVAILABLE', 'No live exchange to check with');
    const liveConfig = this.config.live;
    const profile = await live.setup(input, (credentials) => verify(liveConfig, credentials));
    this.options.saveConfig?.((file) => {
      const settings = section(file, 'live');
      settings.signatureType = profile.signatureType;
      if (profile.funderAddress) settings.funderAddress = profile.funderAddress;
      else delete settings.funderAddress;
      return file;
    });
    const { restUrl, wsUrl, chainId } = this.config.live;
    this.config = { ...this.config, live: { restUrl, wsUrl, chainId, ...profile } };
    return this.liveStatus();
  }

  private async liveUnlock(passphrase: string | undefined): Promise<LiveStatus> {
    const live = this.liveAccess();
    await live.unlock(passphrase);
    // In LIVE mode the link was read-only for want of the key: link again, now with it.
    if (this.mode === 'LIVE' && !this.exchange?.canTrade) {
      await this.relink(this.config);
      live.noteVerified({ at: this.now(), collateral: await this.collateral() });
    }
    return this.liveStatus();
  }

  private liveForget(): LiveStatus {
    const live = this.liveAccess();
    if (this.mode === 'LIVE') {
      throw new PolydeskError('CONFLICT', 'Switch back to PAPER before deleting the live key');
    }
    live.forget();
    return this.liveStatus();
  }

  private riskSettings(): RiskSettings {
    return riskLimitsFromConfig(this.config.risk);
  }

  private updateRisk(update: RiskUpdate): RiskSettings {
    this.refuseConfigChange();
    const risk = riskConfigFrom(this.config.risk, update);
    const limits = riskLimitsFromConfig(risk);
    // The desk checks the limits first: a refused change is neither applied nor written.
    this.exchange?.trading.setRiskLimits(limits);
    this.options.saveConfig?.((file) => ({ ...file, risk: { ...section(file, 'risk'), ...risk } }));
    this.config = { ...this.config, risk };
    this.options.logger.info({ risk }, 'safety rails changed');
    return limits;
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
      'live.status': () => this.liveStatus(),
      'live.setup': (input) => this.liveSetup(input),
      'live.unlock': ({ passphrase }) => this.liveUnlock(passphrase),
      'live.enable': ({ passphrase }) => this.switchMode('LIVE', passphrase),
      'live.disable': () => this.switchMode('PAPER'),
      'live.forget': () => this.liveForget(),
      'settings.risk': () => this.riskSettings(),
      'settings.updateRisk': (update) => this.updateRisk(update),
      'logs.tail': async ({ lines }) => ({
        entries: this.options.logFiles
          ? await readLogTail(await this.options.logFiles(), lines)
          : [],
      }),
      'portfolio.get': () => this.portfolio().snapshot(),
      'portfolio.trades': (query) => this.portfolio().trades(query),
      'market.events': () => this.eventDirectory().list(),
      'market.event': ({ idOrSlug }) => this.eventDirectory().event(idOrSlug),
      'portfolio.redeem': ({ conditionId }) => this.redeem(conditionId),
      'report.get': (params) => this.reportService().build(params),
    };
  }
}
