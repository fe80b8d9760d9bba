import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '@shared/domain/order';
import { ExecutionReportSchema, type ExecutionReport } from '@shared/report/execution-report';
import { startEmulator } from '../emulator/index';
import type { EmulatorHandle } from '../emulator/index';
import type { Exchange } from '../exchange/index';
import { COUNTERPARTY_KEY, connect, sellYesInto } from '../tests/emulator-rig';
import { startPaperHost, type PaperHostRig } from '../tests/paper-host-rig';
import { waitForAsync } from '../tests/wait-for';

const SHARE = 1_000_000;

let emulator: EmulatorHandle;
let counterparty: Exchange;
let rig: PaperHostRig;
let call: PaperHostRig['call'];

beforeAll(async () => {
  emulator = await startEmulator({ seed: 3, syntheticFlow: false, timing: 'prompt' });
  counterparty = await connect(emulator, COUNTERPARTY_KEY);
  // Paper mode records by default.
  rig = await startPaperHost('report', emulator.restUrl);
  ({ call } = rig);
});

afterAll(async () => {
  await rig?.stop();
  await counterparty?.close();
  await emulator?.stop();
});

async function orderOf(orderId: string): Promise<Order | undefined> {
  const { orders } = await call('order.list', { includeFinal: true });
  return orders.find((o) => o.id === orderId);
}

/** The price of the order's resting exchange order, once it rests. */
async function restingPrice(orderId: string): Promise<number> {
  try {
    return await waitForAsync(async () => {
      const order = await orderOf(orderId);
      return order?.exchangeOrders.find((eo) => eo.state === 'LIVE')?.price;
    }, `a resting quote of ${orderId}`);
  } catch (err) {
    const { events } = await call('order.events', { orderId });
    throw new Error(
      `${(err as Error).message}: ${JSON.stringify(await orderOf(orderId))} ${JSON.stringify(events.map((e) => [e.type, e.reason]))}`,
      { cause: err },
    );
  }
}

function market(slug: string) {
  const found = emulator.markets.find((m) => m.slug === slug);
  if (!found) throw new Error(`no market ${slug}`);
  return found;
}

describe('report.get on the paper exchange with recording on', () => {
  let report: ExecutionReport;
  const ids: Record<string, string> = {};

  it('reports all three strategies with fills, arrival micro-prices and 1 s markouts', async () => {
    const lunar = market('lunar-lander-touchdown-2027');
    const champions = market('champions-league-final-winner-home');
    const btc = market('btc-above-150k-on-march-31');
    for (const m of [lunar, champions, btc]) await call('market.watch', { tokenId: m.yesTokenId });
    ids.micro_price = (
      await call('order.submit', {
        tokenId: lunar.yesTokenId,
        side: 'BUY',
        strategyType: 'micro_price',
        totalSize: '20',
        maxPrice: '0.4',
        minPrice: '0.2',
        microPriceParams: { checkIntervalSec: 0.2 },
      })
    ).orderId;
    ids.iceberg = (
      await call('order.submit', {
        tokenId: champions.yesTokenId,
        side: 'BUY',
        strategyType: 'iceberg',
        totalSize: '10',
        maxPrice: '0.46',
        minPrice: '0.4',
        icebergParams: { clipSize: '10', clipJitterPct: 0 },
      })
    ).orderId;
    ids.kelly = (
      await call('order.submit', {
        tokenId: btc.yesTokenId,
        side: 'BUY',
        strategyType: 'kelly',
        maxPrice: '0.4',
        minPrice: '0.2',
        kellyParams: {
          winProbability: 0.6,
          maxPositionSize: '20',
          recalculateIntervalSec: 0.5,
          microPriceParams: { checkIntervalSec: 0.2 },
        },
      })
    ).orderId;
    const fills: [string, typeof lunar][] = [
      [ids.micro_price, lunar],
      [ids.iceberg, champions],
      [ids.kelly, btc],
    ];
    for (const [orderId, m] of fills) {
      const price = await restingPrice(orderId);
      const order = await orderOf(orderId);
      await sellYesInto(counterparty, m, price, (order?.targetSize ?? 0) / SHARE);
    }
    for (const orderId of Object.values(ids)) {
      await waitForAsync(async () => {
        const order = await orderOf(orderId);
        return order?.state === 'COMPLETED' ? order : undefined;
      }, `${orderId} to complete`);
    }
    // The 1 s markouts are measured once the recording reaches a second past the last fill.
    report = await waitForAsync(async () => {
      const r = ExecutionReportSchema.parse(await call('report.get', {}));
      const measured = r.orders.every((o) =>
        o.fills.every((f) => f.markouts.find((m) => m.horizonSec === 1)?.ticks !== null),
      );
      return r.orders.length === 3 && measured ? r : undefined;
    }, 'the 1 s markouts');

    expect(report.strategies.map((s) => s.strategyType)).toEqual([
      'iceberg',
      'micro_price',
      'kelly',
    ]);
    for (const row of report.strategies) {
      expect(row).toMatchObject({ orders: 1, ordersWithFills: 1, fillRatio: 1 });
      expect(row.fills).toBeGreaterThan(0);
      expect(row.slippageTicks).not.toBeNull();
      expect(row.markouts.find((m) => m.horizonSec === 1)?.ticks).not.toBeNull();
      expect(row.medianTimeToFillMs).not.toBeNull();
    }
    for (const order of report.orders) {
      expect(order.arrivalMicroPrice).not.toBeNull();
      expect(order.avgFillPriceMicros).not.toBeNull();
      expect(order.label).not.toBe(order.tokenId);
      expect(order.feesEstimated).toBe(true);
      // Passive buys filled at their bid, below the micro-price: a negative cost.
      expect(order.slippageTicks ?? 0).toBeLessThanOrEqual(0);
      const fill = order.fills[0];
      expect(fill?.microPriceAtFill).not.toBeNull();
      // The 60 s markout lies beyond the recording: pending, not invented.
      expect(fill?.markouts.find((m) => m.horizonSec === 60)?.ticks).toBeNull();
    }
    expect(report.traces.map((t) => t.tokenId).sort()).toEqual(
      [lunar.yesTokenId, champions.yesTokenId, btc.yesTokenId].sort(),
    );
    expect(report.source).toMatch(/recorded session/);
  }, 60_000);

  it('filters by strategy and order, and prints the report from the CLI', async () => {
    const only = await call('report.get', { strategyType: 'kelly' });
    expect(only.orders.map((o) => o.orderId)).toEqual([ids.kelly]);
    expect(only.strategies.map((s) => s.strategyType)).toEqual(['kelly']);
    const json = await rig.cli('report', '--order', ids.iceberg ?? '', '--json');
    expect(json.code).toBe(0);
    const parsed = ExecutionReportSchema.parse(JSON.parse(json.out));
    expect(parsed.orders.map((o) => o.orderId)).toEqual([ids.iceberg]);
    const { code, out: text } = await rig.cli('report');
    expect(code).toBe(0);
    expect(text).toMatch(/^strategy\s+orders/m);
    expect(text).toContain('micro_price');
    expect(text).toContain(ids.kelly);
  }, 30_000);
});
