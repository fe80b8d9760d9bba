import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Order } from '@shared/domain/order';
import type { OrderSpec } from '@shared/domain/order-request';
import { silentLogger } from '../host/logger';
import { MemoryStore } from '../store/memory-store';
import { FakeMarketPort } from '../tests/fake-market-port';
import { FakeTradingExchange, testMarket } from '../tests/fake-trading-exchange';
import type { SubmitScript } from '../tests/fake-trading-exchange';
import { seededRandom } from '../strategies/iceberg-strategy';
import { DUST_MICROS } from './dust';
import { OrderDaemon } from './order-daemon';

const SHARE = 1_000_000;
const TOKEN = '111';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const tick = fc.oneof(
  fc.record({
    kind: fc.constant('book' as const),
    bid: fc.integer({ min: 20, max: 70 }),
    spread: fc.integer({ min: 1, max: 6 }),
    bidSize: fc.integer({ min: 1, max: 400 }),
    askSize: fc.integer({ min: 1, max: 400 }),
  }),
  fc.record({ kind: fc.constant('stale' as const), stale: fc.boolean() }),
  fc.record({
    kind: fc.constant('fill' as const),
    which: fc.nat(),
    pct: fc.integer({ min: 10, max: 100 }),
    matched: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('settle' as const), which: fc.nat(), ok: fc.boolean() }),
  fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 1, max: 30 }) }),
);

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  failureRate: fc.constantFrom(0, 0.1, 0.3),
  lostReplyPct: fc.integer({ min: 0, max: 30 }),
  lostRequestPct: fc.integer({ min: 0, max: 30 }),
  rejectPct: fc.integer({ min: 0, max: 20 }),
  fillOnCancel: fc.constantFrom(0, 2 * SHARE),
  streamFills: fc.boolean(),
  sides: fc.tuple(
    fc.constantFrom('BUY' as const, 'SELL' as const),
    fc.constantFrom('BUY' as const, 'SELL' as const),
  ),
  limits: fc.tuple(fc.integer({ min: 15, max: 50 }), fc.integer({ min: 0, max: 40 })),
  ticks: fc.array(tick, { minLength: 5, maxLength: 40 }),
});

function openOf(order: Order): number {
  return order.exchangeOrders
    .filter((eo) => !['FILLED', 'CANCELLED', 'REJECTED'].includes(eo.state))
    .reduce((sum, eo) => sum + Math.max(0, eo.size - eo.filled - eo.pendingFilled), 0);
}

describe('OrderDaemon under injected faults (property)', () => {
  it('never overfills, never leaves its limits, never places on a stale book, always ends', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const random = seededRandom(s.seed);
        const exchange = new FakeTradingExchange();
        const market = new FakeMarketPort([testMarket()]);
        exchange.random = random;
        exchange.failureRate = s.failureRate;
        exchange.fillOnCancel = s.fillOnCancel;
        exchange.streamFills = s.streamFills;
        exchange.randomSubmit = (draw): SubmitScript => {
          const pct = draw * 100;
          if (pct < s.lostReplyPct) return { kind: 'lost-reply' };
          if (pct < s.lostReplyPct + s.lostRequestPct) return { kind: 'lost-request' };
          if (pct < s.lostReplyPct + s.lostRequestPct + s.rejectPct) {
            return { kind: 'reject', message: 'invalid order' };
          }
          return { kind: 'accept' };
        };
        const violations: string[] = [];
        exchange.onSubmit = (request) => {
          if (market.getSnapshot(request.tokenId)?.stale !== false)
            violations.push('placed on a stale book');
        };
        market.setBook(TOKEN, { bids: [[450_000, 100]], asks: [[480_000, 100]] });
        const daemon = new OrderDaemon({
          exchange,
          market,
          store: new MemoryStore(),
          logger: silentLogger(),
          timings: {
            unknownGraceMs: 5,
            reconcileIntervalMs: 30,
            pendingPollMs: 10,
            retryBaseMs: 1,
          },
          cancelWaitMs: 10_000,
          // The iceberg rests at random limits far from the book; price sanity has its own tests.
          risk: { maxThroughMicroPrice: 1_000_000 },
        });
        const minPrice = s.limits[0] * 10_000;
        const maxPrice = Math.min(990_000, minPrice + s.limits[1] * 10_000);
        const specs: OrderSpec[] = [
          {
            tokenId: TOKEN,
            side: s.sides[0],
            strategyType: 'micro_price',
            totalSize: 30 * SHARE,
            minPrice,
            maxPrice,
            urgency: 'HIGH',
            microPriceParams: {
              thresholdBps: 50,
              checkIntervalSec: 0.1,
              maxAdjustments: 20,
              aggressionLimitBps: 100,
            },
          },
          {
            tokenId: TOKEN,
            side: s.sides[1],
            strategyType: 'iceberg',
            totalSize: 30 * SHARE,
            minPrice,
            maxPrice,
            urgency: 'HIGH',
            icebergParams: { clipSize: 10 * SHARE, clipJitterPct: 20 },
          },
        ];
        const limits = new Map<string, OrderSpec>();
        daemon.subscribe({
          onOrderUpdated(order) {
            const spec = limits.get(order.id) ?? order.spec;
            const total = spec.totalSize ?? 0;
            if (order.filled + order.pendingFilled + openOf(order) > total + DUST_MICROS) {
              violations.push(
                `overfill risk on ${order.id}: ${order.filled}+${order.pendingFilled}+${openOf(order)}`,
              );
            }
            for (const eo of order.exchangeOrders) {
              if (eo.price < spec.minPrice || eo.price > spec.maxPrice || eo.price % 10_000 !== 0) {
                violations.push(`price ${eo.price} outside [${spec.minPrice}, ${spec.maxPrice}]`);
              }
            }
          },
        });
        await daemon.start(2);
        const ids: string[] = [];
        for (const spec of specs) {
          const id = await daemon.submit(spec);
          limits.set(id, spec);
          ids.push(id);
        }
        for (const step of s.ticks) {
          if (step.kind === 'book') {
            const bid = step.bid * 10_000;
            market.setBook(TOKEN, {
              bids: [[bid, step.bidSize]],
              asks: [[Math.min(990_000, bid + step.spread * 10_000), step.askSize]],
            });
          } else if (step.kind === 'stale') {
            const current = market.getSnapshot(TOKEN);
            market.setBook(TOKEN, {
              bids: (current?.bids ?? []).map((l) => [l.price, l.size / SHARE]),
              asks: (current?.asks ?? []).map((l) => [l.price, l.size / SHARE]),
              stale: step.stale,
            });
          } else if (step.kind === 'fill') {
            const live = exchange.liveOrders();
            const target = live[step.which % Math.max(1, live.length)];
            if (target) {
              const size = Math.max(
                10_000,
                Math.floor((target.open * step.pct) / 100 / 10_000) * 10_000,
              );
              exchange.fill(target.id, size, step.matched ? 'MATCHED' : 'CONFIRMED');
            }
          } else if (step.kind === 'settle') {
            const pending = exchange.fills.filter((f) => f.status === 'MATCHED');
            const fill = pending[step.which % Math.max(1, pending.length)];
            if (fill) exchange.settle(fill, step.ok ? 'CONFIRMED' : 'FAILED');
          }
          await sleep(step.kind === 'pause' ? step.ms : 3);
        }
        exchange.failureRate = 0;
        market.setBook(TOKEN, { bids: [[450_000, 100]], asks: [[480_000, 100]] });
        for (const fill of exchange.fills.filter((f) => f.status === 'MATCHED'))
          exchange.settle(fill, 'CONFIRMED');
        await daemon.cancelAll();
        const finals = await Promise.all(
          ids.map((id) =>
            Promise.race([
              daemon.whenFinal(id),
              sleep(8_000).then(() => {
                const events = daemon.events(id).map((e) => `${e.type}:${e.reason}`);
                throw new Error(
                  `order never ended: ${JSON.stringify(daemon.status(id))}\n${events.join('\n')}`,
                );
              }),
            ]),
          ),
        );
        await daemon.stop('cancel');
        expect(violations).toEqual([]);
        for (const order of finals) {
          expect(['COMPLETED', 'CANCELLED', 'FAILED']).toContain(order.state);
          expect(openOf(order)).toBe(0);
        }
        expect(exchange.liveOrders()).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 600_000);
});
