import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Chain, ClobClient } from '../exchange/official-client';
import type { MarketSnapshot } from '@shared/domain/market';
import { DEFAULT_MICRO_PRICE_PARAMS } from '@shared/domain/order-request';
import type { OrderSpec } from '@shared/domain/order-request';
import { quoteSnapshotFromView } from '@shared/math/quote-rules';
import { startEmulator, TIMING_REALISTIC } from '../emulator/index';
import type { EmulatorHandle, EmulatorMarketInfo } from '../emulator/index';
import { exchangeTimings, resetExchangeTimings } from '../emulator/bench';
import type { RouteTiming } from '../emulator/server/request-timings';
import { startEmulatorThread } from '../emulator/worker/threaded-emulator';
import { Wallet } from 'ethers';
import { createClobExchange } from '../exchange/index';
import { toClobSigner } from '../exchange/ethers-signer';
import { ORDER_V2_FIELDS } from '@shared/protocol/order-digest';
import type { Exchange, PreparedOrder, UserEventListener } from '../exchange/index';
import type { ExchangeStage, StageTimer } from '../exchange/stage-timing';
import { silentLogger } from '../host/logger';
import { seededRandom } from '../strategies/iceberg-strategy';
import { decideQuote } from '../strategies/quote-decision';
import type { DeskMonitor } from './market-port';
import { PollingMarketPort } from './polling-market';
import { TradingDesk } from './trading-desk';
import { MarketMonitor } from '../market/market-monitor';
import { MemoryStore } from '../store/memory-store';
import { SqliteStore } from '../store/sqlite-store';
import type { Store } from '../store/store-port';

/**
 * Benchmarks of the order daemon. Each returns figures and asserts nothing.
 *
 * (a) Reaction latency: from a book change at the paper exchange (a counterparty's order that
 * moves micro-price, timed when the exchange has answered it) to the replacement order arriving
 * at the exchange (timed when the exchange has answered the desk's POST). The same desk code
 * runs twice in one run against one emulator: once on the streaming MarketMonitor, once on the
 * plan's 2-second REST polling. Trials start at random phases of the poll.
 *
 * (b) Decision time per book event in the strategy path: building the quote view of a 15-level
 * book and deciding on a resting order (decideQuote), in microseconds.
 */

const KEYS = {
  stream: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  counterparty: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  poll: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  realistic: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  forgetful: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  durable: '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
};

/** Node's diagnostics channel for an outgoing HTTP request being started on its socket. */
const REQUEST_START = 'http.client.request.start';

export interface LatencyFigures {
  mode: string;
  trials: number;
  p50Ms: number;
  p99Ms: number;
  samplesMs: number[];
  /** Per-stage breakdown of the same trials (stages that never occurred are left out). */
  stages: StageFigures[];
  /**
   * The desk's event loop busy (running callbacks, not waiting) from the book change to the
   * replacement on the wire, ms: with the exchange on its own thread, the desk's own share of
   * the reaction; in-process it includes the exchange's work.
   */
  busyToWire: { p50Ms: number; p99Ms: number; trials: number };
  /** The exchange's own processing time per request in these trials (desk and counterparty). */
  exchange: { post?: RouteTiming; cancel?: RouteTiming };
}

/** Where a reaction's time goes: one stage, measured from the stage before it. */
export interface StageFigures {
  stage: BenchStage;
  label: string;
  /** Trials in which the stage occurred. */
  trials: number;
  /** Time since the previous stage that occurred (the first: since the book change). */
  p50Ms: number;
  p99Ms: number;
  /** Time since the book change. */
  sinceChangeP50Ms: number;
  sinceChangeP99Ms: number;
}

export type BenchStage =
  | ExchangeStage
  | 'snapshot-published'
  | 'cancel-sent'
  | 'cancel-wire'
  | 'post-wire'
  | 'cancel-acked'
  | 'order-read'
  | 'fills-read'
  | 'accepted';

/**
 * The stages of a reaction in the order they happen, each the first mark after the one before.
 * An optional stage counts only when it came before the next stage that always occurs: a read
 * whose answer arrived after the replacement was sent was not on the way to it.
 */
export const REACTION_STAGES: ReadonlyArray<{
  stage: BenchStage;
  label: string;
  optional?: true;
}> = [
  { stage: 'stream-received', label: 'market stream message received' },
  { stage: 'book-applied', label: 'local book applied' },
  { stage: 'snapshot-published', label: 'monitor snapshot published to the desk' },
  { stage: 'cancel-sent', label: 'strategy decision → cancel handed to the client' },
  { stage: 'cancel-wire', label: 'DELETE /order on the wire (the client signed its headers)' },
  // The replacement is built and signed while the cancel travels.
  { stage: 'prepare-start', label: 'replacement requested (prepareOrder, ahead)', optional: true },
  { stage: 'order-built', label: 'order built by the client', optional: true },
  { stage: 'order-signed', label: 'order signed', optional: true },
  { stage: 'order-prepared', label: 'order prepared (id, checks)', optional: true },
  {
    stage: 'cancel-acked',
    label: 'cancel confirmed (user stream cancellation or DELETE answer, the first)',
  },
  { stage: 'order-read', label: 'cancelled order read back (GET /data/order)', optional: true },
  { stage: 'fills-read', label: 'fills read (GET /data/trades)', optional: true },
  {
    stage: 'post-sent',
    label: 'POST /order handed to the client (ledger, persist, limiter; a re-sign if moved)',
  },
  { stage: 'post-wire', label: 'POST /order on the wire (the client signed its headers)' },
  { stage: 'post-answered', label: 'POST /order answered' },
  { stage: 'accepted', label: 'accepted, reported to the desk' },
];

/**
 * Time this thread's event loop has spent running callbacks (not waiting for I/O) since it
 * started, in ms: the difference over a reaction is the CPU the reaction cost this thread, the
 * exchange's own work excluded when the exchange runs on its own thread.
 */
function loopBusyMs(): number {
  return performance.eventLoopUtilization().active;
}

/** Marks of one trial: the adapter's own hooks plus the bench's wrappers. */
class StageLog implements StageTimer {
  readonly marks: Array<{ stage: BenchStage; atMs: number; busyMs: number }> = [];
  mark(stage: BenchStage): void {
    this.marks.push({ stage, atMs: performance.now(), busyMs: loopBusyMs() });
  }
  /** The loop's busy time at a stage's mark as resolve() picks it (the first at or after `atMs`). */
  busyAt(stage: BenchStage, atMs: number): number | undefined {
    return this.marks.find((m) => m.stage === stage && m.atMs === atMs)?.busyMs;
  }
  reset(): void {
    this.marks.length = 0;
  }
  /** Time of each stage of the trial that started at `startMs`. */
  resolve(startMs: number): Map<BenchStage, number> {
    return resolveStages(this.marks, startMs);
  }
}

/** Time of each stage: its first mark at or after the previous stage that occurred. */
export function resolveStages(
  marks: ReadonlyArray<{ stage: BenchStage; atMs: number }>,
  startMs: number,
): Map<BenchStage, number> {
  const times = new Map<BenchStage, number>();
  let from = startMs;
  const firstAfter = (stage: BenchStage, atMs: number) =>
    marks.find((m) => m.stage === stage && m.atMs >= atMs);
  REACTION_STAGES.forEach(({ stage, optional }, index) => {
    const hit = firstAfter(stage, from);
    if (!hit) return;
    if (optional) {
      const next = REACTION_STAGES.slice(index + 1).find((s) => !s.optional);
      const nextHit = next && firstAfter(next.stage, from);
      if (nextHit && nextHit.atMs < hit.atMs) return;
    }
    times.set(stage, hit.atMs);
    from = hit.atMs;
  });
  return times;
}

function stageFigures(
  trials: Array<{ changedAt: number; times: Map<BenchStage, number> }>,
): StageFigures[] {
  const out: StageFigures[] = [];
  for (const { stage, label } of REACTION_STAGES) {
    const deltas: number[] = [];
    const since: number[] = [];
    for (const { changedAt, times } of trials) {
      const at = times.get(stage);
      if (at === undefined) continue;
      let previous = changedAt;
      for (const s of REACTION_STAGES) {
        if (s.stage === stage) break;
        previous = times.get(s.stage) ?? previous;
      }
      deltas.push(at - previous);
      since.push(at - changedAt);
    }
    if (deltas.length === 0) continue;
    out.push({
      stage,
      label,
      trials: deltas.length,
      p50Ms: percentile(deltas, 50),
      p99Ms: percentile(deltas, 99),
      sinceChangeP50Ms: percentile(since, 50),
      sinceChangeP99Ms: percentile(since, 99),
    });
  }
  return out;
}

export interface ReactionFigures {
  stream: LatencyFigures;
  poll: LatencyFigures;
  /** poll / stream. */
  ratioP50: number;
  ratioP99: number;
  /**
   * Streaming again with the exchange reporting as Polymarket does (trades a few hundred ms late,
   * reordered), and once more with getOrder forgetting cancelled orders at once, so that each
   * replacement waits for the user stream's cancellation before it may place (the safe wait).
   */
  realistic: LatencyFigures;
  forgetful: LatencyFigures;
  /**
   * Streaming again with the app's own store, a SQLite file with durable commits, in place of the
   * in-memory one: each replacement is recorded on disk before it is sent (store, then wire).
   * Absent when `durableTrials` is 0.
   */
  durable?: LatencyFigures;
  /**
   * A bare round trip through the official client in the same run (GET /ok, 200 times): with
   * the exchange's own processing of DELETE and POST, the floor of a replace that must wait for
   * its cancel's answer.
   */
  roundTrip: { p50Ms: number; p99Ms: number };
}

export interface DecisionFigures {
  events: number;
  p50Us: number;
  p99Us: number;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * Measured trials of the prompt streaming mode: with 30, "p99" would be the single worst trial;
 * with 200 it is the third worst.
 */
const PROMPT_TRIALS = 200;

/** Unmeasured trials before each mode's measured ones. */
const WARMUP_TRIALS = 10;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(
  emulator: EmulatorHandle,
  privateKey: string,
  stageTimer?: StageTimer,
): Promise<Exchange> {
  return createClobExchange({
    restUrl: emulator.restUrl,
    wsUrl: emulator.wsUrl,
    chainId: 137,
    privateKey,
    logger: silentLogger(),
    ...(stageTimer && { stageTimer }),
  });
}

/**
 * The desk's exchange with each accepted submit reported (price, time the reply arrived), and
 * the calls of a reaction marked in the stage log (cancel sent/acked, read-backs, acceptance).
 */
function timedSubmits(
  exchange: Exchange,
  onPlaced: (priceMicros: number, atMs: number) => void,
  log?: StageLog,
): Exchange {
  return new Proxy(exchange, {
    get(target, prop) {
      if (prop === 'submitPrepared') {
        return async (order: PreparedOrder) => {
          const result = await target.submitPrepared(order);
          if (result.kind === 'accepted') {
            log?.mark('accepted');
            onPlaced(order.request.priceMicros, performance.now());
          }
          return result;
        };
      }
      if (log && prop === 'cancelOrder') {
        return async (orderId: string) => {
          log.mark('cancel-sent');
          const result = await target.cancelOrder(orderId);
          log.mark('cancel-acked');
          return result;
        };
      }
      if (log && prop === 'subscribeUserEvents') {
        // The user stream's cancellation confirms a cancel as the DELETE's answer does.
        return (listener: UserEventListener, conditionIds?: string[]) =>
          target.subscribeUserEvents(
            {
              ...listener,
              onOrder: (event) => {
                if (event.type.toUpperCase() === 'CANCELLATION') log.mark('cancel-acked');
                listener.onOrder?.(event);
              },
            },
            conditionIds,
          );
      }
      if (log && prop === 'getOrder') {
        return async (orderId: string) => {
          const result = await target.getOrder(orderId);
          log.mark('order-read');
          return result;
        };
      }
      if (log && prop === 'getFills') {
        return async (...args: Parameters<Exchange['getFills']>) => {
          const result = await target.getFills(...args);
          log.mark('fills-read');
          return result;
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

async function counterpartyBid(
  counterparty: Exchange,
  market: EmulatorMarketInfo,
): Promise<string> {
  const prepared = await counterparty.prepareOrder({
    tokenId: market.yesTokenId,
    side: 'BUY',
    priceMicros: 330_000,
    sizeMicros: 200_000_000,
    timeInForce: 'GTC',
  });
  await counterparty.submitPrepared(prepared);
  return prepared.orderId;
}

async function measure(
  mode: string,
  emulator: EmulatorHandle,
  market: EmulatorMarketInfo,
  counterparty: Exchange,
  key: string,
  trials: number,
  makeMonitor: (exchange: Exchange) => DeskMonitor,
  phaseMs: number,
  openStore: () => Promise<Store> = () => Promise.resolve(new MemoryStore()),
): Promise<LatencyFigures> {
  const log = new StageLog();
  const raw = await connect(emulator, key, log);
  let waiting: { price: number; resolve: (atMs: number) => void } | null = null;
  const exchange = timedSubmits(
    raw,
    (price, atMs) => {
      if (waiting && waiting.price === price) waiting.resolve(atMs);
    },
    log,
  );
  // The moment each request of the reaction is handed to the socket, after the client has built
  // and signed its headers: the counterparty's requests all come before the change, so the
  // stage log's ordering keeps them out.
  const onRequest = (message: unknown): void => {
    const { request } = message as { request: ClientRequest };
    if (request.path !== '/order') return;
    if (request.method === 'DELETE') log.mark('cancel-wire');
    else if (request.method === 'POST') log.mark('post-wire');
  };
  subscribe(REQUEST_START, onRequest);
  const logger = silentLogger();
  const store = await openStore();
  const desk = new TradingDesk(
    exchange,
    timedSnapshots(makeMonitor(exchange), log),
    store,
    logger,
    true,
  );
  await desk.start(2);
  const placedAt = (price: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${mode}: no order at ${price}`)), 15_000);
      waiting = {
        price,
        resolve: (atMs) => {
          clearTimeout(timer);
          waiting = null;
          resolve(atMs);
        },
      };
    });
  const spec: OrderSpec = {
    tokenId: market.yesTokenId,
    side: 'BUY',
    strategyType: 'micro_price',
    totalSize: 20_000_000,
    maxPrice: 400_000,
    minPrice: 200_000,
    urgency: 'MEDIUM',
    microPriceParams: { ...DEFAULT_MICRO_PRICE_PARAMS, maxAdjustments: 1_000 },
  };
  const samples: number[] = [];
  const breakdown: Array<{ changedAt: number; times: Map<BenchStage, number> }> = [];
  const busyToWire: number[] = [];
  const random = seededRandom(42);
  let timings: Awaited<ReturnType<typeof exchangeTimings>>;
  try {
    const first = placedAt(280_000);
    await desk.submit(spec);
    await first;
    let bid: string | null = null;
    // Polling trials take seconds each and share the warmed-up code: two suffice there.
    const warmup = phaseMs > 1_000 ? 2 : WARMUP_TRIALS;
    for (let trial = -warmup; trial < trials; trial++) {
      // The first trials only warm both sides up (JIT, caches): the exchange's code is cold on
      // its own thread, since no client code shares it there.
      if (trial === 0) await resetExchangeTimings(emulator.restUrl);
      await sleep(50 + random() * phaseMs);
      let arrived: Promise<number>;
      let changedAt: number;
      log.reset();
      const startedAt = performance.now();
      const busyAtStart = loopBusyMs();
      if (bid === null) {
        arrived = placedAt(340_000);
        bid = await counterpartyBid(counterparty, market);
        changedAt = performance.now();
      } else {
        arrived = placedAt(280_000);
        await counterparty.cancelOrder(bid);
        changedAt = performance.now();
        bid = null;
      }
      const placed = await arrived;
      if (trial < 0) continue;
      // The exchange pushes the change on the stream before it answers the counterparty, so the
      // change happened no later than whichever of the two reached us first.
      const times = log.resolve(startedAt);
      const origin = Math.min(changedAt, times.get('stream-received') ?? changedAt);
      samples.push(placed - origin);
      breakdown.push({ changedAt: origin, times });
      const received = times.get('stream-received');
      const sent = times.get('post-wire');
      const busyFrom =
        received === undefined ? busyAtStart : log.busyAt('stream-received', received);
      const busyTo = sent === undefined ? undefined : log.busyAt('post-wire', sent);
      if (busyFrom !== undefined && busyTo !== undefined) busyToWire.push(busyTo - busyFrom);
    }
    timings = await exchangeTimings(emulator.restUrl);
    if (bid !== null) await counterparty.cancelOrder(bid);
  } finally {
    unsubscribe(REQUEST_START, onRequest);
    await desk.stop('cancel');
    await raw.close();
    await store.close();
  }
  return {
    mode,
    trials: samples.length,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    samplesMs: samples,
    stages: stageFigures(breakdown),
    busyToWire: {
      p50Ms: percentile(busyToWire, 50),
      p99Ms: percentile(busyToWire, 99),
      trials: busyToWire.length,
    },
    exchange: {
      ...(timings['POST /order'] && { post: timings['POST /order'] }),
      ...(timings['DELETE /order'] && { cancel: timings['DELETE /order'] }),
    },
  };
}

/** The monitor with each snapshot handed to the desk marked in the stage log. */
function timedSnapshots(monitor: DeskMonitor, log: StageLog): DeskMonitor {
  return new Proxy(monitor, {
    get(target, prop) {
      if (prop === 'onSnapshot') {
        return (listener: (snapshot: MarketSnapshot) => void) =>
          target.onSnapshot((snapshot) => {
            log.mark('snapshot-published');
            listener(snapshot);
          });
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/** The breakdown as printable lines: stage, p50/p99 since the previous stage, and since the change. */
export function formatStages(figures: LatencyFigures): string[] {
  const width = Math.max(...figures.stages.map((s) => s.label.length), 10);
  const lines = [
    `  ${'stage'.padEnd(width)}  ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}   since change p50 / p99 ms`,
  ];
  for (const s of figures.stages) {
    lines.push(
      `  ${s.label.padEnd(width)}  ${s.p50Ms.toFixed(2).padStart(7)} ${s.p99Ms.toFixed(2).padStart(7)}   ${s.sinceChangeP50Ms.toFixed(2)} / ${s.sinceChangeP99Ms.toFixed(2)}${s.trials < figures.trials ? ` (${s.trials} trials)` : ''}`,
    );
  }
  lines.push(
    `  ${'total: book change → accepted'.padEnd(width)}  ${figures.p50Ms.toFixed(2).padStart(7)} ${figures.p99Ms.toFixed(2).padStart(7)}`,
  );
  lines.push(
    `  ${"desk's loop busy, book change → POST on the wire".padEnd(width)}  ${figures.busyToWire.p50Ms.toFixed(2).padStart(7)} ${figures.busyToWire.p99Ms.toFixed(2).padStart(7)}   (${figures.busyToWire.trials} trials)`,
  );
  for (const [label, t] of [
    ['exchange processing of DELETE /order (inside the exchange)', figures.exchange.cancel],
    ['exchange processing of POST /order (inside the exchange)', figures.exchange.post],
  ] as const) {
    if (t) {
      lines.push(
        `  ${label.padEnd(width)}  ${t.p50Ms.toFixed(2).padStart(7)} ${t.p99Ms.toFixed(2).padStart(7)}   (${t.count} requests)`,
      );
    }
  }
  return lines;
}

async function bareRoundTrip(restUrl: string): Promise<{ p50Ms: number; p99Ms: number }> {
  const client = new ClobClient({ host: restUrl, chain: Chain.POLYGON });
  const samples: number[] = [];
  for (let i = 0; i < 250; i++) {
    const started = performance.now();
    await client.getOk();
    if (i >= 50) samples.push(performance.now() - started);
  }
  return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99) };
}

/** (a) Streaming vs the plan's 2-second polling, in the same run. */
export async function benchReactionLatency(
  options: {
    /** Trials of the prompt streaming mode (the target's figure). */
    streamTrials?: number;
    /** Trials of each lagged-report mode (realistic, forgetful). */
    laggedTrials?: number;
    /** Trials with the app's SQLite store (0: not measured). */
    durableTrials?: number;
    pollTrials?: number;
    pollIntervalMs?: number;
    /** Where the paper exchange runs: the desk's event loop (default, as paper mode) or a thread. */
    exchange?: 'in-process' | 'thread';
  } = {},
): Promise<ReactionFigures> {
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const emulatorOptions = { seed: 5, syntheticFlow: false, timing: 'prompt' } as const;
  const emulator =
    options.exchange === 'thread'
      ? await startEmulatorThread(emulatorOptions)
      : await startEmulator(emulatorOptions);
  const counterparty = await connect(emulator, KEYS.counterparty);
  const market = emulator.markets.find((m) => m.slug === 'lunar-lander-touchdown-2027');
  if (!market) throw new Error('the emulator has no lunar-lander market');
  const logger = silentLogger();
  try {
    const stream = await measure(
      'stream',
      emulator,
      market,
      counterparty,
      KEYS.stream,
      options.streamTrials ?? PROMPT_TRIALS,
      (exchange) => new MarketMonitor({ exchange, logger }),
      100,
    );
    const durableTrials = options.durableTrials ?? 100;
    let durable: LatencyFigures | undefined;
    if (durableTrials > 0) {
      const storeDir = mkdtempSync(join(tmpdir(), 'polydesk-bench-'));
      try {
        durable = await measure(
          'stream, SQLite store',
          emulator,
          market,
          counterparty,
          KEYS.durable,
          durableTrials,
          (exchange) => new MarketMonitor({ exchange, logger }),
          100,
          () => SqliteStore.open(join(storeDir, 'orders.db'), logger),
        );
      } finally {
        rmSync(storeDir, { recursive: true, force: true });
      }
    }
    // Our order must not fill while it is measured: no match races the cancel here.
    const lagging = { ...TIMING_REALISTIC, matchDuringCancelRate: 0, dropTradeMessageRate: 0 };
    emulator.faults.set(lagging);
    const realistic = await measure(
      'stream, realistic reports',
      emulator,
      market,
      counterparty,
      KEYS.realistic,
      options.laggedTrials ?? 30,
      (exchange) => new MarketMonitor({ exchange, logger }),
      100,
    );
    emulator.faults.set({ ...lagging, forgetFinalOrdersAfterMs: 0 });
    const forgetful = await measure(
      'stream, realistic reports, getOrder forgets at once',
      emulator,
      market,
      counterparty,
      KEYS.forgetful,
      options.laggedTrials ?? 30,
      (exchange) => new MarketMonitor({ exchange, logger }),
      100,
    );
    emulator.faults.reset();
    const roundTrip = await bareRoundTrip(emulator.restUrl);
    const poll = await measure(
      `poll ${pollIntervalMs} ms`,
      emulator,
      market,
      counterparty,
      KEYS.poll,
      options.pollTrials ?? 20,
      (exchange) => {
        const port = new PollingMarketPort(exchange, logger, pollIntervalMs);
        const monitor = new MarketMonitor({ exchange, logger });
        return Object.assign(port, {
          listMarkets: () => monitor.listMarkets(),
          monitored: () => [],
          streamState: () => 'polling' as const,
          oldestBookAgeMs: () => null,
        });
      },
      pollIntervalMs,
    );
    return {
      stream,
      poll,
      ratioP50: poll.p50Ms / stream.p50Ms,
      ratioP99: poll.p99Ms / stream.p99Ms,
      realistic,
      forgetful,
      ...(durable && { durable }),
      roundTrip,
    };
  } finally {
    await counterparty.close();
    await emulator.stop();
  }
}

function randomSnapshot(random: () => number): MarketSnapshot {
  const tick = 10_000;
  const bidTop = (20 + Math.floor(random() * 60)) * tick;
  const askTop = bidTop + (1 + Math.floor(random() * 3)) * tick;
  const level = (price: number) => ({ price, size: (1 + Math.floor(random() * 500)) * 1_000_000 });
  const bids = Array.from({ length: 15 }, (_, i) => level(bidTop - i * tick)).filter(
    (l) => l.price > 0,
  );
  const asks = Array.from({ length: 15 }, (_, i) => level(askTop + i * tick)).filter(
    (l) => l.price < 1_000_000,
  );
  return {
    tokenId: '1',
    conditionId: '0x',
    timestamp: 0,
    ageMs: 0,
    stale: false,
    source: 'stream',
    tickMicros: tick,
    bestBid: bidTop,
    bestAsk: askTop,
    spread: askTop - bidTop,
    bidDepth: bids[0]?.size ?? 0,
    askDepth: asks[0]?.size ?? 0,
    microPrice: null,
    microPriceUpperBand: null,
    microPriceLowerBand: null,
    bids,
    asks,
    lastTradePrice: null,
    ourOrders: [],
  };
}

/** (b) Decision time per book event: quote view + decision on a resting order, µs. */
export function benchDecisionTime(options: { events?: number } = {}): DecisionFigures {
  const events = options.events ?? 20_000;
  const random = seededRandom(9);
  const snapshots = Array.from({ length: 500 }, () => randomSnapshot(random));
  const timings: number[] = [];
  for (let i = 0; i < events; i++) {
    const snapshot = snapshots[i % snapshots.length] ?? randomSnapshot(random);
    const restingPrice = snapshot.bestBid ?? 500_000;
    const ours = [{ side: 'BUY' as const, price: restingPrice, size: 20_000_000 }];
    const started = process.hrtime.bigint();
    decideQuote({
      side: 'BUY',
      snapshot,
      quote: quoteSnapshotFromView({ ...snapshot, ourOrders: ours }, 5_000_000),
      params: DEFAULT_MICRO_PRICE_PARAMS,
      minPriceMicros: 10_000,
      maxPriceMicros: 990_000,
      minOrderSizeMicros: 5_000_000,
      working: [{ id: 'e', state: 'LIVE', priceMicros: restingPrice, openMicros: 20_000_000 }],
      uncommittedMicros: 0,
      adjustments: 0,
      sizeTolerance: 0.1,
    });
    timings.push(Number(process.hrtime.bigint() - started) / 1_000);
  }
  const measured = timings.slice(Math.floor(events / 10));
  return {
    events: measured.length,
    p50Us: percentile(measured, 50),
    p99Us: percentile(measured, 99),
  };
}

export interface SigningFigures {
  orders: number;
  fast: { p50Ms: number; p99Ms: number };
  ethers: { p50Ms: number; p99Ms: number };
  /**
   * A busy-wait as long as the fast signer's p50, timed the same way in the same loop: its p99 is
   * what preemption and interference alone add to work of that length on this machine now.
   */
  spin: { targetMs: number; p50Ms: number; p99Ms: number };
}

function spinFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * (c) Signing one V2 order as the client asks for it (`_signTypedData(domain, {Order}, value)`):
 * the adapter's signer against ethers' `Wallet.signTypedData`, interleaved, in the same run.
 */
export async function benchSigning(options: { orders?: number } = {}): Promise<SigningFigures> {
  const n = options.orders ?? 3_000;
  const wallet = new Wallet(KEYS.stream);
  const signer = toClobSigner(wallet);
  const types = { Order: ORDER_V2_FIELDS.map((f) => ({ ...f })) };
  const domain = {
    name: 'Polymarket CTF Exchange',
    version: '2',
    chainId: 137,
    verifyingContract: '0xE111180000d2663C0091e4f400237545B87B996B',
  };
  const random = seededRandom(3);
  const value = (i: number) => ({
    salt: String(Math.round(random() * Date.now())),
    maker: wallet.address,
    signer: wallet.address,
    tokenId: '71321045679252212594626385532706912750332728571942532289631379312455583992563',
    makerAmount: String(1_000_000 + i),
    takerAmount: '5000000',
    timestamp: String(Date.now()),
    side: i % 2,
    signatureType: 0,
    metadata: '0x' + '0'.repeat(64),
    builder: '0x' + '0'.repeat(64),
  });
  const probe: number[] = [];
  for (let i = 0; i < 200; i++) {
    const v = value(i);
    const started = performance.now();
    await signer._signTypedData(domain, types, v);
    probe.push(performance.now() - started);
  }
  const spinMs = percentile(probe, 50);
  const fast: number[] = [];
  const reference: number[] = [];
  const spin: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = value(i);
    let started = performance.now();
    await signer._signTypedData(domain, types, v);
    fast.push(performance.now() - started);
    started = performance.now();
    await wallet.signTypedData(domain, types, v);
    reference.push(performance.now() - started);
    started = performance.now();
    spinFor(spinMs);
    spin.push(performance.now() - started);
  }
  const tail = (xs: number[]) => xs.slice(Math.floor(n / 10));
  return {
    orders: n,
    fast: { p50Ms: percentile(tail(fast), 50), p99Ms: percentile(tail(fast), 99) },
    ethers: { p50Ms: percentile(tail(reference), 50), p99Ms: percentile(tail(reference), 99) },
    spin: {
      targetMs: spinMs,
      p50Ms: percentile(tail(spin), 50),
      p99Ms: percentile(tail(spin), 99),
    },
  };
}

async function main(): Promise<void> {
  const signing = await benchSigning();
  console.log(
    `signing a V2 order: adapter signer p50 ${signing.fast.p50Ms.toFixed(3)} ms, p99 ${signing.fast.p99Ms.toFixed(3)} ms; ethers signTypedData p50 ${signing.ethers.p50Ms.toFixed(3)} ms, p99 ${signing.ethers.p99Ms.toFixed(3)} ms (${signing.orders} orders); a ${signing.spin.targetMs.toFixed(3)} ms busy-wait timed alongside: p50 ${signing.spin.p50Ms.toFixed(3)} ms, p99 ${signing.spin.p99Ms.toFixed(3)} ms`,
  );
  const decision = benchDecisionTime();
  console.log(
    `decision time per book event: p50 ${decision.p50Us.toFixed(1)} µs, p99 ${decision.p99Us.toFixed(1)} µs (${decision.events} events)`,
  );
  const reaction = await benchReactionLatency();
  for (const figures of [reaction.stream, reaction.realistic, reaction.forgetful, reaction.poll]) {
    console.log(
      `reaction latency, ${figures.mode}: p50 ${figures.p50Ms.toFixed(1)} ms, p99 ${figures.p99Ms.toFixed(1)} ms (${figures.trials} trials)`,
    );
    if (figures !== reaction.poll) for (const line of formatStages(figures)) console.log(line);
  }
  console.log(
    `polling / streaming: p50 ×${reaction.ratioP50.toFixed(1)}, p99 ×${reaction.ratioP99.toFixed(1)}`,
  );
  const threaded = await benchReactionLatency({ exchange: 'thread', pollTrials: 3 });
  console.log(
    `reaction latency, ${threaded.stream.mode}, exchange on its own thread: p50 ${threaded.stream.p50Ms.toFixed(1)} ms, p99 ${threaded.stream.p99Ms.toFixed(1)} ms (${threaded.stream.trials} trials)`,
  );
  for (const line of formatStages(threaded.stream)) console.log(line);
  console.log(
    `bare round trip through the client (GET /ok): p50 ${threaded.roundTrip.p50Ms.toFixed(2)} ms, p99 ${threaded.roundTrip.p99Ms.toFixed(2)} ms`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
