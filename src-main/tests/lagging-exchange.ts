import { PolydeskError } from '@shared/errors';
import type {
  CancelResult,
  Exchange,
  ExchangeOrder,
  Fill,
  MarketInfo,
  OrderRequest,
  PlaceResult,
  PreparedOrder,
  TradeStatus,
  UserEventListener,
} from '../exchange/exchange-port';
import { FakeExchangeBase, userOrderEvent } from './fake-exchange-parts';
import { testMarket } from './fake-trading-exchange';

/**
 * How the exchange reports, in milliseconds of wall time. The soak scales Polymarket's seconds
 * down to tens of milliseconds together with the daemon's own timings, so the ratios (lag against
 * the daemon's settle wait and horizon) are what they would be live.
 */
export interface LagKnobs {
  /** A trade, and each status change of it, shows in getFills only after this lag. */
  restTradeLagMs: [number, number];
  /** User-stream trade and order messages arrive after this lag (jitter reorders them). */
  streamLagMs: [number, number];
  /** Chance that a user-stream trade message is never sent (REST still lists it). */
  dropTradeMessageRate: number;
  /** getOrder answers null once an order has been final this long; null: never forgets. */
  forgetFinalOrdersAfterMs: number | null;
  /** Chance that a cancel first lets a taker match part of the order. */
  matchDuringCancelRate: number;
  /** MATCHED → CONFIRMED (or FAILED) after this long. */
  settleMs: [number, number];
  /** Chance that a matched trade ends FAILED. */
  failTradeRate: number;
  /** Chance that a read or cancel gets no answer (a cancel may still have taken). */
  noAnswerRate: number;
  /** Chances of a submit's fate: the reply is lost (the order rests), nothing arrives, refused. */
  lostReplyRate: number;
  lostRequestRate: number;
  rejectRate: number;
  /** Added to every call. */
  latencyMs: [number, number];
}

export const PROMPT_KNOBS: LagKnobs = {
  restTradeLagMs: [0, 0],
  streamLagMs: [0, 0],
  dropTradeMessageRate: 0,
  forgetFinalOrdersAfterMs: null,
  matchDuringCancelRate: 0,
  settleMs: [0, 0],
  failTradeRate: 0,
  noAnswerRate: 0,
  lostReplyRate: 0,
  lostRequestRate: 0,
  rejectRate: 0,
  latencyMs: [0, 0],
};

interface Resting {
  request: OrderRequest;
  status: 'LIVE' | 'MATCHED' | 'CANCELED';
  /** size_matched as the exchange reports it: failed trades stay in it. */
  matched: number;
  /** Of `matched`, what belongs to trades that FAILED. */
  failed: number;
  createdAt: number;
  finalAt: number | undefined;
}

interface TradeVersion {
  status: TradeStatus;
  restVisibleAt: number;
}

interface Trade {
  tradeId: string;
  orderId: string;
  sizeMicros: number;
  priceMicros: number;
  matchedAt: number;
  versions: TradeVersion[];
}

/** One exchange order as the exchange itself records it: the judge of order safety. */
export interface ExchangeRecord {
  orderId: string;
  /** Matched by trades that did not fail: shares really bought or sold. */
  matched: number;
  /** Still on the book. */
  resting: number;
  size: number;
  request: OrderRequest;
}

const between = (random: () => number, [min, max]: [number, number]): number =>
  min + random() * (max - min);

/**
 * An in-memory exchange that reports the way Polymarket does under load: the order's own record
 * (getOrder's size_matched) is current, while its trades reach REST and the user stream late, out
 * of order, or (on the stream) not at all; final orders are forgotten by getOrder; a cancel can
 * race a match. Resting orders fill when the test calls `takeRandom`. Its `record()` is the truth
 * the property tests judge the daemon by.
 */
export class LaggingExchange extends FakeExchangeBase implements Exchange {
  knobs: LagKnobs;
  collateralMicros = 100_000_000_000;
  readonly positions = new Map<string, number>();
  /** Called with each request as it reaches the exchange (the test checks staleness there). */
  onSubmit: ((request: OrderRequest) => void) | undefined;
  /** Called after every change of the exchange's record. */
  onChange: (() => void) | undefined;
  private readonly orders = new Map<string, Resting>();
  private readonly trades: Trade[] = [];
  private readonly listeners = new Set<UserEventListener>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private counter = 0;
  private tradeCounter = 0;
  private closed = false;

  constructor(
    knobs: Partial<LagKnobs>,
    private readonly random: () => number,
    markets: MarketInfo[] = [testMarket()],
  ) {
    super(markets);
    this.knobs = { ...PROMPT_KNOBS, ...knobs };
  }

  // ── the test's side ───────────────────────────────────────────────────────

  record(): ExchangeRecord[] {
    return [...this.orders.entries()].map(([orderId, order]) => ({
      orderId,
      matched: order.matched - order.failed,
      resting: order.status === 'LIVE' ? order.request.sizeMicros - order.matched : 0,
      size: order.request.sizeMicros,
      request: order.request,
    }));
  }

  tradeCount(): number {
    return this.trades.length;
  }

  liveOrderIds(): string[] {
    return [...this.orders.entries()]
      .filter(([, order]) => order.status === 'LIVE')
      .map(([id]) => id);
  }

  /** A taker matches `fraction` (0..1] of the remaining size of one live order, picked by `pick`. */
  takeRandom(pick: number, fraction: number): void {
    const live = this.liveOrderIds();
    const id = live[Math.floor(pick * live.length) % Math.max(1, live.length)];
    if (id === undefined) return;
    const order = this.orders.get(id);
    if (!order) return;
    const left = order.request.sizeMicros - order.matched;
    const size = Math.max(10_000, Math.floor((left * fraction) / 10_000) * 10_000);
    this.match(id, Math.min(left, size));
  }

  /** Every trade settles and every message is delivered now (the end of a schedule). */
  flush(): void {
    this.knobs = { ...this.knobs, ...PROMPT_KNOBS };
    const now = Date.now();
    for (const trade of this.trades) {
      for (const version of trade.versions)
        version.restVisibleAt = Math.min(version.restVisibleAt, now);
      const last = trade.versions.at(-1);
      if (last && last.status === 'MATCHED') this.settle(trade, 'CONFIRMED');
    }
  }

  // ── the port ──────────────────────────────────────────────────────────────

  prepareOrder(request: OrderRequest): Promise<PreparedOrder> {
    return Promise.resolve({
      orderId: `0xlag${++this.counter}-${Math.floor(this.random() * 1e9)}`,
      request: { ...request },
      conditionId: this.markets[0]?.conditionId,
      tickSize: '0.01',
      negRisk: false,
      makerAmountMicros: 0,
      takerAmountMicros: 0,
      preparedAtMs: Date.now(),
    });
  }

  async submitPrepared(order: PreparedOrder): Promise<PlaceResult> {
    // Checked as the request leaves: the book may turn stale while it travels.
    this.onSubmit?.(order.request);
    await this.latency();
    const draw = this.random();
    const k = this.knobs;
    if (draw < k.lostRequestRate) {
      return { kind: 'unknown', orderId: order.orderId, reason: 'timeout', httpStatus: undefined };
    }
    if (draw < k.lostRequestRate + k.rejectRate) {
      return {
        kind: 'rejected',
        orderId: order.orderId,
        message: 'invalid order',
        httpStatus: 400,
      };
    }
    this.orders.set(order.orderId, {
      request: order.request,
      status: 'LIVE',
      matched: 0,
      failed: 0,
      createdAt: Date.now(),
      finalAt: undefined,
    });
    this.orderEvent(order.orderId, 'PLACEMENT');
    this.onChange?.();
    await this.latency();
    if (draw < k.lostRequestRate + k.rejectRate + k.lostReplyRate) {
      return {
        kind: 'unknown',
        orderId: order.orderId,
        reason: 'socket hang up',
        httpStatus: undefined,
      };
    }
    return {
      kind: 'accepted',
      orderId: order.orderId,
      status: 'live',
      immediateFill: { sizeMicros: 0, usdcMicros: 0 },
      tradeIds: [],
      transactionHashes: [],
    };
  }

  async cancelOrder(orderId: string): Promise<CancelResult> {
    await this.latency();
    if (this.noAnswer()) throw this.unavailable();
    const order = this.orders.get(orderId);
    if (!order || order.status !== 'LIVE') {
      return { canceled: [], notCanceled: { [orderId]: 'Order not found or already canceled' } };
    }
    if (this.random() < this.knobs.matchDuringCancelRate) {
      const left = order.request.sizeMicros - order.matched;
      const size = Math.max(10_000, Math.floor((left * this.random()) / 10_000) * 10_000);
      this.match(orderId, Math.min(left, size));
    }
    if (order.status === 'LIVE') {
      order.status = 'CANCELED';
      order.finalAt = Date.now();
      this.orderEvent(orderId, 'CANCELLATION');
      this.onChange?.();
    }
    await this.latency();
    if (this.noAnswer()) throw this.unavailable();
    return order.status === 'CANCELED'
      ? { canceled: [orderId], notCanceled: {} }
      : { canceled: [], notCanceled: { [orderId]: 'Order not found or already canceled' } };
  }

  async cancelOrders(orderIds: string[]): Promise<CancelResult> {
    const result: CancelResult = { canceled: [], notCanceled: {} };
    for (const id of orderIds) {
      const one = await this.cancelOrder(id);
      result.canceled.push(...one.canceled);
      Object.assign(result.notCanceled, one.notCanceled);
    }
    return result;
  }

  cancelAll(): Promise<CancelResult> {
    return this.cancelOrders(this.liveOrderIds());
  }

  cancelMarket(): Promise<CancelResult> {
    return this.cancelAll();
  }

  async getOrder(orderId: string): Promise<ExchangeOrder | null> {
    await this.latency();
    if (this.noAnswer()) throw this.unavailable();
    const order = this.orders.get(orderId);
    if (!order) return null;
    const forget = this.knobs.forgetFinalOrdersAfterMs;
    if (order.finalAt !== undefined && forget !== null && Date.now() - order.finalAt >= forget) {
      return null;
    }
    return this.view(orderId, order);
  }

  async getOpenOrders(): Promise<ExchangeOrder[]> {
    await this.latency();
    if (this.noAnswer()) throw this.unavailable();
    return [...this.orders.entries()]
      .filter(([, order]) => order.status === 'LIVE')
      .map(([id, order]) => this.view(id, order));
  }

  async getFills(): Promise<Fill[]> {
    await this.latency();
    if (this.noAnswer()) throw this.unavailable();
    const now = Date.now();
    const fills: Fill[] = [];
    for (const trade of this.trades) {
      const visible = trade.versions.filter((version) => version.restVisibleAt <= now).at(-1);
      if (visible) fills.push(this.fillOf(trade, visible.status));
    }
    return fills;
  }

  getCollateralBalance(): Promise<{ balanceMicros: number; allowances: Record<string, string> }> {
    return Promise.resolve({ balanceMicros: this.collateralMicros, allowances: {} });
  }

  getConditionalBalance(
    tokenId: string,
  ): Promise<{ balanceMicros: number; allowances: Record<string, string> }> {
    return Promise.resolve({ balanceMicros: this.positions.get(tokenId) ?? 0, allowances: {} });
  }

  refreshBalance(): Promise<void> {
    return Promise.resolve();
  }

  subscribeUserEvents(listener: UserEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.listeners.clear();
    return Promise.resolve();
  }

  // ── internals ─────────────────────────────────────────────────────────────

  private match(orderId: string, sizeMicros: number): void {
    const order = this.orders.get(orderId);
    if (!order || order.status !== 'LIVE' || sizeMicros <= 0) return;
    const { request } = order;
    order.matched += sizeMicros;
    if (order.matched >= request.sizeMicros) {
      order.status = 'MATCHED';
      order.finalAt = Date.now();
    }
    // The payer is debited at the match; what it receives arrives at CONFIRMED.
    const usdc = Math.ceil((request.priceMicros * sizeMicros) / 1_000_000);
    if (request.side === 'BUY') this.collateralMicros -= usdc;
    else this.positions.set(request.tokenId, this.position(request.tokenId) - sizeMicros);
    const now = Date.now();
    const trade: Trade = {
      tradeId: `lt${++this.tradeCounter}`,
      orderId,
      sizeMicros,
      priceMicros: request.priceMicros,
      matchedAt: now,
      versions: [],
    };
    this.trades.push(trade);
    this.addVersion(trade, 'MATCHED');
    this.orderEvent(orderId, 'UPDATE');
    this.onChange?.();
    this.later(between(this.random, this.knobs.settleMs), () =>
      this.settle(trade, this.random() < this.knobs.failTradeRate ? 'FAILED' : 'CONFIRMED'),
    );
  }

  private settle(trade: Trade, status: 'CONFIRMED' | 'FAILED'): void {
    if (trade.versions.at(-1)?.status !== 'MATCHED') return;
    const order = this.orders.get(trade.orderId);
    if (!order) return;
    const { request } = order;
    const usdc = Math.ceil((request.priceMicros * trade.sizeMicros) / 1_000_000);
    if (status === 'FAILED') {
      order.failed += trade.sizeMicros;
      if (request.side === 'BUY') this.collateralMicros += usdc;
      else this.positions.set(request.tokenId, this.position(request.tokenId) + trade.sizeMicros);
    } else if (request.side === 'BUY') {
      this.positions.set(request.tokenId, this.position(request.tokenId) + trade.sizeMicros);
    } else {
      this.collateralMicros += usdc;
    }
    this.addVersion(trade, status);
    this.onChange?.();
  }

  private addVersion(trade: Trade, status: TradeStatus): void {
    const previous = trade.versions.at(-1)?.restVisibleAt ?? 0;
    const restVisibleAt = Math.max(
      previous,
      Date.now() + between(this.random, this.knobs.restTradeLagMs),
    );
    trade.versions.push({ status, restVisibleAt });
    if (this.random() < this.knobs.dropTradeMessageRate) return;
    const fill = this.fillOf(trade, status);
    this.later(between(this.random, this.knobs.streamLagMs), () => {
      for (const listener of this.listeners) listener.onFills?.([fill]);
    });
  }

  private orderEvent(orderId: string, type: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION'): void {
    const order = this.orders.get(orderId);
    if (!order) return;
    const event = userOrderEvent(this.view(orderId, order), type);
    this.later(between(this.random, this.knobs.streamLagMs), () => {
      for (const listener of this.listeners) listener.onOrder?.(event);
    });
  }

  private fillOf(trade: Trade, status: TradeStatus): Fill {
    const order = this.orders.get(trade.orderId);
    const request = order?.request;
    const sec = Math.floor(trade.matchedAt / 1000);
    return {
      fillKey: `${trade.tradeId}:${trade.orderId}`,
      tradeId: trade.tradeId,
      orderId: trade.orderId,
      role: 'MAKER',
      conditionId: this.markets[0]?.conditionId ?? '',
      tokenId: request?.tokenId ?? '',
      side: request?.side ?? 'BUY',
      priceMicros: trade.priceMicros,
      sizeMicros: trade.sizeMicros,
      status,
      rawStatus: status,
      final: status === 'CONFIRMED' || status === 'FAILED',
      matchTimeSec: sec,
      lastUpdateSec: sec,
      feeRateBps: 0,
      transactionHash: undefined,
      bucketIndex: 0,
      outcome: 'Yes',
    };
  }

  private view(id: string, order: Resting): ExchangeOrder {
    return {
      orderId: id,
      status: order.status,
      rawStatus: order.status,
      conditionId: this.markets[0]?.conditionId ?? '',
      tokenId: order.request.tokenId,
      side: order.request.side,
      priceMicros: order.request.priceMicros,
      originalSizeMicros: order.request.sizeMicros,
      sizeMatchedMicros: order.matched,
      outcome: 'Yes',
      orderType: 'GTC',
      createdAtSec: Math.floor(order.createdAt / 1000),
      expirationSec: 0,
      tradeIds: [],
    };
  }

  private position(tokenId: string): number {
    return this.positions.get(tokenId) ?? 0;
  }

  private later(ms: number, task: () => void): void {
    if (this.closed) return;
    // Even without lag a message is delivered after the call that caused it, as over a socket.
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        task();
      },
      Math.max(0, ms),
    );
    this.timers.add(timer);
  }

  private async latency(): Promise<void> {
    const ms = between(this.random, this.knobs.latencyMs);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  private noAnswer(): boolean {
    return this.knobs.noAnswerRate > 0 && this.random() < this.knobs.noAnswerRate;
  }

  private unavailable(): PolydeskError {
    return new PolydeskError('EXCHANGE_UNAVAILABLE', 'no answer (injected)');
  }
}
