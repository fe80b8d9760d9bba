import { PolydeskError } from '@shared/errors';
import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';
import type { Order, OrderEvent } from '@shared/domain/order';
import type { PortfolioSnapshot, PortfolioTrade } from '@shared/ipc/contract';
import type {
  Exchange,
  FeeSchedule,
  MarketInfo,
  MarketResolvedEvent,
  RedeemOutcome,
} from '../exchange/exchange-port';
import type { Logger } from '../host/logger';
import type { StoredExchangeOrder, Store } from '../store/store-port';
import { EmitThrottle } from './emit-throttle';
import { estimatedFeeMicros } from './fee-estimate';
import { PortfolioModel } from './portfolio-model';
import type { RedeemRoute, TradesQuery } from './portfolio-model';
import type { MarketResolution } from './resolution';
import { reportOfStoredFill } from './stored-fills';

/** The order daemon as the portfolio sees it: its orders, their events, and its store writes. */
export interface PortfolioOrders {
  list(includeFinal: boolean): Order[];
  subscribe(listener: {
    onOrderUpdated?(order: Order): void;
    onOrderEvent?(event: OrderEvent): void;
  }): () => void;
  /** Resolves once every store write queued so far is done. */
  persist(): Promise<void>;
}

export interface PortfolioMarkets {
  getSnapshot(tokenId: string): MarketSnapshot | undefined;
  onSnapshot(listener: (snapshot: MarketSnapshot) => void): () => void;
  /** Ref-counted, like the market monitor's. */
  startMonitoring(tokenId: string): Promise<unknown>;
  stopMonitoring(tokenId: string): unknown;
  listMarkets(): Promise<MarketListItem[]>;
  /** The market's fee schedule, for fills whose fee the store does not keep. */
  marketInfo(tokenId: string): Promise<Pick<MarketInfo, 'fees'>>;
}

/** Where resolutions are announced (the market monitor's market channel). */
export interface PortfolioResolutions {
  resolvedMarkets(): MarketResolvedEvent[];
  onMarketResolved(listener: (event: MarketResolvedEvent) => void): () => void;
}

/** How this link redeems (MarketContext): the paper exchange's endpoint, or not at all (live). */
export interface PortfolioRedeemer {
  readonly route: RedeemRoute;
  redeem(conditionId: string): Promise<RedeemOutcome>;
}

export interface PortfolioTimings {
  /** Balances are read this often (default 5 s)… */
  balancePollMs: number;
  /** …and this long after a fill (default 1 s), when the exchange has booked it. */
  balanceAfterFillMs: number;
  /** A disagreeing reading is checked again this soon (default 1.5 s). */
  confirmReadMs: number;
  /** At most one `portfolio` event per interval (default 200 ms: 5 a second). */
  emitIntervalMs: number;
  /** Fill events are gathered this long before the store is read (default 50 ms). */
  fillSyncDelayMs: number;
}

const DEFAULT_TIMINGS: PortfolioTimings = {
  balancePollMs: 5_000,
  balanceAfterFillMs: 1_000,
  confirmReadMs: 1_500,
  emitIntervalMs: 200,
  fillSyncDelayMs: 50,
};

/** The market list is asked again for an unknown token at most this often. */
const MARKETS_REFRESH_MS = 30_000;

export interface PortfolioServiceOptions {
  store: Pick<Store, 'fills' | 'exchangeOrders'>;
  exchange: Pick<Exchange, 'readOnly' | 'getCollateralBalance' | 'getConditionalBalance'>;
  markets: PortfolioMarkets;
  orders: PortfolioOrders;
  logger: Logger;
  resolutions?: PortfolioResolutions;
  redeemer?: PortfolioRedeemer;
  timings?: Partial<PortfolioTimings>;
  now?: () => number;
}

type Listener = (snapshot: PortfolioSnapshot) => void;

const FILL_EVENTS = new Set<OrderEvent['type']>(['fill', 'fill_failed', 'overfill']);

/**
 * Positions and balances for the contract's portfolio calls and event. Fills come from the
 * store the daemon writes (every fill it took in, from the user stream or the exchange's
 * trades, with its current status), joined with the stored exchange order for token and side;
 * the daemon's fill events say which order to read again. Balances are read from the exchange
 * on a timer and after fills, marks come from the market monitor (which keeps the book of every
 * held token watched), reserves from the daemon's open orders.
 */
export class PortfolioService {
  private readonly model = new PortfolioModel();
  private readonly timings: PortfolioTimings;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly listeners = new Set<Listener>();
  private readonly throttle: EmitThrottle;
  private readonly offs: (() => void)[] = [];
  private readonly orderTokens = new Map<string, Pick<StoredExchangeOrder, 'tokenId' | 'side'>>();
  private readonly dirtyOrders = new Set<string>();
  private readonly monitored = new Set<string>();
  private readonly feesByToken = new Map<string, FeeSchedule | null>();
  private syncTimer: NodeJS.Timeout | undefined;
  private balanceTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private reading: Promise<void> | null = null;
  private ordersDirty = true;
  private marketsAskedAt = Number.NEGATIVE_INFINITY;
  private balanceFailing = false;
  private stopped = false;

  private constructor(private readonly options: PortfolioServiceOptions) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.now = options.now ?? Date.now;
    this.log = options.logger.child({ component: 'portfolio' });
    this.throttle = new EmitThrottle(this.timings.emitIntervalMs, () => this.emit(), this.now);
  }

  /** Loads every stored fill, reads the balances once, then follows fills, books and orders. */
  static async start(options: PortfolioServiceOptions): Promise<PortfolioService> {
    const service = new PortfolioService(options);
    await service.begin();
    return service;
  }

  snapshot(): PortfolioSnapshot {
    this.refreshOpenOrders();
    return this.model.snapshot(this.now());
  }

  trades(query: TradesQuery): { trades: PortfolioTrade[]; total: number } {
    return this.model.trades(query);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Markets known resolved (from the market channel or Gamma): their positions are redeemable. */
  applyResolutions(resolutions: readonly MarketResolution[]): void {
    let added = 0;
    for (const resolution of resolutions) {
      if (this.model.setResolution(resolution)) added += 1;
    }
    if (added === 0) return;
    this.log.info({ markets: added }, 'resolved markets noted');
    this.throttle.request();
    this.balancesSoon(this.timings.balanceAfterFillMs);
  }

  /**
   * Redeems a resolved market's positions: the paper exchange burns both outcomes and credits 1
   * pUSD per winning share; the balances are read again at once, so the cash goes up and the
   * position goes flat in the next snapshot. Live mode refuses (RedeemNotSubmittedError).
   */
  async redeem(conditionId: string): Promise<RedeemOutcome> {
    const { redeemer } = this.options;
    if (!redeemer) throw new PolydeskError('EXCHANGE_UNAVAILABLE', 'This link cannot redeem');
    const outcome = await redeemer.redeem(conditionId);
    this.log.info(
      { conditionId, payoutMicros: outcome.payoutMicros, burned: outcome.burned.length },
      'market redeemed',
    );
    await this.refreshBalances();
    return outcome;
  }

  /** Reads the stored fills of these user orders again (all of them when absent). */
  syncFills(userOrderIds?: readonly string[]): Promise<void> {
    const run = this.syncing.then(() => this.readFills(userOrderIds));
    this.syncing = run.catch((err: unknown) => {
      this.log.warn({ err: PolydeskError.from(err).message }, 'portfolio fills not read');
    });
    return this.syncing;
  }

  /** Reads collateral and the balance of every token we have fills of. */
  refreshBalances(): Promise<void> {
    this.reading ??= this.readBalances().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const off of this.offs.splice(0)) off();
    clearTimeout(this.syncTimer);
    clearTimeout(this.balanceTimer);
    clearInterval(this.pollTimer);
    this.throttle.close();
    for (const tokenId of this.monitored) this.options.markets.stopMonitoring(tokenId);
    this.monitored.clear();
    this.listeners.clear();
    this.log.info('portfolio stopped');
  }

  private async begin(): Promise<void> {
    const { markets, orders, resolutions, redeemer } = this.options;
    if (redeemer) this.model.setRedeemRoute(redeemer.route);
    if (resolutions) {
      this.applyResolutions(resolutions.resolvedMarkets().map(resolutionOf));
      this.offs.push(
        resolutions.onMarketResolved((event) => this.applyResolutions([resolutionOf(event)])),
      );
    }
    await this.loadMarkets();
    await this.syncFills();
    this.offs.push(
      orders.subscribe({
        onOrderUpdated: () => {
          this.ordersDirty = true;
          this.throttle.request();
        },
        onOrderEvent: (event) => {
          if (FILL_EVENTS.has(event.type)) this.fillSeen(event.orderId);
        },
      }),
      markets.onSnapshot((snapshot) => this.onBook(snapshot)),
    );
    await this.refreshBalances();
    this.pollTimer = setInterval(() => void this.refreshBalances(), this.timings.balancePollMs);
    this.pollTimer.unref();
    const snapshot = this.snapshot();
    this.log.info(
      {
        tokens: snapshot.positions.length,
        held: snapshot.positions.filter((p) => p.heldMicros > 0).length,
        fills: this.model.trades({ limit: 1 }).total,
        warnings: snapshot.warnings.length,
      },
      'portfolio started',
    );
  }

  private fillSeen(userOrderId: string): void {
    this.dirtyOrders.add(userOrderId);
    this.syncTimer ??= setTimeout(() => {
      this.syncTimer = undefined;
      const ids = [...this.dirtyOrders];
      this.dirtyOrders.clear();
      // The daemon queues the fill's store write after the event: wait for its writes first.
      void this.options.orders
        .persist()
        .then(() => this.syncFills(ids))
        .then(() => this.balancesSoon(this.timings.balanceAfterFillMs));
    }, this.timings.fillSyncDelayMs);
  }

  private async readFills(userOrderIds: readonly string[] | undefined): Promise<void> {
    if (this.stopped) return;
    const { store } = this.options;
    const scopes = userOrderIds ?? [undefined];
    let changed = 0;
    for (const scope of scopes) {
      const [exchangeOrders, fills] = await Promise.all([
        store.exchangeOrders(scope),
        store.fills(scope),
      ]);
      for (const eo of exchangeOrders) this.orderTokens.set(eo.id, eo);
      for (const stored of fills) {
        const order = this.orderTokens.get(stored.exchangeOrderId);
        const known = this.model.knows(stored.fillKey);
        if (!order || (known && known.status === stored.status)) continue;
        const fees = known ? null : await this.feesOf(order.tokenId);
        const fee = fees ? estimatedFeeMicros(fees, stored.role, stored.price, stored.size) : 0;
        const report = reportOfStoredFill(stored, order, fee);
        if (!report) continue;
        try {
          const result = this.model.applyFill(report.fill, report.origin);
          if (result.outcome === 'added' || result.outcome === 'status_changed') changed += 1;
          if (result.outcome === 'conflict') {
            this.log.warn(
              { fillKey: result.key, tradeId: stored.tradeId },
              'fill report conflicts with a known one: the first stands',
            );
          }
        } catch (err) {
          this.log.warn(
            { fillKey: stored.fillKey, err: PolydeskError.from(err).message },
            'fill left out of the portfolio',
          );
        }
      }
    }
    if (changed === 0) return;
    this.updateMonitoring();
    await this.loadMarketsFor(this.model.tokens());
    this.throttle.request();
  }

  private async feesOf(tokenId: string): Promise<FeeSchedule | null> {
    if (this.feesByToken.has(tokenId)) return this.feesByToken.get(tokenId) ?? null;
    let fees: FeeSchedule | null = null;
    try {
      fees = (await this.options.markets.marketInfo(tokenId)).fees;
    } catch (err) {
      this.log.warn(
        { tokenId, err: PolydeskError.from(err).message },
        'fee schedule unavailable: fees of this token count as 0',
      );
    }
    this.feesByToken.set(tokenId, fees);
    return fees;
  }

  private balancesSoon(delayMs: number): void {
    if (this.stopped || this.balanceTimer) return;
    this.balanceTimer = setTimeout(() => {
      this.balanceTimer = undefined;
      void this.refreshBalances();
    }, delayMs);
    this.balanceTimer.unref();
  }

  private async readBalances(): Promise<void> {
    const { exchange } = this.options;
    if (this.stopped) return;
    if (exchange.readOnly) {
      this.model.setBalanceError('no trading key: the exchange balances cannot be read');
      return;
    }
    const at = this.now();
    const tokens = this.model.tokens();
    const failures: string[] = [];
    const read = <T>(what: Promise<T>): Promise<T | null> =>
      what.catch((err: unknown) => {
        failures.push(PolydeskError.from(err).message);
        return null;
      });
    const [cash, ...balances] = await Promise.all([
      read(exchange.getCollateralBalance()),
      ...tokens.map((tokenId) => read(exchange.getConditionalBalance(tokenId))),
    ]);
    if (this.stopped) return;
    const reading: Record<string, number> = {};
    tokens.forEach((tokenId, i) => {
      const balance = balances[i];
      if (balance) reading[tokenId] = balance.balanceMicros;
    });
    const outcome = this.model.setBalances({
      cashMicros: cash?.balanceMicros ?? null,
      tokens: reading,
      at,
    });
    for (const warning of outcome.raised) {
      this.log.warn({ tokenId: warning.tokenId }, warning.message);
    }
    for (const tokenId of outcome.cleared) {
      this.log.info({ tokenId }, 'balance agrees with our fills again');
    }
    if (outcome.unconfirmed.length > 0) this.balancesSoon(this.timings.confirmReadMs);
    if (failures.length > 0) {
      // What was read is used; what was not keeps its last figure, and the snapshot says why.
      this.model.setBalanceError(failures[0] ?? 'balance not read');
      if (!this.balanceFailing) {
        this.log.warn(
          { err: failures[0], failed: failures.length },
          'portfolio balances unavailable',
        );
      }
      this.balanceFailing = true;
    } else {
      if (this.balanceFailing) this.log.info('portfolio balances readable again');
      this.balanceFailing = false;
    }
    this.throttle.request();
  }

  private onBook(snapshot: MarketSnapshot): void {
    if (!this.monitored.has(snapshot.tokenId)) return;
    if (this.model.setMark(snapshot)) this.throttle.request();
  }

  /** Keeps the book of every held token watched (for its marks), and only those. */
  private updateMonitoring(): void {
    const { markets } = this.options;
    const held = new Set(this.model.heldTokens());
    for (const tokenId of held) {
      if (this.monitored.has(tokenId)) continue;
      this.monitored.add(tokenId);
      markets.startMonitoring(tokenId).then(
        () => {
          const snapshot = markets.getSnapshot(tokenId);
          if (snapshot && this.model.setMark(snapshot)) this.throttle.request();
        },
        (err: unknown) => {
          this.log.warn(
            { tokenId, err: PolydeskError.from(err).message },
            'book of a held token not watched: no marks',
          );
        },
      );
    }
    for (const tokenId of [...this.monitored]) {
      if (held.has(tokenId)) continue;
      this.monitored.delete(tokenId);
      markets.stopMonitoring(tokenId);
    }
  }

  private async loadMarketsFor(tokens: readonly string[]): Promise<void> {
    if (tokens.every((tokenId) => this.model.hasMarket(tokenId))) return;
    if (this.now() - this.marketsAskedAt < MARKETS_REFRESH_MS) return;
    await this.loadMarkets();
  }

  private async loadMarkets(): Promise<void> {
    this.marketsAskedAt = this.now();
    try {
      this.model.setMarkets(await this.options.markets.listMarkets());
    } catch (err) {
      this.log.warn({ err: PolydeskError.from(err).message }, 'market names unavailable');
    }
  }

  private refreshOpenOrders(): void {
    if (!this.ordersDirty) return;
    this.ordersDirty = false;
    this.model.setOpenOrders(this.options.orders.list(false));
  }

  private emit(): void {
    if (this.stopped || this.listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (err) {
        this.log.warn({ err }, 'portfolio listener failed');
      }
    }
  }
}

function resolutionOf(event: MarketResolvedEvent): MarketResolution {
  return {
    conditionId: event.conditionId,
    tokenIds: event.tokenIds,
    winningTokenId: event.winningTokenId,
    winningOutcome: event.winningOutcome,
  };
}
