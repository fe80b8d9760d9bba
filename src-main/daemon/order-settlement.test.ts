import { afterEach, describe, expect, it } from 'vitest';
import type { OrderRequestInput } from '@shared/domain/order-request';
import { createLogger, silentLogger } from '../host/logger';
import { MemoryStore } from '../store/memory-store';
import { FakeMarketPort } from '../tests/fake-market-port';
import { FakeTradingExchange, testMarket } from '../tests/fake-trading-exchange';
import { waitFor } from '../tests/wait-for';
import { OrderDaemon } from './order-daemon';
import type { ExecutionTimings } from './order-execution';

const SHARE = 1_000_000;
const TOKEN = '111';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const microRequest: OrderRequestInput = {
  tokenId: TOKEN,
  side: 'BUY',
  strategyType: 'micro_price',
  totalSize: '20',
  maxPrice: '0.60',
  minPrice: '0.40',
  microPriceParams: {
    checkIntervalSec: 0.1,
    thresholdBps: 50,
    maxAdjustments: 5,
    aggressionLimitBps: 100,
  },
};

const TIMINGS: Partial<ExecutionTimings> = {
  unknownGraceMs: 20,
  reconcileIntervalMs: 100,
  pendingPollMs: 20,
  retryBaseMs: 5,
  settleWaitMs: 150,
  settleHorizonMs: 600,
};

interface Rig {
  daemon: OrderDaemon;
  exchange: FakeTradingExchange;
  market: FakeMarketPort;
  store: MemoryStore;
}

const daemons: OrderDaemon[] = [];

async function rig(): Promise<Rig> {
  const exchange = new FakeTradingExchange();
  const market = new FakeMarketPort([testMarket()]);
  const store = new MemoryStore();
  market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]] });
  const daemon = newDaemon(exchange, market, store);
  await daemon.start(2);
  return { daemon, exchange, market, store };
}

function newDaemon(
  exchange: FakeTradingExchange,
  market: FakeMarketPort,
  store: MemoryStore,
): OrderDaemon {
  const daemon = new OrderDaemon({
    exchange,
    market,
    store,
    logger: process.env.DEBUG_LOG ? createLogger({ level: 'warn' }) : silentLogger(),
    timings: TIMINGS,
    cancelWaitMs: 5_000,
  });
  daemons.push(daemon);
  return daemon;
}

/** At the exchange: matched + resting of every order it holds for us. */
function exchangeTotal(exchange: FakeTradingExchange): number {
  let total = 0;
  for (const order of exchange.orders.values()) {
    total += order.live ? order.request.sizeMicros : order.matched;
  }
  return total;
}

/** The book moves up: the micro-price strategy cancels its bid to replace it higher. */
function moveUp(market: FakeMarketPort): void {
  market.setBook(TOKEN, { bids: [[560_000, 100]], asks: [[580_000, 100]] });
}

afterEach(async () => {
  for (const daemon of daemons.splice(0)) await daemon.stop('cancel');
});

describe('a replacement never oversizes when fills are reported late (issue scenario)', () => {
  it('sizes the replacement from getOrder().size_matched when trades are not listed yet', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    // 6 of 20 match while the cancel is in flight; neither REST nor the stream lists the trade.
    r.exchange.fillOnCancel = 6 * SHARE;
    r.exchange.streamFills = false;
    r.exchange.tradesHidden = true;
    moveUp(r.market);
    const second = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== placed.id),
      'the replacement',
    );
    expect(second.request.sizeMicros).toBe(14 * SHARE);
    expect(exchangeTotal(r.exchange)).toBe(20 * SHARE);
    const first = r.daemon.status(id).exchangeOrders[0];
    expect(first).toMatchObject({ state: 'CANCELLED', filled: 0, heldBack: 6 * SHARE });
    const settle = r.daemon.events(id).filter((event) => event.type === 'settle');
    expect(settle.map((event) => event.reason).join('\n')).toContain(
      'the exchange matched 6 shares',
    );
    // The trade arrives: counted once, and nothing is held back any more.
    r.exchange.tradesHidden = false;
    await waitFor(() => r.daemon.status(id).filled === 6 * SHARE || undefined, 'the late fill');
    const order = r.daemon.status(id);
    expect(order.exchangeOrders[0]?.heldBack).toBeUndefined();
    expect(order.overfilled).toBeUndefined();
  });

  it('with getOrder forgetting the order: waits, places nothing unsafe, then sizes from the trades past the horizon', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.exchange.fillOnCancel = 6 * SHARE;
    r.exchange.streamFills = false;
    r.exchange.tradesHidden = true;
    r.exchange.forgetFinalOrders = true;
    const cancelledAt = Date.now();
    moveUp(r.market);
    await waitFor(
      () => r.daemon.events(id).find((event) => event.reason.startsWith('waiting up to')),
      'the wait event',
    );
    await waitFor(
      () => r.daemon.events(id).find((event) => event.reason.startsWith('placing conservatively')),
      'the conservative placement event',
    );
    // The worst case counts all 20 as filled: nothing can be placed yet.
    expect(r.exchange.liveOrders()).toEqual([]);
    expect(r.daemon.status(id).exchangeOrders[0]?.heldBack).toBe(20 * SHARE);
    // The trade reaches REST late; past the horizon the trades are taken as final.
    await sleep(100);
    r.exchange.tradesHidden = false;
    const second = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== placed.id),
      'the replacement',
    );
    expect(Date.now() - cancelledAt).toBeGreaterThanOrEqual(TIMINGS.settleHorizonMs ?? 0);
    expect(second.request.sizeMicros).toBe(14 * SHARE);
    expect(exchangeTotal(r.exchange)).toBe(20 * SHARE);
    expect(
      r.daemon
        .events(id)
        .map((event) => event.reason)
        .join('\n'),
    ).toMatch(/taken as final, 14 shares freed/);
  });

  it('takes the final matched size from a user-stream cancellation before any trade is listed', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.exchange.fillOnCancel = 6 * SHARE;
    r.exchange.streamFills = false;
    r.exchange.tradesHidden = true;
    r.exchange.forgetFinalOrders = true;
    moveUp(r.market);
    await waitFor(
      () => r.daemon.events(id).find((event) => event.reason.startsWith('waiting up to')),
      'the wait event',
    );
    r.exchange.pushOrderEvent(placed.id, 'CANCELLATION');
    const second = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== placed.id),
      'the replacement',
      400,
    );
    expect(second.request.sizeMicros).toBe(14 * SHARE);
    expect(
      r.daemon
        .events(id)
        .map((event) => event.reason)
        .join('\n'),
    ).toContain('final matched size 6 from the user stream');
  });

  it('resumes after a restart with the unknown outcome still held back', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.exchange.fillOnCancel = 6 * SHARE;
    r.exchange.streamFills = false;
    r.exchange.tradesHidden = true;
    r.exchange.forgetFinalOrders = true;
    moveUp(r.market);
    await waitFor(
      () => r.daemon.status(id).exchangeOrders[0]?.heldBack === 20 * SHARE || undefined,
      'the held-back cancel',
    );
    await r.daemon.stop('keep');
    const next = newDaemon(r.exchange, r.market, r.store);
    await next.start(1);
    expect(next.status(id).exchangeOrders[0]).toMatchObject({
      id: placed.id,
      state: 'CANCELLED',
      heldBack: 20 * SHARE,
    });
    await sleep(100);
    expect(r.exchange.liveOrders()).toEqual([]);
    r.exchange.tradesHidden = false;
    const second = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== placed.id),
      'the replacement after the restart',
    );
    expect(second.request.sizeMicros).toBe(14 * SHARE);
  });
});

describe('sells never offer shares no longer held', () => {
  it('caps a sell by the balance minus what our resting sells already offer', async () => {
    const r = await rig();
    r.exchange.positionMicros = 8 * SHARE;
    const id = await r.daemon.submitRequest({ ...microRequest, side: 'SELL' });
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'an ask');
    expect(placed.request.sizeMicros).toBe(8 * SHARE);
    await sleep(150);
    expect(r.exchange.liveOrders()).toHaveLength(1);
    expect(r.daemon.status(id).state).toBe('ACTIVE');
  });

  it('places nothing when every held share is sold or offered', async () => {
    const r = await rig();
    r.exchange.positionMicros = 3 * SHARE;
    const id = await r.daemon.submitRequest({ ...microRequest, side: 'SELL' });
    await waitFor(
      () => r.daemon.events(id).find((event) => event.reason.startsWith('not selling')),
      'the refusal note',
    );
    expect(r.exchange.submitted).toEqual([]);
  });
});
