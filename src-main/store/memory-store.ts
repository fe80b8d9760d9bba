import { PolydeskError } from '@shared/errors';
import { exchangeOrderView } from '@shared/domain/order';
import type { Order, OrderEvent } from '@shared/domain/order';
import { groupBy } from './group-by';
import type {
  Store,
  StoreBatch,
  StoredExchangeOrder,
  StoredFill,
  StoredHistory,
} from './store-port';

/** The Store in memory: for tests, the demo and paper runs that need no file. */
export class MemoryStore implements Store {
  private readonly orders = new Map<string, Order>();
  private readonly exchange = new Map<string, StoredExchangeOrder>();
  private readonly fillsByKey = new Map<string, StoredFill>();
  private readonly eventLog: OrderEvent[] = [];

  saveOrder(order: Order): Promise<void> {
    this.putOrder(order);
    return Promise.resolve();
  }

  /** As the SQLite store: the order without its exchange orders, which are stored on their own. */
  private putOrder(order: Order): void {
    this.orders.set(order.id, structuredClone({ ...order, exchangeOrders: [] }));
  }

  /** The stored orders with their exchange orders as stored, oldest first (as SQLite reads them). */
  private readOrders(byOrder = this.exchangeByOrder()): Order[] {
    return [...this.orders.values()].map((order) => ({
      ...structuredClone(order),
      exchangeOrders: (byOrder.get(order.id) ?? []).map(exchangeOrderView),
    }));
  }

  /** Exchange orders by user order, oldest first (as SQLite reads them). */
  private exchangeByOrder(): Map<string, StoredExchangeOrder[]> {
    return groupBy(this.oldestFirst(), (order) => order.userOrderId);
  }

  /** Copies of the exchange orders ordered as SQLite reads them (created_at, then insertion). */
  private oldestFirst(): StoredExchangeOrder[] {
    return copies(this.exchange.values()).sort((a, b) => a.createdAt - b.createdAt);
  }

  loadOrders(): Promise<Order[]> {
    return Promise.resolve(this.readOrders());
  }

  saveExchangeOrder(order: StoredExchangeOrder): Promise<void> {
    this.exchange.set(order.id, { ...order });
    return Promise.resolve();
  }

  exchangeOrders(userOrderId?: string): Promise<StoredExchangeOrder[]> {
    return Promise.resolve(
      this.oldestFirst().filter(
        (order) => userOrderId === undefined || order.userOrderId === userOrderId,
      ),
    );
  }

  saveFill(fill: StoredFill): Promise<void> {
    this.fillsByKey.set(fill.fillKey, { ...fill });
    return Promise.resolve();
  }

  fills(userOrderId?: string): Promise<StoredFill[]> {
    return Promise.resolve(
      [...this.fillsByKey.values()]
        .filter((fill) => userOrderId === undefined || fill.userOrderId === userOrderId)
        .map((fill) => ({ ...fill })),
    );
  }

  appendEvent(event: OrderEvent): Promise<void> {
    const last = this.eventLog.at(-1);
    if (last && event.seq <= last.seq) {
      return Promise.reject(
        new PolydeskError('CONFLICT', `event seq ${event.seq} is not after ${last.seq}`),
      );
    }
    this.eventLog.push({ ...event });
    return Promise.resolve();
  }

  commit(batch: StoreBatch): Promise<void> {
    for (const order of batch.orders) this.putOrder(order);
    for (const order of batch.exchangeOrders) this.exchange.set(order.id, { ...order });
    for (const fill of batch.fills) this.fillsByKey.set(fill.fillKey, { ...fill });
    let refused: string | null = null;
    for (const event of batch.events) {
      const last = this.eventLog.at(-1);
      if (last && event.seq <= last.seq) {
        refused ??= `event seq ${event.seq} is not after ${last.seq}`;
        continue;
      }
      this.eventLog.push({ ...event });
    }
    return refused === null
      ? Promise.resolve()
      : Promise.reject(new PolydeskError('CONFLICT', refused));
  }

  events(orderId: string): Promise<OrderEvent[]> {
    return Promise.resolve(
      this.eventLog.filter((event) => event.orderId === orderId).map((event) => ({ ...event })),
    );
  }

  loadHistory(): Promise<StoredHistory> {
    const exchangeOrders = this.exchangeByOrder();
    return Promise.resolve({
      orders: this.readOrders(exchangeOrders),
      exchangeOrders,
      fills: groupBy(copies(this.fillsByKey.values()), (fill) => fill.userOrderId),
      events: groupBy(copies(this.eventLog), (event) => event.orderId),
    });
  }

  lastSeq(): Promise<number> {
    return Promise.resolve(this.eventLog.at(-1)?.seq ?? -1);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Shallow copies, so that callers cannot change what the store holds. */
function copies<T extends object>(records: Iterable<T>): T[] {
  return [...records].map((record) => ({ ...record }));
}
