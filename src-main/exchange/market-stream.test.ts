import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../host/logger';
import { bookHash, type HashableBook } from './book-hash';
import type { BookSnapshot, BookStateChange, MarketResolvedEvent } from './exchange-port';
import { MarketStream, type MarketStreamOptions } from './market-stream';
import type { RestBook } from './wire-schemas';
import { must, waitFor, WsTestServer } from './ws-test-server';

/** The exchange's side of one token's book, producing events and REST replies with real hashes. */
class ServerBook {
  bids = new Map<string, string>();
  asks = new Map<string, string>();
  timestamp = 1_700_000_000_000;
  tick = '0.01';

  constructor(
    readonly tokenId: string,
    readonly market = '0xmarket',
  ) {}

  summary(): HashableBook {
    const level = ([price, size]: [string, string]) => ({ price, size });
    return {
      market: this.market,
      asset_id: this.tokenId,
      timestamp: String(this.timestamp),
      bids: [...this.bids].sort((a, b) => Number(a[0]) - Number(b[0])).map(level),
      asks: [...this.asks].sort((a, b) => Number(b[0]) - Number(a[0])).map(level),
      min_order_size: '5',
      tick_size: this.tick,
      neg_risk: false,
      last_trade_price: '0.5',
    };
  }

  rest(): RestBook {
    const s = this.summary();
    return { ...s, hash: bookHash(s) };
  }

  bookEvent(): Record<string, unknown> {
    return { event_type: 'book', ...this.rest() };
  }

  /** Mutates the book and returns the price_change entry (with the hash after the change). */
  change(side: 'BUY' | 'SELL', price: string, size: string): Record<string, unknown> {
    const levels = side === 'BUY' ? this.bids : this.asks;
    if (size === '0') levels.delete(price);
    else levels.set(price, size);
    this.timestamp += 1;
    return { asset_id: this.tokenId, price, size, side, hash: bookHash(this.summary()) };
  }

  priceChange(...changes: Record<string, unknown>[]): Record<string, unknown> {
    return {
      event_type: 'price_change',
      market: this.market,
      timestamp: String(this.timestamp),
      price_changes: changes,
    };
  }
}

function seed(book: ServerBook): ServerBook {
  book.bids.set('0.48', '100');
  book.bids.set('0.47', '50');
  book.asks.set('0.52', '80');
  book.asks.set('0.53', '20');
  return book;
}

interface Harness {
  stream: MarketStream;
  books: Map<string, BookSnapshot[]>;
  states: BookStateChange[];
  restCalls: string[];
  ticks: Array<[string, string]>;
}

let server: WsTestServer;
let url: string;
let serverBooks: Map<string, ServerBook>;
let restFails = false;
let harness: Harness | undefined;

function start(tokens: string[], overrides: Partial<MarketStreamOptions> = {}): Harness {
  const books = new Map<string, BookSnapshot[]>();
  const states: BookStateChange[] = [];
  const restCalls: string[] = [];
  const ticks: Array<[string, string]> = [];
  const stream = new MarketStream({
    wsUrl: url,
    logger: silentLogger(),
    fetchBook: (tokenId) => {
      restCalls.push(tokenId);
      if (restFails) return Promise.reject(new Error('rest down'));
      const book = serverBooks.get(tokenId);
      return book ? Promise.resolve(book.rest()) : Promise.reject(new Error('no book'));
    },
    pollIntervalMs: 50,
    stallCheckIntervalMs: 60_000,
    stallGraceMs: 50,
    snapshotTimeoutMs: 60_000,
    pingIntervalMs: 50,
    pongTimeoutMs: 1_000,
    backoffInitialMs: 20,
    backoffMaxMs: 100,
    onTickSize: (tokenId, tick) => ticks.push([tokenId, tick]),
    ...overrides,
  });
  for (const tokenId of tokens) {
    books.set(tokenId, []);
    stream.subscribe(tokenId, {
      onBook: (b) => books.get(tokenId)?.push(b),
      onState: (s) => states.push(s),
    });
  }
  harness = { stream, books, states, restCalls, ticks };
  return harness;
}

function last(h: Harness, tokenId: string): BookSnapshot | undefined {
  return h.books.get(tokenId)?.at(-1);
}

function levels(book: BookSnapshot | undefined): unknown {
  return book && { bids: book.bids, asks: book.asks };
}

/** Sends the initial dump for every subscribed asset once a connection asked for them. */
async function answerSubscribe(tokens: string[], connectionCount = 1): Promise<void> {
  await waitFor(
    () =>
      server.connections.length >= connectionCount &&
      must(server.connections.at(-1)).received.length > 0,
    'subscribe message',
  );
  const connection = must(server.connections.at(-1));
  for (const tokenId of tokens) {
    connection.socket.send(JSON.stringify(must(serverBooks.get(tokenId)).bookEvent()));
  }
}

beforeEach(async () => {
  server = new WsTestServer();
  url = await server.start();
  serverBooks = new Map([
    ['111', seed(new ServerBook('111'))],
    ['222', seed(new ServerBook('222'))],
    ['333', seed(new ServerBook('333'))],
  ]);
  restFails = false;
});

afterEach(async () => {
  harness?.stream.close();
  harness = undefined;
  await server.stop();
});

describe('MarketStream', () => {
  it('builds the book from a snapshot and deltas, best level first', async () => {
    const h = start(['111']);
    await answerSubscribe(['111']);
    await waitFor(() => last(h, '111') !== undefined, 'first book');
    const first = must(server.connections[0]);
    expect(first.path).toBe('/ws/market');
    expect(JSON.parse(must(first.received[0]))).toMatchObject({
      type: 'market',
      assets_ids: ['111'],
    });

    const sb = must(serverBooks.get('111'));
    server.sendAll(sb.priceChange(sb.change('BUY', '0.49', '10'), sb.change('SELL', '0.52', '0')));
    server.sendAll(sb.priceChange(sb.change('BUY', '0.47', '75')));
    await waitFor(
      () =>
        last(h, '111')?.bids[0]?.price === 490_000 && last(h, '111')?.bids[2]?.size === 75_000_000,
      'deltas',
    );
    const book = must(last(h, '111'));
    expect(book.bids).toEqual([
      { price: 490_000, size: 10_000_000 },
      { price: 480_000, size: 100_000_000 },
      { price: 470_000, size: 75_000_000 },
    ]);
    expect(book.asks).toEqual([{ price: 530_000, size: 20_000_000 }]);
    expect(book.source).toBe('stream');
    expect(book.tickMicros).toBe(10_000);
    expect(book.hash).toBe(bookHash(sb.summary()));
    expect(h.restCalls).toEqual([]);
    expect(h.stream.subscribe('111', { onBook: () => undefined }).state()).toBe('live');
  });

  it('asks for custom features and passes market_resolved on once per subscribed token', async () => {
    const h = start(['111']);
    const resolved: MarketResolvedEvent[] = [];
    h.stream.subscribe('111', {
      onBook: () => undefined,
      onMarketResolved: (e) => resolved.push(e),
    });
    await answerSubscribe(['111']);
    await waitFor(() => last(h, '111') !== undefined, 'first book');
    expect(JSON.parse(must(must(server.connections[0]).received[0]))).toMatchObject({
      custom_feature_enabled: true,
    });
    const event = {
      event_type: 'market_resolved',
      id: '0xq',
      market: '0xmarket',
      question: 'Q?',
      slug: 'q',
      assets_ids: ['111', '999'],
      outcomes: ['Yes', 'No'],
      winning_asset_id: '999',
      winning_outcome: 'No',
      timestamp: '1700000000123',
    };
    server.sendAll(event);
    server.sendAll([event, { event_type: 'market_resolved', market: '0xbroken' }]);
    await waitFor(() => resolved.length > 0, 'market_resolved');
    await new Promise((r) => setTimeout(r, 50));
    expect(resolved).toEqual([
      {
        conditionId: '0xmarket',
        tokenId: '111',
        tokenIds: ['111', '999'],
        winningTokenId: '999',
        winningOutcome: 'No',
        question: 'Q?',
        slug: 'q',
        timestampMs: 1_700_000_000_123,
      },
    ]);
  });

  it('resyncs from REST when a delta hash does not match', async () => {
    const h = start(['111']);
    await answerSubscribe(['111']);
    await waitFor(() => last(h, '111') !== undefined, 'first book');
    const sb = must(serverBooks.get('111'));
    // The server changed two levels but we only see the second change: a missed message.
    sb.change('BUY', '0.46', '30');
    server.sendAll(sb.priceChange(sb.change('SELL', '0.55', '5')));
    await waitFor(() => last(h, '111')?.source === 'rest', 'REST resync');
    expect(h.restCalls).toEqual(['111']);
    expect(levels(last(h, '111'))).toEqual(levels(bookFromServer(sb)));
    expect(h.states.map((s) => s.state)).toContain('resyncing');
  });

  it('resyncs a book when an event carries an unreadable value', async () => {
    const h = start(['111']);
    await answerSubscribe(['111']);
    await waitFor(() => last(h, '111') !== undefined, 'first book');
    const sb = must(serverBooks.get('111'));
    server.sendAll(sb.priceChange({ asset_id: '111', price: 'NaN', size: '1', side: 'BUY' }));
    await waitFor(() => h.restCalls.length === 1, 'REST resync');
    await waitFor(() => last(h, '111')?.source === 'rest', 'resynced book');
    expect(server.open()).toHaveLength(1);
  });

  it('after a reconnect subscribes again to every live asset exactly once', async () => {
    const h = start(['111', '222']);
    await answerSubscribe(['111', '222']);
    await waitFor(() => last(h, '222') !== undefined, 'books');
    h.stream.subscribe('333', { onBook: (b) => h.books.get('333')?.push(b) ?? 0 });
    await waitFor(() => must(server.connections[0]).received.length === 2, 'dynamic subscribe');
    expect(JSON.parse(must(must(server.connections[0]).received[1]))).toEqual({
      operation: 'subscribe',
      assets_ids: ['333'],
      custom_feature_enabled: true,
    });

    server.dropAll();
    await waitFor(
      () => server.connections.length === 2 && must(server.connections[1]).received.length > 0,
      'reconnect',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = must(server.connections[1]).received.map(
      (m) => JSON.parse(m) as Record<string, unknown>,
    );
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ type: 'market' });
    expect([...(must(again[0]).assets_ids as string[])].sort()).toEqual(['111', '222', '333']);
  });

  it('polls REST while the connection is down and flags the books as polled', async () => {
    const h = start(['111']);
    await answerSubscribe(['111']);
    await waitFor(() => last(h, '111') !== undefined, 'first book');
    await server.stop();
    const sb = must(serverBooks.get('111'));
    sb.change('BUY', '0.45', '1');
    await waitFor(
      () => last(h, '111')?.source === 'poll' && last(h, '111')?.bids.length === 3,
      'polled book',
    );
    expect(h.stream.summary()).toBe('polling');
    restFails = true;
    await waitFor(() => h.stream.summary() === 'down', 'down when REST fails too');

    restFails = false;
    await server.restart();
    await answerSubscribe(['111'], 2);
    await waitFor(() => last(h, '111')?.source === 'stream', 'back on stream');
    expect(h.stream.summary()).toBe('live');
  });

  it('detects a silent stall (socket open, PONGs flowing, no updates) and resyncs', async () => {
    const h = start(['111'], { stallCheckIntervalMs: 100 });
    await answerSubscribe(['111']);
    await waitFor(() => last(h, '111') !== undefined, 'first book');
    // The book moves at the exchange, but nothing is sent on the socket.
    const sb = must(serverBooks.get('111'));
    sb.change('SELL', '0.51', '7');
    await waitFor(() => h.states.some((s) => s.state === 'stalled'), 'stall detected');
    await waitFor(() => server.connections.length === 2, 'reconnected after stall');
    await waitFor(() => last(h, '111')?.asks[0]?.price === 510_000, 'resynced book');
    // Until the connection proves it delivers again, the book is kept current by polling.
    sb.change('SELL', '0.51', '9');
    await waitFor(() => last(h, '111')?.asks[0]?.size === 9_000_000, 'polled update');
    expect(last(h, '111')?.source).toBe('poll');
    expect(h.stream.summary()).toBe('polling');
    await answerSubscribe(['111'], 2);
    await waitFor(() => h.stream.summary() === 'live', 'live again');
    expect(last(h, '111')?.source).toBe('stream');
  });

  it('does not call a quiet market a stall', async () => {
    const h = start(['111'], { stallCheckIntervalMs: 50 });
    await answerSubscribe(['111']);
    await waitFor(() => last(h, '111') !== undefined, 'first book');
    await waitFor(() => h.restCalls.length >= 3, 'several stall checks');
    expect(h.states.some((s) => s.state === 'stalled')).toBe(false);
    expect(server.connections).toHaveLength(1);
  });

  it('starts a new epoch on tick_size_change and drops deltas until a fresh snapshot', async () => {
    const h = start(['111']);
    await answerSubscribe(['111']);
    await waitFor(() => last(h, '111') !== undefined, 'first book');
    const sb = must(serverBooks.get('111'));
    restFails = true;
    sb.tick = '0.001';
    server.sendAll({
      event_type: 'tick_size_change',
      asset_id: '111',
      market: sb.market,
      old_tick_size: '0.01',
      new_tick_size: '0.001',
      timestamp: '1',
    });
    await waitFor(() => h.ticks.length === 1, 'tick callback');
    expect(h.ticks[0]).toEqual(['111', '0.001']);
    const countBefore = must(h.books.get('111')).length;
    server.sendAll(sb.priceChange(sb.change('BUY', '0.481', '5')));
    await waitFor(() => h.restCalls.length >= 1, 'resync attempt');
    expect(must(h.books.get('111')).length).toBe(countBefore);

    server.sendAll(sb.bookEvent());
    await waitFor(() => must(h.books.get('111')).length > countBefore, 'fresh snapshot');
    const book = must(last(h, '111'));
    expect(book.epoch).toBe(1);
    expect(book.tickMicros).toBe(1_000);
    expect(book.bids[0]).toEqual({ price: 481_000, size: 5_000_000 });
  });

  it('shards subscriptions over connections', async () => {
    start(['111', '222', '333'], { maxAssetsPerConnection: 2 });
    await waitFor(
      () =>
        server.connections.length === 2 && server.connections.every((c) => c.received.length > 0),
      'two connections',
    );
    const assets = server.connections.map(
      (c) => (JSON.parse(must(c.received[0])) as { assets_ids: string[] }).assets_ids,
    );
    expect(assets.map((a) => a.length).sort()).toEqual([1, 2]);
    expect(assets.flat().sort()).toEqual(['111', '222', '333']);
  });

  it('reconnects when PONGs stop coming', async () => {
    start(['111']);
    await answerSubscribe(['111']);
    server.answerPings = false;
    await waitFor(() => server.connections.length >= 2, 'reconnect after pong timeout');
  });

  it('fetches the book from REST when the stream never sends a snapshot', async () => {
    const h = start(['111'], { snapshotTimeoutMs: 100 });
    await waitFor(() => last(h, '111')?.source === 'rest', 'REST snapshot');
    expect(levels(last(h, '111'))).toEqual(levels(bookFromServer(must(serverBooks.get('111')))));
  });
});

function bookFromServer(sb: ServerBook): BookSnapshot {
  const toLevel = (l: { price: string; size: string }) => ({
    price: Math.round(Number(l.price) * 1e6),
    size: Math.round(Number(l.size) * 1e6),
  });
  const s = sb.summary();
  return {
    tokenId: sb.tokenId,
    conditionId: sb.market,
    bids: s.bids.map(toLevel).reverse(),
    asks: s.asks.map(toLevel).reverse(),
    tickMicros: 0,
    minOrderSizeMicros: undefined,
    lastTradePriceMicros: undefined,
    exchangeTimestampMs: 0,
    confirmedAtMs: 0,
    ageMs: 0,
    source: 'rest',
    epoch: 0,
    hash: '',
  };
}
