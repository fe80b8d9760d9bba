import type { OrderSpec } from '@shared/domain/order-request';
import { KellyParamsSchema } from '@shared/domain/order-request';
import { silentLogger } from '../host/logger';
import { DUST_MICROS } from '../daemon/dust';
import { OrderDaemon } from '../daemon/order-daemon';
import type { ExecutionTimings } from '../daemon/order-execution';
import type { Exchange } from '../exchange/exchange-port';
import { MemoryStore } from '../store/memory-store';
import type { Store } from '../store/store-port';
import { seededRandom } from '../strategies/iceberg-strategy';
import { FakeMarketPort } from './fake-market-port';
import { testMarket } from './fake-trading-exchange';
import { LaggingExchange } from './lagging-exchange';
import type { LagKnobs } from './lagging-exchange';

const SHARE = 1_000_000;
const TOKEN = '111';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The daemon's timings scaled like the exchange's lags (Polymarket's hundreds of ms become a few
 * ms here): the settle horizon stays well above the longest REST trade lag, as it does live.
 */
export const SOAK_TIMINGS: Partial<ExecutionTimings> = {
  unknownGraceMs: 10,
  absentChecks: 2,
  reconcileIntervalMs: 40,
  pendingPollMs: 10,
  retryAttempts: 3,
  retryBaseMs: 2,
  settleWaitMs: 60,
  settleHorizonMs: 600,
};

export interface ScheduleResult {
  seed: number;
  /** Times the exchange's record had an order's matched + resting above its size. */
  overfills: number;
  /** Exchange orders priced outside the user's limits or off the grid. */
  limitBreaches: number;
  /** Orders sent while the book was stale. */
  staleSends: number;
  /** User orders not final at the end, and exchange orders still resting after it. */
  notFinal: number;
  leftResting: number;
  /** The largest (matched + resting) / size seen at the exchange for any user order. */
  worstExposure: number;
  restarted: boolean;
  /** Trades at the exchange on our orders. */
  trades: number;
  /** Placements held for the final fills of a cancelled order, and placements made around them. */
  settleWaits: number;
  conservativePlacements: number;
  /** Overfill events the daemon recorded (late trades beyond an order's size). */
  overfillEvents: number;
  details: string[];
}

/** Random knobs in the range Polymarket shows under load, scaled to the soak's time. */
function knobsFor(random: () => number): Partial<LagKnobs> {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  return {
    restTradeLagMs: [0, pick([0, 20, 60, 150])],
    streamLagMs: [0, pick([0, 10, 40, 80])],
    dropTradeMessageRate: pick([0, 0.1, 0.5, 1]),
    forgetFinalOrdersAfterMs: pick([null, 0, 30, 200]),
    matchDuringCancelRate: pick([0, 0.3, 0.7]),
    settleMs: [2, pick([5, 30, 100])],
    failTradeRate: pick([0, 0.1, 0.3]),
    noAnswerRate: pick([0, 0.05, 0.15]),
    lostReplyRate: pick([0, 0.05, 0.15]),
    lostRequestRate: pick([0, 0.05]),
    rejectRate: pick([0, 0.05]),
    latencyMs: [0, pick([0, 2, 6])],
  };
}

function specsFor(random: () => number): OrderSpec[] {
  const count = 1 + Math.floor(random() * 3);
  const specs: OrderSpec[] = [];
  for (let i = 0; i < count; i++) {
    const side = random() < 0.5 ? 'BUY' : 'SELL';
    const minPrice = (20 + Math.floor(random() * 30)) * 10_000;
    const maxPrice = Math.min(980_000, minPrice + Math.floor(random() * 40) * 10_000);
    const kind = Math.floor(random() * 3);
    const micro = {
      thresholdBps: 50,
      checkIntervalSec: 0.1,
      maxAdjustments: 30,
      aggressionLimitBps: 100,
    };
    if (kind === 0) {
      specs.push({
        tokenId: TOKEN,
        side,
        strategyType: 'micro_price',
        totalSize: (10 + Math.floor(random() * 30)) * SHARE,
        minPrice,
        maxPrice,
        urgency: 'HIGH',
        microPriceParams: micro,
      });
    } else if (kind === 1) {
      specs.push({
        tokenId: TOKEN,
        side,
        strategyType: 'iceberg',
        totalSize: (15 + Math.floor(random() * 30)) * SHARE,
        minPrice,
        maxPrice,
        urgency: 'HIGH',
        icebergParams: { clipSize: 6 * SHARE, clipJitterPct: 20 },
      });
    } else {
      specs.push({
        tokenId: TOKEN,
        side,
        strategyType: 'kelly',
        minPrice,
        maxPrice,
        urgency: 'HIGH',
        kellyParams: KellyParamsSchema.parse({
          winProbability: side === 'BUY' ? 0.8 : 0.2,
          kellyFraction: 0.5,
          maxPositionSize: String(10 + Math.floor(random() * 30)),
          bankroll: '200',
          recalculateIntervalSec: 0.5,
          microPriceParams: micro,
        }),
      });
    }
  }
  return specs;
}

function limitOf(spec: OrderSpec): number {
  return spec.totalSize ?? spec.kellyParams?.maxPositionSize ?? 0;
}

/** A process that can die mid-flight: after `crash()` nothing it asks is answered or written. */
class Crash {
  crashed = false;
  private readonly unsubscribes: (() => void)[] = [];

  crash(): void {
    this.crashed = true;
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /** Every async call of the exchange hangs after the crash, and the user stream goes quiet. */
  exchange(exchange: Exchange): Exchange {
    return new Proxy(exchange, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        const fn = value as (...args: unknown[]) => unknown;
        if (prop === 'subscribeUserEvents') {
          return (...args: unknown[]) => {
            const unsubscribe = fn.apply(target, args) as () => void;
            this.unsubscribes.push(unsubscribe);
            return unsubscribe;
          };
        }
        return (...args: unknown[]) =>
          this.crashed ? new Promise(() => undefined) : fn.apply(target, args);
      },
    });
  }

  /** Writes stop reaching the store after the crash: what was written before survives. */
  store(store: Store): Store {
    return new Proxy(store, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        const fn = value as (...args: unknown[]) => unknown;
        return (...args: unknown[]) =>
          this.crashed ? new Promise(() => undefined) : fn.apply(target, args);
      },
    });
  }
}

/**
 * One random schedule: 1–3 orders of the three strategies on one token, a moving (sometimes stale)
 * book, takers hitting our resting orders, the exchange reporting late / out of order / not at
 * all, and sometimes a crash and restart in the middle. Judged by the exchange's own record.
 */
export async function runSchedule(seed: number): Promise<ScheduleResult> {
  const random = seededRandom(seed);
  const exchange = new LaggingExchange(knobsFor(random), seededRandom(seed * 7 + 1));
  exchange.positions.set(TOKEN, 1_000 * SHARE);
  const market = new FakeMarketPort([testMarket()]);
  const store = new MemoryStore();
  const result: ScheduleResult = {
    seed,
    overfills: 0,
    limitBreaches: 0,
    staleSends: 0,
    notFinal: 0,
    leftResting: 0,
    worstExposure: 0,
    restarted: false,
    trades: 0,
    settleWaits: 0,
    conservativePlacements: 0,
    overfillEvents: 0,
    details: [],
  };
  const userOf = new Map<string, string>();
  const specOf = new Map<string, OrderSpec>();
  const check = (): void => {
    const totals = new Map<string, number>();
    for (const record of exchange.record()) {
      const user = userOf.get(record.orderId);
      if (user === undefined) continue;
      totals.set(user, (totals.get(user) ?? 0) + record.matched + record.resting);
    }
    for (const [user, total] of totals) {
      const spec = specOf.get(user);
      if (!spec) continue;
      const limit = limitOf(spec);
      result.worstExposure = Math.max(result.worstExposure, total / limit);
      if (total > limit + DUST_MICROS) {
        result.overfills += 1;
        if (result.details.length < 5) {
          result.details.push(
            `order ${user} (${spec.strategyType} ${spec.side}): ${total} > ${limit}`,
          );
        }
      }
    }
  };
  exchange.onChange = check;
  exchange.onSubmit = (request) => {
    if (market.getSnapshot(request.tokenId)?.stale !== false) result.staleSends += 1;
  };
  const setBook = (bid: number, spread: number, bidSize: number, askSize: number, stale = false) =>
    market.setBook(TOKEN, {
      bids: [[bid, bidSize]],
      asks: [[Math.min(990_000, bid + spread), askSize]],
      stale,
    });
  setBook(450_000, 30_000, 100, 100);

  const startDaemon = async (crash: Crash): Promise<OrderDaemon> => {
    const daemon = new OrderDaemon({
      exchange: crash.exchange(exchange),
      market,
      store: crash.store(store),
      logger: silentLogger(),
      timings: SOAK_TIMINGS,
      cancelWaitMs: 5_000,
      risk: { maxThroughMicroPrice: 1_000_000, maxOrderNotional: 1_000_000_000 },
    });
    daemon.subscribe({
      onOrderEvent(event) {
        if (event.exchangeOrderId !== undefined) userOf.set(event.exchangeOrderId, event.orderId);
        if (event.type === 'overfill') result.overfillEvents += 1;
        if (event.type === 'settle' && event.reason.startsWith('waiting')) result.settleWaits += 1;
        if (event.type === 'settle' && event.reason.startsWith('placing')) {
          result.conservativePlacements += 1;
        }
      },
      onOrderUpdated(order) {
        const spec = specOf.get(order.id);
        if (!spec) return;
        for (const eo of order.exchangeOrders) {
          if (eo.price < spec.minPrice || eo.price > spec.maxPrice || eo.price % 10_000 !== 0) {
            result.limitBreaches += 1;
          }
        }
      },
    });
    await daemon.start(2);
    return daemon;
  };

  let crash = new Crash();
  let daemon = await startDaemon(crash);
  const ids: string[] = [];
  for (const spec of specsFor(random)) {
    const id = await daemon.submit(spec);
    specOf.set(id, spec);
    ids.push(id);
  }
  const steps = 20 + Math.floor(random() * 50);
  const restartAt = random() < 0.3 ? Math.floor(random() * steps) : -1;
  for (let step = 0; step < steps; step++) {
    if (step === restartAt) {
      crash.crash();
      await sleep(random() * 20);
      crash = new Crash();
      daemon = await startDaemon(crash);
      result.restarted = true;
    }
    const draw = random();
    if (draw < 0.35) {
      setBook(
        (20 + Math.floor(random() * 50)) * 10_000,
        (1 + Math.floor(random() * 5)) * 10_000,
        1 + Math.floor(random() * 300),
        1 + Math.floor(random() * 300),
      );
    } else if (draw < 0.42) {
      const current = market.getSnapshot(TOKEN);
      market.setBook(TOKEN, {
        bids: (current?.bids ?? []).map((level) => [level.price, level.size / SHARE]),
        asks: (current?.asks ?? []).map((level) => [level.price, level.size / SHARE]),
        stale: random() < 0.5,
      });
    } else if (draw < 0.85) {
      exchange.takeRandom(random(), 0.1 + random() * 0.9);
    }
    await sleep(2 + random() * 8);
  }
  setBook(450_000, 30_000, 100, 100);
  exchange.flush();
  await sleep(20);
  await daemon.cancelAll();
  await Promise.all(
    ids.map((id) =>
      Promise.race([daemon.whenFinal(id), sleep(5_000)]).then(() => {
        const order = daemon.status(id);
        if (!['COMPLETED', 'CANCELLED', 'FAILED'].includes(order.state)) {
          result.notFinal += 1;
          result.details.push(`order ${id} not final: ${order.state}`);
        }
      }),
    ),
  );
  await daemon.stop('cancel');
  check();
  result.trades = exchange.tradeCount();
  result.leftResting = exchange
    .record()
    .filter((record) => record.resting > 0 && userOf.has(record.orderId)).length;
  await exchange.close();
  return result;
}

export interface SoakSummary {
  schedules: number;
  restarts: number;
  overfills: number;
  limitBreaches: number;
  staleSends: number;
  notFinal: number;
  leftResting: number;
  worstExposure: number;
  trades: number;
  settleWaits: number;
  conservativePlacements: number;
  overfillEvents: number;
  failures: ScheduleResult[];
  elapsedMs: number;
}

/** Runs `count` schedules from `firstSeed`, `concurrency` at a time. */
export async function runSoak(
  count: number,
  options: { firstSeed?: number; concurrency?: number; onProgress?: (done: number) => void } = {},
): Promise<SoakSummary> {
  const started = Date.now();
  const first = options.firstSeed ?? 1;
  const summary: SoakSummary = {
    schedules: 0,
    restarts: 0,
    overfills: 0,
    limitBreaches: 0,
    staleSends: 0,
    notFinal: 0,
    leftResting: 0,
    worstExposure: 0,
    trades: 0,
    settleWaits: 0,
    conservativePlacements: 0,
    overfillEvents: 0,
    failures: [],
    elapsedMs: 0,
  };
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const r = await runSchedule(first + i);
      summary.schedules += 1;
      if (r.restarted) summary.restarts += 1;
      summary.overfills += r.overfills;
      summary.limitBreaches += r.limitBreaches;
      summary.staleSends += r.staleSends;
      summary.notFinal += r.notFinal;
      summary.leftResting += r.leftResting;
      summary.worstExposure = Math.max(summary.worstExposure, r.worstExposure);
      summary.trades += r.trades;
      summary.settleWaits += r.settleWaits;
      summary.conservativePlacements += r.conservativePlacements;
      summary.overfillEvents += r.overfillEvents;
      if (r.overfills + r.limitBreaches + r.staleSends + r.notFinal + r.leftResting > 0) {
        summary.failures.push(r);
      }
      options.onProgress?.(summary.schedules);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, lane));
  summary.elapsedMs = Date.now() - started;
  return summary;
}
