import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';
import type { StreamState } from '@shared/ipc/contract';
import type { MarketInfo } from '../exchange/exchange-port';

/** One of our resting orders, as the monitor takes them out of "competition". */
export interface OurOrder {
  orderId: string;
  side: 'BUY' | 'SELL';
  price: number;
  size: number;
}

/**
 * What the daemon needs of the market monitor. `MarketMonitor` (src-main/market) satisfies it;
 * tests pass small fakes.
 */
export interface MarketPort {
  /** Ref-counted: each call needs one stopMonitoring. */
  startMonitoring(tokenId: string): Promise<unknown>;
  stopMonitoring(tokenId: string): unknown;
  /** The latest snapshot (with its age and `stale`); may throw or be undefined when unknown. */
  getSnapshot(tokenId: string): MarketSnapshot | undefined;
  onSnapshot(listener: (snapshot: MarketSnapshot) => void): () => void;
  setOurOrders(tokenId: string, orders: readonly OurOrder[]): void;
  /** Tick, minimum size, condition and fees; NOT_FOUND for an unknown token. */
  marketInfo(tokenId: string): Promise<MarketInfo>;
}

/** What the trading desk needs on top: the market list, watching, and stream health. */
export interface DeskMonitor extends MarketPort {
  listMarkets(): Promise<MarketListItem[]>;
  monitored(): string[];
  streamState(): StreamState;
  oldestBookAgeMs(): number | null;
  stop(): unknown;
}
