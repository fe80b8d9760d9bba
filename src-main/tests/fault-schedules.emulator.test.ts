import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Order } from '@shared/domain/order';
import type { OrderSpec } from '@shared/domain/order-request';
import { KellyParamsSchema } from '@shared/domain/order-request';
import { startEmulator } from '../emulator/index';
import type { Exchange, PreparedOrder } from '../exchange/index';
import { silentLogger } from '../host/logger';
import { MarketMonitor } from '../market/market-monitor';
import { createTradingDesk } from '../daemon/trading-desk';
import { DUST_MICROS } from '../daemon/dust';
import { connect, COUNTERPARTY_KEY, DESK_KEY, FAST_TIMINGS, sellYesInto } from './emulator-rig';

const SHARE = 1_000_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const schedule = fc.record({
  seed: fc.integer({ min: 1, max: 10_000 }),
  latencyMs: fc.constantFrom(0, 20, 60),
  http5xxRate: fc.constantFrom(0, 0.05, 0.15),
  dropReplyRate: fc.constantFrom(0, 0.05, 0.15),
  fillDuringCancel: fc.boolean(),
  failNextTrades: fc.integer({ min: 0, max: 2 }),
  disconnectAtMs: fc.option(fc.integer({ min: 200, max: 2_000 }), { nil: undefined }),
  stallMs: fc.option(fc.integer({ min: 1_600, max: 2_500 }), { nil: undefined }),
  takerEveryMs: fc.constantFrom(150, 400),
  // How late and how reliably the exchange reports (the emulator's timing knobs).
  restTradeLagMax: fc.constantFrom(0, 300, 700),
  streamLagMax: fc.constantFrom(0, 200, 400),
  streamReorder: fc.constantFrom(0, 0.3),
  dropTradeMessageRate: fc.constantFrom(0, 0.2, 1),
  forgetFinalOrdersAfterMs: fc.constantFrom(null, 0, 500),
  matchDuringCancelRate: fc.constantFrom(0, 0.3),
});

function openOf(order: Order): number {
  return order.exchangeOrders
    .filter((eo) => !['FILLED', 'CANCELLED', 'REJECTED'].includes(eo.state))
    .reduce((sum, eo) => sum + Math.max(0, eo.size - eo.filled - eo.pendingFilled), 0);
}

/** Binds every method of the adapter, wrapping submitPrepared so the test sees each send. */
function watchSends(exchange: Exchange, onSend: (order: PreparedOrder) => void): Exchange {
  return new Proxy(exchange, {
    get(target, prop) {
      if (prop === 'submitPrepared') {
        return (order: PreparedOrder) => {
          onSend(order);
          return target.submitPrepared(order);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

// Prompt reports with the schedule's faults, and paper mode's own defaults (realistic reporting,
// settlement seconds later, rate limits, precision rules, delayed replies) with them on top.
describe.each([
  { timing: 'prompt' as const, numRuns: 5 },
  { timing: 'realistic' as const, numRuns: 3 },
])(
  'the desk on the paper exchange under fault schedules, $timing profile (property)',
  ({ timing, numRuns }) => {
    it('keeps fills + open within size, prices within limits, never sends on a stale book, ends every order', async () => {
      await fc.assert(
        fc.asyncProperty(schedule, async (s) => {
          const emulator = await startEmulator({ seed: s.seed, syntheticFlow: true, timing });
          const raw = await connect(emulator, DESK_KEY);
          const counterparty = await connect(emulator, COUNTERPARTY_KEY);
          const logger = silentLogger();
          const violations: string[] = [];
          const monitor = new MarketMonitor({ exchange: raw, logger, staleAfterMs: 1_500 });
          const exchange = watchSends(raw, (order) => {
            if (monitor.getSnapshot(order.request.tokenId)?.stale !== false) {
              violations.push(`sent ${order.orderId} on a stale book`);
            }
          });
          const desk = await createTradingDesk({
            exchange,
            monitor,
            logger,
            numWorkers: 2,
            timings: FAST_TIMINGS,
          });
          const specs = new Map<string, OrderSpec>();
          desk.subscribe({
            onSnapshot: () => undefined,
            onOrderEvent: () => undefined,
            onOrderUpdated(order) {
              const spec = specs.get(order.id) ?? order.spec;
              const limit = spec.totalSize ?? spec.kellyParams?.maxPositionSize ?? 0;
              if (order.filled + order.pendingFilled + openOf(order) > limit + DUST_MICROS) {
                violations.push(
                  `order ${order.id}: ${order.filled}+${order.pendingFilled}+${openOf(order)} > ${limit}`,
                );
              }
              for (const eo of order.exchangeOrders) {
                if (eo.price < spec.minPrice || eo.price > spec.maxPrice)
                  violations.push(`price ${eo.price} outside limits`);
              }
            },
          });
          const market = (slug: string) => {
            const found = emulator.markets.find((m) => m.slug === slug);
            if (!found) throw new Error(slug);
            return found;
          };
          const lunar = market('lunar-lander-touchdown-2027');
          const fed = market('fed-cuts-rates-in-december');
          const champions = market('champions-league-final-winner-home');
          const all: OrderSpec[] = [
            {
              tokenId: lunar.yesTokenId,
              side: 'BUY',
              strategyType: 'micro_price',
              totalSize: 20 * SHARE,
              minPrice: 200_000,
              maxPrice: 400_000,
              urgency: 'HIGH',
              microPriceParams: {
                thresholdBps: 50,
                checkIntervalSec: 0.2,
                maxAdjustments: 50,
                aggressionLimitBps: 100,
              },
            },
            {
              tokenId: fed.yesTokenId,
              side: 'BUY',
              strategyType: 'iceberg',
              totalSize: 30 * SHARE,
              minPrice: 400_000,
              maxPrice: 600_000,
              targetPrice: 500_000,
              urgency: 'HIGH',
              icebergParams: { clipSize: 10 * SHARE, clipJitterPct: 20 },
            },
            {
              tokenId: champions.yesTokenId,
              side: 'BUY',
              strategyType: 'kelly',
              minPrice: 300_000,
              maxPrice: 600_000,
              urgency: 'HIGH',
              kellyParams: KellyParamsSchema.parse({
                winProbability: 0.65,
                maxPositionSize: '25',
                recalculateIntervalSec: 0.5,
                microPriceParams: { checkIntervalSec: 0.2 },
              }),
            },
          ];
          const ids: string[] = [];
          /** The exchange's own record, not our ledger: matched + resting per user order. */
          const judgeByRecord = (): void => {
            const byOrder = new Map<string, number>();
            const owner = new Map<string, string>();
            for (const order of desk.listOrders(true)) {
              for (const eo of order.exchangeOrders) owner.set(eo.id, order.id);
            }
            for (const record of emulator.orderRecord(raw.makerAddress)) {
              const user = owner.get(record.orderId);
              if (user === undefined) continue;
              const exposure = Number(record.sizeMatched) + Number(record.resting);
              byOrder.set(user, (byOrder.get(user) ?? 0) + exposure);
            }
            for (const [user, total] of byOrder) {
              const spec = specs.get(user);
              const limit = spec?.totalSize ?? spec?.kellyParams?.maxPositionSize ?? 0;
              if (total > limit + DUST_MICROS) {
                violations.push(
                  `exchange record of ${user}: matched + resting ${total} > ${limit}`,
                );
              }
            }
          };
          try {
            for (const spec of all) {
              const { orderId } = await desk.submit(spec);
              specs.set(orderId, spec);
              ids.push(orderId);
            }
            emulator.faults.set({
              latencyMs: { min: 0, max: s.latencyMs },
              http5xxRate: s.http5xxRate,
              dropReplyRate: s.dropReplyRate,
              fillDuringCancel: s.fillDuringCancel,
              failNextTrades: s.failNextTrades,
              restTradeLagMs: { min: 0, max: s.restTradeLagMax },
              streamTradeLagMs: { min: 0, max: s.streamLagMax },
              streamOrderLagMs: { min: 0, max: s.streamLagMax },
              streamReorder: s.streamReorder,
              dropTradeMessageRate: s.dropTradeMessageRate,
              forgetFinalOrdersAfterMs: s.forgetFinalOrdersAfterMs,
              matchDuringCancelRate: s.matchDuringCancelRate,
            });
            const started = Date.now();
            let stalled = false;
            let disconnected = false;
            while (Date.now() - started < 3_000) {
              const elapsed = Date.now() - started;
              if (s.disconnectAtMs !== undefined && !disconnected && elapsed >= s.disconnectAtMs) {
                disconnected = true;
                emulator.faults.disconnectStreams();
              }
              if (s.stallMs !== undefined && !stalled && elapsed >= 300) {
                stalled = true;
                emulator.faults.stallStreams(true);
              }
              if (stalled && s.stallMs !== undefined && elapsed >= 300 + s.stallMs)
                emulator.faults.stallStreams(false);
              judgeByRecord();
              for (const order of desk.listOrders(false)) {
                const live = order.exchangeOrders.find(
                  (eo) => eo.state === 'LIVE' || eo.state === 'PARTIALLY_FILLED',
                );
                const info = [lunar, fed, champions].find(
                  (m) => m.yesTokenId === order.spec.tokenId,
                );
                if (live && info) {
                  await sellYesInto(counterparty, info, live.price, 5).catch(() => undefined);
                }
              }
              await sleep(s.takerEveryMs);
            }
            emulator.faults.reset();
            await desk.cancelAll();
            const finals = await Promise.all(
              ids.map((id) =>
                Promise.race([
                  desk.daemon.whenFinal(id),
                  sleep(20_000).then(() => {
                    throw new Error(
                      `order never ended: ${desk
                        .orderEvents(id)
                        .map((e) => `${e.type}:${e.reason}`)
                        .join('\n')}`,
                    );
                  }),
                ]),
              ),
            );
            for (const order of finals)
              expect(['COMPLETED', 'CANCELLED', 'FAILED']).toContain(order.state);
            judgeByRecord();
            expect(violations).toEqual([]);
            expect(await raw.getOpenOrders()).toEqual([]);
          } finally {
            emulator.faults.reset();
            await desk.stop('cancel');
            await raw.close();
            await counterparty.close();
            await emulator.stop();
          }
        }),
        { numRuns, endOnFailure: true },
      );
    }, 300_000);
  },
);
