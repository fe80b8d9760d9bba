import type { AccountSummary, StreamState } from '@shared/ipc/contract';
import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';
import type { Order, OrderEvent } from '@shared/domain/order';
import type { OrderSpec } from '@shared/domain/order-request';
import type { RiskLimits } from '../daemon/risk-rails';

/** What the order daemon and market monitor report for daemon.health and the status bar. */
export interface TradingHealth {
  workers: { busy: number; idle: number } | null;
  queueDepth: number;
  activeOrders: number;
  stream: StreamState;
  oldestBookAgeMs: number | null;
}

/** Pushes from the trading layer; the host forwards them to every client. */
export interface TradingListener {
  onSnapshot(snapshot: MarketSnapshot): void;
  onOrderUpdated(order: Order): void;
  onOrderEvent(event: OrderEvent): void;
}

/**
 * Everything the contract's market, order and account calls need, behind one interface: the host
 * does not know how the daemon, the monitor or the exchange are built. Errors are PolydeskErrors.
 */
export interface TradingServices {
  accountSummary(): Promise<AccountSummary>;
  listMarkets(): Promise<MarketListItem[]>;
  watch(tokenId: string): Promise<MarketSnapshot | null>;
  unwatch(tokenId: string): string[];
  snapshot(tokenId: string): MarketSnapshot;
  submit(spec: OrderSpec): Promise<{ orderId: string }>;
  cancel(orderId: string): Promise<Order>;
  cancelAll(): Promise<string[]>;
  listOrders(includeFinal: boolean): Order[];
  orderEvents(orderId: string): OrderEvent[];
  health(): TradingHealth;
  /** New safety rails for the next submit and placement. */
  setRiskLimits(limits: RiskLimits): void;
  subscribe(listener: TradingListener): () => void;
}
