import { PolydeskError } from '@shared/errors';
import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';
import type { Order, OrderEvent } from '@shared/domain/order';
import type { OrderSpec } from '@shared/domain/order-request';
import type { AccountSummary } from '@shared/ipc/contract';
import type { Exchange } from '../exchange/exchange-port';
import type { Logger } from '../host/logger';
import type { TradingHealth, TradingListener, TradingServices } from '../host/trading-services';
import { MarketMonitor } from '../market/market-monitor';
import { MemoryStore } from '../store/memory-store';
import type { Store } from '../store/store-port';
import type { DeskMonitor } from './market-port';
import type { ExecutionTimings } from './order-execution';
import { OrderDaemon } from './order-daemon';
import type { StopMode, StopReport } from './order-daemon';
import type { RiskLimits } from './risk-rails';

export interface TradingDeskOptions {
  exchange: Exchange;
  /** Default: a MarketMonitor on the exchange, owned (and stopped) by the desk. */
  monitor?: DeskMonitor;
  /** Default: a MemoryStore. */
  store?: Store;
  logger: Logger;
  /** Workers of the order daemon (default 3). */
  numWorkers?: number;
  /** What stop() does with open exchange orders (default 'cancel'). */
  onStop?: StopMode;
  /** Reconciliation timings of the daemon (tests shorten them). */
  timings?: Partial<ExecutionTimings>;
  /** Safety rails of the daemon (default DEFAULT_RISK_LIMITS). */
  risk?: Partial<RiskLimits>;
}

/**
 * The trading layer behind the host: the exchange (account), the market monitor (markets, books,
 * snapshots) and the order daemon (orders), as the contract's TradingServices.
 */
export class TradingDesk implements TradingServices {
  readonly daemon: OrderDaemon;
  private readonly watched = new Set<string>();
  private readonly traded = new Set<string>();
  private stopped: StopReport | null = null;

  constructor(
    private readonly exchange: Exchange,
    readonly monitor: DeskMonitor,
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly ownsMonitor: boolean,
    options: Pick<TradingDeskOptions, 'onStop' | 'timings' | 'risk'> = {},
  ) {
    this.daemon = new OrderDaemon({
      exchange,
      market: monitor,
      store,
      logger,
      ...(options.onStop !== undefined && { onStop: options.onStop }),
      ...(options.timings !== undefined && { timings: options.timings }),
      ...(options.risk !== undefined && { risk: options.risk }),
    });
  }

  async start(numWorkers = 3): Promise<void> {
    await this.daemon.start(numWorkers);
  }

  /** Stops the daemon (cancelling or keeping open orders as configured), then the monitor it owns. */
  async stop(mode?: StopMode): Promise<StopReport> {
    if (this.stopped) return this.stopped;
    const report = await this.daemon.stop(mode);
    this.stopped = report;
    if (this.ownsMonitor) await this.monitor.stop();
    await this.store.close();
    return report;
  }

  async accountSummary(): Promise<AccountSummary> {
    if (this.exchange.readOnly) return { collateral: null, positions: [] };
    let collateral: number | null = null;
    try {
      collateral = (await this.exchange.getCollateralBalance()).balanceMicros;
    } catch (err) {
      this.logger.warn({ err: PolydeskError.from(err).message }, 'collateral balance unavailable');
    }
    const tokens = [...new Set([...this.watched, ...this.traded])];
    const positions = await Promise.all(
      tokens.map(async (tokenId) => {
        try {
          return {
            tokenId,
            size: (await this.exchange.getConditionalBalance(tokenId)).balanceMicros,
          };
        } catch {
          return null;
        }
      }),
    );
    return {
      collateral,
      positions: positions.filter(
        (p): p is { tokenId: string; size: number } => p !== null && p.size > 0,
      ),
    };
  }

  listMarkets(): Promise<MarketListItem[]> {
    return this.monitor.listMarkets();
  }

  async watch(tokenId: string): Promise<MarketSnapshot | null> {
    if (this.watched.has(tokenId)) return this.monitor.getSnapshot(tokenId) ?? null;
    const first = await this.monitor.startMonitoring(tokenId);
    this.watched.add(tokenId);
    return (
      (first as MarketSnapshot | null | undefined) ?? this.monitor.getSnapshot(tokenId) ?? null
    );
  }

  unwatch(tokenId: string): string[] {
    if (this.watched.delete(tokenId)) this.monitor.stopMonitoring(tokenId);
    return [...this.watched];
  }

  snapshot(tokenId: string): MarketSnapshot {
    const snapshot = this.monitor.getSnapshot(tokenId);
    if (!snapshot)
      throw new PolydeskError('NOT_FOUND', `token ${tokenId} is not watched or has no book yet`);
    return snapshot;
  }

  async submit(spec: OrderSpec): Promise<{ orderId: string }> {
    if (this.exchange.readOnly) {
      throw new PolydeskError(
        'READ_ONLY',
        'trading needs a private key: this exchange link is read-only',
      );
    }
    const orderId = await this.daemon.submit(spec);
    this.traded.add(spec.tokenId);
    return { orderId };
  }

  cancel(orderId: string): Promise<Order> {
    return this.daemon.cancel(orderId);
  }

  cancelAll(): Promise<string[]> {
    return this.daemon.cancelAll();
  }

  listOrders(includeFinal: boolean): Order[] {
    return this.daemon.list(includeFinal);
  }

  orderEvents(orderId: string): OrderEvent[] {
    return this.daemon.events(orderId);
  }

  /** The safety rails in force. */
  get riskLimits(): RiskLimits {
    return this.daemon.riskLimits;
  }

  /** New safety rails for the next submit and placement, without a restart (see OrderDaemon). */
  setRiskLimits(limits: RiskLimits): void {
    this.daemon.setRiskLimits(limits);
  }

  health(): TradingHealth {
    return {
      ...this.daemon.health(),
      stream: this.monitor.streamState(),
      oldestBookAgeMs: this.monitor.oldestBookAgeMs(),
    };
  }

  subscribe(listener: TradingListener): () => void {
    const offSnapshots = this.monitor.onSnapshot((snapshot) => listener.onSnapshot(snapshot));
    const offOrders = this.daemon.subscribe({
      onOrderUpdated: (order) => listener.onOrderUpdated(order),
      onOrderEvent: (event) => listener.onOrderEvent(event),
    });
    return () => {
      offSnapshots();
      offOrders();
    };
  }
}

/**
 * Builds and starts the trading layer. The host passes its exchange and logger; the monitor and
 * store default to a MarketMonitor on that exchange and a MemoryStore.
 */
export async function createTradingDesk(options: TradingDeskOptions): Promise<TradingDesk> {
  const ownsMonitor = options.monitor === undefined;
  const monitor: DeskMonitor =
    options.monitor ?? new MarketMonitor({ exchange: options.exchange, logger: options.logger });
  const desk = new TradingDesk(
    options.exchange,
    monitor,
    options.store ?? new MemoryStore(),
    options.logger,
    ownsMonitor,
    {
      ...(options.onStop !== undefined && { onStop: options.onStop }),
      ...(options.timings !== undefined && { timings: options.timings }),
      ...(options.risk !== undefined && { risk: options.risk }),
    },
  );
  await desk.start(options.numWorkers ?? 3);
  return desk;
}
