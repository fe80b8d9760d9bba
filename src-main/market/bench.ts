import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BookLevel, BookSnapshot } from '../exchange/exchange-port';
import { silentLogger } from '../host/logger';
import { FakeExchange, fakeMarket } from './fake-exchange';
import { MarketMonitor } from './market-monitor';

/**
 * Benchmarks of the market monitor. Each function returns figures and asserts nothing.
 *
 * Load runs happen in child processes (one for the baseline, one with the monitor), so each
 * process's CPU time and RSS belong to one run only. The baseline is the same event generator
 * and the same fake port with no monitor attached; the ratio divides the monitored run's CPU by
 * the baseline's.
 */

export interface LoadOptions {
  /** Default 500. */
  tokens?: number;
  /** Book events per second over all tokens, default 1000. */
  eventsPerSecond?: number;
  /** Default 60_000. */
  durationMs?: number;
  /** Levels per side of each book, default 20. */
  levelsPerSide?: number;
}

export interface RunFigures {
  events: number;
  wallMs: number;
  /** CPU time (user + system) of the process over the run ÷ wall time; 1 = one core. */
  cpuShare: number;
  rssMb: number;
  heapUsedMb: number;
}

export interface LatencyFigures {
  samples: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

export interface LoadFigures {
  tokens: number;
  eventsPerSecond: number;
  durationMs: number;
  baseline: RunFigures;
  monitored: RunFigures;
  /** monitored.cpuShare ÷ baseline.cpuShare. */
  cpuRatio: number;
  /** monitored.cpuShare − baseline.cpuShare: the monitor's own share of a core. */
  monitorCpuShare: number;
  rssRatio: number;
  /** Time of each paced event through the monitor's snapshot path (port → snapshot emitted). */
  decision: LatencyFigures;
}

type Mode = 'baseline' | 'monitored';

interface ChildRequest {
  kind: 'fake-load' | 'emulator-load';
  mode: Mode;
  options: Required<LoadOptions>;
}

interface ChildReply {
  tokens: number;
  run: RunFigures;
  decision: LatencyFigures | undefined;
}

const DEFAULTS: Required<LoadOptions> = {
  tokens: 500,
  eventsPerSecond: 1_000,
  durationMs: 60_000,
  levelsPerSide: 20,
};

/** (a) 500 tokens at 1,000 book events/s through a fake port: CPU share and RSS vs baseline. */
export async function benchMonitorLoad(options: LoadOptions = {}): Promise<LoadFigures> {
  const full = { ...DEFAULTS, ...options };
  const baseline = await inChild({ kind: 'fake-load', mode: 'baseline', options: full });
  const monitored = await inChild({ kind: 'fake-load', mode: 'monitored', options: full });
  return {
    tokens: full.tokens,
    eventsPerSecond: full.eventsPerSecond,
    durationMs: full.durationMs,
    baseline: baseline.run,
    monitored: monitored.run,
    cpuRatio: round(monitored.run.cpuShare / baseline.run.cpuShare, 2),
    monitorCpuShare: round(monitored.run.cpuShare - baseline.run.cpuShare, 4),
    rssRatio: round(monitored.run.rssMb / baseline.run.rssMb, 2),
    decision: monitored.decision ?? emptyLatency(),
  };
}

export interface DecisionOptions {
  tokens?: number;
  events?: number;
  levelsPerSide?: number;
  /** Snapshot listeners attached (the host attaches one); default 1. */
  listeners?: number;
}

/** (b) Time per book event in the snapshot path, events back to back (no pacing), p50/p99 µs. */
export async function benchDecisionTime(options: DecisionOptions = {}): Promise<LatencyFigures> {
  const tokens = options.tokens ?? 500;
  const events = options.events ?? 200_000;
  const generator = new BookGenerator(tokens, options.levelsPerSide ?? 20);
  const monitor = new MarketMonitor({ exchange: generator.exchange, logger: silentLogger() });
  for (let i = 0; i < (options.listeners ?? 1); i++) monitor.onSnapshot(() => undefined);
  await Promise.all(generator.tokenIds.map((id) => monitor.startMonitoring(id)));
  const warmup = Math.min(20_000, events);
  for (let i = 0; i < warmup; i++) generator.emitNext();
  const samples = new Float64Array(events);
  for (let i = 0; i < events; i++) {
    const book = generator.next();
    const start = process.hrtime.bigint();
    generator.exchange.emit(book);
    samples[i] = Number(process.hrtime.bigint() - start) / 1_000;
  }
  await monitor.stop();
  return latency(samples);
}

export interface EmulatorLoadFigures {
  tokens: number;
  durationMs: number;
  baseline: RunFigures;
  monitored: RunFigures;
  cpuRatio: number;
  monitorCpuShare: number;
  rssRatio: number;
}

/**
 * The same comparison through the real path: the paper exchange in-process with its synthetic
 * flow, the clob adapter's market stream, every emulator token subscribed. The baseline
 * subscribes through the adapter with no-op listeners; the load is what the emulator produces.
 */
export async function benchMonitorOnEmulator(
  options: { durationMs?: number } = {},
): Promise<EmulatorLoadFigures> {
  const full = { ...DEFAULTS, durationMs: options.durationMs ?? 20_000 };
  const baseline = await inChild({ kind: 'emulator-load', mode: 'baseline', options: full });
  const monitored = await inChild({ kind: 'emulator-load', mode: 'monitored', options: full });
  return {
    tokens: monitored.tokens,
    durationMs: full.durationMs,
    baseline: baseline.run,
    monitored: monitored.run,
    cpuRatio: round(monitored.run.cpuShare / baseline.run.cpuShare, 2),
    monitorCpuShare: round(monitored.run.cpuShare - baseline.run.cpuShare, 4),
    rssRatio: round(monitored.run.rssMb / baseline.run.rssMb, 2),
  };
}

// ── the event generator ─────────────────────────────────────────────────────

/** Deterministic books that change one level per event, handed out through a FakeExchange. */
class BookGenerator {
  readonly exchange: FakeExchange;
  readonly tokenIds: string[] = [];
  private readonly books: BookSnapshot[] = [];
  private cursor = 0;
  private seed = 0x2545f491;

  constructor(tokens: number, levelsPerSide: number) {
    const markets = [];
    for (let i = 0; i < Math.ceil(tokens / 2); i++) {
      markets.push(fakeMarket(`0xbench${i}`, `yes${i}`, `no${i}`));
      this.tokenIds.push(`yes${i}`, `no${i}`);
    }
    this.tokenIds.length = tokens;
    this.exchange = new FakeExchange(markets);
    for (const tokenId of this.tokenIds) {
      const mid = 100_000 + 10_000 * (this.random() % 70);
      const bids: BookLevel[] = [];
      const asks: BookLevel[] = [];
      for (let l = 0; l < levelsPerSide; l++) {
        bids.push({ price: Math.max(10_000, mid - 10_000 * (l + 1)), size: this.size() });
        asks.push({ price: Math.min(990_000, mid + 10_000 * (l + 1)), size: this.size() });
      }
      this.books.push(this.exchange.push(tokenId, { bids, asks }));
    }
  }

  /** The next token's book with one level's size changed (a price_change), fresh objects. */
  next(): BookSnapshot {
    const index = this.cursor;
    this.cursor = (this.cursor + 1) % this.books.length;
    const previous = this.books[index] as BookSnapshot;
    const bids = previous.bids.slice();
    const asks = previous.asks.slice();
    const side = this.random() % 2 === 0 ? bids : asks;
    const at = this.random() % side.length;
    const level = side[at] as BookLevel;
    side[at] = { price: level.price, size: this.size() };
    const now = Date.now();
    const book: BookSnapshot = {
      ...previous,
      bids,
      asks,
      exchangeTimestampMs: now,
      confirmedAtMs: now,
      ageMs: 0,
    };
    this.books[index] = book;
    return book;
  }

  emitNext(): void {
    this.exchange.emit(this.next());
  }

  private size(): number {
    return (1 + (this.random() % 5_000)) * 10_000;
  }

  private random(): number {
    // xorshift32: reproducible and cheap, so the generator's own cost stays small.
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }
}

// ── child runs ──────────────────────────────────────────────────────────────

async function fakeLoad(mode: Mode, options: Required<LoadOptions>): Promise<ChildReply> {
  const generator = new BookGenerator(options.tokens, options.levelsPerSide);
  let monitor: MarketMonitor | undefined;
  if (mode === 'monitored') {
    monitor = new MarketMonitor({ exchange: generator.exchange, logger: silentLogger() });
    monitor.onSnapshot(() => undefined);
    await Promise.all(generator.tokenIds.map((id) => monitor?.startMonitoring(id)));
  }
  const samples: number[] = [];
  const run = await paced(options, () => {
    const book = generator.next();
    if (!monitor) {
      generator.exchange.emit(book);
      return;
    }
    const start = process.hrtime.bigint();
    generator.exchange.emit(book);
    samples.push(Number(process.hrtime.bigint() - start) / 1_000);
  });
  await monitor?.stop();
  return {
    tokens: options.tokens,
    run,
    decision: monitor ? latency(Float64Array.from(samples)) : undefined,
  };
}

/** Calls `emit` at the given rate for the given time (catching up on timer drift) and measures. */
async function paced(options: Required<LoadOptions>, emit: () => void): Promise<RunFigures> {
  const cpuStart = process.cpuUsage();
  const startedAt = performance.now();
  let events = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - startedAt;
      const due = Math.floor(
        (Math.min(elapsed, options.durationMs) * options.eventsPerSecond) / 1_000,
      );
      while (events < due) {
        emit();
        events += 1;
      }
      if (elapsed >= options.durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  return figures(events, performance.now() - startedAt, cpuStart);
}

async function emulatorLoad(mode: Mode, options: Required<LoadOptions>): Promise<ChildReply> {
  const { startEmulator } = await import('../emulator/index');
  const { createClobExchange } = await import('../exchange/index');
  const emulator = await startEmulator({ seed: 3, syntheticFlow: true });
  const exchange = await createClobExchange({
    restUrl: emulator.restUrl,
    wsUrl: emulator.wsUrl,
    chainId: 137,
  });
  const tokenIds = emulator.markets.flatMap((m) => [m.yesTokenId, m.noTokenId]);
  let events = 0;
  const unsubscribe: (() => void)[] = [];
  let monitor: MarketMonitor | undefined;
  if (mode === 'monitored') {
    monitor = new MarketMonitor({ exchange, logger: silentLogger() });
    monitor.onSnapshot(() => {
      events += 1;
    });
    await Promise.all(tokenIds.map((id) => monitor?.startMonitoring(id)));
  } else {
    for (const id of tokenIds) {
      const sub = exchange.subscribeBook(id, {
        onBook: () => {
          events += 1;
        },
      });
      unsubscribe.push(() => sub.unsubscribe());
    }
  }
  events = 0;
  const cpuStart = process.cpuUsage();
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  const run = figures(events, performance.now() - startedAt, cpuStart);
  await monitor?.stop();
  for (const off of unsubscribe) off();
  await exchange.close();
  await emulator.stop();
  return { tokens: tokenIds.length, run, decision: undefined };
}

function inChild(request: ChildRequest): Promise<ChildReply> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: 'inherit' });
    let reply: ChildReply | undefined;
    child.on('message', (message) => {
      reply = message as ChildReply;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (reply) resolve(reply);
      else
        reject(new Error(`benchmark child (${request.kind}/${request.mode}) exited with ${code}`));
    });
    child.send(request);
  });
}

async function childMain(): Promise<void> {
  const request = await new Promise<ChildRequest>((resolve) => {
    process.once('message', (message) => resolve(message as ChildRequest));
  });
  const reply =
    request.kind === 'fake-load'
      ? await fakeLoad(request.mode, request.options)
      : await emulatorLoad(request.mode, request.options);
  process.send?.(reply, () => process.exit(0));
}

// ── figures ─────────────────────────────────────────────────────────────────

function figures(events: number, wallMs: number, cpuStart: NodeJS.CpuUsage): RunFigures {
  const cpu = process.cpuUsage(cpuStart);
  const memory = process.memoryUsage();
  return {
    events,
    wallMs: Math.round(wallMs),
    cpuShare: round((cpu.user + cpu.system) / 1_000 / wallMs, 4),
    rssMb: round(memory.rss / 2 ** 20, 1),
    heapUsedMb: round(memory.heapUsed / 2 ** 20, 1),
  };
}

function latency(samples: Float64Array): LatencyFigures {
  if (samples.length === 0) return emptyLatency();
  const sorted = samples.slice().sort();
  const at = (q: number): number =>
    round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0, 2);
  return { samples: sorted.length, p50Us: at(0.5), p99Us: at(0.99), maxUs: at(1) };
}

function emptyLatency(): LatencyFigures {
  return { samples: 0, p50Us: 0, p99Us: 0, maxUs: 0 };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function argValue(name: string): number | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : undefined;
}

async function main(): Promise<void> {
  const durationMs = argValue('duration') ?? 60_000;
  const emulatorMs = argValue('emulator-duration') ?? 20_000;
  console.log(`market monitor: 500 tokens at 1000 events/s for ${durationMs / 1000} s …`);
  const load = await benchMonitorLoad({ durationMs });
  console.log(JSON.stringify(load, null, 2));
  console.log('market monitor: decision time, events back to back …');
  console.log(JSON.stringify(await benchDecisionTime(), null, 2));
  console.log(`market monitor through the paper exchange for ${emulatorMs / 1000} s …`);
  console.log(JSON.stringify(await benchMonitorOnEmulator({ durationMs: emulatorMs }), null, 2));
}

const entry = process.argv[1] ? fileURLToPath(import.meta.url) === process.argv[1] : false;
if (process.argv.includes('--child')) {
  void childMain();
} else if (entry) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
