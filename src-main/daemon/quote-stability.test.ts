import { afterEach, describe, expect, it } from 'vitest';
import type { OrderRequestInput } from '@shared/domain/order-request';
import { silentLogger } from '../host/logger';
import { MemoryStore } from '../store/memory-store';
import { FakeMarketPort } from '../tests/fake-market-port';
import { FakeTradingExchange, testMarket } from '../tests/fake-trading-exchange';
import { waitFor } from '../tests/wait-for';
import { OrderDaemon } from './order-daemon';

const SHARE = 1_000_000;
const TOKEN = '111';

interface Rig {
  daemon: OrderDaemon;
  exchange: FakeTradingExchange;
  market: FakeMarketPort;
}

const rigs: Rig[] = [];

/** 0.48 × 100 / 0.52 × 100: micro 0.50, the aggression cap holds a bid at 0.49. */
async function rig(): Promise<Rig> {
  const exchange = new FakeTradingExchange();
  const market = new FakeMarketPort([testMarket()]);
  market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]] });
  const daemon = new OrderDaemon({
    exchange,
    market,
    store: new MemoryStore(),
    logger: silentLogger(),
    timings: {
      unknownGraceMs: 20,
      reconcileIntervalMs: 100,
      pendingPollMs: 20,
      retryBaseMs: 5,
      settleWaitMs: 100,
      settleHorizonMs: 400,
    },
    cancelWaitMs: 5_000,
  });
  await daemon.start(2);
  const r = { daemon, exchange, market };
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) await r.daemon.stop('cancel');
});

const micro = (
  microPriceParams: NonNullable<OrderRequestInput['microPriceParams']> = {},
): OrderRequestInput => ({
  tokenId: TOKEN,
  side: 'BUY',
  strategyType: 'micro_price',
  totalSize: '20',
  maxPrice: '0.60',
  minPrice: '0.40',
  microPriceParams: { checkIntervalSec: 0.1, ...microPriceParams },
});

const iceberg = (extra: Partial<OrderRequestInput> = {}, allowTaking?: boolean) =>
  ({
    tokenId: TOKEN,
    side: 'BUY',
    strategyType: 'iceberg',
    totalSize: '20',
    maxPrice: '0.60',
    minPrice: '0.40',
    urgency: 'HIGH',
    icebergParams: { clipSize: '10', ...(allowTaking !== undefined && { allowTaking }) },
    ...extra,
  }) as OrderRequestInput;

/** The book moves up: micro 0.57. */
function moveUp(market: FakeMarketPort): void {
  market.setBook(TOKEN, { bids: [[560_000, 100]], asks: [[580_000, 100]] });
}

describe('iceberg clips', () => {
  it('rest passively (post-only), priced like a micro-price quote, unless the user asks to take', async () => {
    const r = await rig();
    await r.daemon.submitRequest(iceberg());
    const clip = await waitFor(() => r.exchange.liveOrders()[0], 'a clip');
    expect(clip.request).toMatchObject({ priceMicros: 490_000, sizeMicros: 10 * SHARE });
    expect(clip.request.postOnly).toBe(true);

    const taking = await rig();
    await taking.daemon.submitRequest(iceberg({}, true));
    const sent = await waitFor(() => taking.exchange.liveOrders()[0], 'a taking clip');
    expect(sent.request).toMatchObject({ priceMicros: 600_000, sizeMicros: 10 * SHARE });
    expect(sent.request.postOnly).toBeUndefined();
  });

  it('are re-priced when the book moves, never beyond the target price, clip by clip', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(iceberg({ targetPrice: '0.55' }));
    const first = await waitFor(() => r.exchange.liveOrders()[0], 'a clip');
    expect(first.request.priceMicros).toBe(490_000);
    moveUp(r.market);
    const moved = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== first.id),
      'the re-priced clip',
    );
    // Micro-price 0.57 would put it at 0.57: the target price caps a passive BUY at 0.55.
    expect(moved.request).toMatchObject({
      priceMicros: 550_000,
      sizeMicros: 10 * SHARE,
      postOnly: true,
    });
    expect(r.daemon.events(id).find((e) => e.type === 'replace')?.reason).toContain('out_of_band');
    r.exchange.fill(moved.id, 10 * SHARE);
    const next = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== moved.id),
      'the next clip',
    );
    expect(next.request).toMatchObject({ priceMicros: 550_000, sizeMicros: 10 * SHARE });
    r.exchange.fill(next.id, 10 * SHARE);
    expect(await r.daemon.whenFinal(id)).toMatchObject({ state: 'COMPLETED', filled: 20 * SHARE });
  });

  it('re-priced: the new clip goes out before the old is cancelled when the hidden rest covers it', async () => {
    const resting = async (totalSize: string): Promise<{ cancelsBefore: number; id: string }> => {
      const r = await rig();
      await r.daemon.submitRequest(iceberg({ totalSize }));
      const first = await waitFor(() => r.exchange.liveOrders()[0], 'a clip');
      let cancelsBefore = -1;
      let openBefore = -1;
      r.exchange.onSubmit = () => {
        cancelsBefore = r.exchange.cancelCalls.length;
        openBefore = r.exchange.liveOrders().length;
      };
      moveUp(r.market);
      await waitFor(
        () => r.exchange.liveOrders().find((order) => order.id !== first.id),
        'the re-priced clip',
      );
      await waitFor(() => r.exchange.cancelCalls.includes(first.id) || undefined, 'the cancel');
      // Whatever the order, the exchange never holds more than the order's size.
      expect(openBefore * 10).toBeLessThanOrEqual(Number(totalSize));
      return { cancelsBefore, id: first.id };
    };
    // 40 shares, clips of 10: 30 unallocated, so the new clip may rest beside the old one.
    expect((await resting('40')).cancelsBefore).toBe(0);
    // 10 shares, one clip: nothing unallocated, so the old one is cancelled first.
    expect((await resting('10')).cancelsBefore).toBe(1);
  });

  it('with allowTaking stay at their price however the book moves', async () => {
    const r = await rig();
    await r.daemon.submitRequest(iceberg({ targetPrice: '0.50' }, true));
    const clip = await waitFor(() => r.exchange.liveOrders()[0], 'a clip');
    moveUp(r.market);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.exchange.liveOrders().map((order) => order.id)).toEqual([clip.id]);
    expect(clip.request.priceMicros).toBe(500_000);
  });
});

describe('a stuck order says so, then does what the user chose', () => {
  it('on a stale book: STALE_BOOK at once, cancelled after afterSec with "cancel"', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(
      micro({ whenStuck: { afterSec: 0.3, action: 'cancel' } }),
    );
    await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    const staleAt = Date.now();
    r.market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]], stale: true });
    await waitFor(() => r.daemon.status(id).condition === 'STALE_BOOK' || undefined, 'the mark');
    expect(r.daemon.status(id).state).toBe('ACTIVE');
    const done = await r.daemon.whenFinal(id);
    expect(Date.now() - staleAt).toBeGreaterThanOrEqual(300);
    expect(done).toMatchObject({ state: 'CANCELLED', condition: 'STALE_BOOK' });
    expect(done.reason).toMatch(/^book stale for 0\.3 s: cancelled as set \(whenStuck\)/);
    expect(r.exchange.liveOrders()).toEqual([]);
  });

  it('on a stale book with the default (wait): marked while stale, cleared when it is current', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(micro());
    await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]], stale: true });
    await waitFor(() => r.daemon.status(id).condition === 'STALE_BOOK' || undefined, 'the mark');
    r.market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]] });
    await waitFor(() => r.daemon.status(id).condition === undefined || undefined, 'the clearing');
    expect(r.daemon.status(id)).toMatchObject({ state: 'ACTIVE' });
    expect(r.daemon.status(id).conditionSince).toBeUndefined();
    expect(r.daemon.events(id).map((e) => e.reason)).toContain(
      'book current again: quoting resumes',
    );
  });

  it('with its adjustments used: ADJUSTMENTS_EXHAUSTED, and cancelled after afterSec', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(
      micro({ maxAdjustments: 0, whenStuck: { afterSec: 0.2, action: 'cancel' } }),
    );
    await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    moveUp(r.market);
    await waitFor(
      () => r.daemon.status(id).condition === 'ADJUSTMENTS_EXHAUSTED' || undefined,
      'the mark',
    );
    const done = await r.daemon.whenFinal(id);
    expect(done).toMatchObject({ state: 'CANCELLED', condition: 'ADJUSTMENTS_EXHAUSTED' });
    expect(done.reason).toMatch(/^adjustments exhausted for 0\.2 s: cancelled as set/);
    expect(r.daemon.events(id).map((e) => e.reason)).toContain('max adjustments (0) reached');
  });

  it('with its adjustments used and "wait": keeps working, and says it waits on', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(
      micro({ maxAdjustments: 0, whenStuck: { afterSec: 0.2, action: 'wait' } }),
    );
    const bid = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    moveUp(r.market);
    await waitFor(
      () =>
        r.daemon
          .events(id)
          .find(
            (e) => e.reason === 'adjustments exhausted for 0.2 s: waiting on as set (whenStuck)',
          ),
      'the wait note',
    );
    expect(r.daemon.status(id)).toMatchObject({
      state: 'ACTIVE',
      condition: 'ADJUSTMENTS_EXHAUSTED',
    });
    r.exchange.fill(bid.id, 20 * SHARE);
    expect(await r.daemon.whenFinal(id)).toMatchObject({
      state: 'COMPLETED',
      condition: 'ADJUSTMENTS_EXHAUSTED',
    });
  });

  it('a Kelly order, which quotes through the same path, does the same', async () => {
    const r = await rig();
    r.exchange.positionMicros = 0;
    const id = await r.daemon.submitRequest({
      tokenId: TOKEN,
      side: 'BUY',
      strategyType: 'kelly',
      maxPrice: '0.60',
      minPrice: '0.40',
      kellyParams: {
        winProbability: 0.7,
        maxPositionSize: '20',
        bankroll: '100',
        recalculateIntervalSec: 0.5,
        microPriceParams: { checkIntervalSec: 0.1, whenStuck: { afterSec: 0.2, action: 'cancel' } },
      },
    });
    await waitFor(() => r.exchange.liveOrders()[0], 'a Kelly bid');
    r.market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]], stale: true });
    expect(await r.daemon.whenFinal(id)).toMatchObject({
      state: 'CANCELLED',
      condition: 'STALE_BOOK',
    });
  });
});

describe('an order whose remainder is below the market minimum', () => {
  it('ends COMPLETED with a condition that says so', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(micro());
    await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    // 17 of 20 match while the replacement's cancel is in flight: 3 left, the minimum is 5.
    r.exchange.fillOnCancel = 17 * SHARE;
    moveUp(r.market);
    const done = await r.daemon.whenFinal(id);
    expect(done).toMatchObject({
      state: 'COMPLETED',
      filled: 17 * SHARE,
      condition: 'REMAINDER_BELOW_MINIMUM',
    });
    expect(done.reason).toBe('filled 17 of 20 shares; the remainder 3 is below the market minimum');
    expect(done.conditionSince).toBeGreaterThan(0);
    const fullyFilled = await rig();
    const other = await fullyFilled.daemon.submitRequest(micro());
    const bid = await waitFor(() => fullyFilled.exchange.liveOrders()[0], 'a bid');
    fullyFilled.exchange.fill(bid.id, 20 * SHARE);
    expect((await fullyFilled.daemon.whenFinal(other)).condition).toBeUndefined();
  });
});
