import { afterEach, describe, expect, it } from 'vitest';
import type { Order, OrderEvent } from '@shared/domain/order';
import type { OrderSpec } from '@shared/domain/order-request';
import { KellyParamsSchema } from '@shared/domain/order-request';
import { paperRig, restBid, sellYesInto } from './emulator-rig';
import type { PaperRig } from './emulator-rig';
import { waitFor } from './wait-for';

const SHARE = 1_000_000;
const LUNAR = 'lunar-lander-touchdown-2027';
const CHAMPIONS = 'champions-league-final-winner-home';
const BTC = 'btc-above-150k-on-march-31';

const rigs: PaperRig[] = [];

async function rig(): Promise<PaperRig> {
  const r = await paperRig();
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) await r.stop('cancel');
});

function microSpec(tokenId: string, maxAdjustments = 5): OrderSpec {
  return {
    tokenId,
    side: 'BUY',
    strategyType: 'micro_price',
    totalSize: 20 * SHARE,
    maxPrice: 400_000,
    minPrice: 200_000,
    urgency: 'MEDIUM',
    microPriceParams: {
      thresholdBps: 50,
      checkIntervalSec: 0.2,
      maxAdjustments,
      aggressionLimitBps: 100,
    },
  };
}

function order(r: PaperRig, id: string): Order {
  const found = r.desk.listOrders(true).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no order ${id}`);
  return found;
}

function liveAt(r: PaperRig, id: string): number | undefined {
  return order(r, id).exchangeOrders.find((eo) => eo.state === 'LIVE')?.price;
}

function events(r: PaperRig, id: string): OrderEvent[] {
  return r.desk.orderEvents(id);
}

describe('trading desk on the paper exchange', () => {
  it('submit → execute → monitor → adjust (out of band, then too aggressive) → complete', async () => {
    const r = await rig();
    const lunar = r.market(LUNAR);
    const pushed: OrderEvent[] = [];
    r.desk.subscribe({
      onSnapshot: () => undefined,
      onOrderUpdated: () => undefined,
      onOrderEvent: (e) => pushed.push(e),
    });
    const { orderId } = await r.desk.submit(microSpec(lunar.yesTokenId));
    // The book is 0.27 / 0.35 with equal sizes: micro 0.31, one tick above the best other bid.
    expect(await waitFor(() => liveAt(r, orderId), 'first quote')).toBe(280_000);
    const bid = await restBid(r.counterparty, lunar, 330_000, 200);
    // Micro-price moves to ≈0.347: 0.28 is out of band.
    expect(
      await waitFor(
        () => order(r, orderId).adjustments === 1 && liveAt(r, orderId),
        'the first replace',
      ),
    ).toBe(340_000);
    // The new bid goes in before the old one leaves, so the book moves in one step.
    await restBid(r.counterparty, lunar, 300_000, 200);
    await r.counterparty.cancelOrder(bid);
    // Micro ≈0.342 keeps 0.34 in band, but it stands 4 ticks ahead of the best other bid (0.30).
    expect(
      await waitFor(
        () => order(r, orderId).adjustments === 2 && liveAt(r, orderId),
        'the second replace',
      ),
    ).toBe(310_000);
    const replaces = events(r, orderId)
      .filter((e) => e.type === 'replace')
      .map((e) => e.reason);
    expect(replaces[0]).toContain('out_of_band');
    expect(replaces[1]).toContain('too_aggressive');
    await sellYesInto(r.counterparty, lunar, 310_000, 20);
    const done = await r.desk.daemon.whenFinal(orderId);
    expect(done).toMatchObject({
      state: 'COMPLETED',
      filled: 20 * SHARE,
      pendingFilled: 0,
      avgPrice: 310_000,
    });
    expect(done.exchangeOrders.map((eo) => eo.state)).toEqual(['CANCELLED', 'CANCELLED', 'FILLED']);
    expect(pushed.filter((e) => e.orderId === orderId).map((e) => e.seq)).toEqual(
      events(r, orderId).map((e) => e.seq),
    );
    expect(await r.exchange.getOpenOrders({ tokenId: lunar.yesTokenId })).toEqual([]);
  });

  it('shows a matched fill as pending, undoes it when the trade fails, and buys the size again', async () => {
    const r = await rig();
    const lunar = r.market(LUNAR);
    const { orderId } = await r.desk.submit(microSpec(lunar.yesTokenId));
    const first = await waitFor(() => liveAt(r, orderId), 'first quote');
    r.emulator.faults.set({ failNextTrades: 1 });
    await sellYesInto(r.counterparty, lunar, first, 20);
    await waitFor(
      () => events(r, orderId).find((e) => e.type === 'fill_failed'),
      'the failed trade',
    );
    expect(order(r, orderId)).toMatchObject({ state: 'ACTIVE', filled: 0, pendingFilled: 0 });
    const again = await waitFor(
      () => order(r, orderId).exchangeOrders.find((eo, i) => i > 0 && eo.state === 'LIVE'),
      'a new quote for the whole size',
    );
    expect(again.size).toBe(20 * SHARE);
    await sellYesInto(r.counterparty, lunar, again.price, 20);
    expect(await r.desk.daemon.whenFinal(orderId)).toMatchObject({
      state: 'COMPLETED',
      filled: 20 * SHARE,
    });
  });

  it('respects maxAdjustments: after the last one the quote is left where it is', async () => {
    const r = await rig();
    const lunar = r.market(LUNAR);
    const { orderId } = await r.desk.submit(microSpec(lunar.yesTokenId, 1));
    await waitFor(() => liveAt(r, orderId), 'first quote');
    const bid = await restBid(r.counterparty, lunar, 330_000, 200);
    await waitFor(
      () => order(r, orderId).adjustments === 1 && liveAt(r, orderId),
      'the one replace',
    );
    await restBid(r.counterparty, lunar, 300_000, 200);
    await r.counterparty.cancelOrder(bid);
    await waitFor(
      () => events(r, orderId).some((e) => e.reason === 'max adjustments (1) reached'),
      'the limit noted',
    );
    expect(order(r, orderId).adjustments).toBe(1);
    expect(liveAt(r, orderId)).toBe(340_000);
    const cancelled = await r.desk.cancel(orderId);
    expect(cancelled.state).toBe('CANCELLED');
  });

  it('runs several orders across strategies at once', async () => {
    const r = await rig();
    const lunar = r.market(LUNAR);
    const champions = r.market(CHAMPIONS);
    const btc = r.market(BTC);
    const micro = await r.desk.submit(microSpec(lunar.yesTokenId));
    const iceberg = await r.desk.submit({
      tokenId: champions.yesTokenId,
      side: 'BUY',
      strategyType: 'iceberg',
      totalSize: 20 * SHARE,
      targetPrice: 450_000,
      maxPrice: 460_000,
      minPrice: 400_000,
      urgency: 'MEDIUM',
      icebergParams: { clipSize: 10 * SHARE, clipJitterPct: 0 },
    });
    const kelly = await r.desk.submit({
      tokenId: btc.yesTokenId,
      side: 'BUY',
      strategyType: 'kelly',
      maxPrice: 400_000,
      minPrice: 200_000,
      urgency: 'HIGH',
      kellyParams: KellyParamsSchema.parse({
        winProbability: 0.6,
        maxPositionSize: '20',
        recalculateIntervalSec: 0.5,
        microPriceParams: { checkIntervalSec: 0.2 },
      }),
    });
    const microPrice = await waitFor(() => liveAt(r, micro.orderId), 'micro-price quote');
    const clipPrice = await waitFor(() => liveAt(r, iceberg.orderId), 'first clip');
    expect(order(r, iceberg.orderId).exchangeOrders[0]?.size).toBe(10 * SHARE);
    const kellyPrice = await waitFor(() => liveAt(r, kelly.orderId), 'Kelly quote');
    expect(order(r, kelly.orderId).targetSize).toBe(20 * SHARE);
    expect(r.desk.health().activeOrders).toBe(3);
    await sellYesInto(r.counterparty, lunar, microPrice, 20);
    await sellYesInto(r.counterparty, champions, clipPrice, 10);
    await waitFor(
      () => order(r, iceberg.orderId).exchangeOrders.length === 2 && liveAt(r, iceberg.orderId),
      'the refill',
    );
    await sellYesInto(r.counterparty, champions, clipPrice, 10);
    await sellYesInto(r.counterparty, btc, kellyPrice, 20);
    const finals = await Promise.all(
      [micro, iceberg, kelly].map(({ orderId }) => r.desk.daemon.whenFinal(orderId)),
    );
    expect(finals.map((o) => [o.state, o.filled])).toEqual([
      ['COMPLETED', 20 * SHARE],
      ['COMPLETED', 20 * SHARE],
      ['COMPLETED', 20 * SHARE],
    ]);
    const account = await r.desk.accountSummary();
    expect(account.positions.map((p) => p.size).sort()).toEqual([
      20 * SHARE,
      20 * SHARE,
      20 * SHARE,
    ]);
  });

  it('recalculates the Kelly target when the price moves', async () => {
    const r = await rig();
    const lunar = r.market(LUNAR);
    const { orderId } = await r.desk.submit({
      tokenId: lunar.yesTokenId,
      side: 'BUY',
      strategyType: 'kelly',
      maxPrice: 400_000,
      minPrice: 200_000,
      urgency: 'MEDIUM',
      kellyParams: KellyParamsSchema.parse({
        winProbability: 0.5,
        maxPositionSize: '1000',
        bankroll: '100',
        recalculateIntervalSec: 0.5,
        microPriceParams: { checkIntervalSec: 0.2 },
      }),
    });
    await waitFor(() => liveAt(r, orderId) === 280_000 || undefined, 'quote at 0.28');
    const first = order(r, orderId).targetSize;
    // λ = 0.25, q = 0.5, p = 0.28: f = 0.25·(0.22/0.72) ≈ 7.6% of 100 USDC ≈ 27 shares.
    expect(first).toBeGreaterThan(26 * SHARE);
    expect(first).toBeLessThan(28 * SHARE);
    await restBid(r.counterparty, lunar, 330_000, 200);
    const moved = await waitFor(() => {
      const target = order(r, orderId).targetSize;
      return target < first ? target : undefined;
    }, 'a smaller target at the higher price');
    // At 0.34: f = 0.25·(0.16/0.66) ≈ 6.1% → ≈ 17.8 shares.
    expect(moved).toBeGreaterThan(17 * SHARE);
    expect(moved).toBeLessThan(19 * SHARE);
    await waitFor(
      () => order(r, orderId).exchangeOrders.find((eo) => eo.state === 'LIVE' && eo.size === moved),
      'the order resized',
    );
    expect(events(r, orderId).filter((e) => e.type === 'resize')).toHaveLength(2);
  });

  it('stops gracefully with active orders: cancel mode cancels them and says which', async () => {
    const r = await rig();
    const lunar = r.market(LUNAR);
    const champions = r.market(CHAMPIONS);
    const a = await r.desk.submit(microSpec(lunar.yesTokenId));
    const b = await r.desk.submit(microSpec(champions.yesTokenId));
    await waitFor(() => liveAt(r, a.orderId), 'a live');
    await waitFor(() => liveAt(r, b.orderId), 'b live');
    const ids = [a, b].map(({ orderId }) => order(r, orderId).exchangeOrders[0]?.id);
    const report = await r.desk.stop('cancel');
    expect(report.mode).toBe('cancel');
    expect(report.cancelled.sort()).toEqual(ids.sort());
    expect(report.orders.map((o) => o.state)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(await r.exchange.getOpenOrders()).toEqual([]);
  });

  it('stops gracefully in keep mode: open orders stay at the exchange', async () => {
    const r = await rig();
    const lunar = r.market(LUNAR);
    const a = await r.desk.submit(microSpec(lunar.yesTokenId));
    await waitFor(() => liveAt(r, a.orderId), 'a live');
    const report = await r.desk.stop('keep');
    expect(report.kept).toEqual([order(r, a.orderId).exchangeOrders[0]?.id]);
    expect((await r.exchange.getOpenOrders()).map((o) => o.orderId)).toEqual(report.kept);
  });
});
