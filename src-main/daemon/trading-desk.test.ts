import { describe, expect, it } from 'vitest';
import type { MarketSnapshot } from '@shared/domain/market';
import type { Order, OrderEvent } from '@shared/domain/order';
import { OrderRequestSchema } from '@shared/domain/order-request';
import { silentLogger } from '../host/logger';
import { MemoryStore } from '../store/memory-store';
import { FakeMarketPort } from '../tests/fake-market-port';
import { FakeTradingExchange, testMarket } from '../tests/fake-trading-exchange';
import { waitFor } from '../tests/wait-for';
import type { DeskMonitor } from './market-port';
import { DEFAULT_RISK_LIMITS } from './risk-rails';
import { createTradingDesk } from './trading-desk';

const TOKEN = '111';

/** The fake port with the desk's extra calls. */
function deskMonitor(): FakeMarketPort & DeskMonitor {
  const port = new FakeMarketPort([testMarket()]);
  port.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]] });
  return Object.assign(port, {
    listMarkets: () => Promise.resolve([]),
    monitored: () => [...port.refs.entries()].filter(([, n]) => n > 0).map(([t]) => t),
    streamState: () => 'live' as const,
    oldestBookAgeMs: () => 0,
    stop: () => undefined,
  });
}

const spec = OrderRequestSchema.parse({
  tokenId: TOKEN,
  side: 'BUY',
  strategyType: 'micro_price',
  totalSize: '10',
  maxPrice: '0.6',
  minPrice: '0.4',
  microPriceParams: { checkIntervalSec: 0.1 },
});

describe('TradingDesk', () => {
  it('routes watch, snapshot, orders and health, and pushes snapshots, orders and events', async () => {
    const exchange = new FakeTradingExchange();
    exchange.collateralMicros = 123_000_000;
    const monitor = deskMonitor();
    const desk = await createTradingDesk({
      exchange,
      monitor,
      logger: silentLogger(),
      numWorkers: 2,
      store: new MemoryStore(),
    });
    const snapshots: MarketSnapshot[] = [];
    const orders: Order[] = [];
    const events: OrderEvent[] = [];
    const off = desk.subscribe({
      onSnapshot: (s) => snapshots.push(s),
      onOrderUpdated: (o) => orders.push(o),
      onOrderEvent: (e) => events.push(e),
    });
    expect((await desk.watch(TOKEN))?.bestBid).toBe(480_000);
    expect(desk.snapshot(TOKEN).bestAsk).toBe(520_000);
    expect(() => desk.snapshot('999')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    monitor.setBook(TOKEN, { bids: [[470_000, 100]], asks: [[520_000, 100]] });
    expect(snapshots).toHaveLength(1);
    const { orderId } = await desk.submit(spec);
    const placed = await waitFor(() => exchange.liveOrders()[0], 'a bid');
    expect(desk.health()).toMatchObject({
      activeOrders: 1,
      stream: 'live',
      workers: { busy: expect.any(Number) },
    });
    exchange.fill(placed.id, 4_000_000);
    await waitFor(() => desk.listOrders(false)[0]?.filled === 4_000_000, 'the fill');
    expect(await desk.accountSummary()).toMatchObject({ collateral: 123_000_000 });
    expect(await desk.cancelAll()).toEqual([orderId]);
    expect(desk.listOrders(false)).toEqual([]);
    expect(desk.listOrders(true)[0]).toMatchObject({ state: 'CANCELLED', filled: 4_000_000 });
    expect(desk.orderEvents(orderId).map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    expect(orders.at(-1)?.state).toBe('CANCELLED');
    expect(desk.unwatch(TOKEN)).toEqual([]);
    off();
    const report = await desk.stop();
    expect(report).toMatchObject({ mode: 'cancel', cancelled: [], kept: [] });
  });

  it('refuses to trade on a read-only exchange link', async () => {
    const exchange = Object.assign(new FakeTradingExchange(), { readOnly: true });
    const desk = await createTradingDesk({
      exchange,
      monitor: deskMonitor(),
      logger: silentLogger(),
    });
    await expect(desk.submit(spec)).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect(await desk.accountSummary()).toEqual({ collateral: null, positions: [] });
    await desk.stop();
  });

  it('shows and changes the risk limits while running', async () => {
    const exchange = new FakeTradingExchange();
    const desk = await createTradingDesk({
      exchange,
      monitor: deskMonitor(),
      logger: silentLogger(),
      risk: { maxOpenOrders: 7 },
    });
    expect(desk.riskLimits).toEqual({ ...DEFAULT_RISK_LIMITS, maxOpenOrders: 7 });
    // 10 shares at 0.6 is a $6 worst case.
    desk.setRiskLimits({ ...DEFAULT_RISK_LIMITS, maxOrderNotional: 5_000_000 });
    expect(desk.riskLimits).toEqual({ ...DEFAULT_RISK_LIMITS, maxOrderNotional: 5_000_000 });
    expect(desk.daemon.riskLimits).toEqual(desk.riskLimits);
    await expect(desk.submit(spec)).rejects.toMatchObject({ code: 'RISK_LIMIT' });
    expect(() => desk.setRiskLimits({ ...DEFAULT_RISK_LIMITS, maxOpenOrders: 0 })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    desk.setRiskLimits({ ...DEFAULT_RISK_LIMITS, maxOrderNotional: 6_000_000 });
    const { orderId } = await desk.submit(spec);
    expect(desk.listOrders(false).map((o) => o.id)).toEqual([orderId]);
    await desk.stop();
  });
});
