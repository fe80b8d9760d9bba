import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';
import { PolydeskError } from '@shared/errors';
import type { StreamState } from '@shared/ipc/contract';
import { MICROS_PER_UNIT, type OrderBook } from '@shared/math/index';
import type {
  BookSnapshot,
  BookStateChange,
  BookSubscription,
  StreamState as BookStreamState,
  Exchange,
  MarketInfo,
  MarketResolvedEvent,
} from '../exchange/exchange-port';
import type { Logger } from '../host/logger';
import { realTimers } from '../daemon/timers';
import type { Timer, Timers } from '../daemon/timers';
import { MarketCatalog } from './market-catalog';
import { MarketDirectory } from './market-directory';
import { StoikovFitter } from './stoikov-fitter';
import type { StoikovFitterOptions } from './stoikov-fitter';
import { TopOfBookCache } from './top-of-book-cache';
import {
  ageMs,
  buildSnapshot,
  resolveTick,
  sameLevels,
  toOrderBook,
  type OurOrder,
} from './snapshot-builder';
import { bookKnownWrong, worstStreamState } from './stream-state';

export type { OurOrder } from './snapshot-builder';

export interface MarketMonitorOptions {
  exchange: Exchange;
  logger: Logger;
  now?: () => number;
  /** Where the staleness sweep and first-book waits are scheduled (default the event loop). */
  timers?: Timers;
  /** Default 5_000: older books are flagged stale; strategies pause. */
  staleAfterMs?: number;
  /** Default 15 levels per side in snapshots. */
  topLevels?: number;
  /** Default 50: bands shown in snapshots. */
  displayThresholdBps?: number;
  /** Default 60_000: how long the exchange's market list is reused before it is paged again. */
  marketListRefreshMs?: number;
  /** Stoikov fits per token (refit cadence, window, fit thresholds); scheduled on `timers`. */
  stoikov?: Omit<StoikovFitterOptions, 'timers'>;
}

export interface MonitoredBook {
  /** Best first on both sides. */
  book: OrderBook;
  tickMicros: number;
  minOrderSizeMicros: number;
  ageMs: number;
  stale: boolean;
}

interface Waiter {
  resolve(snapshot: MarketSnapshot | null): void;
  reject(error: PolydeskError): void;
  timer: Timer;
}

/** One monitored token. */
interface Watch {
  readonly tokenId: string;
  refs: number;
  subscription: BookSubscription | undefined;
  state: BookStreamState;
  /** The port's latest book. */
  book: BookSnapshot | undefined;
  /** Built from `book` on demand; undefined after each change until someone needs it. */
  snapshot: MarketSnapshot | undefined;
  orderBook: OrderBook | undefined;
  /** The stale flag last announced: a change of it is announced again. */
  staleShown: boolean;
  /** Start of the last REST check that found `book` unchanged (0 when none since it arrived). */
  verifiedAtMs: number;
  lastCheckAtMs: number;
  checking: boolean;
  waiters: Set<Waiter>;
}

const DEFAULT_STALE_AFTER_MS = 5_000;
const DEFAULT_TOP_LEVELS = 15;
const DEFAULT_DISPLAY_THRESHOLD_BPS = 50;
/**
 * REST checks of quiet books in flight at once, over all tokens. Checks start only on a sweep
 * (once a second with the default staleness limit), so this also bounds them to about 16/s —
 * well inside the exchange's 150/s for GET /book beside the adapter's own stall checks.
 */
const MAX_QUIET_CHECKS = 16;

/**
 * Books of the monitored tokens, from the Exchange port's subscriptions (stream first; the
 * adapter resyncs from REST and polls while the stream is down, and reports its state per
 * token), turned into the plan's MarketSnapshot.
 *
 * Staleness: a book's age runs from the last time it was known current (a snapshot, a delta, or
 * a REST check that matched). A book is stale when that age exceeds `staleAfterMs`, or while the
 * port reports it stalled or resyncing (the held book is then known to differ). The last book is
 * kept and served, flagged stale, until a fresh one arrives.
 *
 * Quiet books: a quiet market sends nothing, and silence is no proof of a frozen stream
 * (lessons §2.1), nor of a current book. The adapter compares books with REST only on its slow
 * stall timer, so once a book on a live stream is half the staleness limit old, the monitor
 * checks it against REST itself (a few at a time) and counts it current from the check's start
 * when the levels match. A book that differs is left to age: the stream or the adapter's
 * resync will replace it.
 *
 * Stoikov: every change of a token's top of book goes to its StoikovFitter, which refits on
 * the monitor's timers; snapshots carry the current fit's figure and model (`stoikov`).
 *
 * Cost per book event: one map lookup, the top of book compared and kept for the Stoikov fit,
 * and — when someone listens — one snapshot of the top levels (O(topLevels)). The full book is
 * converted for `getBook` only when asked. Staleness is swept on one timer for all tokens, so
 * no per-token timers are touched on the hot path.
 */
export class MarketMonitor {
  private readonly exchange: Exchange;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly staleAfterMs: number;
  private readonly topLevels: number;
  private readonly thresholdBps: number;
  private readonly catalog: MarketCatalog;
  private readonly topOfBook: TopOfBookCache;
  private readonly directory: MarketDirectory;
  private readonly stoikov: StoikovFitter;
  private readonly watches = new Map<string, Watch>();
  private readonly ourOrders = new Map<string, readonly OurOrder[]>();
  private readonly listeners = new Set<(snapshot: MarketSnapshot) => void>();
  private readonly failedListeners = new WeakSet<(snapshot: MarketSnapshot) => void>();
  private readonly resolvedListeners = new Set<(event: MarketResolvedEvent) => void>();
  /** Markets the exchange announced resolved, by condition id (the first announcement). */
  private readonly resolutions = new Map<string, MarketResolvedEvent>();
  private sweepTimer: Timer | undefined;
  private quietChecks = 0;
  private closed = false;

  constructor(options: MarketMonitorOptions) {
    this.exchange = options.exchange;
    this.log = options.logger;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
    this.staleAfterMs = positiveInt(options.staleAfterMs, DEFAULT_STALE_AFTER_MS, 'staleAfterMs');
    this.topLevels = positiveInt(options.topLevels, DEFAULT_TOP_LEVELS, 'topLevels');
    this.thresholdBps = nonNegativeInt(
      options.displayThresholdBps,
      DEFAULT_DISPLAY_THRESHOLD_BPS,
      'displayThresholdBps',
    );
    this.catalog = new MarketCatalog(this.exchange);
    this.topOfBook = new TopOfBookCache(this.exchange, this.now);
    this.directory = new MarketDirectory(
      () => this.exchange.listMarkets(),
      this.log,
      this.now,
      options.marketListRefreshMs,
    );
    this.stoikov = new StoikovFitter({
      ...options.stoikov,
      timers: this.timers,
      onRefit: (tokenId) => {
        // The next snapshot shows the new fit; nobody is woken for it (the book is the same).
        const watch = this.watches.get(tokenId);
        if (watch) watch.snapshot = undefined;
      },
    });
  }

  /** Ref-counted: each start needs a stop. Resolves with the first snapshot (or null if none yet). */
  startMonitoring(tokenId: string): Promise<MarketSnapshot | null> {
    if (this.closed) {
      return Promise.reject(new PolydeskError('SHUTTING_DOWN', 'the market monitor is stopped'));
    }
    if (typeof tokenId !== 'string' || tokenId === '') {
      return Promise.reject(new PolydeskError('BAD_REQUEST', 'a token id is required'));
    }
    let watch = this.watches.get(tokenId);
    if (!watch) {
      try {
        watch = this.openWatch(tokenId);
      } catch (err) {
        return Promise.reject(PolydeskError.from(err));
      }
    }
    watch.refs += 1;
    const current = this.currentSnapshot(watch);
    if (current) return Promise.resolve(current);
    const pending = watch;
    // No book yet: wait for the first one, at most as long as a book may be old.
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: this.timers.setTimeout(() => {
          pending.waiters.delete(waiter);
          resolve(null);
        }, this.staleAfterMs),
      };
      waiter.timer.unref();
      pending.waiters.add(waiter);
    });
  }

  stopMonitoring(tokenId: string): void {
    const watch = this.watches.get(tokenId);
    if (!watch) return;
    watch.refs -= 1;
    if (watch.refs > 0) return;
    this.closeWatch(watch, null);
    this.log.info({ tokenId }, 'monitoring stopped');
  }

  /** Current snapshot with age computed now and `stale` set; undefined if not monitored / no book. */
  getSnapshot(tokenId: string): MarketSnapshot | undefined {
    const watch = this.watches.get(tokenId);
    return watch ? this.currentSnapshot(watch) : undefined;
  }

  /** The raw normalized book (best first) for strategies that walk it; undefined if none. */
  getBook(tokenId: string): MonitoredBook | undefined {
    const watch = this.watches.get(tokenId);
    const book = watch?.book;
    if (!watch || !book) return undefined;
    const info = this.catalog.cached(tokenId);
    const tickMicros = resolveTick(book, info?.tickMicros);
    const minOrderSizeMicros = book.minOrderSizeMicros ?? info?.minOrderSizeMicros;
    // Without the tick or the minimum size nobody can quote safely: no usable book.
    if (tickMicros === undefined || minOrderSizeMicros === undefined) return undefined;
    watch.orderBook ??= toOrderBook(book);
    const nowMs = this.now();
    return {
      book: watch.orderBook,
      tickMicros,
      minOrderSizeMicros,
      ageMs: ageMs(this.confirmedAt(watch, book), nowMs),
      stale: this.isStale(watch, book, nowMs),
    };
  }

  /** The daemon tells the monitor which of our orders rest on a token (shown in snapshots). */
  setOurOrders(tokenId: string, orders: readonly OurOrder[]): void {
    const copy = orders.map((order) => ({
      orderId: order.orderId,
      side: order.side,
      price: order.price,
      size: order.size,
    }));
    if (copy.length === 0) this.ourOrders.delete(tokenId);
    else this.ourOrders.set(tokenId, copy);
    const watch = this.watches.get(tokenId);
    if (watch?.book) this.refresh(watch);
  }

  onSnapshot(listener: (snapshot: MarketSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Markets announced resolved on a monitored token's stream, once per market (the exchange has
   * cancelled their open orders; positions are redeemable).
   */
  onMarketResolved(listener: (event: MarketResolvedEvent) => void): () => void {
    this.resolvedListeners.add(listener);
    return () => {
      this.resolvedListeners.delete(listener);
    };
  }

  /** Every market announced resolved since the monitor started. */
  resolvedMarkets(): MarketResolvedEvent[] {
    return [...this.resolutions.values()];
  }

  /** Cached; PolydeskError NOT_FOUND for unknown tokens. */
  marketInfo(tokenId: string): Promise<MarketInfo> {
    return this.catalog.marketInfo(tokenId);
  }

  /** The exchange's markets, with top of book of the YES (first) token when it is monitored. */
  async listMarkets(): Promise<MarketListItem[]> {
    const markets = await this.directory.list();
    const unwatched = markets
      .map((market) => market.tokens[0]?.tokenId)
      .filter((id): id is string => id !== undefined && !this.watches.get(id)?.book);
    const tops = await this.topOfBook.lookup(unwatched);
    return markets.map((market) => {
      for (const token of market.tokens)
        this.catalog.rememberToken(token.tokenId, market.conditionId);
      const first = market.tokens[0];
      const book = first ? this.watches.get(first.tokenId)?.book : undefined;
      const last = book?.lastTradePriceMicros;
      const top = first && !book ? tops.get(first.tokenId) : undefined;
      return {
        conditionId: market.conditionId,
        question: market.question,
        slug: market.slug,
        tokens: market.tokens.map((token) => ({ tokenId: token.tokenId, outcome: token.outcome })),
        tickMicros: market.tickMicros,
        minOrderSizeMicros: market.minOrderSizeMicros,
        negRisk: market.negRisk,
        bestBid: book?.bids[0]?.price ?? top?.bestBid ?? null,
        bestAsk: book?.asks[0]?.price ?? top?.bestAsk ?? null,
        lastPrice:
          last !== undefined && last > 0 && last < MICROS_PER_UNIT
            ? last
            : (top?.lastPrice ?? null),
      };
    });
  }

  monitored(): string[] {
    return [...this.watches.keys()];
  }

  /** Worst state over monitored tokens, 'idle' when none. */
  streamState(): StreamState {
    const states: BookStreamState[] = [];
    for (const watch of this.watches.values()) states.push(watch.state);
    return worstStreamState(states);
  }

  /** Age of the oldest monitored book, ms; null when no monitored token has a book. */
  oldestBookAgeMs(): number | null {
    const nowMs = this.now();
    let oldest: number | null = null;
    for (const watch of this.watches.values()) {
      if (!watch.book) continue;
      const age = ageMs(this.confirmedAt(watch, watch.book), nowMs);
      if (oldest === null || age > oldest) oldest = age;
    }
    return oldest;
  }

  stop(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    const count = this.watches.size;
    for (const watch of [...this.watches.values()]) this.closeWatch(watch, null);
    this.listeners.clear();
    this.resolvedListeners.clear();
    this.stopSweep();
    this.stoikov.stop();
    this.log.info({ tokens: count }, 'market monitor stopped');
    return Promise.resolve();
  }

  // ── subscriptions ──────────────────────────────────────────────────────────

  private openWatch(tokenId: string): Watch {
    const watch: Watch = {
      tokenId,
      refs: 0,
      subscription: undefined,
      state: 'connecting',
      book: undefined,
      snapshot: undefined,
      orderBook: undefined,
      staleShown: false,
      verifiedAtMs: 0,
      lastCheckAtMs: 0,
      checking: false,
      waiters: new Set(),
    };
    this.watches.set(tokenId, watch);
    try {
      // The port may hand the current book synchronously, from inside subscribeBook.
      watch.subscription = this.exchange.subscribeBook(tokenId, {
        onBook: (book) => this.onBook(watch, book),
        onState: (change) => this.onState(watch, change),
        onMarketResolved: (event) => this.announceResolved(event),
      });
    } catch (err) {
      this.watches.delete(tokenId);
      throw err;
    }
    watch.state = watch.subscription.state();
    this.ensureSweep();
    this.log.info({ tokenId, state: watch.state }, 'monitoring started');
    void this.catalog.marketInfo(tokenId).then(
      () => {
        // The market's tick lets a book that carries none be shown.
        if (this.watches.get(tokenId) === watch && watch.book && !watch.snapshot) {
          this.refresh(watch);
        }
      },
      (err: unknown) => this.onInfoFailed(watch, PolydeskError.from(err)),
    );
    return watch;
  }

  private onInfoFailed(watch: Watch, error: PolydeskError): void {
    if (this.watches.get(watch.tokenId) !== watch) return;
    if (error.code === 'NOT_FOUND' && !watch.book) {
      this.log.warn({ tokenId: watch.tokenId }, 'unknown token: monitoring dropped');
      this.closeWatch(watch, error);
      return;
    }
    this.log.warn({ tokenId: watch.tokenId, err: error.message }, 'market info unavailable');
  }

  private closeWatch(watch: Watch, error: PolydeskError | null): void {
    this.watches.delete(watch.tokenId);
    watch.refs = 0;
    watch.subscription?.unsubscribe();
    for (const waiter of watch.waiters) {
      waiter.timer.cancel();
      if (error) waiter.reject(error);
      else waiter.resolve(null);
    }
    watch.waiters.clear();
    this.stoikov.forget(watch.tokenId);
    if (this.watches.size === 0) this.stopSweep();
  }

  // ── port events ────────────────────────────────────────────────────────────

  private onBook(watch: Watch, book: BookSnapshot): void {
    if (this.watches.get(watch.tokenId) !== watch) return;
    const previous = watch.book;
    if (previous && previous.epoch !== book.epoch) {
      this.catalog.forget(book.conditionId || previous.conditionId);
    }
    if (book.conditionId && previous?.conditionId !== book.conditionId) {
      this.catalog.rememberToken(watch.tokenId, book.conditionId);
    }
    watch.book = book;
    watch.snapshot = undefined;
    watch.orderBook = undefined;
    watch.verifiedAtMs = 0;
    this.observeTop(watch, book);
    if (this.listeners.size > 0 || watch.waiters.size > 0) this.refresh(watch);
  }

  /** Hands the book's top to the Stoikov fitter (on the tick the snapshot will use). */
  private observeTop(watch: Watch, book: BookSnapshot): void {
    const bid = book.bids[0];
    const ask = book.asks[0];
    if (!bid || !ask) return;
    const tickMicros = resolveTick(book, this.catalog.cached(watch.tokenId)?.tickMicros);
    if (tickMicros === undefined) return;
    this.stoikov.observe(watch.tokenId, {
      bidPriceMicros: bid.price,
      bidSizeMicros: bid.size,
      askPriceMicros: ask.price,
      askSizeMicros: ask.size,
      tickMicros,
    });
  }

  private announceResolved(event: MarketResolvedEvent): void {
    if (this.resolutions.has(event.conditionId)) return;
    this.resolutions.set(event.conditionId, event);
    this.log.info(
      { conditionId: event.conditionId, winner: event.winningOutcome },
      'market resolved: passed on',
    );
    for (const listener of this.resolvedListeners) {
      try {
        listener(event);
      } catch (err) {
        this.log.warn({ err: PolydeskError.from(err).message }, 'resolution listener failed');
      }
    }
  }

  private onState(watch: Watch, change: BookStateChange): void {
    if (this.watches.get(watch.tokenId) !== watch || watch.state === change.state) return;
    watch.state = change.state;
    if (watch.book && this.isStale(watch, watch.book, this.now()) !== watch.staleShown) {
      this.refresh(watch);
    }
  }

  // ── snapshots ──────────────────────────────────────────────────────────────

  /** Rebuilds the token's snapshot from its book and announces it. */
  private refresh(watch: Watch): void {
    const snapshot = this.build(watch, this.now());
    if (!snapshot) return;
    if (snapshot.stale !== watch.staleShown) {
      watch.staleShown = snapshot.stale;
      this.log.debug(
        { tokenId: watch.tokenId, state: watch.state },
        snapshot.stale ? 'book stale' : 'book fresh',
      );
    }
    for (const waiter of watch.waiters) {
      waiter.timer.cancel();
      waiter.resolve(snapshot);
    }
    watch.waiters.clear();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (err) {
        if (!this.failedListeners.has(listener)) {
          this.failedListeners.add(listener);
          this.log.warn({ err: PolydeskError.from(err).message }, 'snapshot listener failed');
        }
      }
    }
  }

  private build(watch: Watch, nowMs: number): MarketSnapshot | undefined {
    const book = watch.book;
    if (!book) return undefined;
    const info = this.catalog.cached(watch.tokenId);
    const tickMicros = resolveTick(book, info?.tickMicros);
    if (tickMicros === undefined) return undefined;
    watch.snapshot = buildSnapshot(book, {
      tickMicros,
      conditionId: info?.conditionId ?? '',
      topLevels: this.topLevels,
      thresholdBps: this.thresholdBps,
      ourOrders: this.ourOrders.get(watch.tokenId) ?? [],
      confirmedAtMs: this.confirmedAt(watch, book),
      nowMs,
      stale: this.isStale(watch, book, nowMs),
      stoikov: this.stoikov.current(watch.tokenId),
    });
    return watch.snapshot;
  }

  private currentSnapshot(watch: Watch): MarketSnapshot | undefined {
    const book = watch.book;
    if (!book) return undefined;
    const nowMs = this.now();
    const built = watch.snapshot ?? this.build(watch, nowMs);
    if (!built) return undefined;
    const confirmedAtMs = this.confirmedAt(watch, book);
    return {
      ...built,
      timestamp: Math.trunc(confirmedAtMs),
      ageMs: ageMs(confirmedAtMs, nowMs),
      stale: this.isStale(watch, book, nowMs),
    };
  }

  private confirmedAt(watch: Watch, book: BookSnapshot): number {
    return Math.max(book.confirmedAtMs, watch.verifiedAtMs);
  }

  private isStale(watch: Watch, book: BookSnapshot, nowMs: number): boolean {
    return (
      ageMs(this.confirmedAt(watch, book), nowMs) > this.staleAfterMs || bookKnownWrong(watch.state)
    );
  }

  // ── staleness sweep ────────────────────────────────────────────────────────

  private ensureSweep(): void {
    if (this.sweepTimer || this.closed) return;
    const every = Math.min(1_000, Math.max(50, Math.floor(this.staleAfterMs / 4)));
    this.sweepTimer = this.timers.setInterval(() => this.sweep(), every);
    this.sweepTimer.unref();
  }

  private stopSweep(): void {
    this.sweepTimer?.cancel();
    this.sweepTimer = undefined;
  }

  /**
   * Announces books that turned stale and stale books confirmed since; checks quiet books of
   * live streams against REST before they turn stale.
   */
  private sweep(): void {
    const nowMs = this.now();
    for (const watch of this.watches.values()) {
      let book = watch.book;
      if (!book) continue;
      let age = ageMs(this.confirmedAt(watch, book), nowMs);
      if (age > this.staleAfterMs) {
        // The port confirms unchanged books (its own REST check matched) without an event.
        const current = watch.subscription?.current();
        if (current && current.confirmedAtMs > book.confirmedAtMs) {
          this.onBook(watch, current);
          book = current;
          age = ageMs(this.confirmedAt(watch, book), nowMs);
        }
      }
      if (age > this.staleAfterMs / 2) this.checkQuietBook(watch, book, nowMs);
      if (this.isStale(watch, book, nowMs) !== watch.staleShown) this.refresh(watch);
    }
  }

  private checkQuietBook(watch: Watch, book: BookSnapshot, nowMs: number): void {
    if (
      watch.state !== 'live' ||
      watch.checking ||
      this.quietChecks >= MAX_QUIET_CHECKS ||
      nowMs - watch.lastCheckAtMs < this.staleAfterMs / 2
    ) {
      return;
    }
    watch.checking = true;
    watch.lastCheckAtMs = nowMs;
    this.quietChecks += 1;
    void this.exchange
      .getBook(watch.tokenId)
      .then(
        (rest) => {
          if (this.watches.get(watch.tokenId) !== watch || watch.book !== book) return;
          if (!sameLevels(rest, book)) return;
          watch.verifiedAtMs = Math.max(watch.verifiedAtMs, nowMs);
          if (this.isStale(watch, book, this.now()) !== watch.staleShown) this.refresh(watch);
        },
        (err: unknown) => {
          this.log.debug(
            { tokenId: watch.tokenId, err: PolydeskError.from(err).message },
            'quiet book check failed',
          );
        },
      )
      .finally(() => {
        watch.checking = false;
        this.quietChecks -= 1;
      });
  }
}

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new PolydeskError('BAD_REQUEST', `${name} must be a positive integer`);
  }
  return value;
}

function nonNegativeInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PolydeskError('BAD_REQUEST', `${name} must be a non-negative integer`);
  }
  return value;
}
