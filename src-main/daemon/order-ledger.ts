import { PolydeskError } from '@shared/errors';
import { microsToDecimal as dec } from '@shared/math/decimal';
import type {
  ExchangeOrderState,
  ExchangeOrderView,
  Order,
  OrderEventType,
  OrderState,
} from '@shared/domain/order';
import { exchangeOrderView, FINAL_ORDER_STATES } from '@shared/domain/order';
import type { Fill, TradeStatus } from '../exchange/exchange-port';
import type { StoredExchangeOrder, StoredFill } from '../store/store-port';
import { coversSize, exceedsSize, remainderAfter } from './dust';

/** An event as the ledger produces it; the daemon stamps seq, time, order id and state. */
export interface EventDraft {
  type: OrderEventType;
  reason: string;
  exchangeOrderId?: string;
  price?: number;
  size?: number;
  filled?: number;
}

interface FillRecord {
  fillKey: string;
  tradeId: string;
  price: number;
  size: number;
  status: TradeStatus;
  role: 'TAKER' | 'MAKER';
  at: number;
}

/** One exchange order under a user order, with the fills applied to it. */
export interface TrackedExchangeOrder extends ExchangeOrderView {
  tokenId: string;
  userOrderId: string;
  updatedAt: number;
  readonly fills: Map<string, FillRecord>;
  /** The largest matched size the exchange reported for it (getOrder, the user stream). */
  reportedMatched: number;
  /**
   * reportedMatched is the order's final matched size: the exchange said so for an order off the
   * book, or its trades were taken as final after the settle horizon.
   */
  matchedFinal: boolean;
  /** When it left the book; undefined while it rests. */
  closedAt?: number;
}

export type FillOutcome = 'applied' | 'updated' | 'duplicate' | 'refused';

const FINAL_EXCHANGE_STATES: readonly ExchangeOrderState[] = ['FILLED', 'CANCELLED', 'REJECTED'];
const PENDING_TRADE: readonly TradeStatus[] = ['MATCHED', 'MINED', 'RETRYING'];

export function isFinalExchangeState(state: ExchangeOrderState): boolean {
  return FINAL_EXCHANGE_STATES.includes(state);
}

export function isFinalOrderState(state: OrderState): boolean {
  return FINAL_ORDER_STATES.includes(state);
}

/** Size still resting (or possibly resting) on the book: zero once the order is final. */
export function openSizeOf(order: ExchangeOrderView): number {
  if (isFinalExchangeState(order.state)) return 0;
  return Math.max(0, order.size - order.filled - order.pendingFilled);
}

/** Shares of trades that FAILED: matched at the exchange, then undone, so never bought. */
export function failedSizeOf(eo: TrackedExchangeOrder): number {
  let failed = 0;
  for (const fill of eo.fills.values()) if (fill.status === 'FAILED') failed += fill.size;
  return failed;
}

/**
 * Shares of an order off the book that may have matched without their trades reaching us yet.
 * With the final matched size known: what it says beyond the fills we hold. Without it: the
 * worst case, everything the fills do not account for. Trades that failed are taken out of both
 * (the exchange counts them in size_matched, but nothing was bought).
 */
export function heldBackOf(eo: TrackedExchangeOrder): number {
  if (eo.state !== 'CANCELLED' && eo.state !== 'FILLED') return 0;
  const counted = eo.filled + eo.pendingFilled;
  const failed = failedSizeOf(eo);
  // The exchange's final figure is exact: every share of it our fills lack is held back, dust
  // too (dust missed at each of several replacements would add up to an overfill).
  if (eo.matchedFinal) return Math.max(0, eo.reportedMatched - failed - counted);
  // The worst case, within dust of the order's size, counts as done (the dust rule of dust.ts).
  return remainderAfter(eo.size - failed, counted);
}

/**
 * An order off the book whose final matched size the exchange has not told us, with shares still
 * unaccounted for (one whose fills cover everything it could have matched has nothing to wait for).
 */
export function isUnsettled(eo: TrackedExchangeOrder): boolean {
  return (
    (eo.state === 'CANCELLED' || eo.state === 'FILLED') && !eo.matchedFinal && heldBackOf(eo) > 0
  );
}

/**
 * The state machine of one user order and its exchange orders (design.md §3), without I/O.
 * Every transition mutates the order and emits one event. Guards refuse impossible transitions
 * with an INTERNAL error, and placement is refused when it could break the invariant
 * filled + pending + open ≤ limit.
 */
export class OrderLedger {
  private readonly tracked = new Map<string, TrackedExchangeOrder>();
  /**
   * The last view built of each exchange order, in the order they were recorded (as the user
   * order shows them); see resync.
   */
  private viewList: ExchangeOrderView[] = [];
  /** Each exchange order's position in `viewList`: its recording order. */
  private readonly position = new Map<string, number>();
  /**
   * The exchange orders that can still weigh on the limit: not final, or off the book with shares
   * held back. The others (settled history, most of a pegging order's) are never walked again.
   */
  private readonly weighing = new Set<string>();
  /** Each exchange order's share of the user order's totals, as last synced. */
  private readonly shares = new Map<string, TotalsShare>();
  private totals: TotalsShare = { filled: 0, pending: 0, notional: 0n };
  /** Exchange orders changed since `takeChanged()` last drained them. */
  private changedIds = new Set<string>();

  constructor(
    readonly order: Order,
    /** Hard cap on filled + pending + open: totalSize, or Kelly's maxPositionSize. */
    readonly limitMicros: number,
    private readonly emit: (draft: EventDraft) => void,
    private readonly now: () => number,
  ) {}

  get state(): OrderState {
    return this.order.state;
  }

  isFinal(): boolean {
    return isFinalOrderState(this.order.state);
  }

  exchangeOrder(id: string): TrackedExchangeOrder | undefined {
    return this.tracked.get(id);
  }

  allExchangeOrders(): TrackedExchangeOrder[] {
    return [...this.tracked.values()];
  }

  /** Exchange orders not yet in a final state (resting, or with an unresolved submit or cancel). */
  openOrders(): TrackedExchangeOrder[] {
    return this.weighingOrders().filter((eo) => !isFinalExchangeState(eo.state));
  }

  /** The weighing exchange orders in recording order. */
  private weighingOrders(): TrackedExchangeOrder[] {
    const orders: TrackedExchangeOrder[] = [];
    for (const id of this.weighing) {
      const eo = this.tracked.get(id);
      if (eo) orders.push(eo);
    }
    if (orders.length > 1) {
      orders.sort((a, b) => (this.position.get(a.id) ?? 0) - (this.position.get(b.id) ?? 0));
    }
    return orders;
  }

  /** The exchange orders changed since the last call (to store them), in no particular order. */
  takeChanged(): TrackedExchangeOrder[] {
    const changed: TrackedExchangeOrder[] = [];
    for (const id of this.changedIds) {
      const eo = this.tracked.get(id);
      if (eo) changed.push(eo);
    }
    this.changedIds = new Set();
    return changed;
  }

  openSize(): number {
    return this.openOrders().reduce((sum, eo) => sum + openSizeOf(eo), 0);
  }

  /**
   * Confirmed + pending fills + open size + what orders off the book may have matched unreported:
   * everything the exchange may have matched or may still match for this order.
   */
  committed(): number {
    return this.order.filled + this.order.pendingFilled + this.openSize() + this.heldBack();
  }

  /** Shares held back for orders off the book whose last fills may be unreported. */
  heldBack(): number {
    let held = 0;
    for (const id of this.weighing) {
      const eo = this.tracked.get(id);
      if (eo) held += heldBackOf(eo);
    }
    return held;
  }

  /** Orders off the book whose final matched size is not known yet. */
  unsettled(): TrackedExchangeOrder[] {
    return this.weighingOrders().filter(isUnsettled);
  }

  pendingFills(): number {
    return this.order.pendingFilled;
  }

  /**
   * Rebuilds the exchange orders and their fills from the store after a restart, without events.
   * Fill totals are recomputed from the fills, the same records dedupe works from.
   */
  restore(orders: readonly StoredExchangeOrder[], fills: readonly StoredFill[]): void {
    for (const stored of orders) {
      this.tracked.set(stored.id, {
        id: stored.id,
        state: stored.state,
        side: stored.side,
        price: stored.price,
        size: stored.size,
        filled: 0,
        pendingFilled: 0,
        createdAt: stored.createdAt,
        updatedAt: stored.updatedAt,
        tokenId: stored.tokenId,
        userOrderId: stored.userOrderId,
        fills: new Map(),
        ...(stored.reason !== undefined && { reason: stored.reason }),
        reportedMatched: stored.reportedMatched,
        matchedFinal: stored.matchedFinal,
        ...(stored.closedAt !== undefined && { closedAt: stored.closedAt }),
      });
    }
    for (const fill of fills) {
      const eo = this.tracked.get(fill.exchangeOrderId);
      if (!eo || eo.fills.has(fill.fillKey)) continue;
      eo.fills.set(fill.fillKey, {
        fillKey: fill.fillKey,
        tradeId: fill.tradeId,
        price: fill.price,
        size: fill.size,
        status: fill.status,
        role: fill.role,
        at: fill.at,
      });
      if (fill.status === 'CONFIRMED') eo.filled += fill.size;
      else if (PENDING_TRADE.includes(fill.status)) eo.pendingFilled += fill.size;
    }
    this.sync();
  }

  // ── user order ────────────────────────────────────────────────────────────

  activate(reason: string, arrivalMicroPrice: number | null): void {
    this.requireState(['QUEUED'], 'activate');
    this.order.state = 'ACTIVE';
    this.order.arrivalMicroPrice = arrivalMicroPrice;
    this.touch();
    this.emit({
      type: 'state',
      reason,
      ...(arrivalMicroPrice !== null && { price: arrivalMicroPrice }),
    });
  }

  finish(state: 'COMPLETED' | 'CANCELLED' | 'FAILED', reason: string): void {
    if (this.isFinal()) return;
    if (this.openOrders().length > 0) {
      throw new PolydeskError('INTERNAL', `order ${this.order.id} still has open exchange orders`);
    }
    this.order.state = state;
    this.order.reason = reason;
    this.touch();
    this.emit({ type: 'state', reason, filled: this.order.filled });
  }

  setTargetSize(sizeMicros: number, reason: string): void {
    if (sizeMicros === this.order.targetSize) return;
    this.order.targetSize = Math.min(sizeMicros, this.limitMicros);
    this.touch();
    this.emit({ type: 'resize', reason, size: this.order.targetSize });
  }

  countAdjustment(): number {
    this.order.adjustments += 1;
    this.touch();
    return this.order.adjustments;
  }

  note(reason: string, exchangeOrderId?: string): void {
    this.touch();
    this.emit({ type: 'note', reason, ...(exchangeOrderId !== undefined && { exchangeOrderId }) });
  }

  /** A wait for, or a placement around, an exchange order whose last fills are unreported. */
  settleNote(reason: string, exchangeOrderId: string): void {
    this.touch();
    this.emit({ type: 'settle', reason, exchangeOrderId });
  }

  replaceNote(reason: string, exchangeOrderId: string, price: number, size: number): void {
    this.emit({ type: 'replace', reason, exchangeOrderId, price, size });
  }

  // ── exchange orders ───────────────────────────────────────────────────────

  /** Records a signed order before it is sent (PENDING_NEW). */
  recordPlaced(
    placed: { id: string; tokenId: string; side: 'BUY' | 'SELL'; price: number; size: number },
    reason: string,
  ): TrackedExchangeOrder {
    this.requireState(['ACTIVE'], 'place');
    if (this.tracked.has(placed.id)) {
      throw new PolydeskError('INTERNAL', `exchange order ${placed.id} is already recorded`);
    }
    if (this.committed() + placed.size > this.limitMicros) {
      throw new PolydeskError(
        'INTERNAL',
        `placing ${dec(placed.size)} shares would exceed the limit ${dec(this.limitMicros)} of order ${this.order.id}`,
      );
    }
    const at = this.now();
    const eo: TrackedExchangeOrder = {
      id: placed.id,
      state: 'PENDING_NEW',
      side: placed.side,
      price: placed.price,
      size: placed.size,
      filled: 0,
      pendingFilled: 0,
      createdAt: at,
      updatedAt: at,
      tokenId: placed.tokenId,
      userOrderId: this.order.id,
      fills: new Map(),
      reportedMatched: 0,
      matchedFinal: false,
    };
    this.tracked.set(eo.id, eo);
    this.sync(eo);
    this.emit({
      type: 'placed',
      reason,
      exchangeOrderId: eo.id,
      price: eo.price,
      size: eo.size,
    });
    return eo;
  }

  acknowledge(id: string, reason = 'accepted by the exchange'): void {
    const eo = this.require(id);
    if (eo.state !== 'PENDING_NEW') return;
    eo.state = 'LIVE';
    this.settleFillState(eo);
    this.changed(eo);
    this.emit({
      type: 'acknowledged',
      reason,
      exchangeOrderId: id,
      price: eo.price,
      size: eo.size,
    });
  }

  reject(id: string, reason: string): void {
    const eo = this.require(id);
    if (eo.state !== 'PENDING_NEW') {
      throw new PolydeskError('INTERNAL', `cannot reject ${id} in state ${eo.state}`);
    }
    if (eo.fills.size > 0) {
      throw new PolydeskError('INTERNAL', `cannot reject ${id}: it has fills`);
    }
    eo.state = 'REJECTED';
    eo.reason = reason;
    this.changed(eo);
    this.emit({ type: 'rejected', reason, exchangeOrderId: id, price: eo.price, size: eo.size });
  }

  requestCancel(id: string, reason: string): void {
    const eo = this.require(id);
    if (eo.state !== 'LIVE' && eo.state !== 'PARTIALLY_FILLED') {
      throw new PolydeskError('INTERNAL', `cannot cancel ${id} in state ${eo.state}`);
    }
    eo.state = 'PENDING_CANCEL';
    eo.reason = reason;
    this.changed(eo);
    this.emit({ type: 'cancel_requested', reason, exchangeOrderId: id, price: eo.price });
  }

  /** The cancel did not take and the order is still resting. */
  cancelFailed(id: string, reason: string): void {
    const eo = this.require(id);
    if (eo.state !== 'PENDING_CANCEL') return;
    eo.state = 'LIVE';
    this.settleFillState(eo);
    this.changed(eo);
    this.emit({ type: 'note', reason, exchangeOrderId: id });
  }

  /**
   * The order is no longer on the book (cancel confirmed, or vanished): FILLED when its fills or
   * the exchange's matched size cover its size, else CANCELLED with what was filled. Unless the
   * exchange told its final matched size, what the fills do not cover stays held back (see
   * heldBackOf) until the truth arrives.
   */
  closeOut(id: string, reason: string): void {
    const eo = this.require(id);
    if (isFinalExchangeState(eo.state)) return;
    const counted = eo.filled + eo.pendingFilled;
    const matched = Math.max(counted, eo.reportedMatched - failedSizeOf(eo));
    eo.closedAt = this.now();
    if (coversSize(matched, eo.size)) {
      eo.state = 'FILLED';
      // A filled order cannot match more: whatever its trades do not show yet is held back.
      eo.reportedMatched = Math.max(eo.reportedMatched, eo.size);
      eo.matchedFinal = true;
      this.changed(eo);
      this.emit({
        type: 'state',
        reason: 'exchange order filled',
        exchangeOrderId: id,
        filled: matched,
      });
      return;
    }
    eo.state = 'CANCELLED';
    eo.reason = reason;
    this.changed(eo);
    this.emit({ type: 'cancelled', reason, exchangeOrderId: id, price: eo.price, filled: matched });
    const held = heldBackOf(eo);
    if (held > 0) {
      this.emit({
        type: 'settle',
        reason: eo.matchedFinal
          ? `the exchange matched ${dec(eo.reportedMatched)} shares: ${dec(held)} held back as filled until their trades arrive`
          : `final matched size unknown: ${dec(held)} shares held back as if filled until its trades arrive`,
        exchangeOrderId: id,
        size: held,
      });
    }
  }

  /**
   * The exchange reported `sizeMatched` for the order (getOrder, a user-stream order event);
   * `final` when the order is off the book, so that size will not grow any more.
   */
  reportMatched(id: string, sizeMatched: number, final: boolean, source: string): void {
    const eo = this.require(id);
    const before = heldBackOf(eo);
    const grew = sizeMatched > eo.reportedMatched;
    if (grew) eo.reportedMatched = Math.min(sizeMatched, eo.size);
    const settles = final && !eo.matchedFinal;
    if (settles) eo.matchedFinal = true;
    if (!grew && !settles) return;
    this.changed(eo);
    if (settles && isFinalExchangeState(eo.state)) {
      const freed = before - heldBackOf(eo);
      this.emit({
        type: 'settle',
        reason: `final matched size ${dec(eo.reportedMatched)} from ${source}${freed > 0 ? `: ${dec(freed)} shares no longer held back` : ''}`,
        exchangeOrderId: id,
        size: eo.reportedMatched,
      });
    }
  }

  /**
   * No word from the exchange on an order off the book for the settle horizon: the trades read
   * after it are taken as its final fills (never below what the exchange reported matched).
   */
  settleFromTrades(id: string, horizonMs: number): void {
    const eo = this.require(id);
    if (!isUnsettled(eo)) return;
    const before = heldBackOf(eo);
    eo.reportedMatched = Math.max(
      eo.reportedMatched,
      eo.filled + eo.pendingFilled + failedSizeOf(eo),
    );
    eo.matchedFinal = true;
    this.changed(eo);
    this.emit({
      type: 'settle',
      reason: `no final word from the exchange for ${Math.round(horizonMs / 1000)} s: its trades (${dec(eo.reportedMatched)} shares) taken as final, ${dec(before - heldBackOf(eo))} shares freed`,
      exchangeOrderId: id,
      size: eo.reportedMatched,
    });
  }

  /**
   * Applies one fill, once (dedupe by fillKey). MATCHED/MINED/RETRYING count as pending,
   * CONFIRMED as filled, FAILED undoes a pending fill. A fill that would overfill its exchange
   * order or the user order is refused.
   */
  applyFill(fill: Fill): FillOutcome {
    const eo = this.require(fill.orderId);
    const known = eo.fills.get(fill.fillKey);
    if (known) return this.updateFill(eo, known, fill.status);
    const counted = fill.status !== 'FAILED';
    if (counted && exceedsSize(eo.filled + eo.pendingFilled + fill.sizeMicros, eo.size)) {
      // No exchange matches an order beyond its own size: this reply is wrong, not a trade.
      this.emit({
        type: 'note',
        reason: `trade ${fill.tradeId} of ${dec(fill.sizeMicros)} shares refused: more than exchange order ${eo.id} has left`,
        exchangeOrderId: eo.id,
        size: fill.sizeMicros,
      });
      return 'refused';
    }
    const record: FillRecord = {
      fillKey: fill.fillKey,
      tradeId: fill.tradeId,
      price: fill.priceMicros,
      size: fill.sizeMicros,
      status: fill.status,
      role: fill.role,
      at: this.now(),
    };
    eo.fills.set(fill.fillKey, record);
    if (!counted) {
      this.changed(eo);
      this.emit(this.fillEvent('fill_failed', eo, record, 'trade failed before it was counted'));
      return 'applied';
    }
    if (fill.status === 'CONFIRMED') eo.filled += fill.sizeMicros;
    else eo.pendingFilled += fill.sizeMicros;
    this.settleFillState(eo);
    this.changed(eo);
    this.checkOverfill(fill);
    this.emit(
      this.fillEvent(
        'fill',
        eo,
        record,
        fill.status === 'CONFIRMED'
          ? 'fill confirmed'
          : `fill ${fill.status.toLowerCase()}, pending`,
      ),
    );
    return 'applied';
  }

  /**
   * A real trade beyond the order's size (the exchange matched it, so the shares were bought or
   * sold): kept, never absorbed, and recorded as an overfill with the excess.
   */
  private checkOverfill(fill: Fill): void {
    const total = this.order.filled + this.order.pendingFilled;
    if (!exceedsSize(total, this.limitMicros)) return;
    const excess = total - this.limitMicros;
    if (excess <= (this.order.overfilled ?? 0)) return;
    this.order.overfilled = excess;
    this.emit({
      type: 'overfill',
      reason: `OVERFILL: trade ${fill.tradeId} brings the order to ${dec(total)} of ${dec(this.limitMicros)} shares (${dec(excess)} over)`,
      exchangeOrderId: fill.orderId,
      size: excess,
      filled: this.order.filled,
    });
  }

  /** Fills of all exchange orders (for the store). */
  fillRecords(): { exchangeOrderId: string; fill: FillRecord }[] {
    return this.allExchangeOrders().flatMap((eo) =>
      [...eo.fills.values()].map((fill) => ({ exchangeOrderId: eo.id, fill })),
    );
  }

  private updateFill(
    eo: TrackedExchangeOrder,
    known: FillRecord,
    status: TradeStatus,
  ): FillOutcome {
    const wasPending = PENDING_TRADE.includes(known.status);
    if (known.status === status || !wasPending) return 'duplicate';
    if (PENDING_TRADE.includes(status)) {
      known.status = status;
      return 'updated';
    }
    known.status = status;
    eo.pendingFilled -= known.size;
    if (status === 'CONFIRMED') {
      eo.filled += known.size;
      this.changed(eo);
      this.emit(this.fillEvent('fill', eo, known, 'fill confirmed'));
    } else {
      if (eo.state === 'FILLED' && !coversSize(eo.filled + eo.pendingFilled, eo.size)) {
        eo.reason = 'a matched trade failed after the order left the book';
      }
      this.changed(eo);
      this.emit(this.fillEvent('fill_failed', eo, known, 'matched trade failed: fill undone'));
    }
    return 'updated';
  }

  private fillEvent(
    type: 'fill' | 'fill_failed',
    eo: TrackedExchangeOrder,
    fill: FillRecord,
    reason: string,
  ): EventDraft {
    return {
      type,
      reason: `${reason} (trade ${fill.tradeId})`,
      exchangeOrderId: eo.id,
      price: fill.price,
      size: fill.size,
      filled: this.order.filled,
    };
  }

  /** LIVE / PARTIALLY_FILLED / FILLED from the matched size; other states keep theirs. */
  private settleFillState(eo: TrackedExchangeOrder): void {
    if (eo.state === 'CANCELLED' && coversSize(eo.filled + eo.pendingFilled, eo.size)) {
      // It left the book filled; its last trades only arrived after it was closed.
      eo.state = 'FILLED';
      eo.matchedFinal = true;
      eo.reportedMatched = Math.max(eo.reportedMatched, eo.size);
      delete eo.reason;
      return;
    }
    if (eo.state !== 'LIVE' && eo.state !== 'PARTIALLY_FILLED' && eo.state !== 'PENDING_NEW') {
      return;
    }
    const matched = eo.filled + eo.pendingFilled;
    if (matched === 0) return;
    eo.state = coversSize(matched, eo.size) ? 'FILLED' : 'PARTIALLY_FILLED';
    if (eo.state === 'FILLED') {
      // Filled by its trades: it cannot match more.
      eo.matchedFinal = true;
      eo.reportedMatched = Math.max(eo.reportedMatched, eo.size);
    }
  }

  private changed(eo: TrackedExchangeOrder): void {
    eo.updatedAt = this.now();
    this.sync(eo);
  }

  /**
   * Brings the user order's totals and exchange-order views up to date after a change of `eo`,
   * or of every tracked order when none is given (a restore). Only `eo`'s share and view are
   * rebuilt, so an event costs the same on the 1,000th replacement as on the first; the tests
   * compare the result with a recomputation from all tracked orders.
   */
  private sync(eo?: TrackedExchangeOrder): void {
    if (eo) {
      this.resync(eo);
    } else {
      this.totals = { filled: 0, pending: 0, notional: 0n };
      this.shares.clear();
      this.weighing.clear();
      for (const tracked of this.tracked.values()) this.resync(tracked);
    }
    const { filled, pending, notional } = this.totals;
    this.order.filled = filled;
    this.order.pendingFilled = pending;
    this.order.avgPrice =
      filled > 0 ? Number((notional + BigInt(filled) / 2n) / BigInt(filled)) : null;
    this.order.exchangeOrders = this.viewList;
    this.touch();
  }

  private resync(eo: TrackedExchangeOrder): void {
    const share = shareOf(eo);
    const before = this.shares.get(eo.id);
    this.totals = {
      filled: this.totals.filled + share.filled - (before?.filled ?? 0),
      pending: this.totals.pending + share.pending - (before?.pending ?? 0),
      notional: this.totals.notional + share.notional - (before?.notional ?? 0n),
    };
    this.shares.set(eo.id, share);
    const heldBack = heldBackOf(eo);
    if (!isFinalExchangeState(eo.state) || heldBack > 0) this.weighing.add(eo.id);
    else this.weighing.delete(eo.id);
    this.changedIds.add(eo.id);
    // A view is rebuilt only when its order changed, and the list handed out is replaced, never
    // mutated, so that a snapshot of the order may share both.
    const at = this.position.get(eo.id);
    const previous = at === undefined ? undefined : this.viewList[at];
    if (previous && sameView(previous, eo, heldBack)) return;
    const view = Object.freeze(exchangeOrderView({ ...eo, heldBack }));
    if (at === undefined) {
      this.position.set(eo.id, this.viewList.length);
      this.viewList = [...this.viewList, view];
    } else {
      const list = this.viewList.slice();
      list[at] = view;
      this.viewList = list;
    }
  }

  private touch(): void {
    this.order.updatedAt = this.now();
  }

  private require(id: string): TrackedExchangeOrder {
    const eo = this.tracked.get(id);
    if (!eo)
      throw new PolydeskError('NOT_FOUND', `exchange order ${id} is not part of ${this.order.id}`);
    return eo;
  }

  private requireState(states: OrderState[], what: string): void {
    if (!states.includes(this.order.state)) {
      throw new PolydeskError(
        'INTERNAL',
        `cannot ${what} order ${this.order.id} in state ${this.order.state}`,
      );
    }
  }
}

/** One exchange order's part of its user order's filled, pending and confirmed notional. */
interface TotalsShare {
  filled: number;
  pending: number;
  notional: bigint;
}

function shareOf(eo: TrackedExchangeOrder): TotalsShare {
  let notional = 0n;
  for (const fill of eo.fills.values()) {
    if (fill.status === 'CONFIRMED') notional += BigInt(fill.price) * BigInt(fill.size);
  }
  return { filled: eo.filled, pending: eo.pendingFilled, notional };
}

function sameView(view: ExchangeOrderView, eo: TrackedExchangeOrder, heldBack: number): boolean {
  return (
    view.state === eo.state &&
    view.price === eo.price &&
    view.size === eo.size &&
    view.filled === eo.filled &&
    view.pendingFilled === eo.pendingFilled &&
    view.createdAt === eo.createdAt &&
    view.reason === eo.reason &&
    (view.heldBack ?? 0) === heldBack &&
    view.side === eo.side
  );
}
