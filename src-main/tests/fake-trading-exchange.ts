import { PolydeskError } from '@shared/errors';
import { FakeExchangeBase, userOrderEvent } from './fake-exchange-parts';
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

/** A binary market on tick 0.01 with a 5-share minimum. */
export function testMarket(conditionId = '0xc0', yes = '111', no = '222'): MarketInfo {
  return {
    conditionId,
    question: 'Will the test pass?',
    slug: 'test',
    tokens: [
      { tokenId: yes, outcome: 'Yes' },
      { tokenId: no, outcome: 'No' },
    ],
    tickSize: '0.01',
    tickMicros: 10_000,
    minOrderSizeMicros: 5_000_000,
    negRisk: false,
    active: true,
    closed: false,
    acceptingOrders: true,
    fees: { ratePpm: 0, exponent: 0, takerOnly: true },
  };
}

interface FakeOrder {
  request: OrderRequest;
  live: boolean;
  matched: number;
  createdAtSec: number;
}

/** What the next submit does. */
export type SubmitScript =
  | { kind: 'accept' }
  | { kind: 'reject'; message: string }
  /** The exchange takes the order but the reply is lost. */
  | { kind: 'lost-reply' }
  /** Nothing reaches the exchange and no reply comes. */
  | { kind: 'lost-request' };

/**
 * A scriptable in-memory Exchange for the daemon's unit tests: orders rest until the test fills
 * or cancels them, trades move MATCHED → CONFIRMED or FAILED on command, and each call can be
 * made to fail. Market-data calls are not used by the daemon and throw.
 */
export class FakeTradingExchange extends FakeExchangeBase implements Exchange {
  readonly orders = new Map<string, FakeOrder>();
  readonly fills: Fill[] = [];
  readonly submitted: OrderRequest[] = [];
  readonly cancelCalls: string[] = [];
  /** Every order the desk had built and signed, sent or not. */
  readonly preparedRequests: OrderRequest[] = [];
  /** How often the open orders and the trades were read. */
  readonly reads = { openOrders: 0, fills: 0 };
  /** The calls that reach the exchange's record, in the order they came. */
  readonly timeline: Array<'submit' | 'cancel' | 'openOrders' | 'fills'> = [];
  readonly submitScript: SubmitScript[] = [];
  /** When set, a cancel first fills this much of the order (a fill racing the cancel). */
  fillOnCancel = 0;
  /** When true, cancels answer "not found" although the order is cancelled. */
  cancelSaysNotFound = false;
  /** When true, getOrder answers null for orders off the book (as Polymarket may). */
  forgetFinalOrders = false;
  /** When true, getFills does not list trades yet (REST lagging behind the match). */
  tradesHidden = false;
  collateralMicros = 1_000_000_000;
  /** Shares held of every token (sells need them). */
  positionMicros = 1_000_000_000;
  balanceRefreshes = 0;
  /** Fills are pushed on the user stream unless this is false. */
  streamFills = true;
  /** When true, a cancel that takes pushes the order's CANCELLATION on the user stream. */
  streamCancellations = false;
  private cancelAnswersHeld: Gate | null = null;
  private orderReadsHeld: Gate | null = null;
  /** Chance that a read or cancel gets no answer (EXCHANGE_UNAVAILABLE; a cancel may still take). */
  failureRate = 0;
  /** When the submit script is empty, picks the next submit's fate from a number in [0, 1). */
  randomSubmit: ((draw: number) => SubmitScript) | undefined;
  /** Called with each request as it reaches the exchange. */
  onSubmit: ((request: OrderRequest) => void) | undefined;
  random: () => number = Math.random;
  private listener: UserEventListener | undefined;
  private counter = 0;
  private tradeCounter = 0;

  constructor(markets: MarketInfo[] = [testMarket()]) {
    super(markets);
  }

  // ── helpers for tests ─────────────────────────────────────────────────────

  liveOrders(): { id: string; request: OrderRequest; open: number }[] {
    return [...this.orders.entries()]
      .filter(([, order]) => order.live)
      .map(([id, order]) => ({
        id,
        request: order.request,
        open: order.request.sizeMicros - order.matched,
      }));
  }

  /** Fills `size` of a live order as MATCHED (or the given status); the order leaves when done. */
  fill(orderId: string, sizeMicros: number, status: TradeStatus = 'CONFIRMED'): Fill {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    const size = Math.min(sizeMicros, order.request.sizeMicros - order.matched);
    order.matched += size;
    if (order.matched >= order.request.sizeMicros) order.live = false;
    const tradeId = `t${++this.tradeCounter}`;
    const fill: Fill = {
      fillKey: `${tradeId}:${orderId}`,
      tradeId,
      orderId,
      role: 'MAKER',
      conditionId: this.markets[0]?.conditionId ?? '',
      tokenId: order.request.tokenId,
      side: order.request.side,
      priceMicros: order.request.priceMicros,
      sizeMicros: size,
      status,
      rawStatus: status,
      final: status === 'CONFIRMED' || status === 'FAILED',
      matchTimeSec: Math.floor(Date.now() / 1000),
      lastUpdateSec: Math.floor(Date.now() / 1000),
      feeRateBps: 0,
      transactionHash: undefined,
      bucketIndex: 0,
      outcome: 'Yes',
    };
    this.fills.push(fill);
    if (this.streamFills) this.listener?.onFills?.([fill]);
    return fill;
  }

  /** Moves a trade to a new status (CONFIRMED or FAILED) and pushes it. */
  settle(fill: Fill, status: TradeStatus): Fill {
    const next: Fill = {
      ...fill,
      status,
      rawStatus: status,
      final: status === 'CONFIRMED' || status === 'FAILED',
    };
    const index = this.fills.findIndex((candidate) => candidate.fillKey === fill.fillKey);
    this.fills[index] = next;
    if (status === 'FAILED') {
      const order = this.orders.get(fill.orderId);
      if (order) order.matched -= fill.sizeMicros;
    }
    if (this.streamFills) this.listener?.onFills?.([next]);
    return next;
  }

  // ── the port ──────────────────────────────────────────────────────────────

  prepareOrder(request: OrderRequest): Promise<PreparedOrder> {
    this.preparedRequests.push({ ...request });
    const orderId = `0xeo${++this.counter}`;
    return Promise.resolve({
      orderId,
      request: { ...request },
      conditionId: this.markets[0]?.conditionId,
      tickSize: '0.01',
      negRisk: false,
      makerAmountMicros: 0,
      takerAmountMicros: 0,
      preparedAtMs: Date.now(),
    });
  }

  submitPrepared(order: PreparedOrder): Promise<PlaceResult> {
    const script = this.submitScript.shift() ??
      this.randomSubmit?.(this.random()) ?? { kind: 'accept' };
    this.submitted.push(order.request);
    this.timeline.push('submit');
    if (script.kind !== 'lost-request') this.onSubmit?.(order.request);
    const add = (): void => {
      this.orders.set(order.orderId, {
        request: order.request,
        live: true,
        matched: 0,
        createdAtSec: Math.floor(Date.now() / 1000),
      });
    };
    switch (script.kind) {
      case 'reject':
        return Promise.resolve({
          kind: 'rejected',
          orderId: order.orderId,
          message: script.message,
          httpStatus: 400,
        });
      case 'lost-reply':
        add();
        return Promise.resolve({
          kind: 'unknown',
          orderId: order.orderId,
          reason: 'socket hang up',
          httpStatus: undefined,
        });
      case 'lost-request':
        return Promise.resolve({
          kind: 'unknown',
          orderId: order.orderId,
          reason: 'timeout',
          httpStatus: undefined,
        });
      default:
        add();
        return Promise.resolve({
          kind: 'accepted',
          orderId: order.orderId,
          status: 'live',
          immediateFill: { sizeMicros: 0, usdcMicros: 0 },
          tradeIds: [],
          transactionHashes: [],
        });
    }
  }

  cancelOrder(orderId: string): Promise<CancelResult> {
    const answer = this.cancelNow(orderId);
    if (this.cancelAnswersHeld === null) return answer;
    const gate = this.cancelAnswersHeld;
    return gate.promise.then(() => answer);
  }

  /**
   * Holds every cancel's answer (the cancel itself takes at once) until
   * `releaseCancelAnswers()`: a DELETE answered late.
   */
  holdCancelAnswers(): void {
    this.cancelAnswersHeld = gate();
  }

  releaseCancelAnswers(): void {
    this.cancelAnswersHeld?.release();
    this.cancelAnswersHeld = null;
  }

  private cancelNow(orderId: string): Promise<CancelResult> {
    this.cancelCalls.push(orderId);
    this.timeline.push('cancel');
    if (this.flaky()) return Promise.reject(this.unavailable());
    const order = this.orders.get(orderId);
    if (order?.live && this.fillOnCancel > 0) this.fill(orderId, this.fillOnCancel);
    if (!order?.live)
      return Promise.resolve({ canceled: [], notCanceled: { [orderId]: 'order not found' } });
    order.live = false;
    if (this.streamCancellations) this.pushOrderEvent(orderId, 'CANCELLATION');
    if (this.flaky()) return Promise.reject(this.unavailable());
    if (this.cancelSaysNotFound) {
      return Promise.resolve({ canceled: [], notCanceled: { [orderId]: 'order not found' } });
    }
    return Promise.resolve({ canceled: [orderId], notCanceled: {} });
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
    return this.cancelOrders(this.liveOrders().map((order) => order.id));
  }

  cancelMarket(): Promise<CancelResult> {
    return this.cancelAll();
  }

  /** Holds every getOrder answer until releaseOrderReads() (a slow read). */
  holdOrderReads(): void {
    this.orderReadsHeld = gate();
  }

  releaseOrderReads(): void {
    this.orderReadsHeld?.release();
    this.orderReadsHeld = null;
  }

  async getOrder(orderId: string): Promise<ExchangeOrder | null> {
    if (this.orderReadsHeld) await this.orderReadsHeld.promise;
    return this.readOrder(orderId);
  }

  private readOrder(orderId: string): Promise<ExchangeOrder | null> {
    if (this.flaky()) return Promise.reject(this.unavailable());
    const order = this.orders.get(orderId);
    if (!order || (!order.live && this.forgetFinalOrders)) return Promise.resolve(null);
    return Promise.resolve(this.view(orderId, order));
  }

  getOpenOrders(): Promise<ExchangeOrder[]> {
    this.reads.openOrders += 1;
    this.timeline.push('openOrders');
    if (this.flaky()) return Promise.reject(this.unavailable());
    return Promise.resolve(
      [...this.orders.entries()]
        .filter(([, order]) => order.live)
        .map(([id, order]) => this.view(id, order)),
    );
  }

  getFills(): Promise<Fill[]> {
    this.reads.fills += 1;
    this.timeline.push('fills');
    if (this.flaky()) return Promise.reject(this.unavailable());
    if (this.tradesHidden) return Promise.resolve([]);
    return Promise.resolve(this.fills.map((fill) => ({ ...fill })));
  }

  /** The exchange takes the order off the book on its own (a market closing, say). */
  cancelByExchange(orderId: string): void {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    order.live = false;
    this.pushOrderEvent(orderId, 'CANCELLATION');
  }

  /** Pushes a user-stream order event for the order as the exchange sees it now. */
  pushOrderEvent(orderId: string, type: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION'): void {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    this.listener?.onOrder?.(userOrderEvent(this.view(orderId, order), type));
  }

  getCollateralBalance(): Promise<{ balanceMicros: number; allowances: Record<string, string> }> {
    return Promise.resolve({ balanceMicros: this.collateralMicros, allowances: {} });
  }

  getConditionalBalance(): Promise<{ balanceMicros: number; allowances: Record<string, string> }> {
    return Promise.resolve({ balanceMicros: this.positionMicros, allowances: {} });
  }

  refreshBalance(): Promise<void> {
    this.balanceRefreshes += 1;
    return Promise.resolve();
  }

  subscribeUserEvents(listener: UserEventListener): () => void {
    this.listener = listener;
    return () => {
      this.listener = undefined;
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private flaky(): boolean {
    return this.failureRate > 0 && this.random() < this.failureRate;
  }

  private unavailable(): PolydeskError {
    return new PolydeskError('EXCHANGE_UNAVAILABLE', 'no answer (injected)');
  }

  private view(id: string, order: FakeOrder): ExchangeOrder {
    const status = order.live
      ? 'LIVE'
      : order.matched >= order.request.sizeMicros
        ? 'MATCHED'
        : 'CANCELED';
    return {
      orderId: id,
      status,
      rawStatus: `ORDER_STATUS_${status}`,
      conditionId: this.markets[0]?.conditionId ?? '',
      tokenId: order.request.tokenId,
      side: order.request.side,
      priceMicros: order.request.priceMicros,
      originalSizeMicros: order.request.sizeMicros,
      sizeMatchedMicros: order.matched,
      outcome: 'Yes',
      orderType: 'GTC',
      createdAtSec: order.createdAtSec,
      expirationSec: 0,
      tradeIds: [],
    };
  }
}

interface Gate {
  promise: Promise<void>;
  release: () => void;
}

/** A promise held shut until released: answers that arrive late. */
function gate(): Gate {
  let release = (): void => undefined;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}
