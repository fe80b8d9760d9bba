import { randomUUID } from 'node:crypto';
import { divCeil, MICROS_PER_UNIT, microsToDecimal as dec } from '@shared/math/decimal';
import { parseOrThrow, PolydeskError } from '@shared/errors';
import type { Order, OrderEvent } from '@shared/domain/order';
import { OrderRequestSchema } from '@shared/domain/order-request';
import type { OrderRequestInput, OrderSpec } from '@shared/domain/order-request';
import type { Exchange, Fill, MarketInfo, UserOrderEvent } from '../exchange/exchange-port';
import type { Logger } from '../host/logger';
import { StrategyRouter } from '../strategies/index';
import type { MarketRules, Strategy } from '../strategies/strategy';
import type { Store, StoredExchangeOrder } from '../store/store-port';
import type { MarketPort, OurOrder } from './market-port';
import { KellyBankroll, kellyClaimOf, pendingAndPromised } from './kelly-bankroll';
import { DEFAULT_TIMINGS, OrderExecution } from './order-execution';
import type { ExecutionTimings } from './order-execution';
import {
  heldBackOf,
  isFinalExchangeState,
  isFinalOrderState,
  OrderLedger,
  openSizeOf,
} from './order-ledger';
import type { EventDraft, TrackedExchangeOrder } from './order-ledger';
import { checkAgainstMarket, checkSpec } from './order-validation';
import { OrderWorker } from './order-worker';
import { realTimers } from './timers';
import { WriteBehind } from './write-behind';
import type { Timer, Timers } from './timers';
import { DEFAULT_RISK_LIMITS, RiskRails } from './risk-rails';
import type { Exposure, RiskLimits } from './risk-rails';

/** Restored working orders reconciled with the exchange at the same time, at most. */
const RESTORE_CONCURRENCY = 8;

export type StopMode = 'cancel' | 'keep';

export interface OrderDaemonOptions {
  exchange: Exchange;
  market: MarketPort;
  store: Store;
  logger: Logger;
  /** What stop() does with open exchange orders (default 'cancel'). */
  onStop?: StopMode;
  timings?: Partial<ExecutionTimings>;
  /** Consecutive failed steps after which an order is wound down as FAILED (default 5). */
  maxStepFailures?: number;
  /** How long cancel() waits for the order to end before answering with its state (default 15 s). */
  cancelWaitMs?: number;
  /** Safety rails checked at submit and before each placement (default DEFAULT_RISK_LIMITS). */
  risk?: Partial<RiskLimits>;
  now?: () => number;
  /** Where steps are scheduled (default the real event loop; a virtual clock in replays). */
  timers?: Timers;
  /** New order ids (default random UUIDs; replays derive them from a seed). */
  newId?: () => string;
}

export interface DaemonListener {
  onOrderUpdated?(order: Order): void;
  onOrderEvent?(event: OrderEvent): void;
}

export interface DaemonHealth {
  workers: { busy: number; idle: number } | null;
  queueDepth: number;
  activeOrders: number;
}

/** What stop() did: which exchange orders it cancelled, kept resting, or could not settle. */
export interface StopReport {
  mode: StopMode;
  cancelled: string[];
  kept: string[];
  unsettled: string[];
  orders: { id: string; state: Order['state'] }[];
}

interface Entry {
  execution: OrderExecution;
  strategy: Strategy;
  /** queued: waiting for a worker; running: in a step; parked: waiting for a timer or a wake-up. */
  status: 'queued' | 'running' | 'parked' | 'done';
  timer: Timer | null;
  wakeOnBook: boolean;
  rerun: boolean;
  started: boolean;
  failures: number;
  events: OrderEvent[];
  finished: Promise<void>;
  resolveFinished: () => void;
}

/**
 * The plan's OrderDaemon: validates and queues user orders, and runs them on a pool of workers.
 * Each order moves in steps (reconcile, then one strategy decision); between steps it is parked
 * until its interval passes or a book change, fill or cancel wakes it. One order's failure ends
 * that order, never a worker or another order.
 */
export class OrderDaemon {
  private readonly router = new StrategyRouter();
  private readonly entries = new Map<string, Entry>();
  private readonly byExchangeId = new Map<string, string>();
  private readonly ready: string[] = [];
  private readonly takers: ((orderId: string | null) => void)[] = [];
  private readonly listeners = new Set<DaemonListener>();
  private readonly timings: ExecutionTimings;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly rails: RiskRails;
  private readonly unsubscribes: (() => void)[] = [];
  /** One Kelly bankroll per wallet: the working Kelly orders share it. */
  private readonly kellyBankroll = new KellyBankroll();
  private workers: OrderWorker[] = [];
  private running = false;
  private restored = false;
  private stopping = false;
  private seq = 0;
  private readonly writes: WriteBehind;
  /** Each exchange order as last queued for the store: only a changed one is written again. */
  private readonly savedExchangeOrders = new Map<string, StoredExchangeOrder>();

  constructor(private readonly options: OrderDaemonOptions) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
    this.writes = new WriteBehind(
      options.store,
      (err) => {
        this.options.logger.error({ err }, 'store write failed');
      },
      this.timers.afterDueIo,
    );
    this.rails = new RiskRails({ ...DEFAULT_RISK_LIMITS, ...options.risk }, (conditionId) =>
      this.exposure(conditionId),
    );
  }

  /** The rails in force. */
  get riskLimits(): RiskLimits {
    return { ...this.rails.limits };
  }

  /**
   * New rails while running (BAD_REQUEST unless every limit is a positive integer): they hold
   * for the next submit and each order's next placement. Orders already working are not
   * cancelled by a lower cap; their resting exchange orders stay, and what they place next
   * must pass the new rails.
   */
  setRiskLimits(limits: RiskLimits): void {
    const previous = this.riskLimits;
    this.rails.setLimits(limits);
    this.options.logger.info({ risk: this.rails.limits, previous }, 'risk limits changed');
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────

  /** Starts N workers and listens to books and to the exchange's user stream. */
  async start(numWorkers = 3): Promise<void> {
    if (this.running) return;
    if (!Number.isInteger(numWorkers) || numWorkers < 1) {
      throw new PolydeskError('BAD_REQUEST', 'numWorkers must be a positive integer');
    }
    this.seq = Math.max(this.seq, (await this.options.store.lastSeq()) + 1);
    if (!this.restored) {
      this.restored = true;
      await this.restore();
    }
    this.running = true;
    this.stopping = false;
    this.unsubscribes.push(
      this.options.market.onSnapshot((snapshot) => this.onBook(snapshot.tokenId)),
    );
    if (!this.options.exchange.readOnly) {
      this.unsubscribes.push(
        this.options.exchange.subscribeUserEvents({
          onFills: (fills) => this.ingestFills(fills),
          onOrder: (event) => this.onUserOrder(event),
          onReconcileNeeded: () => {
            for (const [id, entry] of this.entries) {
              entry.execution.markDirty();
              this.wake(id);
            }
          },
        }),
      );
    }
    this.workers = Array.from(
      { length: numWorkers },
      (_, i) => new OrderWorker(i + 1, this, this.options.logger),
    );
    for (const worker of this.workers) worker.start();
    // Orders parked by an earlier stop('keep') of this daemon go back to work.
    for (const [id, entry] of this.entries) {
      if (entry.status === 'parked' && !entry.execution.ledger.isFinal()) this.enqueue(id);
    }
    this.options.logger.info(
      { workers: numWorkers, risk: this.rails.limits },
      'order daemon started',
    );
  }

  /**
   * Graceful stop: no new steps; each worker finishes the step it is in; then open exchange
   * orders are cancelled and settled ('cancel', the orders end CANCELLED) or left resting
   * ('keep', the orders stay ACTIVE in the store), and the report says which.
   */
  async stop(mode: StopMode = this.options.onStop ?? 'cancel'): Promise<StopReport> {
    this.stopping = true;
    this.running = false;
    for (const take of this.takers.splice(0)) take(null);
    for (const entry of this.entries.values()) {
      entry.timer?.cancel();
      entry.timer = null;
    }
    await Promise.all(this.workers.map((worker) => worker.finished()));
    this.workers = [];
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    const report: StopReport = { mode, cancelled: [], kept: [], unsettled: [], orders: [] };
    for (const [id, entry] of this.entries) {
      const { execution } = entry;
      const ledger = execution.ledger;
      if (ledger.isFinal()) continue;
      const open = ledger.openOrders().map((eo) => eo.id);
      if (mode === 'keep') {
        report.kept.push(...open);
      } else if (!entry.started) {
        ledger.finish('CANCELLED', 'daemon stopped before the order started');
      } else {
        execution.requestStop('CANCELLED', 'daemon stopped');
        let done = false;
        for (let attempt = 0; attempt < 5 && !done; attempt++) {
          try {
            done = await execution.cancelWorking('daemon stopped');
          } catch (err) {
            this.options.logger.warn({ orderId: id, err }, 'cancel on stop failed');
          }
          if (!done) await new Promise<void>((resolve) => this.timers.setTimeout(resolve, 200));
        }
        for (const eoId of open) {
          const eo = ledger.exchangeOrder(eoId);
          if (eo && isFinalExchangeState(eo.state)) report.cancelled.push(eoId);
          else report.unsettled.push(eoId);
        }
        if (done) {
          ledger.finish(
            'CANCELLED',
            `daemon stopped; filled ${dec(ledger.order.filled)} of ${dec(ledger.order.targetSize)} shares`,
          );
        }
      }
    }
    // No call left half-answered behind the stop (the session recording closes after it).
    await Promise.all([...this.entries.values()].map((entry) => entry.execution.answered()));
    for (const entry of this.entries.values()) {
      report.orders.push({ id: entry.execution.order.id, state: entry.execution.order.state });
      if (entry.execution.ledger.isFinal()) this.finishEntry(entry);
    }
    await this.persist();
    this.options.logger.info(
      {
        mode,
        cancelled: report.cancelled.length,
        kept: report.kept.length,
        unsettled: report.unsettled.length,
      },
      'order daemon stopped',
    );
    return report;
  }

  health(): DaemonHealth {
    const busy = this.workers.filter((worker) => worker.isBusy).length;
    let active = 0;
    let queued = 0;
    for (const entry of this.entries.values()) {
      const state = entry.execution.order.state;
      if (state === 'ACTIVE') active += 1;
      if (state === 'QUEUED') queued += 1;
    }
    return {
      workers: this.running ? { busy, idle: this.workers.length - busy } : null,
      queueDepth: Math.max(this.ready.length, queued),
      activeOrders: active,
    };
  }

  subscribe(listener: DaemonListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ── orders ────────────────────────────────────────────────────────────────

  /** Validates a request written in decimal strings, then submits it. */
  async submitRequest(input: OrderRequestInput): Promise<string> {
    return this.submit(parseOrThrow(OrderRequestSchema, input, 'order request'));
  }

  /**
   * Validates the spec (its own rules, the strategy's params, the market's tick, minimum size and
   * existence), checks it against the risk rails, and queues it; returns the new order's id at
   * once. Nothing is queued on error.
   */
  async submit(raw: OrderSpec): Promise<string> {
    if (this.stopping) throw new PolydeskError('SHUTTING_DOWN', 'the order daemon is stopping');
    const spec = checkSpec(raw, this.router);
    const routed = this.router.route(spec);
    const market = await checkAgainstMarket(spec, (tokenId) =>
      this.options.market.marketInfo(tokenId),
    );
    this.rails.checkSubmit(spec, market.conditionId, this.liveMicroPrice(spec.tokenId));
    const id = this.options.newId?.() ?? randomUUID();
    const at = this.now();
    const order: Order = {
      id,
      spec: { ...spec, ...(spec.marketId === undefined && { marketId: market.conditionId }) },
      state: 'QUEUED',
      createdAt: at,
      updatedAt: at,
      targetSize: routed.initialTargetMicros,
      filled: 0,
      pendingFilled: 0,
      avgPrice: null,
      adjustments: 0,
      arrivalMicroPrice: null,
      exchangeOrders: [],
    };
    this.addEntry(order, market);
    this.emit(id, { type: 'state', reason: `queued (${spec.strategyType} ${spec.side})` });
    // The id is answered only once the order is in the store: a crash right after cannot lose it.
    await this.persist();
    this.enqueue(id);
    return id;
  }

  /** Cancels the order and its exchange orders; answers with the order as it ends. */
  async cancel(orderId: string): Promise<Order> {
    const entry = this.require(orderId);
    const { execution } = entry;
    if (execution.ledger.isFinal()) return this.status(orderId);
    if (!entry.started) {
      this.removeFromQueue(orderId);
      execution.ledger.finish('CANCELLED', 'cancelled before it started');
      this.finishEntry(entry);
      return this.status(orderId);
    }
    execution.requestStop('CANCELLED', 'cancelled by user');
    if (this.running) this.wake(orderId);
    else await this.driveWithoutWorkers(entry);
    const waitMs = this.options.cancelWaitMs ?? 15_000;
    let timer: Timer | undefined;
    await Promise.race([
      entry.finished,
      new Promise<void>((resolve) => {
        timer = this.timers.setTimeout(resolve, waitMs);
      }),
    ]);
    timer?.cancel();
    return this.status(orderId);
  }

  /** Kill switch: cancels every order that is not final; the ids it cancelled. */
  async cancelAll(): Promise<string[]> {
    const ids = [...this.entries.entries()]
      .filter(([, entry]) => !entry.execution.ledger.isFinal())
      .map(([id]) => id);
    await Promise.all(ids.map((id) => this.cancel(id)));
    return ids;
  }

  status(orderId: string): Order {
    return structuredClone(this.require(orderId).execution.order) as Order;
  }

  /** Newest first. */
  list(includeFinal = true): Order[] {
    return [...this.entries.values()]
      .map((entry) => entry.execution.order)
      .filter((order) => includeFinal || !isFinalOrderState(order.state))
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((order) => structuredClone(order) as Order);
  }

  events(orderId: string): OrderEvent[] {
    return this.require(orderId).events.map((event) => ({ ...event }));
  }

  /** Resolves when the order is final (for callers that wait, such as the demo and tests). */
  async whenFinal(orderId: string): Promise<Order> {
    await this.require(orderId).finished;
    return this.status(orderId);
  }

  // ── the worker pool ───────────────────────────────────────────────────────

  take(): Promise<string | null> {
    if (!this.running) return Promise.resolve(null);
    const next = this.ready.shift();
    if (next !== undefined) return Promise.resolve(next);
    return new Promise((resolve) => this.takers.push(resolve));
  }

  async runStep(orderId: string, workerId: number): Promise<void> {
    const entry = this.entries.get(orderId);
    if (!entry || entry.status === 'done') return;
    entry.status = 'running';
    entry.rerun = false;
    const { execution } = entry;
    const logger = this.options.logger;
    let waitMs: number;
    let wakeOnBook = false;
    try {
      if (!entry.started) await this.startOrder(entry);
      const result = await execution.runStep(entry.strategy);
      entry.failures = 0;
      if (result === null) {
        this.finishEntry(entry);
        return;
      }
      waitMs = result.waitMs;
      wakeOnBook = result.wakeOnBook;
    } catch (err) {
      entry.failures += 1;
      const error = PolydeskError.from(err);
      logger.warn(
        { orderId, workerId, failures: entry.failures, code: error.code, err: error.message },
        'order step failed',
      );
      if (!entry.started) {
        if (!execution.ledger.isFinal())
          execution.ledger.finish('FAILED', `could not start: ${error.message}`);
        this.finishEntry(entry);
        return;
      }
      if (entry.failures >= (this.options.maxStepFailures ?? 5)) {
        execution.requestStop('FAILED', `failed: ${error.message}`);
      }
      waitMs = Math.min(5_000, 250 * 2 ** entry.failures);
    }
    if (execution.ledger.isFinal()) {
      this.finishEntry(entry);
      return;
    }
    this.park(orderId, entry, entry.rerun ? 0 : waitMs, wakeOnBook);
  }

  // ── internals ─────────────────────────────────────────────────────────────

  /** Builds the execution of an order (new, or reloaded from the store) and registers it. */
  private addEntry(order: Order, market: MarketInfo): Entry {
    const id = order.id;
    const spec = order.spec as OrderSpec;
    const routed = this.router.route(spec);
    let resolveFinished: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      resolveFinished = resolve;
    });
    const ledger = new OrderLedger(
      order,
      routed.limitMicros,
      (draft) => this.emit(id, draft),
      this.now,
    );
    if (spec.strategyType === 'kelly' && !isFinalOrderState(order.state)) {
      this.kellyBankroll.join(id, () => kellyClaimOf(ledger.order, market.conditionId));
    }
    const execution = new OrderExecution(ledger, spec, rulesOf(market), {
      exchange: this.options.exchange,
      otherTokenId: market.tokens.find((token) => token.tokenId !== spec.tokenId)?.tokenId,
      market: this.options.market,
      logger: this.options.logger,
      timings: this.timings,
      now: this.now,
      hooks: {
        persist: () => this.persist(),
        track: (exchangeOrderId) => this.byExchangeId.set(exchangeOrderId, id),
        ingestFills: (fills) => this.ingestFills(fills),
        ourOrders: (tokenId) => this.ourOrders(tokenId),
        openOrdersChanged: (tokenId) => this.publishOurOrders(tokenId),
        reserve: (placement) => this.rails.reserve(placement),
        walletFigures: (tokenId, otherTokenId) =>
          pendingAndPromised(
            [...this.entries.values()].map(({ execution: other }) => ({
              order: other.order,
              inBankroll: this.kellyBankroll.has(other.order.id),
            })),
            tokenId,
            otherTokenId,
          ),
        kellyShare: (orderId, wallet) => this.kellyBankroll.share(orderId, wallet),
      },
    });
    const entry: Entry = {
      execution,
      strategy: routed.definition.create(spec, hashSeed(id)),
      status: 'queued',
      timer: null,
      wakeOnBook: false,
      rerun: false,
      started: false,
      failures: 0,
      events: [],
      finished,
      resolveFinished,
    };
    this.entries.set(id, entry);
    return entry;
  }

  /**
   * Reloads orders from the store and reconciles each unfinished one with the exchange's orders
   * and trades before any worker runs: nothing orphaned, nothing placed twice. The history is
   * read in one go (not per order), final orders' events included so that events() stays whole.
   */
  private async restore(): Promise<void> {
    const { store, logger } = this.options;
    const history = await store.loadHistory();
    const active: Entry[] = [];
    for (const order of history.orders) {
      if (this.entries.has(order.id)) continue;
      let market: MarketInfo;
      try {
        market = await this.options.market.marketInfo(order.spec.tokenId);
      } catch (err) {
        logger.error(
          { orderId: order.id, err: PolydeskError.from(err).message },
          'cannot restore order',
        );
        continue;
      }
      const entry = this.addEntry(order, market);
      const ledger = entry.execution.ledger;
      ledger.restore(history.exchangeOrders.get(order.id) ?? [], history.fills.get(order.id) ?? []);
      for (const eo of ledger.allExchangeOrders()) this.byExchangeId.set(eo.id, order.id);
      entry.events.push(...(history.events.get(order.id) ?? []));
      if (ledger.isFinal()) {
        entry.status = 'done';
        entry.resolveFinished();
        continue;
      }
      if (order.state === 'ACTIVE') active.push(entry);
      this.ready.push(order.id);
      logger.info({ orderId: order.id, state: order.state }, 'order restored');
    }
    // Each order reconciles only its own exchange orders and fills, so several can wait on the
    // exchange at once; all are done before any worker runs.
    let next = 0;
    const reconcileNext = async (): Promise<void> => {
      for (let entry = active[next++]; entry; entry = active[next++]) {
        await this.options.market.startMonitoring(entry.execution.spec.tokenId);
        entry.started = true;
        entry.execution.ledger.note('restored after a restart: reconciling with the exchange');
        entry.execution.markDirty();
        await entry.execution.reconcile();
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(RESTORE_CONCURRENCY, active.length) }, reconcileNext),
    );
  }

  private async startOrder(entry: Entry): Promise<void> {
    const { execution } = entry;
    await this.options.market.startMonitoring(execution.spec.tokenId);
    entry.started = true;
    const snapshot = execution.snapshot();
    execution.ledger.activate(
      `active on worker pool (${execution.spec.strategyType})`,
      snapshot?.microPrice ?? null,
    );
  }

  private finishEntry(entry: Entry): void {
    if (entry.status === 'done') return;
    entry.status = 'done';
    this.kellyBankroll.leave(entry.execution.order.id);
    entry.timer?.cancel();
    entry.timer = null;
    if (entry.started) {
      try {
        this.options.market.stopMonitoring(entry.execution.spec.tokenId);
      } catch (err) {
        this.options.logger.warn({ err }, 'stopMonitoring failed');
      }
    }
    this.publishOurOrders(entry.execution.spec.tokenId);
    entry.resolveFinished();
  }

  /** Runs the cancel of an order inline when no worker pool is running. */
  private async driveWithoutWorkers(entry: Entry): Promise<void> {
    const { execution } = entry;
    for (let attempt = 0; attempt < 5 && !execution.ledger.isFinal(); attempt++) {
      try {
        if ((await execution.runStep(entry.strategy)) === null) break;
      } catch (err) {
        this.options.logger.warn({ orderId: execution.order.id, err }, 'cancel step failed');
      }
      await new Promise<void>((resolve) => this.timers.setTimeout(resolve, 100));
    }
    if (execution.ledger.isFinal()) this.finishEntry(entry);
  }

  private enqueue(orderId: string): void {
    const entry = this.entries.get(orderId);
    if (!entry || entry.status === 'done') return;
    entry.status = 'queued';
    const take = this.takers.shift();
    if (take) take(orderId);
    else this.ready.push(orderId);
  }

  private removeFromQueue(orderId: string): void {
    const index = this.ready.indexOf(orderId);
    if (index >= 0) this.ready.splice(index, 1);
  }

  private park(orderId: string, entry: Entry, waitMs: number, wakeOnBook: boolean): void {
    if (!this.running) {
      entry.status = 'parked';
      return;
    }
    entry.status = 'parked';
    entry.wakeOnBook = wakeOnBook;
    entry.timer = this.timers.setTimeout(() => this.wake(orderId), Math.max(0, waitMs));
  }

  /** Moves a parked order to the queue now; a running one gets another step right after. */
  private wake(orderId: string): void {
    const entry = this.entries.get(orderId);
    if (!entry || entry.status === 'done' || !this.running) return;
    if (entry.status === 'running') {
      entry.rerun = true;
      return;
    }
    if (entry.status !== 'parked') return;
    entry.timer?.cancel();
    entry.timer = null;
    this.enqueue(orderId);
  }

  private onBook(tokenId: string): void {
    for (const [id, entry] of this.entries) {
      if (
        entry.status === 'parked' &&
        entry.wakeOnBook &&
        entry.execution.spec.tokenId === tokenId
      ) {
        this.wake(id);
      }
    }
  }

  /** A user-stream order event about one of our exchange orders: its matched size, then a re-read. */
  private onUserOrder(event: UserOrderEvent): void {
    const orderId = this.byExchangeId.get(event.orderId);
    if (orderId === undefined) return;
    this.entries.get(orderId)?.execution.onUserOrder(event);
    this.wake(orderId);
  }

  /** Applies fills once each (the ledger dedupes by fillKey), stores them, wakes their orders. */
  private ingestFills(fills: readonly Fill[]): void {
    for (const fill of fills) {
      const orderId = this.byExchangeId.get(fill.orderId);
      if (orderId === undefined) continue;
      const entry = this.entries.get(orderId);
      if (!entry) continue;
      const outcome = entry.execution.ledger.applyFill(fill);
      if (outcome === 'refused') {
        this.options.logger.warn(
          { orderId, exchangeOrderId: fill.orderId, tradeId: fill.tradeId, size: fill.sizeMicros },
          'overfill refused',
        );
      }
      if (outcome === 'applied' || outcome === 'updated') {
        this.writes.fill({
          fillKey: fill.fillKey,
          tradeId: fill.tradeId,
          exchangeOrderId: fill.orderId,
          userOrderId: orderId,
          price: fill.priceMicros,
          size: fill.sizeMicros,
          status: fill.status,
          role: fill.role,
          at: this.now(),
        });
        this.publishOurOrders(fill.tokenId);
        this.wake(orderId);
      }
    }
  }

  private ourOrders(tokenId: string): OurOrder[] {
    const orders: OurOrder[] = [];
    for (const entry of this.entries.values()) {
      if (entry.execution.spec.tokenId !== tokenId) continue;
      for (const eo of entry.execution.ledger.openOrders()) {
        const size = openSizeOf(eo);
        if (size > 0) orders.push({ orderId: eo.id, side: eo.side, price: eo.price, size });
      }
    }
    return orders;
  }

  /** The micro-price of a fresh book of the token, when one is at hand. */
  private liveMicroPrice(tokenId: string): number | null {
    try {
      const snapshot = this.options.market.getSnapshot(tokenId);
      return snapshot && !snapshot.stale ? snapshot.microPrice : null;
    } catch {
      return null;
    }
  }

  /** Buys of every order in the market (fills and open size at their prices), and all open orders. */
  private exposure(conditionId: string): Exposure {
    let filledBuys = 0n;
    let openBuys = 0n;
    let openOrders = 0;
    for (const entry of this.entries.values()) {
      const { ledger, rules, spec } = entry.execution;
      const open = ledger.openOrders();
      openOrders += open.length;
      if (rules.conditionId !== conditionId || spec.side !== 'BUY') continue;
      for (const eo of open) openBuys += BigInt(eo.price) * BigInt(openSizeOf(eo));
      // Shares held back for orders off the book may have been bought already.
      for (const eo of ledger.allExchangeOrders()) {
        openBuys += BigInt(eo.price) * BigInt(heldBackOf(eo));
      }
      for (const { fill } of ledger.fillRecords()) {
        if (fill.status !== 'FAILED') filledBuys += BigInt(fill.price) * BigInt(fill.size);
      }
    }
    const unit = BigInt(MICROS_PER_UNIT);
    return {
      filledBuys: Number(divCeil(filledBuys, unit)),
      openBuys: Number(divCeil(openBuys, unit)),
      openOrders,
    };
  }

  private publishOurOrders(tokenId: string): void {
    try {
      this.options.market.setOurOrders(tokenId, this.ourOrders(tokenId));
    } catch (err) {
      this.options.logger.warn({ tokenId, err }, 'setOurOrders failed');
    }
  }

  /** Stamps an event, keeps it, logs it, pushes it, and queues it and the order for the store. */
  private emit(orderId: string, draft: EventDraft): void {
    const entry = this.entries.get(orderId);
    if (!entry) return;
    const ledgerOrder = entry.execution.order;
    const event: OrderEvent = {
      seq: this.seq++,
      orderId,
      at: this.now(),
      type: draft.type,
      state: ledgerOrder.state,
      reason: draft.reason,
      ...(draft.exchangeOrderId !== undefined && { exchangeOrderId: draft.exchangeOrderId }),
      ...(draft.price !== undefined && { price: draft.price }),
      ...(draft.size !== undefined && { size: draft.size }),
      ...(draft.filled !== undefined && { filled: draft.filled }),
    };
    entry.events.push(event);
    const level = event.type === 'overfill' ? 'error' : 'info';
    this.options.logger[level](
      {
        orderId,
        exchangeOrderId: event.exchangeOrderId,
        event: event.type,
        state: event.state,
        price: event.price,
        size: event.size,
        filled: event.filled,
        seq: event.seq,
      },
      event.reason,
    );
    // The ledger never mutates an exchange-order view nor the list it hands out (it builds new
    // ones), so a shallow copy is a snapshot.
    const snapshot: Order = { ...ledgerOrder };
    this.writes.event(event);
    this.writes.order(snapshot);
    // Only what changed since the last event can differ from what was saved.
    for (const eo of entry.execution.ledger.takeChanged()) {
      const last = this.savedExchangeOrders.get(eo.id);
      if (last && sameStored(last, eo)) continue;
      const stored = storedExchangeOrder(eo, orderId);
      this.savedExchangeOrders.set(eo.id, stored);
      this.writes.exchangeOrder(stored);
    }
    for (const listener of this.listeners) {
      try {
        listener.onOrderEvent?.(event);
        listener.onOrderUpdated?.(snapshot);
      } catch (err) {
        this.options.logger.warn({ err }, 'order listener failed');
      }
    }
  }

  /** Resolves once every write queued so far is done. */
  persist(): Promise<void> {
    return this.writes.settled();
  }

  private require(orderId: string): Entry {
    const entry = this.entries.get(orderId);
    if (!entry) throw new PolydeskError('NOT_FOUND', `no order ${orderId}`);
    return entry;
  }
}

export function rulesOf(market: MarketInfo): MarketRules {
  return {
    conditionId: market.conditionId,
    tickMicros: market.tickMicros,
    minOrderSizeMicros: market.minOrderSizeMicros,
    takerFeeRate: market.fees.ratePpm / 1_000_000,
  };
}

/** A stable 32-bit seed from an order id (for reproducible clip jitter). */
function hashSeed(text: string): number {
  let hash = 2_166_136_261;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16_777_619);
  }
  return hash >>> 0;
}

function storedExchangeOrder(eo: TrackedExchangeOrder, userOrderId: string): StoredExchangeOrder {
  return {
    id: eo.id,
    userOrderId,
    tokenId: eo.tokenId,
    side: eo.side,
    state: eo.state,
    price: eo.price,
    size: eo.size,
    filled: eo.filled,
    pendingFilled: eo.pendingFilled,
    createdAt: eo.createdAt,
    updatedAt: eo.updatedAt,
    ...(eo.reason !== undefined && { reason: eo.reason }),
    reportedMatched: eo.reportedMatched,
    matchedFinal: eo.matchedFinal,
    ...(eo.closedAt !== undefined && { closedAt: eo.closedAt }),
  };
}

function sameStored(a: StoredExchangeOrder, b: TrackedExchangeOrder): boolean {
  return (
    a.state === b.state &&
    a.price === b.price &&
    a.size === b.size &&
    a.filled === b.filled &&
    a.pendingFilled === b.pendingFilled &&
    a.updatedAt === b.updatedAt &&
    a.reason === b.reason &&
    a.reportedMatched === b.reportedMatched &&
    a.matchedFinal === b.matchedFinal &&
    a.closedAt === b.closedAt &&
    a.tokenId === b.tokenId &&
    a.side === b.side &&
    a.createdAt === b.createdAt
  );
}
