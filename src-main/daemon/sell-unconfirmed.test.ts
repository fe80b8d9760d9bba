import { afterEach, describe, expect, it } from 'vitest';
import type { OrderRequestInput } from '@shared/domain/order-request';
import { silentLogger } from '../host/logger';
import { MemoryStore } from '../store/memory-store';
import { FakeMarketPort } from '../tests/fake-market-port';
import { FakeTradingExchange, testMarket } from '../tests/fake-trading-exchange';
import { waitFor } from '../tests/wait-for';
import type { Fill } from '../exchange/index';
import { OrderDaemon } from './order-daemon';

const SHARE = 1_000_000;
const TOKEN = '111';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const micro = {
  checkIntervalSec: 0.1,
  thresholdBps: 50,
  maxAdjustments: 5,
  aggressionLimitBps: 100,
};
const buy: OrderRequestInput = {
  tokenId: TOKEN,
  side: 'BUY',
  strategyType: 'micro_price',
  totalSize: '10',
  maxPrice: '0.60',
  minPrice: '0.40',
  microPriceParams: micro,
};
const sell: OrderRequestInput = { ...buy, side: 'SELL', minPrice: '0.40', maxPrice: '0.90' };

const daemons: OrderDaemon[] = [];

async function rig(): Promise<{
  daemon: OrderDaemon;
  exchange: FakeTradingExchange;
  bought: string;
  trade: Fill;
}> {
  const exchange = new FakeTradingExchange();
  // Nothing settled yet: the only shares are those of the BUY below, matched, not confirmed.
  exchange.positionMicros = 0;
  const market = new FakeMarketPort([testMarket()]);
  market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]] });
  const daemon = new OrderDaemon({
    exchange,
    market,
    store: new MemoryStore(),
    logger: silentLogger(),
    timings: { reconcileIntervalMs: 100, pendingPollMs: 20, retryBaseMs: 5, settleWaitMs: 100 },
    cancelWaitMs: 5_000,
  });
  daemons.push(daemon);
  await daemon.start(2);
  const bought = await daemon.submitRequest(buy);
  const bid = await waitFor(() => exchange.liveOrders()[0], 'the bid');
  const trade = exchange.fill(bid.id, 10 * SHARE, 'MATCHED');
  await waitFor(() => (daemon.status(bought).pendingFilled > 0 ? true : undefined), 'pending fill');
  return { daemon, exchange, bought, trade };
}

afterEach(async () => {
  for (const daemon of daemons.splice(0)) await daemon.stop('cancel');
});

describe('selling shares that are matched but not confirmed', () => {
  it('never sells them by default; sells the settled balance once the trade confirms', async () => {
    const { daemon, exchange } = await rig();
    const id = await daemon.submitRequest(sell);
    await sleep(400);
    expect(exchange.liveOrders().filter((o) => o.request.side === 'SELL')).toEqual([]);
    expect(daemon.events(id).map((e) => e.reason)).toContainEqual(
      expect.stringContaining('not selling'),
    );
    // CONFIRMED: the exchange's settled balance now holds the shares.
    exchange.positionMicros = 10 * SHARE;
    const ask = await waitFor(
      () => exchange.liveOrders().find((o) => o.request.side === 'SELL'),
      'the sell',
    );
    expect(ask.request.sizeMicros).toBe(10 * SHARE);
  });

  it('sells them when the order allows unconfirmed shares', async () => {
    const { daemon, exchange } = await rig();
    await daemon.submitRequest({ ...sell, sellUnconfirmed: true });
    const ask = await waitFor(
      () => exchange.liveOrders().find((o) => o.request.side === 'SELL'),
      'the sell',
    );
    expect(ask.request.sizeMicros).toBe(10 * SHARE);
  });

  it('a cancel of an order matched in full waits for its trades and ends COMPLETED', async () => {
    const { daemon, exchange, bought, trade } = await rig();
    const cancelled = daemon.cancel(bought);
    await sleep(300);
    expect(daemon.status(bought).state).toBe('ACTIVE');
    exchange.settle(trade, 'CONFIRMED');
    await cancelled;
    await waitFor(() => (daemon.status(bought).state === 'COMPLETED' ? true : undefined), 'done');
    expect(daemon.status(bought).filled).toBe(10 * SHARE);
  });
});
