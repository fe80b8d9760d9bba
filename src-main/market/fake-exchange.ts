import { PolydeskError } from '@shared/errors';
import type {
  BookLevel,
  BookListener,
  BookSnapshot,
  BookSource,
  BookSubscription,
  CancelResult,
  ConnectionState,
  Exchange,
  MarketInfo,
  MarketSummary,
  StreamState,
  TickSize,
} from '../exchange/exchange-port';

/** A binary market for the fake: YES and NO tokens, tick 0.01 and minimum 5 shares by default. */
export function fakeMarket(
  conditionId: string,
  yesTokenId: string,
  noTokenId: string,
  tickSize: TickSize = '0.01',
): MarketInfo {
  const tickMicros = Math.round(Number(tickSize) * 1_000_000);
  return {
    conditionId,
    question: `Will ${conditionId} happen?`,
    slug: conditionId,
    tokens: [
      { tokenId: yesTokenId, outcome: 'Yes' },
      { tokenId: noTokenId, outcome: 'No' },
    ],
    tickSize,
    tickMicros,
    minOrderSizeMicros: 5_000_000,
    negRisk: false,
    active: true,
    closed: false,
    acceptingOrders: true,
    fees: { ratePpm: 0, exponent: 0, takerOnly: true },
  };
}

export interface FakeBook {
  bids: BookLevel[];
  asks: BookLevel[];
  source?: BookSource;
  confirmedAtMs?: number;
  lastTradePriceMicros?: number;
  /** Default: the market's tick; 0 for a book that carries none. */
  tickMicros?: number;
  minOrderSizeMicros?: number;
  epoch?: number;
}

interface Token {
  conditionId: string;
  listeners: Set<BookListener>;
  book: BookSnapshot | undefined;
  state: StreamState;
}

/**
 * An in-process Exchange for tests and benchmarks: markets are fixed, books are pushed by the
 * caller and handed to subscribers synchronously, as the adapter does. Trading calls are refused.
 */
export class FakeExchange implements Exchange {
  readonly readOnly = true;
  readonly signerAddress = undefined;
  readonly makerAddress = undefined;
  subscribeCalls = 0;
  unsubscribeCalls = 0;
  getMarketCalls = 0;
  getBookCalls = 0;
  private readonly restBooks = new Map<string, BookSnapshot>();
  private readonly markets = new Map<string, MarketInfo>();
  private readonly tokens = new Map<string, Token>();

  constructor(
    markets: MarketInfo[],
    private readonly now: () => number = Date.now,
  ) {
    for (const market of markets) {
      this.markets.set(market.conditionId, market);
      for (const token of market.tokens) {
        this.tokens.set(token.tokenId, {
          conditionId: market.conditionId,
          listeners: new Set(),
          book: undefined,
          state: 'connecting',
        });
      }
    }
  }

  /** Replaces a token's book and hands it to its subscribers. */
  push(tokenId: string, book: FakeBook): BookSnapshot {
    const snapshot = this.toSnapshot(tokenId, book);
    this.emit(snapshot);
    return snapshot;
  }

  /** What REST serves for a token from now on, whatever the stream said (undefined: the same). */
  setRestBook(tokenId: string, book: FakeBook | undefined): void {
    if (book) this.restBooks.set(tokenId, { ...this.toSnapshot(tokenId, book), source: 'rest' });
    else this.restBooks.delete(tokenId);
  }

  private toSnapshot(tokenId: string, book: FakeBook): BookSnapshot {
    const token = this.token(tokenId);
    const market = this.markets.get(token.conditionId);
    const nowMs = this.now();
    const confirmedAtMs = book.confirmedAtMs ?? nowMs;
    const snapshot: BookSnapshot = {
      tokenId,
      conditionId: token.conditionId,
      bids: book.bids,
      asks: book.asks,
      tickMicros: book.tickMicros ?? market?.tickMicros ?? 0,
      minOrderSizeMicros: book.minOrderSizeMicros ?? market?.minOrderSizeMicros,
      lastTradePriceMicros: book.lastTradePriceMicros,
      exchangeTimestampMs: nowMs,
      confirmedAtMs,
      ageMs: Math.max(0, nowMs - confirmedAtMs),
      source: book.source ?? 'stream',
      epoch: book.epoch ?? 0,
      hash: '',
    };
    return snapshot;
  }

  /** Hands a prepared book to the token's subscribers (the benchmark's generator uses this). */
  emit(book: BookSnapshot): void {
    const token = this.token(book.tokenId);
    token.book = book;
    if (token.state !== 'live' && book.source === 'stream') this.setState(book.tokenId, 'live');
    for (const listener of token.listeners) listener.onBook(book);
  }

  setState(tokenId: string, state: StreamState): void {
    const token = this.token(tokenId);
    if (token.state === state) return;
    token.state = state;
    for (const listener of token.listeners) {
      listener.onState?.({ tokenId, state, reason: 'test' });
    }
  }

  /** Marks the book current without an event, as the adapter does when a REST check matches. */
  confirm(tokenId: string, atMs: number): void {
    const token = this.token(tokenId);
    if (token.book) token.book = { ...token.book, confirmedAtMs: atMs };
  }

  subscribers(tokenId: string): number {
    return this.token(tokenId).listeners.size;
  }

  listMarkets(): Promise<MarketSummary[]> {
    return Promise.resolve(
      [...this.markets.values()].map((market) => {
        const summary: MarketSummary & { fees?: unknown } = { ...market };
        delete summary.fees;
        return summary;
      }),
    );
  }

  getMarket(conditionId: string): Promise<MarketInfo> {
    this.getMarketCalls += 1;
    const market = this.markets.get(conditionId);
    return market
      ? Promise.resolve(market)
      : Promise.reject(new PolydeskError('NOT_FOUND', `market ${conditionId} not found`));
  }

  getBook(tokenId: string): Promise<BookSnapshot> {
    this.getBookCalls += 1;
    const rest = this.restBooks.get(tokenId);
    if (rest) return Promise.resolve(rest);
    const token = this.tokens.get(tokenId);
    if (!token) return Promise.reject(new PolydeskError('NOT_FOUND', `no book for ${tokenId}`));
    const nowMs = this.now();
    return Promise.resolve(
      token.book ?? {
        tokenId,
        conditionId: token.conditionId,
        bids: [],
        asks: [],
        tickMicros: this.markets.get(token.conditionId)?.tickMicros ?? 0,
        minOrderSizeMicros: undefined,
        lastTradePriceMicros: undefined,
        exchangeTimestampMs: nowMs,
        confirmedAtMs: nowMs,
        ageMs: 0,
        source: 'rest',
        epoch: 0,
        hash: '',
      },
    );
  }

  subscribeBook(tokenId: string, listener: BookListener): BookSubscription {
    this.subscribeCalls += 1;
    let token = this.tokens.get(tokenId);
    if (!token) {
      // Like the real stream: an unknown asset is subscribed, and nothing ever arrives.
      token = { conditionId: '', listeners: new Set(), book: undefined, state: 'connecting' };
      this.tokens.set(tokenId, token);
    }
    const entry = token;
    entry.listeners.add(listener);
    if (entry.book) listener.onBook(entry.book);
    let active = true;
    return {
      tokenId,
      current: () => {
        const book = entry.book;
        if (!book) return undefined;
        return { ...book, ageMs: Math.max(0, this.now() - book.confirmedAtMs) };
      },
      state: () => entry.state,
      unsubscribe: () => {
        if (!active) return;
        active = false;
        this.unsubscribeCalls += 1;
        entry.listeners.delete(listener);
      },
    };
  }

  connectionState(): ConnectionState {
    return { rest: 'ok', marketStream: 'live', userStream: 'idle', heartbeat: 'off' };
  }

  onConnectionState(): () => void {
    return () => undefined;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  prepareOrder(): Promise<never> {
    return refused();
  }
  submitPrepared(): Promise<never> {
    return refused();
  }
  cancelOrder(): Promise<CancelResult> {
    return refused();
  }
  cancelOrders(): Promise<CancelResult> {
    return refused();
  }
  cancelAll(): Promise<CancelResult> {
    return refused();
  }
  cancelMarket(): Promise<CancelResult> {
    return refused();
  }
  getOrder(): Promise<never> {
    return refused();
  }
  getOpenOrders(): Promise<never> {
    return refused();
  }
  getFills(): Promise<never> {
    return refused();
  }
  getCollateralBalance(): Promise<never> {
    return refused();
  }
  getConditionalBalance(): Promise<never> {
    return refused();
  }
  refreshBalance(): Promise<never> {
    return refused();
  }
  startHeartbeat(): void {
    throw new PolydeskError('READ_ONLY', 'the fake exchange does not trade');
  }
  stopHeartbeat(): void {
    return undefined;
  }
  subscribeUserEvents(): () => void {
    return () => undefined;
  }

  private token(tokenId: string): Token {
    const token = this.tokens.get(tokenId);
    if (!token) throw new PolydeskError('NOT_FOUND', `fake exchange: unknown token ${tokenId}`);
    return token;
  }
}

function refused(): Promise<never> {
  return Promise.reject(new PolydeskError('READ_ONLY', 'the fake exchange does not trade'));
}
