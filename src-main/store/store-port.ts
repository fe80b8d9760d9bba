import type { Order, OrderEvent } from '@shared/domain/order';
import type { TradeStatus } from '../exchange/exchange-port';

/** One exchange order as stored: the domain view plus what ties it to its user order and token. */
export interface StoredExchangeOrder {
  id: string;
  userOrderId: string;
  tokenId: string;
  side: 'BUY' | 'SELL';
  state: Order['exchangeOrders'][number]['state'];
  price: number;
  size: number;
  filled: number;
  pendingFilled: number;
  createdAt: number;
  updatedAt: number;
  reason?: string;
  /** The largest matched size the exchange reported for it (getOrder, the user stream). */
  reportedMatched: number;
  /** Off the book with its final matched size known (false: its last fills may still be unreported). */
  matchedFinal: boolean;
  /** When it left the book (epoch ms); undefined while it rests. */
  closedAt?: number;
}

/** Our part of one trade, keyed by `${tradeId}:${orderId}` (a trade can carry several of ours). */
export interface StoredFill {
  fillKey: string;
  tradeId: string;
  exchangeOrderId: string;
  userOrderId: string;
  price: number;
  size: number;
  status: TradeStatus;
  role: 'TAKER' | 'MAKER';
  at: number;
}

/**
 * Everything a restart reads, in one go: every order as `loadOrders` gives it, and each user
 * order's exchange orders, fills and events keyed by user order id, each list in the order the
 * per-order reads give it. A user order with no record of a kind has no key in that map.
 */
export interface StoredHistory {
  orders: Order[];
  exchangeOrders: Map<string, StoredExchangeOrder[]>;
  fills: Map<string, StoredFill[]>;
  events: Map<string, OrderEvent[]>;
}

/**
 * Writes that land together or not at all (one transaction, one sync to disk): the daemon groups
 * everything queued while the previous commit was on its way into the next one.
 */
export interface StoreBatch {
  /** In increasing seq order; each must be above every stored one (as appendEvent). */
  events: readonly OrderEvent[];
  orders: readonly Order[];
  exchangeOrders: readonly StoredExchangeOrder[];
  fills: readonly StoredFill[];
}

/**
 * Persistence of orders, exchange orders, fills and events. Async and narrow so that the SQLite
 * store can stand behind it; every write is an upsert keyed as documented, so replaying a write
 * is harmless.
 */
export interface Store {
  /** Upserts the user order by id (its exchangeOrders are stored separately). */
  saveOrder(order: Order): Promise<void>;
  loadOrders(): Promise<Order[]>;
  /** Upserts by exchange order id. Written before the order is sent (lessons §1.2). */
  saveExchangeOrder(order: StoredExchangeOrder): Promise<void>;
  exchangeOrders(userOrderId?: string): Promise<StoredExchangeOrder[]>;
  /** Upserts by fillKey (status moves MATCHED → CONFIRMED or FAILED). */
  saveFill(fill: StoredFill): Promise<void>;
  fills(userOrderId?: string): Promise<StoredFill[]>;
  /** Appends an event; its seq must be above every stored one. */
  appendEvent(event: OrderEvent): Promise<void>;
  events(orderId: string): Promise<OrderEvent[]>;
  /**
   * A batch in one transaction, as the single writes above would leave it. An event at or below
   * the last stored seq is not stored (a replay of the very event stored there is harmless; any
   * other makes the call fail with CONFLICT once the rest of the batch is written).
   */
  commit(batch: StoreBatch): Promise<void>;
  /**
   * The whole history at once (a constant number of queries, however many orders): what
   * `loadOrders` and, per order, `exchangeOrders`, `fills` and `events` would return.
   */
  loadHistory(): Promise<StoredHistory>;
  /** Highest stored seq, −1 when none: the next run continues after it. */
  lastSeq(): Promise<number>;
  close(): Promise<void>;
}
