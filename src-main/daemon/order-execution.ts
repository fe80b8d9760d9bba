import type { MarketSnapshot } from '@shared/domain/market';
import { microsToDecimal as dec } from '@shared/math/decimal';
import type { Order, OrderCondition } from '@shared/domain/order';
import type { OrderSpec } from '@shared/domain/order-request';
import { PolydeskError } from '@shared/errors';
import { quoteSnapshotFromView } from '@shared/math/quote-rules';
import type { QuoteSnapshot } from '@shared/math/quote-rules';
import { floorToSizeStep, isOnGrid, priceRange } from '@shared/math/tick-grid';
import type {
  Exchange,
  ExchangeOrder,
  ExchangeOrderStatus,
  Fill,
  OrderRequest,
  PlaceResult,
  PreparedOrder,
  UserOrderEvent,
} from '../exchange/exchange-port';
import type { Logger } from '../host/logger';
import type { ExecutionContext, MarketRules, StepResult, Strategy } from '../strategies/strategy';
import { coversSize, DUST_MICROS, remainderAfter } from './dust';
import type { MarketPort, OurOrder } from './market-port';
import type { KellyShare, WalletState, WalletView } from './kelly-bankroll';
import { failedSizeOf, heldBackOf, openSizeOf } from './order-ledger';
import type { OrderLedger, TrackedExchangeOrder } from './order-ledger';
import type { Breach, Placement, Reservation } from './risk-rails';

/** Timings of reconciliation; defaults suit the live exchange and the emulator alike. */
export interface ExecutionTimings {
  /** Wait after an unanswered submit before asking the exchange about it. */
  unknownGraceMs: number;
  /** Times an unanswered order must be absent (live orders and trades) before it counts as never placed. */
  absentChecks: number;
  /** Orders and trades are re-read from REST this often even without a hint from the stream. */
  reconcileIntervalMs: number;
  /** While fills are pending (matched, not confirmed), trades are re-read this often. */
  pendingPollMs: number;
  /** Attempts of a read or cancel that got no answer. */
  retryAttempts: number;
  retryBaseMs: number;
  /**
   * After an order left the book without the exchange saying how much of it matched, nothing is
   * placed for this long while its last fills may still arrive; then only what is safe with its
   * whole unfilled size counted as filled.
   */
  settleWaitMs: number;
  /**
   * With still no word (getOrder forgets final orders), the trades read after this long are
   * taken as its final fills. Must exceed how late the exchange lists a trade in /data/trades.
   */
  settleHorizonMs: number;
}

export const DEFAULT_TIMINGS: ExecutionTimings = {
  unknownGraceMs: 500,
  absentChecks: 2,
  reconcileIntervalMs: 3_000,
  pendingPollMs: 500,
  retryAttempts: 3,
  retryBaseMs: 100,
  settleWaitMs: 1_500,
  settleHorizonMs: 20_000,
};

/** What the daemon provides to each execution. */
export interface ExecutionHooks {
  /** Resolves once everything recorded so far is in the store. */
  persist(): Promise<void>;
  /** Routes fills and user events of this exchange order id to the execution. */
  track(exchangeOrderId: string): void;
  /** Applies fills through the daemon (dedupe, store, wake-ups). */
  ingestFills(fills: Fill[]): void;
  /** All our open orders on a token, across user orders. */
  ourOrders(tokenId: string): OurOrder[];
  openOrdersChanged(tokenId: string): void;
  /** The risk rails: passes and holds a placement until the ledger records it, or refuses it. */
  reserve(placement: Placement): Reservation;
  /** Our pending fills and promised collateral across every order, for Kelly's wallet view. */
  walletFigures(
    tokenId: string,
    otherTokenId: string | undefined,
  ): Pick<WalletView, 'pending' | 'promisedMicros'>;
  /** This order's part of the wallet's shared Kelly bankroll. */
  kellyShare(orderId: string, wallet: WalletState): KellyShare;
}

export interface ExecutionDeps {
  exchange: Exchange;
  /** The other outcome token of the order's market (NO for YES), when it has one. */
  otherTokenId: string | undefined;
  market: MarketPort;
  logger: Logger;
  hooks: ExecutionHooks;
  timings: ExecutionTimings;
  now: () => number;
}

/** A "not enough balance / allowance" refusal right after a fill: the exchange's cache lags. */
const BALANCE_LAG = /not enough balance|allowance/i;
/** How long a resting order waits before its likely replacements are signed. */
const PRESIGN_DELAY_MS = 5;
/**
 * Oldest a replacement signed at idle may be when sent: a V2 order carries the time it was
 * built, and how old the exchange accepts is not documented, so it is kept short.
 */
const PRESIGN_MAX_AGE_MS = 5_000;
const RESTING = new Set<ExchangeOrderStatus>(['LIVE', 'DELAYED']);
/** Statuses of an order that is off the book for good: its size_matched is final. */
const GONE = new Set<ExchangeOrderStatus>([
  'MATCHED',
  'CANCELED',
  'CANCELED_MARKET_RESOLVED',
  'UNMATCHED',
  'INVALID',
]);

/** One of the order's trades failed on chain. */
function hasFailedFill(order: TrackedExchangeOrder): boolean {
  for (const fill of order.fills.values()) if (fill.status === 'FAILED') return true;
  return false;
}

/** Two exchange requests that would sign the same order (up to salt and timestamp). */
function sameRequest(a: Readonly<OrderRequest>, b: Readonly<OrderRequest>): boolean {
  return (
    a.tokenId === b.tokenId &&
    a.side === b.side &&
    a.priceMicros === b.priceMicros &&
    a.sizeMicros === b.sizeMicros &&
    a.timeInForce === b.timeInForce &&
    a.expiresAtSec === b.expiresAtSec &&
    a.postOnly === b.postOnly
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * One user order at work: the ExecutionContext its strategy acts through, and the rules of
 * lessons §1 around every exchange call — the id recorded before sending, an unanswered submit
 * left PENDING_NEW until reconciled, no cancel while a submit is unresolved, a cancel followed by
 * the order's final word and its last fills before anything replaces it, vanished orders settled
 * from trades.
 */
export class OrderExecution implements ExecutionContext {
  private stopRequest: { state: 'CANCELLED' | 'FAILED'; reason: string } | null = null;
  private readonly unresolved = new Map<string, { since: number; absent: number }>();
  private lastReconcileAt = 0;
  private lastFillSyncAt = 0;
  private fillsDirty = false;
  private lastNote = '';
  private lastRefusedRail: Breach['rail'] | null = null;
  private readonly dustSwept = new Set<string>();
  /** Unsettled exchange orders already announced as waited for / placed around. */
  private readonly settleNoted = new Map<string, 'waiting' | 'placing'>();
  /** Cancels in flight, each released early by the user stream's final word on its order. */
  private readonly cancelsInFlight = new Map<string, () => void>();
  /** DELETE answers still on their way for cancels the user stream confirmed first. */
  private readonly lateAnswers = new Set<Promise<void>>();
  /** Replacements of the resting order signed at idle, by price; each is used at most once. */
  private readonly presigned = new Map<number, PreparedOrder>();
  private presignTimer: NodeJS.Timeout | null = null;
  /** The price the last replacement moved away from: pegged quotes often return to it. */
  private leftPrice: number | null = null;

  constructor(
    readonly ledger: OrderLedger,
    readonly spec: OrderSpec,
    readonly rules: MarketRules,
    private readonly deps: ExecutionDeps,
  ) {}

  get order(): Readonly<Order> {
    return this.ledger.order;
  }

  get stopping(): boolean {
    return this.stopRequest !== null;
  }

  now(): number {
    return this.deps.now();
  }

  snapshot(): MarketSnapshot | undefined {
    try {
      return this.deps.market.getSnapshot(this.spec.tokenId) ?? undefined;
    } catch {
      return undefined;
    }
  }

  quoteSnapshot(snapshot: MarketSnapshot): QuoteSnapshot {
    return quoteSnapshotFromView(
      {
        tickMicros: snapshot.tickMicros,
        bids: snapshot.bids,
        asks: snapshot.asks,
        ourOrders: [...this.deps.hooks.ourOrders(this.spec.tokenId), ...this.ghosts(snapshot)],
        stoikov: snapshot.stoikov,
      },
      this.rules.minOrderSizeMicros,
    );
  }

  /**
   * Our orders cancelled after the book was last known current: the book may still show them, and
   * counted as someone else's size they would pull the quote onto our own old price.
   */
  private ghosts(snapshot: MarketSnapshot): OurOrder[] {
    const ghosts: OurOrder[] = [];
    for (const eo of this.ledger.allExchangeOrders()) {
      if (eo.state !== 'CANCELLED' || eo.updatedAt < snapshot.timestamp) continue;
      const size = eo.size - eo.filled - eo.pendingFilled;
      if (size > 0) ghosts.push({ orderId: eo.id, side: eo.side, price: eo.price, size });
    }
    return ghosts;
  }

  working(): TrackedExchangeOrder[] {
    return this.ledger.openOrders();
  }

  uncommitted(): number {
    const left = this.order.targetSize - this.ledger.committed();
    return left > 0 ? remainderAfter(left, 0) : left;
  }

  note(reason: string): void {
    this.ledger.note(reason);
  }

  setTargetSize(sizeMicros: number, reason: string): void {
    this.ledger.setTargetSize(sizeMicros, reason);
  }

  setCondition(condition: OrderCondition | null, reason: string): void {
    if ((this.order.condition ?? null) === condition) return;
    this.markCondition(condition);
    // The note is the event that stores and streams the order with its new condition.
    this.ledger.note(reason);
  }

  stop(reason: string): void {
    this.requestStop('CANCELLED', reason);
  }

  /** Sets the condition on the order itself; the next event of the order carries it. */
  private markCondition(condition: OrderCondition | null): void {
    const order = this.ledger.order;
    if (condition === null) {
      delete order.condition;
      delete order.conditionSince;
      return;
    }
    order.condition = condition;
    order.conditionSince = this.now();
  }

  /** Asks the order to end: its working orders are cancelled and settled first. */
  requestStop(state: 'CANCELLED' | 'FAILED', reason: string): void {
    if (this.stopRequest?.state === 'FAILED') return;
    this.stopRequest = { state, reason };
  }

  /** Resolves once every cancel the user stream confirmed early has its answer too (or failed). */
  async answered(): Promise<void> {
    while (this.lateAnswers.size > 0) await Promise.all([...this.lateAnswers]);
  }

  /** A hint (stream event, reconnect) that the exchange knows more than we do. */
  markDirty(): void {
    this.fillsDirty = true;
  }

  /** A user-stream order event about one of ours: its matched size, final once it is cancelled. */
  onUserOrder(event: UserOrderEvent): void {
    const eo = this.ledger.exchangeOrder(event.orderId);
    if (!eo) return;
    const gone = event.type.toUpperCase() === 'CANCELLATION' || GONE.has(event.status);
    // MATCHED on an order event may be a partial match; only a cancellation closes the size.
    const final = gone && event.status !== 'MATCHED';
    const askedToCancel = eo.state === 'PENDING_CANCEL';
    this.ledger.reportMatched(eo.id, event.sizeMatchedMicros, final, 'the user stream');
    // The orders and trades are read again only when the event says something the ledger does
    // not hold: a match its trades do not account for, or an order gone that we did not cancel.
    // A placement, or the cancellation we asked for with nothing new matched, needs no read (it
    // used to cost two REST calls per replacement).
    const unseen = event.sizeMatchedMicros - failedSizeOf(eo) > eo.filled + eo.pendingFilled;
    if (unseen || (gone && !askedToCancel)) this.fillsDirty = true;
    if (final && eo.matchedFinal) this.cancelsInFlight.get(eo.id)?.();
  }

  /** True while an exchange order off the book has no final matched size: poll soon. */
  settling(): boolean {
    return this.ledger.unsettled().length > 0;
  }

  async collateral(): Promise<number | null> {
    try {
      return (await this.deps.exchange.getCollateralBalance()).balanceMicros;
    } catch {
      return null;
    }
  }

  async position(): Promise<number | null> {
    try {
      return (await this.deps.exchange.getConditionalBalance(this.spec.tokenId)).balanceMicros;
    } catch {
      return null;
    }
  }

  async wallet(): Promise<WalletView | null> {
    const { exchange, hooks, otherTokenId } = this.deps;
    try {
      const [collateral, position, other] = await Promise.all([
        exchange.getCollateralBalance(),
        exchange.getConditionalBalance(this.spec.tokenId),
        otherTokenId === undefined ? null : exchange.getConditionalBalance(otherTokenId),
      ]);
      return {
        collateralMicros: collateral.balanceMicros,
        positionMicros: position.balanceMicros,
        otherPositionMicros: other?.balanceMicros ?? 0,
        // Our ledgers are read after the balances, so a fill seen in both counts once.
        ...hooks.walletFigures(this.spec.tokenId, otherTokenId),
      };
    } catch {
      return null;
    }
  }

  kellyShare(wallet: WalletState): KellyShare {
    return this.deps.hooks.kellyShare(this.order.id, wallet);
  }

  // ── one step ──────────────────────────────────────────────────────────────

  /** Reconcile, then end the order, or let the strategy act; null once the order is final. */
  async runStep(strategy: Strategy): Promise<StepResult | null> {
    if (this.ledger.isFinal()) return null;
    await this.reconcile();
    if (this.stopRequest) {
      const cancelled = await this.cancelWorking(this.stopRequest.reason);
      // Give the last fills of a cancel the same bounded wait as a replacement, so the order
      // ends with the exchange's figure rather than a guess.
      if (cancelled && this.withinSettleWait()) return { waitMs: 100, wakeOnBook: false };
      if (cancelled && (await this.sweepDust())) {
        const target = this.order.targetSize;
        if (target > 0 && coversSize(this.order.filled, target)) {
          this.ledger.finish(
            'COMPLETED',
            `filled ${dec(this.order.filled)} of ${dec(target)} shares before it could be stopped`,
          );
          return null;
        }
        if (
          target > 0 &&
          this.order.pendingFilled > 0 &&
          coversSize(this.order.filled + this.order.pendingFilled, target)
        ) {
          // Matched in full before the stop, only its trades are not confirmed yet: it ends
          // COMPLETED once they are, CANCELLED if one fails (nothing is bought again).
          return { waitMs: this.deps.timings.pendingPollMs, wakeOnBook: false };
        }
        this.ledger.finish(
          this.stopRequest.state,
          `${this.stopRequest.reason}; filled ${dec(this.order.filled)} of ${dec(this.order.targetSize)} shares`,
        );
        return null;
      }
      return { waitMs: 250, wakeOnBook: false };
    }
    if (!(await this.sweepDust())) return { waitMs: 250, wakeOnBook: false };
    const open = this.working().length;
    const target = this.order.targetSize;
    if (open === 0 && target > 0) {
      if (coversSize(this.order.filled, target)) {
        this.ledger.finish(
          'COMPLETED',
          `filled ${dec(this.order.filled)} of ${dec(target)} shares`,
        );
        return null;
      }
      if (coversSize(this.ledger.committed(), target)) {
        // Pending trades, or fills held back for an order whose last trades are unreported.
        return { waitMs: this.deps.timings.pendingPollMs, wakeOnBook: false };
      }
      const left = this.uncommitted();
      if (
        this.order.pendingFilled === 0 &&
        left > 0 &&
        left < this.rules.minOrderSizeMicros &&
        this.order.filled > 0
      ) {
        this.markCondition('REMAINDER_BELOW_MINIMUM');
        this.ledger.finish(
          'COMPLETED',
          `filled ${dec(this.order.filled)} of ${dec(target)} shares; the remainder ${dec(left)} is below the market minimum`,
        );
        return null;
      }
    }
    const result = await strategy.step(this);
    // The periodic read comes after the strategy has acted: a book change that wakes the order
    // is answered first, not kept behind two REST reads that only look for what the streams
    // missed (every replacement waits for its cancel's final matched size anyway).
    if (this.now() - this.lastReconcileAt >= this.deps.timings.reconcileIntervalMs) {
      await this.readOrdersAndFills();
    }
    return this.settling()
      ? { ...result, waitMs: Math.min(result.waitMs, this.deps.timings.pendingPollMs) }
      : result;
  }

  /** An unsettled exchange order left the book less than settleWaitMs ago. */
  private withinSettleWait(): boolean {
    const now = this.now();
    return this.ledger
      .unsettled()
      .some((eo) => now - (eo.closedAt ?? eo.updatedAt) < this.deps.timings.settleWaitMs);
  }

  /**
   * Before a placement: wait (bounded by settleWaitMs) for the final fills of orders that left
   * the book without their matched size. Each wait is an order event, once per exchange order.
   */
  private settleGate(): boolean {
    const now = this.now();
    const { settleWaitMs } = this.deps.timings;
    let wait = false;
    for (const eo of this.ledger.unsettled()) {
      if (now - (eo.closedAt ?? eo.updatedAt) >= settleWaitMs) continue;
      wait = true;
      if (this.settleNoted.has(eo.id)) continue;
      this.settleNoted.set(eo.id, 'waiting');
      this.ledger.settleNote(
        `waiting up to ${(settleWaitMs / 1000).toFixed(1)} s before placing: the last fills of ${eo.id} may not be reported yet (${dec(heldBackOf(eo))} shares unaccounted)`,
        eo.id,
      );
    }
    return !wait;
  }

  /** Once the wait is over, the order works on with the worst case: said once per exchange order. */
  private noteSettleTimeouts(): void {
    const now = this.now();
    for (const eo of this.ledger.unsettled()) {
      if (now - (eo.closedAt ?? eo.updatedAt) < this.deps.timings.settleWaitMs) continue;
      if (this.settleNoted.get(eo.id) === 'placing') continue;
      this.settleNoted.set(eo.id, 'placing');
      this.ledger.settleNote(
        `placing conservatively: ${dec(heldBackOf(eo))} shares of ${eo.id} count as filled until its trades or final size arrive`,
        eo.id,
      );
    }
  }

  /** Cancels and settles every working order; true when none is left open. */
  async cancelWorking(reason: string): Promise<boolean> {
    let allFinal = true;
    for (const order of this.working()) {
      if (!(await this.cancel(order, reason))) allFinal = false;
    }
    return allFinal;
  }

  /**
   * An order counted FILLED within dust may still rest at the exchange with those few
   * micro-shares: cancel the remnant once, so nothing of ours is left behind.
   */
  private async sweepDust(): Promise<boolean> {
    let swept = true;
    for (const order of this.ledger.allExchangeOrders()) {
      if (order.state !== 'FILLED' || this.dustSwept.has(order.id)) continue;
      if (order.filled + order.pendingFilled >= order.size) continue;
      try {
        await this.withRetry(() => this.deps.exchange.cancelOrder(order.id));
        this.dustSwept.add(order.id);
      } catch (err) {
        swept = false;
        this.deps.logger.warn(
          { orderId: this.order.id, exchangeOrderId: order.id, err: messageOf(err) },
          'dust remnant not cancelled yet',
        );
      }
    }
    return swept;
  }

  // ── placing ───────────────────────────────────────────────────────────────

  async place(
    priceMicros: number,
    sizeMicros: number,
    reason: string,
    ahead?: Promise<PreparedOrder | null>,
  ): Promise<TrackedExchangeOrder | null> {
    if (this.ledger.state !== 'ACTIVE' || this.stopRequest) return null;
    const snapshot = this.snapshot();
    if (!snapshot || snapshot.stale) {
      this.noteOnce('book stale: not placing');
      return null;
    }
    // The snapshot's tick follows tick size changes; the market's at submit time may be old.
    const tick = snapshot.tickMicros;
    const { min, max } = priceRange(tick);
    if (
      !isOnGrid(priceMicros, tick) ||
      priceMicros < Math.max(min, this.spec.minPrice) ||
      priceMicros > Math.min(max, this.spec.maxPrice)
    ) {
      this.deps.logger.error(
        { orderId: this.order.id, priceMicros },
        'strategy asked for a price off the grid or outside the limits',
      );
      this.noteOnce(`refused price ${dec(priceMicros)}: off the grid or outside the limits`);
      return null;
    }
    if (!this.settleGate()) return null;
    let size = floorToSizeStep(Math.min(sizeMicros, this.uncommitted()));
    if (size < this.rules.minOrderSizeMicros || size <= 0) return null;
    if (this.spec.side === 'SELL') {
      const sellable = await this.sellable();
      if (sellable === null) {
        this.noteOnce('not selling: the shares held cannot be read');
        return null;
      }
      if (sellable < size) {
        size = floorToSizeStep(sellable);
        if (size < this.rules.minOrderSizeMicros) {
          this.noteOnce(
            `not selling: only ${dec(Math.max(0, sellable))} shares held that are not already offered`,
          );
          return null;
        }
      }
    }
    return this.submit(priceMicros, size, reason, true, ahead);
  }

  /**
   * Shares of the token held and not offered by any of our resting sells: the exchange's settled
   * balance (shares of a trade count from CONFIRMED; a sale is debited at its match) minus our
   * open sell size. Shares our own buys matched but the chain has not confirmed are not sellable
   * (the trade can still fail) unless the order says `sellUnconfirmed`.
   */
  private async sellable(): Promise<number | null> {
    const settled = await this.position();
    if (settled === null) return null;
    const held =
      this.spec.sellUnconfirmed === true
        ? settled +
          this.deps.hooks.walletFigures(this.spec.tokenId, this.deps.otherTokenId).pending.buyMicros
        : settled;
    const offered = this.deps.hooks
      .ourOrders(this.spec.tokenId)
      .filter((order) => order.side === 'SELL')
      .reduce((sum, order) => sum + order.size, 0);
    return held - offered;
  }

  async replace(
    order: TrackedExchangeOrder,
    priceMicros: number,
    sizeMicros: number,
    reason: string,
  ): Promise<TrackedExchangeOrder | null> {
    if (this.mayPostFirst(priceMicros, sizeMicros)) {
      // Enough of the order is unallocated to rest the new one beside the old (an iceberg's
      // hidden remainder): matched + resting stays within the size with both on the book, so the
      // replacement goes out first and the old order is cancelled after it.
      const adjustments = this.ledger.countAdjustment();
      this.ledger.replaceNote(
        `replace #${adjustments} (${reason}): ${dec(order.price)} → ${dec(priceMicros)}, placed before the cancel`,
        order.id,
        priceMicros,
        sizeMicros,
      );
      const placed = await this.place(priceMicros, sizeMicros, `replacement (${reason})`);
      await this.cancel(order, `replace: ${reason}`);
      return placed;
    }
    // Built and signed while the cancel travels: if the cancel's outcome leaves the size as
    // expected (no fill raced it), this signed order is sent; otherwise it is dropped unsent.
    // The cancel goes first, and the building waits a turn of the event loop, so that the
    // cancel's request is not held behind the signing.
    const aheadSize = floorToSizeStep(Math.min(sizeMicros, this.uncommitted() + openSizeOf(order)));
    const early = this.takePresigned(priceMicros, aheadSize);
    this.leftPrice = order.price;
    const cancelled = this.cancel(order, `replace: ${reason}`);
    const ahead = early
      ? Promise.resolve(early)
      : new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
          this.prepareAhead(priceMicros, aheadSize),
        );
    if (!(await cancelled)) return null;
    if (!this.settleGate()) return null;
    // The cancel may have raced a fill that finished the order: then there is nothing to replace.
    if (this.uncommitted() < this.rules.minOrderSizeMicros) return null;
    const adjustments = this.ledger.countAdjustment();
    this.ledger.replaceNote(
      `replace #${adjustments} (${reason}): ${dec(order.price)} → ${dec(priceMicros)}`,
      order.id,
      priceMicros,
      sizeMicros,
    );
    // place() trims the size to what is left, so fills that landed during the cancel are not re-bought.
    return this.place(priceMicros, sizeMicros, `replacement (${reason})`, ahead);
  }

  /**
   * May a replacement of this size rest beside the order it replaces? Only a BUY (a SELL's
   * shares are already offered by the old order), only when the size is unallocated with the old
   * order still counted at its full open size, and only when the risk rails would take it now.
   */
  private mayPostFirst(priceMicros: number, sizeMicros: number): boolean {
    if (this.spec.side !== 'BUY' || this.ledger.state !== 'ACTIVE' || this.stopRequest)
      return false;
    if (this.ledger.unsettled().length > 0) return false;
    const size = floorToSizeStep(sizeMicros);
    if (size < this.rules.minOrderSizeMicros || size > this.uncommitted()) return false;
    const reservation = this.reserve(priceMicros, size);
    if (!reservation.ok) return false;
    reservation.release();
    return true;
  }

  /** Asks the risk rails for room for a placement of this price and size. */
  private reserve(priceMicros: number, sizeMicros: number): Reservation {
    return this.deps.hooks.reserve({
      conditionId: this.rules.conditionId,
      side: this.spec.side,
      priceMicros,
      sizeMicros,
      microPrice: this.snapshot()?.microPrice ?? null,
    });
  }

  /** The exchange request this order sends for a price and size. */
  private requestFor(priceMicros: number, sizeMicros: number): OrderRequest {
    return {
      tokenId: this.spec.tokenId,
      side: this.spec.side,
      priceMicros,
      sizeMicros,
      timeInForce: 'GTC' as const,
      // Every quote rests passively; only an iceberg whose user asked to take may cross.
      ...(!(this.spec.strategyType === 'iceberg' && this.spec.icebergParams?.allowTaking) && {
        postOnly: true,
      }),
    };
  }

  /**
   * Signs, while the order rests and nothing else runs, the replacements it is likely to need:
   * its own size at the price it last left and one tick either side. A replacement then finds
   * its order signed and goes out as soon as the cancel is confirmed. Each is signed in a loop
   * turn of its own and only while the order still rests unchanged; none is ever sent unless it
   * is exactly the request the replacement makes then (`sameRequest`), within its age limit.
   */
  private schedulePresign(resting: TrackedExchangeOrder): void {
    this.presigned.clear();
    if (this.presignTimer) clearTimeout(this.presignTimer);
    const tick = this.snapshot()?.tickMicros ?? 0;
    if (tick <= 0) return;
    const { min, max } = priceRange(tick);
    const low = Math.max(min, this.spec.minPrice);
    const high = Math.min(max, this.spec.maxPrice);
    const prices = [this.leftPrice, resting.price + tick, resting.price - tick].filter(
      (p, i, all): p is number =>
        p !== null &&
        p !== resting.price &&
        p >= low &&
        p <= high &&
        isOnGrid(p, tick) &&
        all.indexOf(p) === i,
    );
    const size = resting.size;
    const next = (): void => {
      this.presignTimer = null;
      const price = prices.shift();
      const still = this.ledger.exchangeOrder(resting.id);
      if (price === undefined || !still || still.state !== 'LIVE' || openSizeOf(still) !== size)
        return;
      if (this.ledger.state !== 'ACTIVE' || this.stopRequest) return;
      void this.prepareAhead(price, size).then((prepared) => {
        if (prepared) this.presigned.set(price, prepared);
        if (prices.length > 0) {
          this.presignTimer = setTimeout(next, 0);
          this.presignTimer.unref();
        }
      });
    };
    this.presignTimer = setTimeout(next, PRESIGN_DELAY_MS);
    this.presignTimer.unref();
  }

  /** A replacement signed at idle for this price and size, young enough to send; used once. */
  private takePresigned(priceMicros: number, sizeMicros: number): PreparedOrder | null {
    const prepared = this.presigned.get(priceMicros);
    this.presigned.clear();
    if (this.presignTimer) clearTimeout(this.presignTimer);
    this.presignTimer = null;
    if (!prepared || prepared.request.sizeMicros !== sizeMicros) return null;
    return this.now() - prepared.preparedAtMs <= PRESIGN_MAX_AGE_MS ? prepared : null;
  }

  /** Signs an order that may be sent later; null (never an error) when it cannot be. */
  private prepareAhead(priceMicros: number, sizeMicros: number): Promise<PreparedOrder | null> {
    if (sizeMicros < this.rules.minOrderSizeMicros) return Promise.resolve(null);
    return this.deps.exchange
      .prepareOrder(this.requestFor(priceMicros, sizeMicros))
      .catch(() => null);
  }

  private async submit(
    priceMicros: number,
    sizeMicros: number,
    reason: string,
    mayRetryBalance: boolean,
    ahead?: Promise<PreparedOrder | null>,
  ): Promise<TrackedExchangeOrder | null> {
    const { exchange, hooks, logger } = this.deps;
    const request = this.requestFor(priceMicros, sizeMicros);
    const reservation = this.reserve(priceMicros, sizeMicros);
    if (!reservation.ok) {
      this.refused(reservation.breach, priceMicros, sizeMicros);
      return null;
    }
    this.lastRefusedRail = null;
    let prepared;
    let eo: TrackedExchangeOrder;
    try {
      try {
        const early = ahead ? await ahead : null;
        prepared =
          early !== null && sameRequest(early.request, request)
            ? early
            : await exchange.prepareOrder(request);
      } catch (err) {
        this.noteOnce(`could not prepare the order: ${messageOf(err)}`);
        return null;
      }
      eo = this.ledger.recordPlaced(
        {
          id: prepared.orderId,
          tokenId: this.spec.tokenId,
          side: this.spec.side,
          price: priceMicros,
          size: sizeMicros,
        },
        reason,
      );
    } finally {
      // From here the ledger counts the order among the open ones.
      reservation.release();
    }
    hooks.track(eo.id);
    hooks.openOrdersChanged(this.spec.tokenId);
    await hooks.persist();
    if (this.snapshot()?.stale !== false) {
      // The book went stale while the order was signed and stored: it is never sent.
      this.ledger.reject(eo.id, 'not sent: the book went stale');
      hooks.openOrdersChanged(this.spec.tokenId);
      return null;
    }
    let result: PlaceResult;
    try {
      result = await exchange.submitPrepared(prepared);
    } catch (err) {
      result = { kind: 'unknown', orderId: eo.id, reason: messageOf(err), httpStatus: undefined };
    }
    if (result.kind === 'accepted') {
      this.ledger.acknowledge(eo.id, `accepted (${result.status})`);
      if (result.status === 'live' && result.immediateFill.sizeMicros === 0)
        this.schedulePresign(eo);
      if (result.immediateFill.sizeMicros > 0) {
        this.ledger.reportMatched(eo.id, result.immediateFill.sizeMicros, false, 'the placement');
      }
      if (result.status !== 'live' || result.tradeIds.length > 0) this.fillsDirty = true;
      if (result.status === 'unmatched') {
        // Accepted but neither matched nor resting: close it from the exchange's record.
        await this.settleGone(eo, 'accepted unmatched: neither matched nor resting');
        hooks.openOrdersChanged(this.spec.tokenId);
      }
      return eo;
    }
    if (result.kind === 'rejected') {
      this.ledger.reject(eo.id, `rejected: ${result.message}`);
      hooks.openOrdersChanged(this.spec.tokenId);
      if (mayRetryBalance && BALANCE_LAG.test(result.message)) {
        try {
          await exchange.refreshBalance(this.spec.side === 'SELL' ? this.spec.tokenId : undefined);
        } catch (err) {
          logger.warn({ orderId: this.order.id, err: messageOf(err) }, 'balance refresh failed');
        }
        this.ledger.note('balance refreshed after a balance refusal: retrying once', eo.id);
        const size = floorToSizeStep(Math.min(sizeMicros, this.uncommitted()));
        if (size < this.rules.minOrderSizeMicros) return null;
        return this.submit(priceMicros, size, `${reason} (retry after balance refresh)`, false);
      }
      return null;
    }
    this.unresolved.set(eo.id, { since: this.now(), absent: 0 });
    this.ledger.note(
      `submit outcome unknown (${result.reason}): reconciling before anything else`,
      eo.id,
    );
    return eo;
  }

  /**
   * A placement a risk rail refused: one event and log line per rail in a row (not one per
   * step), and the order wound down when waiting cannot clear the breach.
   */
  private refused(breach: Breach, priceMicros: number, sizeMicros: number): void {
    if (!breach.lasting && breach.rail === this.lastRefusedRail) return;
    this.lastRefusedRail = breach.rail;
    this.deps.logger.warn(
      {
        orderId: this.order.id,
        rail: breach.rail,
        priceMicros,
        sizeMicros,
        lasting: breach.lasting,
      },
      'placement refused by a risk rail',
    );
    if (breach.lasting) {
      this.ledger.note(`not placed: ${breach.message}`);
      this.requestStop('FAILED', `stopped by a risk rail: ${breach.message}`);
      return;
    }
    this.ledger.note(`not placed, waiting: ${breach.message}`);
  }

  // ── cancelling ────────────────────────────────────────────────────────────

  async cancel(order: TrackedExchangeOrder, reason: string): Promise<boolean> {
    const { exchange, hooks } = this.deps;
    if (this.isFinalEo(order)) return true;
    if (order.state === 'PENDING_NEW') {
      // No cancel while the submit is unresolved: a cancel for an id the exchange has not seen means nothing.
      await this.resolveUnknown(order, true);
      if (order.state === 'PENDING_NEW') return false;
      if (this.isFinalEo(order)) return true;
    }
    if (order.state === 'LIVE' || order.state === 'PARTIALLY_FILLED') {
      this.ledger.requestCancel(order.id, reason);
    }
    let word: 'cancelled' | 'refused' | 'unknown' = 'unknown';
    let why = '';
    // The user stream's cancellation carries the exchange's final matched size: when it comes
    // before the DELETE's answer, it is the same confirmation, and the answer is not waited for.
    const streamed = new Promise<'streamed'>((resolve) =>
      this.cancelsInFlight.set(order.id, () => resolve('streamed')),
    );
    try {
      const answer = this.withRetry(() => exchange.cancelOrder(order.id));
      try {
        const result = await Promise.race([answer, streamed]);
        if (result === 'streamed') {
          word = 'cancelled';
          this.keepLate(answer, 'cancel answer failed after the user stream confirmed it', order);
        } else if (result.canceled.includes(order.id)) word = 'cancelled';
        else {
          word = 'refused';
          why = result.notCanceled[order.id] ?? 'not cancelled';
        }
      } catch (err) {
        why = messageOf(err);
      }
      if (word === 'cancelled' && order.matchedFinal && !hasFailedFill(order)) {
        // The user stream's cancellation already said what the order matched: no read needed.
        this.closeFromRecord(order, reason);
        hooks.openOrdersChanged(this.spec.tokenId);
        return true;
      }
      const settled = await this.settleGone(
        order,
        word === 'cancelled'
          ? reason
          : `not found at exchange (${why || 'no answer'}); settled from trades`,
        // Answered first: the stream's cancellation may still come before the order's read.
        word === 'cancelled' ? streamed : undefined,
      );
      if (settled === 'resting' && word === 'refused') {
        this.ledger.cancelFailed(order.id, `cancel did not take: ${why}`);
      }
      hooks.openOrdersChanged(this.spec.tokenId);
      return settled === 'final';
    } finally {
      this.cancelsInFlight.delete(order.id);
    }
  }

  /** A request whose answer no longer decides anything: awaited by answered(), failures logged. */
  private keepLate(request: Promise<unknown>, what: string, order: TrackedExchangeOrder): void {
    const late = request.then(
      () => undefined,
      (err: unknown) =>
        this.deps.logger.debug(
          { orderId: this.order.id, exchangeOrderId: order.id, err: messageOf(err) },
          what,
        ),
    );
    this.lateAnswers.add(late);
    void late.then(() => this.lateAnswers.delete(late));
  }

  /**
   * Asks whether the order still rests; when it does not, reads its last fills and closes it.
   * The order status is read before the trades, so every fill of an order that has left the book
   * is in the trades that follow.
   */
  private async settleGone(
    order: TrackedExchangeOrder,
    reason: string,
    streamed?: Promise<'streamed'>,
  ): Promise<'final' | 'resting' | 'unknown'> {
    let live;
    try {
      const read = this.withRetry(() => this.deps.exchange.getOrder(order.id));
      const first = streamed ? await Promise.race([read, streamed]) : await read;
      if (first === 'streamed' && order.matchedFinal && !hasFailedFill(order)) {
        // The user stream's cancellation told the final matched size while the read travelled.
        this.keepLate(read, 'order read failed after the user stream confirmed the cancel', order);
        this.closeFromRecord(order, reason);
        return 'final';
      }
      live = first === 'streamed' ? await read : first;
    } catch {
      return 'unknown';
    }
    if (live) {
      this.noteRecord(order.id, live);
      if (RESTING.has(live.status)) return 'resting';
      // A failed trade makes the record's figure ambiguous (exchanges differ on whether
      // size_matched keeps it): then the trades are read first, as below.
      if (GONE.has(live.status) && !hasFailedFill(order)) {
        this.closeFromRecord(order, reason);
        return 'final';
      }
    }
    try {
      await this.syncFills();
    } catch {
      return 'unknown';
    }
    this.ledger.closeOut(order.id, reason);
    return 'final';
  }

  /**
   * Closes an order whose final matched size the exchange has told us (its record, or the user
   * stream's cancellation): shares its trades do not show yet are held back as filled, so
   * nothing placed next can overfill, and the trades are read afterwards, off the critical path.
   */
  private closeFromRecord(order: TrackedExchangeOrder, reason: string): void {
    if (order.reportedMatched > order.filled + order.pendingFilled) this.fillsDirty = true;
    this.ledger.closeOut(order.id, reason);
  }

  // ── reconciling ───────────────────────────────────────────────────────────

  /**
   * Resolves unanswered submits, re-drives unsettled cancels, and re-reads orders and trades when
   * the ledger knows it is behind (a stream hint, pending trades, held-back dust). The periodic
   * read of the same runs after each step once its interval has passed (runStep).
   */
  async reconcile(): Promise<void> {
    const { timings } = this.deps;
    for (const order of this.working()) {
      if (order.state === 'PENDING_NEW') await this.resolveUnknown(order, false);
      else if (order.state === 'PENDING_CANCEL') await this.cancel(order, order.reason ?? 'cancel');
    }
    await this.settleUnsettled();
    this.noteSettleTimeouts();
    const due =
      this.fillsDirty ||
      // Held-back dust waits for the periodic read, not a poll of its own.
      ((this.order.pendingFilled > 0 || this.ledger.heldBack() > DUST_MICROS) &&
        this.now() - this.lastFillSyncAt >= timings.pendingPollMs);
    if (due) await this.readOrdersAndFills();
  }

  /** Reads the open orders and trades, and closes from its own record an order gone from both. */
  private async readOrdersAndFills(): Promise<void> {
    const now = this.now();
    if (this.ledger.allExchangeOrders().length === 0) {
      this.lastReconcileAt = now;
      return;
    }
    const resting = this.working().filter(
      (order) => order.state === 'LIVE' || order.state === 'PARTIALLY_FILLED',
    );
    try {
      const open =
        resting.length > 0
          ? await this.withRetry(() =>
              this.deps.exchange.getOpenOrders({ tokenId: this.spec.tokenId }),
            )
          : [];
      await this.syncFills();
      this.lastReconcileAt = now;
      const openIds = new Set(open.map((order) => order.orderId));
      for (const seen of open) {
        if (this.ledger.exchangeOrder(seen.orderId)) {
          this.ledger.reportMatched(seen.orderId, seen.sizeMatchedMicros, false, 'open orders');
        }
      }
      for (const order of resting) {
        if (!openIds.has(order.id) && !this.isFinalEo(order)) {
          // Gone from the book (filled, or cancelled by the exchange): its own record first.
          const gone = await this.withRetry(() => this.deps.exchange.getOrder(order.id));
          if (gone) {
            this.noteRecord(order.id, gone);
            if (RESTING.has(gone.status)) continue;
          }
          this.ledger.closeOut(order.id, 'not found at exchange; settled from trades');
          this.deps.hooks.openOrdersChanged(this.spec.tokenId);
        }
      }
    } catch (err) {
      this.deps.logger.warn({ orderId: this.order.id, err: messageOf(err) }, 'reconcile failed');
    }
  }

  /**
   * For each order off the book without a final matched size, at most every pendingPollMs: ask
   * the exchange for the order (its size_matched is final once it is off the book), read the
   * trades, and past the settle horizon take the trades as final.
   */
  private async settleUnsettled(): Promise<void> {
    const unsettled = this.ledger.unsettled();
    if (unsettled.length === 0) return;
    const { timings, exchange } = this.deps;
    const readAt = this.now();
    if (readAt - this.lastFillSyncAt < timings.pendingPollMs) return;
    try {
      for (const eo of unsettled) {
        const live = await this.withRetry(() => exchange.getOrder(eo.id));
        if (live) {
          this.noteRecord(eo.id, live);
        }
      }
      await this.syncFills();
    } catch (err) {
      this.deps.logger.warn({ orderId: this.order.id, err: messageOf(err) }, 'settle read failed');
      return;
    }
    for (const eo of this.ledger.unsettled()) {
      // The trades must have been read after the horizon passed, not just looked at after it.
      if (readAt - (eo.closedAt ?? eo.updatedAt) >= timings.settleHorizonMs) {
        this.ledger.settleFromTrades(eo.id, timings.settleHorizonMs);
      }
    }
    this.deps.hooks.openOrdersChanged(this.spec.tokenId);
  }

  private async resolveUnknown(order: TrackedExchangeOrder, force: boolean): Promise<void> {
    const { timings, exchange } = this.deps;
    const entry = this.unresolved.get(order.id) ?? { since: order.createdAt, absent: 0 };
    this.unresolved.set(order.id, entry);
    if (!force && this.now() - entry.since < timings.unknownGraceMs) return;
    try {
      const live = await this.withRetry(() => exchange.getOrder(order.id));
      if (live) {
        this.ledger.acknowledge(
          order.id,
          `found at the exchange (${live.status}) after an unanswered submit`,
        );
        this.noteRecord(order.id, live);
        this.unresolved.delete(order.id);
        this.fillsDirty = true;
        if (!RESTING.has(live.status))
          await this.settleGone(order, 'left the book before it was acknowledged');
        return;
      }
      await this.syncFills();
    } catch {
      return;
    }
    if (order.state !== 'PENDING_NEW') {
      this.unresolved.delete(order.id);
      return;
    }
    if (order.fills.size > 0) {
      this.ledger.acknowledge(order.id, 'known from its trades');
      this.ledger.closeOut(order.id, 'not live at exchange; settled from trades');
      this.unresolved.delete(order.id);
      this.deps.hooks.openOrdersChanged(this.spec.tokenId);
      return;
    }
    entry.absent += 1;
    entry.since = this.now();
    if (entry.absent >= timings.absentChecks) {
      this.ledger.reject(order.id, 'not found at exchange after an unanswered submit');
      this.unresolved.delete(order.id);
      this.deps.hooks.openOrdersChanged(this.spec.tokenId);
    }
  }

  /** Reads the token's trades since this order's first exchange order and applies ours. */
  private async syncFills(): Promise<void> {
    const orders = this.ledger.allExchangeOrders();
    if (orders.length === 0) return;
    const first = Math.min(...orders.map((order) => order.createdAt));
    const fills = await this.withRetry(() =>
      this.deps.exchange.getFills({
        tokenId: this.spec.tokenId,
        afterSec: Math.floor(first / 1000) - 60,
      }),
    );
    this.deps.hooks.ingestFills(fills.filter((fill) => this.ledger.exchangeOrder(fill.orderId)));
    this.fillsDirty = false;
    this.lastFillSyncAt = this.now();
  }

  /** What the exchange's own record says the order matched; final once it is off the book. */
  private noteRecord(id: string, record: ExchangeOrder): void {
    this.ledger.reportMatched(
      id,
      record.sizeMatchedMicros,
      GONE.has(record.status),
      'the exchange order record',
    );
  }

  private isFinalEo(order: TrackedExchangeOrder): boolean {
    return order.state === 'FILLED' || order.state === 'CANCELLED' || order.state === 'REJECTED';
  }

  private async withRetry<T>(call: () => Promise<T>): Promise<T> {
    const { retryAttempts, retryBaseMs } = this.deps.timings;
    let lastError: unknown;
    for (let attempt = 0; attempt < retryAttempts; attempt++) {
      try {
        return await call();
      } catch (err) {
        lastError = err;
        const retriable =
          !(err instanceof PolydeskError) ||
          err.code === 'EXCHANGE_UNAVAILABLE' ||
          (err.code === 'EXCHANGE_REJECTED' && /429|too many/i.test(err.message));
        if (!retriable) break;
        if (attempt + 1 < retryAttempts) await sleep(retryBaseMs * 2 ** attempt);
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  private noteOnce(reason: string): void {
    if (reason === this.lastNote) return;
    this.lastNote = reason;
    this.ledger.note(reason);
  }
}
