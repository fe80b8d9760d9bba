import type { MarketSnapshot } from '@shared/domain/market';
import { PolydeskError } from '@shared/errors';
import { calculateMicroPrice } from '@shared/math/micro-price';
import type { BookSnapshot, Exchange, MarketInfo } from '../exchange/exchange-port';
import type { Logger } from '../host/logger';
import type { MarketPort, OurOrder } from './market-port';

interface Polled {
  refs: number;
  timer: NodeJS.Timeout | null;
  snapshot: MarketSnapshot | undefined;
  conditionId: string | undefined;
  /** Local time of the last successful poll. */
  polledAt: number;
}

/**
 * The plan's MarketMonitor as it was designed: every `pollIntervalMs` (2 s in the plan) each
 * watched book is fetched over REST. Kept as the baseline the streaming monitor is measured
 * against (daemon/bench.ts); the app uses the streaming MarketMonitor.
 */
export class PollingMarketPort implements MarketPort {
  private readonly books = new Map<string, Polled>();
  private readonly ours = new Map<string, OurOrder[]>();
  private readonly listeners = new Set<(snapshot: MarketSnapshot) => void>();
  private readonly infos = new Map<string, MarketInfo>();

  constructor(
    private readonly exchange: Exchange,
    private readonly logger: Logger,
    private readonly pollIntervalMs = 2_000,
  ) {}

  async startMonitoring(tokenId: string): Promise<MarketSnapshot | undefined> {
    let polled = this.books.get(tokenId);
    if (!polled) {
      polled = { refs: 0, timer: null, snapshot: undefined, conditionId: undefined, polledAt: 0 };
      this.books.set(tokenId, polled);
      const entry = polled;
      entry.timer = setInterval(() => void this.poll(tokenId, entry), this.pollIntervalMs);
      await this.poll(tokenId, entry);
    }
    polled.refs += 1;
    return polled.snapshot;
  }

  stopMonitoring(tokenId: string): void {
    const polled = this.books.get(tokenId);
    if (!polled) return;
    polled.refs -= 1;
    if (polled.refs > 0) return;
    if (polled.timer) clearInterval(polled.timer);
    this.books.delete(tokenId);
  }

  /** A book not refreshed for three intervals is stale. */
  getSnapshot(tokenId: string): MarketSnapshot | undefined {
    const polled = this.books.get(tokenId);
    if (!polled?.snapshot) return undefined;
    const ageMs = Math.max(0, Date.now() - polled.polledAt);
    return { ...polled.snapshot, ageMs, stale: ageMs > 3 * this.pollIntervalMs };
  }

  onSnapshot(listener: (snapshot: MarketSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setOurOrders(tokenId: string, orders: readonly OurOrder[]): void {
    this.ours.set(tokenId, [...orders]);
  }

  async marketInfo(tokenId: string): Promise<MarketInfo> {
    const cached = this.infos.get(tokenId);
    if (cached) return cached;
    const book = await this.exchange.getBook(tokenId);
    if (!book.conditionId)
      throw new PolydeskError('NOT_FOUND', `no market trades token ${tokenId}`);
    const info = await this.exchange.getMarket(book.conditionId);
    for (const token of info.tokens) this.infos.set(token.tokenId, info);
    return info;
  }

  stop(): void {
    for (const polled of this.books.values()) if (polled.timer) clearInterval(polled.timer);
    this.books.clear();
  }

  private async poll(tokenId: string, polled: Polled): Promise<void> {
    try {
      const book = await this.exchange.getBook(tokenId);
      polled.snapshot = this.build(book);
      polled.polledAt = Date.now();
      for (const listener of this.listeners) listener(polled.snapshot);
    } catch (err) {
      this.logger.warn({ tokenId, err: PolydeskError.from(err).message }, 'book poll failed');
    }
  }

  private build(book: BookSnapshot): MarketSnapshot {
    const bid = book.bids[0];
    const ask = book.asks[0];
    const now = Date.now();
    return {
      tokenId: book.tokenId,
      conditionId: book.conditionId,
      timestamp: now,
      ageMs: 0,
      stale: false,
      source: 'poll',
      tickMicros: book.tickMicros,
      bestBid: bid?.price ?? null,
      bestAsk: ask?.price ?? null,
      spread: bid && ask ? ask.price - bid.price : null,
      bidDepth: bid?.size ?? 0,
      askDepth: ask?.size ?? 0,
      microPrice: calculateMicroPrice({
        bids: book.bids.slice(0, 1).map((l) => ({ priceMicros: l.price, sizeMicros: l.size })),
        asks: book.asks.slice(0, 1).map((l) => ({ priceMicros: l.price, sizeMicros: l.size })),
      }),
      microPriceUpperBand: null,
      microPriceLowerBand: null,
      bids: book.bids.slice(0, 15),
      asks: book.asks.slice(0, 15),
      lastTradePrice: null,
      ourOrders: this.ours.get(book.tokenId) ?? [],
    };
  }
}
