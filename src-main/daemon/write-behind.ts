import type { Order, OrderEvent } from '@shared/domain/order';
import type { Store, StoreBatch, StoredExchangeOrder, StoredFill } from '../store/store-port';
import { realTimers } from './timers';

/**
 * The daemon's writes to the store, grouped: everything queued while one commit is on its way
 * goes into the next, as one transaction (group commit). An order or exchange order written
 * twice before its commit is written once, as it last was; every event is kept. `settled()` is
 * the write-ahead barrier: it resolves once everything queued before the call is committed.
 *
 * Without the grouping, each event cost one commit per exchange order its user order ever had (a
 * pegging order that replaced itself 500 times synced 500 rows to disk per event).
 */
export class WriteBehind {
  private events: OrderEvent[] = [];
  private orders = new Map<string, Order>();
  private exchangeOrders = new Map<string, StoredExchangeOrder>();
  private fills = new Map<string, StoredFill>();
  /** The commit running now, if any. */
  private running: Promise<void> | null = null;
  /** The next commit: gathers writes until it starts, after the running one. */
  private next: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly onError: (err: unknown) => void,
    /** Where a commit waits before it starts (see commitNext). */
    private readonly afterDueIo: () => Promise<void> = realTimers.afterDueIo,
  ) {}

  event(event: OrderEvent): void {
    this.events.push(event);
    this.schedule();
  }

  order(order: Order): void {
    this.orders.set(order.id, order);
    this.schedule();
  }

  exchangeOrder(order: StoredExchangeOrder): void {
    this.exchangeOrders.set(order.id, order);
    this.schedule();
  }

  fill(fill: StoredFill): void {
    this.fills.set(fill.fillKey, fill);
    this.schedule();
  }

  /** Resolves once every write queued so far is committed (or has failed and been reported). */
  settled(): Promise<void> {
    return this.next ?? this.running ?? Promise.resolve();
  }

  private schedule(): void {
    if (this.next) return;
    this.next = this.commitNext(this.running);
  }

  private async commitNext(before: Promise<void> | null): Promise<void> {
    await before;
    // After the I/O callbacks already due, not in the microtasks of the burst that queued the
    // writes: the store's commit runs on this thread (SQLite's transaction and fsync included), and
    // a request the same burst started (a cancel, a placement) leaves before it, not after. The
    // writes of that burst, and of whatever else runs until then, share the commit.
    await this.afterDueIo();
    const batch = this.take();
    const commit = this.store.commit(batch).catch(this.onError);
    // `next` is this very call (schedule() stored it); from here new writes gather in another.
    this.running = this.next;
    this.next = null;
    await commit;
    if (this.next === null) this.running = null;
  }

  private take(): StoreBatch {
    const batch: StoreBatch = {
      events: this.events,
      orders: [...this.orders.values()],
      exchangeOrders: [...this.exchangeOrders.values()],
      fills: [...this.fills.values()],
    };
    this.events = [];
    this.orders = new Map();
    this.exchangeOrders = new Map();
    this.fills = new Map();
    return batch;
  }
}
