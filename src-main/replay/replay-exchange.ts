import { PolydeskError } from '@shared/errors';
import { divCeil, divFloor, MICROS_PER_UNIT } from '@shared/math/decimal';
import type { OrderBook } from '@shared/math/order-book';
import type {
  Balance,
  BookListener,
  BookSnapshot,
  BookSubscription,
  CancelResult,
  ConnectionState,
  Exchange,
  ExchangeOrder,
  Fill,
  MarketInfo,
  MarketSummary,
  OrderRequest,
  PlaceResult,
  PreparedOrder,
  Side,
  TradeFilter,
  UserEventListener,
  UserOrderEvent,
} from '../exchange/exchange-port';
import { BookReplay } from '../recording/book-replay';
import type { BookRecord } from '../recording/recording-format';
import { QueueSimulator } from './queue-simulator';
import type { SimulatedFill } from './queue-simulator';
import type { VirtualClock } from './virtual-clock';

export interface ReplayExchangeOptions {
  clock: VirtualClock;
  markets: MarketInfo[];
  /** Collateral at the start, micro-USDC. */
  collateralMicros: number;
  /** Shares of every token held at the start (sells need them), micro-shares. */
  sharesMicros: number;
  /** Prefix of the order and trade ids this exchange makes up. */
  idPrefix: string;
}

/** A fill with the recorded time it happened at. */
export interface TimedFill extends Fill {
  atMs: number;
}

interface SimOrder {
  request: OrderRequest;
  conditionId: string;
  status: 'LIVE' | 'MATCHED' | 'CANCELED';
  matchedMicros: number;
  createdAtSec: number;
  tradeIds: string[];
}

interface TokenBook {
  /** The last record of the token: its metadata and receive time. */
  meta: BookRecord | undefined;
  simulator: QueueSimulator;
  listeners: Set<BookListener>;
}

const EMPTY_BOOK: OrderBook = { bids: [], asks: [] };

function usdcOf(priceMicros: number, sizeMicros: number, round: 'up' | 'down'): number {
  const product = BigInt(priceMicros) * BigInt(sizeMicros);
  const unit = BigInt(MICROS_PER_UNIT);
  return Number(round === 'up' ? divCeil(product, unit) : divFloor(product, unit));
}

/**
 * The Exchange port over a recording: books come from the recorded snapshots and deltas (as the
 * monitor saw them) in recorded time, and our orders are matched by the QueueSimulator against
 * them — they never change the recorded books. Trades are CONFIRMED at once; user-stream events
 * arrive right after the call or book that caused them (a zero-delay timer on the clock).
 * Nothing fails, so no retry or reconciliation path is taken that the live exchange would not.
 */
export class ReplayExchange implements Exchange {
  readonly readOnly = false;
  readonly signerAddress = '0x0000000000000000000000000000000000000001';
  readonly makerAddress = '0x0000000000000000000000000000000000000001';

  private readonly replay = new BookReplay();
  private readonly books = new Map<string, TokenBook>();
  private readonly marketOfToken = new Map<string, MarketInfo>();
  private readonly orders = new Map<string, SimOrder>();
  private readonly trades: TimedFill[] = [];
  private readonly userListeners = new Set<UserEventListener>();
  private readonly shares = new Map<string, number>();
  private collateralMicros: number;
  private orderCount = 0;
  private tradeCount = 0;
  /** Book records applied, and those handed to a subscriber. */
  private applied = 0;
  private delivered = 0;

  constructor(private readonly options: ReplayExchangeOptions) {
    this.collateralMicros = options.collateralMicros;
    for (const market of options.markets) {
      for (const token of market.tokens) this.marketOfToken.set(token.tokenId, market);
    }
  }

  /** Every fill so far, in the order they happened. */
  fills(): readonly TimedFill[] {
    return this.trades;
  }

  get bookCounts(): { applied: number; delivered: number } {
    return { applied: this.applied, delivered: this.delivered };
  }

  /**
   * The next recorded book: updates the book, matches our resting orders on it and hands it to
   * the token's subscribers. True when anything downstream may have to react.
   */
  applyBook(record: BookRecord): boolean {
    this.applied += 1;
    let token = this.books.get(record.tokenId);
    if (!token) {
      token = { meta: undefined, simulator: new QueueSimulator(), listeners: new Set() };
      this.books.set(record.tokenId, token);
    }
    const lastBefore = token.meta?.lastTradePriceMicros ?? null;
    token.meta = record;
    const matching = token.simulator.resting.length > 0;
    const previous = matching ? (this.replay.book(record.tokenId) ?? EMPTY_BOOK) : EMPTY_BOOK;
    this.replay.apply(record);
    let filled = false;
    if (matching) {
      const next = this.replay.book(record.tokenId) ?? EMPTY_BOOK;
      const fills = token.simulator.onBook(previous, next, {
        lastTradeMicros: record.lastTradePriceMicros,
        changed: record.lastTradePriceMicros !== lastBefore,
      });
      for (const fill of fills) this.recordFill(fill, record.tokenId);
      filled = fills.length > 0;
    }
    if (token.listeners.size === 0) return filled;
    this.delivered += 1;
    const snapshot = this.snapshotOf(record.tokenId);
    if (snapshot) for (const listener of [...token.listeners]) listener.onBook(snapshot);
    return true;
  }

  // ── markets and books ─────────────────────────────────────────────────────

  listMarkets(): Promise<MarketSummary[]> {
    return Promise.resolve(this.options.markets);
  }

  getMarket(conditionId: string): Promise<MarketInfo> {
    const market = this.options.markets.find((m) => m.conditionId === conditionId);
    return market
      ? Promise.resolve(market)
      : Promise.reject(new PolydeskError('NOT_FOUND', `no market ${conditionId} in the recording`));
  }

  getBook(tokenId: string): Promise<BookSnapshot> {
    const snapshot = this.snapshotOf(tokenId);
    if (!snapshot) {
      return Promise.reject(new PolydeskError('NOT_FOUND', `no book of ${tokenId} recorded yet`));
    }
    // A REST read confirms the book now: in the recording it is current until the next change.
    return Promise.resolve({ ...snapshot, confirmedAtMs: this.now(), ageMs: 0, source: 'rest' });
  }

  subscribeBook(tokenId: string, listener: BookListener): BookSubscription {
    if (!this.marketOfToken.has(tokenId)) {
      throw new PolydeskError('NOT_FOUND', `token ${tokenId} is not in the recording`);
    }
    let token = this.books.get(tokenId);
    if (!token) {
      token = { meta: undefined, simulator: new QueueSimulator(), listeners: new Set() };
      this.books.set(tokenId, token);
    }
    const entry = token;
    entry.listeners.add(listener);
    const current = this.snapshotOf(tokenId);
    if (current) listener.onBook(current);
    return {
      tokenId,
      current: () => this.snapshotOf(tokenId),
      state: () => 'live',
      unsubscribe: () => {
        entry.listeners.delete(listener);
      },
    };
  }

  // ── orders ────────────────────────────────────────────────────────────────

  prepareOrder(request: OrderRequest): Promise<PreparedOrder> {
    const market = this.marketOfToken.get(request.tokenId);
    if (!market) {
      return Promise.reject(
        new PolydeskError('NOT_FOUND', `token ${request.tokenId} is not in the recording`),
      );
    }
    const { tickMicros } = market;
    if (
      request.priceMicros % tickMicros !== 0 ||
      request.priceMicros < tickMicros ||
      request.priceMicros > MICROS_PER_UNIT - tickMicros ||
      request.sizeMicros <= 0 ||
      request.sizeMicros % 10_000 !== 0
    ) {
      return Promise.reject(
        new PolydeskError('BAD_REQUEST', 'price off the tick grid or size off the 0.01 grid'),
      );
    }
    this.orderCount += 1;
    const usdc = usdcOf(request.priceMicros, request.sizeMicros, 'up');
    return Promise.resolve({
      orderId: `0x${this.options.idPrefix}${this.orderCount.toString(16).padStart(8, '0')}`,
      request: { ...request },
      conditionId: market.conditionId,
      tickSize: market.tickSize,
      negRisk: market.negRisk,
      makerAmountMicros: request.side === 'BUY' ? usdc : request.sizeMicros,
      takerAmountMicros: request.side === 'BUY' ? request.sizeMicros : usdc,
      preparedAtMs: this.now(),
    });
  }

  submitPrepared(order: PreparedOrder): Promise<PlaceResult> {
    const { request, orderId } = order;
    const rejected = (message: string): Promise<PlaceResult> =>
      Promise.resolve({ kind: 'rejected', orderId, message, httpStatus: 400 });
    if (this.orders.has(orderId)) return rejected('duplicate order');
    const token = this.books.get(request.tokenId);
    const book = this.replay.book(request.tokenId);
    if (!token || !book) return rejected(`no book of ${request.tokenId} recorded yet`);
    const shortfall = this.balanceShortfall(request);
    if (shortfall) return rejected(shortfall);
    const outcome = token.simulator.place(
      {
        id: orderId,
        side: request.side,
        priceMicros: request.priceMicros,
        sizeMicros: request.sizeMicros,
        timeInForce: request.timeInForce,
        postOnly: request.postOnly === true,
      },
      book,
    );
    if (outcome.kind === 'rejected') return rejected(outcome.message);
    const sim: SimOrder = {
      request: { ...request },
      conditionId: this.marketOfToken.get(request.tokenId)?.conditionId ?? '',
      status: outcome.resting ? 'LIVE' : 'MATCHED',
      matchedMicros: 0,
      createdAtSec: Math.floor(this.now() / 1000),
      tradeIds: [],
    };
    this.orders.set(orderId, sim);
    const tradeIds: string[] = [];
    let usdcMicros = 0;
    for (const fill of outcome.fills) {
      const recorded = this.recordFill(fill, request.tokenId);
      tradeIds.push(recorded.tradeId);
      usdcMicros += usdcOf(fill.priceMicros, fill.sizeMicros, 'down');
    }
    if (!outcome.resting && sim.matchedMicros < request.sizeMicros) sim.status = 'CANCELED';
    if (outcome.resting) this.pushOrder(orderId, 'PLACEMENT');
    return Promise.resolve({
      kind: 'accepted',
      orderId,
      status: outcome.resting ? 'live' : sim.matchedMicros > 0 ? 'matched' : 'unmatched',
      immediateFill: { sizeMicros: sim.matchedMicros, usdcMicros },
      tradeIds,
      transactionHashes: [],
    });
  }

  cancelOrder(orderId: string): Promise<CancelResult> {
    return Promise.resolve(this.cancelNow([orderId]));
  }

  cancelOrders(orderIds: string[]): Promise<CancelResult> {
    return Promise.resolve(this.cancelNow(orderIds));
  }

  cancelAll(): Promise<CancelResult> {
    return Promise.resolve(this.cancelNow(this.liveIds()));
  }

  cancelMarket(filter: { conditionId?: string; tokenId?: string }): Promise<CancelResult> {
    return Promise.resolve(this.cancelNow(this.liveIds(filter)));
  }

  getOrder(orderId: string): Promise<ExchangeOrder | null> {
    const order = this.orders.get(orderId);
    return Promise.resolve(order ? this.view(orderId, order) : null);
  }

  getOpenOrders(filter: { conditionId?: string; tokenId?: string } = {}): Promise<ExchangeOrder[]> {
    return Promise.resolve(
      this.liveIds(filter).map((id) => this.view(id, this.orders.get(id) as SimOrder)),
    );
  }

  getFills(filter: TradeFilter = {}): Promise<Fill[]> {
    return Promise.resolve(
      this.trades
        .filter(
          (fill) =>
            (filter.tradeId === undefined || fill.tradeId === filter.tradeId) &&
            (filter.conditionId === undefined || fill.conditionId === filter.conditionId) &&
            (filter.tokenId === undefined || fill.tokenId === filter.tokenId) &&
            (filter.afterSec === undefined || fill.matchTimeSec >= filter.afterSec) &&
            (filter.beforeSec === undefined || fill.matchTimeSec <= filter.beforeSec),
        )
        .map(({ atMs: _atMs, ...fill }) => fill),
    );
  }

  getCollateralBalance(): Promise<Balance> {
    return Promise.resolve({ balanceMicros: this.collateralMicros, allowances: {} });
  }

  getConditionalBalance(tokenId: string): Promise<Balance> {
    return Promise.resolve({ balanceMicros: this.sharesOf(tokenId), allowances: {} });
  }

  refreshBalance(): Promise<void> {
    return Promise.resolve();
  }

  startHeartbeat(): void {}

  stopHeartbeat(): void {}

  subscribeUserEvents(listener: UserEventListener): () => void {
    this.userListeners.add(listener);
    return () => {
      this.userListeners.delete(listener);
    };
  }

  connectionState(): ConnectionState {
    return { rest: 'ok', marketStream: 'live', userStream: 'live', heartbeat: 'off' };
  }

  onConnectionState(): () => void {
    return () => undefined;
  }

  close(): Promise<void> {
    this.userListeners.clear();
    for (const token of this.books.values()) token.listeners.clear();
    return Promise.resolve();
  }

  // ── internals ─────────────────────────────────────────────────────────────

  private now(): number {
    return this.options.clock.now();
  }

  private sharesOf(tokenId: string): number {
    return this.shares.get(tokenId) ?? this.options.sharesMicros;
  }

  /** Why the wallet cannot back this order beside our other open ones; null when it can. */
  private balanceShortfall(request: OrderRequest): string | null {
    let committed = 0;
    for (const order of this.orders.values()) {
      if (order.status !== 'LIVE' || order.request.side !== request.side) continue;
      if (request.side === 'SELL' && order.request.tokenId !== request.tokenId) continue;
      const open = order.request.sizeMicros - order.matchedMicros;
      committed += request.side === 'BUY' ? usdcOf(order.request.priceMicros, open, 'up') : open;
    }
    if (request.side === 'BUY') {
      const needed = usdcOf(request.priceMicros, request.sizeMicros, 'up');
      return committed + needed > this.collateralMicros ? 'not enough balance / allowance' : null;
    }
    return committed + request.sizeMicros > this.sharesOf(request.tokenId)
      ? 'not enough balance / allowance'
      : null;
  }

  private recordFill(fill: SimulatedFill, tokenId: string): TimedFill {
    const order = this.orders.get(fill.orderId);
    const market = this.marketOfToken.get(tokenId);
    const side: Side = order?.request.side ?? 'BUY';
    const tradeId = `${this.options.idPrefix}-t${++this.tradeCount}`;
    const nowSec = Math.floor(this.now() / 1000);
    const feeRateBps = fill.role === 'TAKER' ? Math.round((market?.fees.ratePpm ?? 0) / 100) : 0;
    const timed: TimedFill = {
      fillKey: `${tradeId}:${fill.orderId}`,
      tradeId,
      orderId: fill.orderId,
      role: fill.role,
      conditionId: market?.conditionId ?? '',
      tokenId,
      side,
      priceMicros: fill.priceMicros,
      sizeMicros: fill.sizeMicros,
      status: 'CONFIRMED',
      rawStatus: 'CONFIRMED',
      final: true,
      matchTimeSec: nowSec,
      lastUpdateSec: nowSec,
      feeRateBps,
      transactionHash: undefined,
      bucketIndex: 0,
      outcome: market?.tokens.find((token) => token.tokenId === tokenId)?.outcome ?? '',
      atMs: this.now(),
    };
    this.trades.push(timed);
    const usdc = usdcOf(fill.priceMicros, fill.sizeMicros, side === 'BUY' ? 'up' : 'down');
    this.collateralMicros += side === 'BUY' ? -usdc : usdc;
    this.shares.set(
      tokenId,
      this.sharesOf(tokenId) + (side === 'BUY' ? fill.sizeMicros : -fill.sizeMicros),
    );
    if (order) {
      order.matchedMicros += fill.sizeMicros;
      order.tradeIds.push(tradeId);
      if (order.matchedMicros >= order.request.sizeMicros) order.status = 'MATCHED';
      const { atMs: _atMs, ...pushed } = timed;
      this.later((listener) => listener.onFills?.([pushed]));
      // Fills at placement are told by the placement's reply; resting fills by an UPDATE.
      if (this.orders.has(fill.orderId) && fill.role === 'MAKER')
        this.pushOrder(fill.orderId, 'UPDATE');
    }
    return timed;
  }

  private cancelNow(orderIds: string[]): CancelResult {
    const result: CancelResult = { canceled: [], notCanceled: {} };
    for (const id of orderIds) {
      const order = this.orders.get(id);
      if (!order || order.status !== 'LIVE') {
        result.notCanceled[id] =
          order?.status === 'MATCHED' ? 'order already matched' : 'order not found';
        continue;
      }
      order.status = 'CANCELED';
      this.books.get(order.request.tokenId)?.simulator.cancel(id);
      result.canceled.push(id);
      this.pushOrder(id, 'CANCELLATION');
    }
    return result;
  }

  private liveIds(filter: { conditionId?: string; tokenId?: string } = {}): string[] {
    return [...this.orders.entries()]
      .filter(
        ([, order]) =>
          order.status === 'LIVE' &&
          (filter.tokenId === undefined || order.request.tokenId === filter.tokenId) &&
          (filter.conditionId === undefined || order.conditionId === filter.conditionId),
      )
      .map(([id]) => id);
  }

  private view(orderId: string, order: SimOrder): ExchangeOrder {
    return {
      orderId,
      status: order.status,
      rawStatus: `ORDER_STATUS_${order.status}`,
      conditionId: order.conditionId,
      tokenId: order.request.tokenId,
      side: order.request.side,
      priceMicros: order.request.priceMicros,
      originalSizeMicros: order.request.sizeMicros,
      sizeMatchedMicros: order.matchedMicros,
      outcome: '',
      orderType: order.request.timeInForce,
      createdAtSec: order.createdAtSec,
      expirationSec: order.request.expiresAtSec ?? 0,
      tradeIds: [...order.tradeIds],
    };
  }

  private pushOrder(orderId: string, type: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION'): void {
    const order = this.orders.get(orderId);
    if (!order) return;
    const view = this.view(orderId, order);
    const event: UserOrderEvent = {
      orderId,
      type,
      status: view.status,
      conditionId: view.conditionId,
      tokenId: view.tokenId,
      side: view.side,
      priceMicros: view.priceMicros,
      originalSizeMicros: view.originalSizeMicros,
      sizeMatchedMicros: view.sizeMatchedMicros,
      tradeIds: view.tradeIds,
      timestampMs: this.now(),
    };
    this.later((listener) => listener.onOrder?.(event));
  }

  /** User-stream pushes arrive just after what caused them, as a socket's message would. */
  private later(push: (listener: UserEventListener) => void): void {
    this.options.clock.setTimeout(() => {
      for (const listener of [...this.userListeners]) push(listener);
    }, 0);
  }

  private snapshotOf(tokenId: string): BookSnapshot | undefined {
    const meta = this.books.get(tokenId)?.meta;
    const book = this.replay.book(tokenId);
    if (!meta || !book) return undefined;
    return {
      tokenId,
      conditionId: this.marketOfToken.get(tokenId)?.conditionId ?? meta.conditionId,
      bids: book.bids.map((level) => ({ price: level.priceMicros, size: level.sizeMicros })),
      asks: book.asks.map((level) => ({ price: level.priceMicros, size: level.sizeMicros })),
      tickMicros: meta.tickMicros,
      minOrderSizeMicros: meta.minOrderSizeMicros ?? undefined,
      lastTradePriceMicros: meta.lastTradePriceMicros ?? undefined,
      exchangeTimestampMs: meta.exchangeTimestampMs,
      confirmedAtMs: meta.receiveTimeMs,
      ageMs: Math.max(0, this.now() - meta.receiveTimeMs),
      source: meta.source,
      epoch: meta.epoch,
      hash: meta.hash,
    };
  }
}
