import type { MarketSnapshot } from '@shared/domain/market';
import { PolydeskError } from '@shared/errors';
import { calculateMicroPrice } from '@shared/math/micro-price';
import type { MarketInfo } from '../exchange/exchange-port';
import type { MarketPort, OurOrder } from '../daemon/market-port';

export interface FakeLevels {
  bids: [number, number][];
  asks: [number, number][];
  stale?: boolean;
}

/** A MarketPort whose books the test sets level by level (prices in micros, sizes in shares). */
export class FakeMarketPort implements MarketPort {
  readonly ours = new Map<string, OurOrder[]>();
  readonly snapshots = new Map<string, MarketSnapshot>();
  readonly refs = new Map<string, number>();
  private readonly listeners = new Set<(snapshot: MarketSnapshot) => void>();

  constructor(private readonly markets: MarketInfo[]) {}

  setBook(tokenId: string, levels: FakeLevels): MarketSnapshot {
    const market = this.info(tokenId);
    const bids = levels.bids.map(([price, shares]) => ({ price, size: shares * 1_000_000 }));
    const asks = levels.asks.map(([price, shares]) => ({ price, size: shares * 1_000_000 }));
    const micro = calculateMicroPrice({
      bids: bids.map((level) => ({ priceMicros: level.price, sizeMicros: level.size })),
      asks: asks.map((level) => ({ priceMicros: level.price, sizeMicros: level.size })),
    });
    const snapshot: MarketSnapshot = {
      tokenId,
      conditionId: market.conditionId,
      timestamp: Date.now(),
      ageMs: 0,
      stale: levels.stale ?? false,
      source: 'stream',
      tickMicros: market.tickMicros,
      bestBid: bids[0]?.price ?? null,
      bestAsk: asks[0]?.price ?? null,
      spread: bids[0] && asks[0] ? asks[0].price - bids[0].price : null,
      bidDepth: bids[0]?.size ?? 0,
      askDepth: asks[0]?.size ?? 0,
      microPrice: micro,
      microPriceUpperBand: null,
      microPriceLowerBand: null,
      bids,
      asks,
      lastTradePrice: null,
      ourOrders: this.ours.get(tokenId) ?? [],
    };
    this.snapshots.set(tokenId, snapshot);
    for (const listener of this.listeners) listener(snapshot);
    return snapshot;
  }

  startMonitoring(tokenId: string): Promise<MarketSnapshot | null> {
    this.info(tokenId);
    this.refs.set(tokenId, (this.refs.get(tokenId) ?? 0) + 1);
    return Promise.resolve(this.snapshots.get(tokenId) ?? null);
  }

  stopMonitoring(tokenId: string): void {
    this.refs.set(tokenId, (this.refs.get(tokenId) ?? 0) - 1);
  }

  getSnapshot(tokenId: string): MarketSnapshot | undefined {
    return this.snapshots.get(tokenId);
  }

  onSnapshot(listener: (snapshot: MarketSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setOurOrders(tokenId: string, orders: readonly OurOrder[]): void {
    this.ours.set(tokenId, [...orders]);
  }

  marketInfo(tokenId: string): Promise<MarketInfo> {
    try {
      return Promise.resolve(this.info(tokenId));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private info(tokenId: string): MarketInfo {
    const market = this.markets.find((candidate) =>
      candidate.tokens.some((token) => token.tokenId === tokenId),
    );
    if (!market) throw new PolydeskError('NOT_FOUND', `unknown token ${tokenId}`);
    return market;
  }
}
