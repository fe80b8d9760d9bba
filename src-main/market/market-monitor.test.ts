import type { MarketSnapshot } from '@shared/domain/market';
import { PolydeskError } from '@shared/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BookLevel } from '../exchange/exchange-port';
import { silentLogger } from '../host/logger';
import { FakeExchange, fakeMarket } from './fake-exchange';
import { MarketMonitor, type MarketMonitorOptions } from './market-monitor';

const SHARE = 1_000_000;
const BIDS: BookLevel[] = [
  { price: 480_000, size: 100 * SHARE },
  { price: 470_000, size: 50 * SHARE },
];
const ASKS: BookLevel[] = [
  { price: 520_000, size: 300 * SHARE },
  { price: 530_000, size: 10 * SHARE },
];

let clock = 0;
let exchange: FakeExchange;
let monitor: MarketMonitor;

function makeMonitor(options: Partial<MarketMonitorOptions> = {}): MarketMonitor {
  monitor = new MarketMonitor({
    exchange,
    logger: silentLogger(),
    now: () => clock,
    ...options,
  });
  return monitor;
}

function collect(): MarketSnapshot[] {
  const seen: MarketSnapshot[] = [];
  monitor.onSnapshot((s) => seen.push(s));
  return seen;
}

beforeEach(() => {
  clock = 1_000_000;
  exchange = new FakeExchange(
    [fakeMarket('0xA', 'yesA', 'noA'), fakeMarket('0xB', 'yesB', 'noB', '0.001')],
    () => clock,
  );
});

afterEach(async () => {
  await monitor.stop();
  vi.useRealTimers();
});

describe('MarketMonitor snapshots', () => {
  it('resolves startMonitoring with the current snapshot when the port already has a book', async () => {
    exchange.push('yesA', { bids: BIDS, asks: ASKS, lastTradePriceMicros: 510_000 });
    makeMonitor();
    const snap = await monitor.startMonitoring('yesA');
    expect(snap).toMatchObject({
      tokenId: 'yesA',
      conditionId: '0xA',
      bestBid: 480_000,
      bestAsk: 520_000,
      spread: 40_000,
      bidDepth: 100 * SHARE,
      askDepth: 300 * SHARE,
      microPrice: 490_000,
      microPriceLowerBand: 480_000,
      microPriceUpperBand: 500_000,
      lastTradePrice: 510_000,
      stale: false,
      source: 'stream',
    });
  });

  it('resolves startMonitoring with the first book that arrives', async () => {
    makeMonitor();
    const started = monitor.startMonitoring('yesA');
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    await expect(started).resolves.toMatchObject({ tokenId: 'yesA', microPrice: 490_000 });
  });

  it('emits a snapshot on every book change', () => {
    makeMonitor();
    const seen = collect();
    void monitor.startMonitoring('yesA');
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    exchange.push('yesA', { bids: [{ price: 490_000, size: SHARE }], asks: ASKS });
    expect(seen.map((s) => s.bestBid)).toEqual([480_000, 490_000]);
    expect(monitor.getSnapshot('yesA')?.bestBid).toBe(490_000);
  });

  it('uses the display threshold and top levels it is given', async () => {
    const bids = Array.from({ length: 8 }, (_, i) => ({
      price: 480_000 - i * 10_000,
      size: SHARE,
    }));
    exchange.push('yesA', { bids, asks: ASKS.slice(0, 1) });
    makeMonitor({ topLevels: 3, displayThresholdBps: 2_000 });
    const snap = await monitor.startMonitoring('yesA');
    expect(snap?.bids.map((l) => l.price)).toEqual([480_000, 470_000, 460_000]);
    // micro = (0.48·300 + 0.52·1)/301 ≈ 0.480133; 2000 bps ≈ 0.096 → [0.39, 0.57] on the grid.
    expect(snap?.microPrice).toBe(480_133);
    expect(snap?.microPriceLowerBand).toBe(390_000);
    expect(snap?.microPriceUpperBand).toBe(570_000);
  });

  it("takes the market's tick when the book carries none", async () => {
    exchange.push('yesB', {
      bids: [{ price: 481_000, size: SHARE }],
      asks: [{ price: 483_000, size: SHARE }],
      tickMicros: 0,
    });
    makeMonitor();
    await monitor.startMonitoring('yesB');
    await vi.waitFor(() => expect(monitor.getSnapshot('yesB')).toBeDefined());
    const snap = monitor.getSnapshot('yesB');
    expect(snap?.tickMicros).toBe(1_000);
    // 50 bps of 0.482 is 0.00241, wider than the 0.001 tick: [0.47959, 0.48441] → [0.480, 0.484].
    expect(snap?.microPrice).toBe(482_000);
    expect(snap?.microPriceLowerBand).toBe(480_000);
    expect(snap?.microPriceUpperBand).toBe(484_000);
  });

  it('shows our orders, and announces a change of them', async () => {
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    makeMonitor();
    await monitor.startMonitoring('yesA');
    const seen = collect();
    monitor.setOurOrders('yesA', [
      { orderId: 'o1', side: 'BUY', price: 480_000, size: 10 * SHARE },
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.ourOrders).toEqual([
      { orderId: 'o1', side: 'BUY', price: 480_000, size: 10 * SHARE },
    ]);
    exchange.push('yesA', { bids: BIDS, asks: ASKS.slice(1) });
    expect(monitor.getSnapshot('yesA')?.ourOrders).toHaveLength(1);
    monitor.setOurOrders('yesA', []);
    expect(monitor.getSnapshot('yesA')?.ourOrders).toEqual([]);
  });

  it('keeps our orders set before monitoring starts', async () => {
    makeMonitor();
    monitor.setOurOrders('yesA', [{ orderId: 'o2', side: 'SELL', price: 520_000, size: SHARE }]);
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    const snap = await monitor.startMonitoring('yesA');
    expect(snap?.ourOrders.map((o) => o.orderId)).toEqual(['o2']);
  });

  it('hands strategies the normalized book, best first', async () => {
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    makeMonitor();
    expect(monitor.getBook('yesA')).toBeUndefined();
    await monitor.startMonitoring('yesA');
    clock += 40;
    expect(monitor.getBook('yesA')).toEqual({
      book: {
        bids: [
          { priceMicros: 480_000, sizeMicros: 100 * SHARE },
          { priceMicros: 470_000, sizeMicros: 50 * SHARE },
        ],
        asks: [
          { priceMicros: 520_000, sizeMicros: 300 * SHARE },
          { priceMicros: 530_000, sizeMicros: 10 * SHARE },
        ],
      },
      tickMicros: 10_000,
      minOrderSizeMicros: 5 * SHARE,
      ageMs: 40,
      stale: false,
    });
  });

  it('lists markets with the top of book of monitored YES tokens', async () => {
    exchange.push('yesA', { bids: BIDS, asks: ASKS, lastTradePriceMicros: 500_000 });
    makeMonitor();
    await monitor.startMonitoring('yesA');
    const list = await monitor.listMarkets();
    expect(list.find((m) => m.conditionId === '0xA')).toMatchObject({
      tickMicros: 10_000,
      bestBid: 480_000,
      bestAsk: 520_000,
      lastPrice: 500_000,
    });
    expect(list.find((m) => m.conditionId === '0xB')).toMatchObject({
      tickMicros: 1_000,
      bestBid: null,
      bestAsk: null,
      lastPrice: null,
    });
  });

  it('lists prices of unwatched markets from one REST book each, without subscribing', async () => {
    exchange.push('yesB', { bids: BIDS, asks: ASKS, lastTradePriceMicros: 510_000 });
    makeMonitor();
    const list = await monitor.listMarkets();
    expect(list.find((m) => m.conditionId === '0xB')).toMatchObject({
      bestBid: 480_000,
      bestAsk: 520_000,
      lastPrice: 510_000,
    });
    expect(exchange.subscribeCalls).toBe(0);
    expect(monitor.monitored()).toEqual([]);
  });
});

describe('MarketMonitor ref counting', () => {
  it('subscribes once per token and unsubscribes after the last stop', async () => {
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    makeMonitor();
    await monitor.startMonitoring('yesA');
    await monitor.startMonitoring('yesA');
    expect(exchange.subscribeCalls).toBe(1);
    expect(monitor.monitored()).toEqual(['yesA']);
    monitor.stopMonitoring('yesA');
    expect(exchange.subscribers('yesA')).toBe(1);
    expect(monitor.getSnapshot('yesA')).toBeDefined();
    monitor.stopMonitoring('yesA');
    expect(exchange.unsubscribeCalls).toBe(1);
    expect(exchange.subscribers('yesA')).toBe(0);
    expect(monitor.monitored()).toEqual([]);
    expect(monitor.getSnapshot('yesA')).toBeUndefined();
    monitor.stopMonitoring('yesA');
    expect(exchange.unsubscribeCalls).toBe(1);
  });

  it('resolves a pending start with null when monitoring stops first', async () => {
    makeMonitor();
    const started = monitor.startMonitoring('yesA');
    monitor.stopMonitoring('yesA');
    await expect(started).resolves.toBeNull();
  });

  it('resolves with null when no book arrives within the staleness limit', async () => {
    vi.useFakeTimers();
    makeMonitor({ staleAfterMs: 2_000 });
    const started = monitor.startMonitoring('yesA');
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(started).resolves.toBeNull();
    expect(monitor.monitored()).toEqual(['yesA']);
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    expect(monitor.getSnapshot('yesA')?.microPrice).toBe(490_000);
  });

  it('refuses to start after stop, and resolves pending starts with null', async () => {
    makeMonitor();
    const pending = monitor.startMonitoring('yesA');
    await monitor.stop();
    await expect(pending).resolves.toBeNull();
    expect(exchange.subscribers('yesA')).toBe(0);
    await expect(monitor.startMonitoring('yesA')).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });
});

describe('MarketMonitor staleness', () => {
  it('flags a book stale once it is older than staleAfterMs', async () => {
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    makeMonitor({ staleAfterMs: 5_000 });
    await monitor.startMonitoring('yesA');
    clock += 5_000;
    expect(monitor.getSnapshot('yesA')).toMatchObject({ ageMs: 5_000, stale: false });
    expect(monitor.getBook('yesA')?.stale).toBe(false);
    clock += 1;
    expect(monitor.getSnapshot('yesA')).toMatchObject({ ageMs: 5_001, stale: true });
    expect(monitor.getBook('yesA')?.stale).toBe(true);
    expect(monitor.oldestBookAgeMs()).toBe(5_001);
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    expect(monitor.getSnapshot('yesA')).toMatchObject({ ageMs: 0, stale: false });
  });

  it('announces a book that turned stale, and again when the port confirms it', async () => {
    vi.useFakeTimers();
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    // REST disagrees, so the monitor's own quiet-book check cannot confirm the book.
    exchange.setRestBook('yesA', { bids: BIDS.slice(1), asks: ASKS });
    makeMonitor({ staleAfterMs: 2_000 });
    await monitor.startMonitoring('yesA');
    const seen = collect();
    clock += 1_000;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toHaveLength(0);
    clock += 1_500;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen.map((s) => s.stale)).toEqual([true]);
    expect(seen[0]?.ageMs).toBe(2_500);
    // Still stale: not announced again.
    clock += 1_000;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toHaveLength(1);
    // A REST check matched the book: the port confirms it without an event.
    exchange.confirm('yesA', clock);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen.map((s) => s.stale)).toEqual([true, false]);
    expect(seen[1]?.microPrice).toBe(490_000);
  });

  it('keeps a quiet book on a live stream fresh by checking it against REST', async () => {
    vi.useFakeTimers();
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    makeMonitor({ staleAfterMs: 2_000 });
    await monitor.startMonitoring('yesA');
    const seen = collect();
    const checkedAt = clock + 1_500;
    clock = checkedAt;
    await vi.advanceTimersByTimeAsync(500);
    expect(exchange.getBookCalls).toBeGreaterThanOrEqual(1);
    clock += 1_000;
    // 2.5 s since the last delta, but REST matched 1 s ago.
    expect(monitor.getSnapshot('yesA')).toMatchObject({
      stale: false,
      ageMs: 1_000,
      timestamp: checkedAt,
    });
    expect(monitor.getBook('yesA')?.ageMs).toBe(1_000);
    expect(seen).toHaveLength(0);
  });

  it('lets a quiet book that differs from REST turn stale', async () => {
    vi.useFakeTimers();
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    exchange.setRestBook('yesA', { bids: BIDS, asks: ASKS.slice(1) });
    makeMonitor({ staleAfterMs: 2_000 });
    await monitor.startMonitoring('yesA');
    const seen = collect();
    for (let i = 0; i < 5; i++) {
      clock += 500;
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(exchange.getBookCalls).toBeGreaterThanOrEqual(2);
    expect(seen.map((s) => s.stale)).toEqual([true]);
    expect(monitor.getSnapshot('yesA')).toMatchObject({ stale: true, ageMs: 2_500 });
  });

  it('flags the book stale while the port reports it stalled or resyncing, whatever its age', async () => {
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    makeMonitor();
    await monitor.startMonitoring('yesA');
    const seen = collect();
    exchange.setState('yesA', 'stalled');
    expect(seen.map((s) => s.stale)).toEqual([true]);
    expect(monitor.getSnapshot('yesA')?.stale).toBe(true);
    exchange.setState('yesA', 'resyncing');
    expect(seen).toHaveLength(1);
    exchange.push('yesA', { bids: BIDS, asks: ASKS, source: 'rest' });
    exchange.setState('yesA', 'live');
    expect(seen.map((s) => s.stale)).toEqual([true, true, false]);
    expect(seen[2]?.source).toBe('rest');
  });

  it('serves the last book, flagged stale, while the stream and polling are down', async () => {
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    makeMonitor({ staleAfterMs: 1_000 });
    await monitor.startMonitoring('yesA');
    exchange.setState('yesA', 'down');
    expect(monitor.getSnapshot('yesA')).toMatchObject({ stale: false, bestBid: 480_000 });
    clock += 1_001;
    expect(monitor.getSnapshot('yesA')).toMatchObject({ stale: true, bestBid: 480_000 });
    expect(monitor.streamState()).toBe('down');
  });

  it('shows the source of polled books', async () => {
    exchange.setState('yesA', 'polling');
    exchange.push('yesA', { bids: BIDS, asks: ASKS, source: 'poll' });
    makeMonitor();
    const snap = await monitor.startMonitoring('yesA');
    expect(snap).toMatchObject({ source: 'poll', stale: false });
  });
});

describe('MarketMonitor state and metadata', () => {
  it('reports the worst stream state over monitored tokens', async () => {
    makeMonitor();
    expect(monitor.streamState()).toBe('idle');
    expect(monitor.oldestBookAgeMs()).toBeNull();
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    exchange.push('noA', { bids: BIDS, asks: ASKS });
    await monitor.startMonitoring('yesA');
    await monitor.startMonitoring('noA');
    expect(monitor.streamState()).toBe('live');
    exchange.setState('noA', 'polling');
    expect(monitor.streamState()).toBe('polling');
    exchange.setState('yesA', 'stalled');
    expect(monitor.streamState()).toBe('stalled');
    exchange.setState('yesA', 'live');
    exchange.setState('noA', 'live');
    expect(monitor.streamState()).toBe('live');
    monitor.stopMonitoring('yesA');
    monitor.stopMonitoring('noA');
    expect(monitor.streamState()).toBe('idle');
  });

  it('caches market info and refuses unknown tokens with NOT_FOUND', async () => {
    makeMonitor();
    const info = await monitor.marketInfo('noB');
    expect(info).toMatchObject({ conditionId: '0xB', tickMicros: 1_000 });
    await monitor.marketInfo('yesB');
    expect(exchange.getMarketCalls).toBe(1);
    const error: unknown = await monitor.marketInfo('nope').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PolydeskError);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to monitor an unknown token with NOT_FOUND and drops it', async () => {
    makeMonitor();
    await expect(monitor.startMonitoring('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(monitor.monitored()).toEqual([]);
    expect(exchange.subscribers('nope')).toBe(0);
  });

  it('keeps serving other listeners when one throws', async () => {
    makeMonitor();
    monitor.onSnapshot(() => {
      throw new Error('boom');
    });
    const seen = collect();
    const off = monitor.onSnapshot(() => undefined);
    off();
    void monitor.startMonitoring('yesA');
    exchange.push('yesA', { bids: BIDS, asks: ASKS });
    expect(seen).toHaveLength(1);
  });
});
