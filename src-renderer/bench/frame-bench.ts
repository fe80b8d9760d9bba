/// <reference types="node" />
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { launchEmulator } from '../../src-main/emulator/server/emulator-runtime';
import type { EmulatorRuntime } from '../../src-main/emulator/server/emulator-runtime';

/**
 * UI frame benchmark: the built host (browser mode, read-only LIVE) against an in-process emulator
 * whose book we change directly through its engine, the terminal open in Chromium on one market.
 * Frame times come from requestAnimationFrame in the page; transport counts from a wrapped
 * WebSocket. The same page with an idle market is the baseline. Figures are printed, not asserted.
 */

const CHROMIUM_PATH = process.env.POLYDESK_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const LAUNCH_SCRIPT = resolve('out/main/launch.js');
const FRAME_BUDGET_MS = 16.7;
/** Levels per side that the driver places into and cancels from, starting at the best price. */
const DRIVEN_LEVELS = 10;
const DRIVER_ACCOUNT = '0x00000000000000000000000000000000000f4a3e';

export interface FrameBenchOptions {
  durationMs?: number;
  updatesPerSec?: number;
}

/** What the page saw during one measured window. */
export interface WindowFigures {
  seconds: number;
  frames: number;
  p50FrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  /** Σ floor(dt / 16.7) − 1 over frames longer than twice the budget. */
  droppedFrames: number;
  /** `market.snapshot` frames of the shown token per second. */
  tokenSnapshotsPerSec: number;
  /** `market.snapshot` frames of any token per second. */
  snapshotsPerSec: number;
  /** Every incoming WebSocket frame per second. */
  framesInPerSec: number;
  /** Book changes made at the exchange per second (0 for the idle window). */
  bookChangesPerSec: number;
}

export interface FrameBenchResult {
  market: string;
  tokenId: string;
  /** The rate asked of the driver; `driven.bookChangesPerSec` is what it achieved. */
  updatesPerSec: number;
  driven: WindowFigures;
  idle: WindowFigures;
}

/** State the init script keeps on the page's global object. */
interface ProbeTake {
  frameDts: number[];
  tokenSnapshots: number;
  snapshots: number;
  framesIn: number;
  elapsedMs: number;
}

interface Probe {
  reset(): void;
  take(): ProbeTake;
}

interface ProbeSocket {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

interface ProbeGlobal {
  WebSocket: new (...args: never[]) => ProbeSocket;
  requestAnimationFrame(callback: (time: number) => void): number;
  performance: { now(): number };
  __polydeskProbe?: Probe;
}

/**
 * Runs in the page before the app: wraps WebSocket to count incoming frames and keeps a
 * requestAnimationFrame loop recording frame intervals. Serialised, so it must be self-contained.
 */
function installProbe(tokenId: string): void {
  const g = globalThis as unknown as ProbeGlobal;
  const Native = g.WebSocket;
  let frameDts: number[] = [];
  let last: number | null = null;
  let tokenSnapshots = 0;
  let snapshots = 0;
  let framesIn = 0;
  let since = g.performance.now();
  const onMessage = (event: { data: unknown }): void => {
    framesIn++;
    if (typeof event.data !== 'string' || !event.data.includes('market.snapshot')) return;
    const message = JSON.parse(event.data) as {
      type?: string;
      name?: string;
      payload?: { tokenId?: string };
    };
    if (message.type !== 'event' || message.name !== 'market.snapshot') return;
    snapshots++;
    if (message.payload?.tokenId === tokenId) tokenSnapshots++;
  };
  g.WebSocket = class extends Native {
    constructor(...args: never[]) {
      super(...args);
      this.addEventListener('message', onMessage);
    }
  };
  const tick = (time: number): void => {
    if (last !== null) frameDts.push(time - last);
    last = time;
    g.requestAnimationFrame(tick);
  };
  g.requestAnimationFrame(tick);
  g.__polydeskProbe = {
    reset() {
      frameDts = [];
      last = null;
      tokenSnapshots = 0;
      snapshots = 0;
      framesIn = 0;
      since = g.performance.now();
    },
    take() {
      return {
        frameDts,
        tokenSnapshots,
        snapshots,
        framesIn,
        elapsedMs: g.performance.now() - since,
      };
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function summarize(take: ProbeTake, bookChanges: number): WindowFigures {
  const seconds = take.elapsedMs / 1000;
  const sorted = [...take.frameDts].sort((a, b) => a - b);
  let dropped = 0;
  for (const dt of take.frameDts) {
    if (dt > 2 * FRAME_BUDGET_MS) dropped += Math.floor(dt / FRAME_BUDGET_MS) - 1;
  }
  return {
    seconds,
    frames: take.frameDts.length,
    p50FrameMs: percentile(sorted, 50),
    p95FrameMs: percentile(sorted, 95),
    maxFrameMs: sorted[sorted.length - 1] ?? Number.NaN,
    droppedFrames: dropped,
    tokenSnapshotsPerSec: take.tokenSnapshots / seconds,
    snapshotsPerSec: take.snapshots / seconds,
    framesInPerSec: take.framesIn / seconds,
    bookChangesPerSec: bookChanges / seconds,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts the built host in browser mode and resolves with the URL it prints. */
function startHost(dataDir: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [LAUNCH_SCRIPT, '--browser'], {
    env: { ...process.env, POLYDESK_DATA_DIR: dataDir, POLYDESK_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`host printed no URL in 30 s: ${out}`)),
      30_000,
    );
    const onData = (chunk: Buffer): void => {
      out = (out + chunk.toString()).slice(-4_000);
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}: ${out}`));
    });
  });
  // The URL promise may be abandoned on another failure; its rejection is reported elsewhere.
  url.catch(() => undefined);
  return { child, url };
}

async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Changes the book `rate` times a second for `durationMs`: each step places a resting order at
 * one of the inner levels of a side, or cancels the one resting there. Bids go at or below the
 * best bid and asks (as NO bids) at or above the best ask, so nothing ever trades.
 */
async function driveBook(
  runtime: EmulatorRuntime,
  yesTokenId: string,
  noTokenId: string,
  rate: number,
  durationMs: number,
): Promise<number> {
  const { engine } = runtime;
  const spec = engine.markets().find((m) => m.yesTokenId === yesTokenId);
  if (!spec) throw new Error(`no market for token ${yesTokenId}`);
  const tick = spec.tickMicros;
  const { bid, ask } = engine.bestBidAsk(yesTokenId);
  const bestBid = bid ?? 500_000 - tick;
  const bestAsk = ask ?? 500_000 + tick;
  const resting = new Map<number, string>();
  let changes = 0;
  let seq = 0;
  const step = (i: number): void => {
    // A stride coprime with the slot count walks every level in a scattered order.
    const slot = (i * 7) % (2 * DRIVEN_LEVELS);
    const existing = resting.get(slot);
    if (existing) {
      if (engine.cancel(existing)) changes++;
      resting.delete(slot);
      return;
    }
    const depth = slot % DRIVEN_LEVELS;
    const isBid = slot < DRIVEN_LEVELS;
    const yesPrice = isBid ? bestBid - depth * tick : bestAsk + depth * tick;
    if (yesPrice < tick || yesPrice > 1_000_000 - tick) return;
    const id = `frame-bench-${seq++}`;
    const shares = 5 + ((i * 37) % 400);
    const placed = engine.place({
      id,
      account: DRIVER_ACCOUNT,
      owner: 'frame-bench',
      tokenId: isBid ? yesTokenId : noTokenId,
      side: 'BUY',
      priceMicros: isBid ? yesPrice : 1_000_000 - yesPrice,
      sizeMicros: BigInt(shares) * 1_000_000n,
      orderType: 'GTC',
    });
    if (!placed.ok) throw new Error(`driver order refused: ${placed.error}`);
    resting.set(slot, id);
    changes++;
  };
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < durationMs) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < due) step(sent++);
    await sleep(2);
  }
  for (const id of resting.values()) engine.cancel(id);
  return changes;
}

async function measureWindow(
  page: Page,
  durationMs: number,
  load: () => Promise<number>,
): Promise<WindowFigures> {
  await page.evaluate(() => (globalThis as unknown as ProbeGlobal).__polydeskProbe?.reset());
  const changes = await load();
  const take = await page.evaluate(() =>
    (globalThis as unknown as ProbeGlobal).__polydeskProbe?.take(),
  );
  if (!take) throw new Error('the page probe is missing');
  if (take.elapsedMs < durationMs * 0.9) throw new Error('the page was reloaded during a window');
  return summarize(take, changes);
}

/**
 * Measures frame times and transport traffic of the terminal while one shown market's book changes
 * `updatesPerSec` times a second, beside the same page on an idle book.
 */
export async function benchUiFrames(options: FrameBenchOptions = {}): Promise<FrameBenchResult> {
  const durationMs = options.durationMs ?? 10_000;
  const rate = options.updatesPerSec ?? 200;
  if (!existsSync(LAUNCH_SCRIPT)) {
    throw new Error(`${LAUNCH_SCRIPT} is missing: run \`npx electron-vite build\` first`);
  }
  let runtime: EmulatorRuntime | undefined;
  let host: ChildProcess | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  let deadline: NodeJS.Timeout | undefined;

  const run = async (): Promise<FrameBenchResult> => {
    runtime = await launchEmulator({ syntheticFlow: false });
    const market = runtime.handle.markets[0];
    if (!market) throw new Error('the emulator has no markets');
    runtime.handle.fund(DRIVER_ACCOUNT, 10n ** 12n);

    dataDir = mkdtempSync(join(tmpdir(), 'polydesk-frame-bench-'));
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({
        mode: 'LIVE',
        live: { restUrl: runtime.handle.restUrl, wsUrl: runtime.handle.wsUrl, chainId: 137 },
        logLevel: 'warn',
      }),
    );
    const started = startHost(dataDir);
    host = started.child;
    const url = await started.url;

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // A shim for the helper the TypeScript loader wraps named functions in.
    await page.addInitScript({
      content: `(() => { const __name = (f) => f; (${installProbe.toString()})(${JSON.stringify(market.yesTokenId)}); })();`,
    });
    await page.goto(url, { timeout: 30_000 });
    await page
      .locator(`[data-testid="market-row"][data-slug="${market.slug}"]`)
      .click({ timeout: 30_000 });
    await page.getByTestId('ladder-row').first().waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('.ladder-row.best-bid').first().waitFor({ timeout: 20_000 });
    // Let the first render, the chart's history fetch and the scroll to the spread settle.
    await sleep(1_500);

    const idle = await measureWindow(page, durationMs, async () => {
      await sleep(durationMs);
      return 0;
    });
    const emulator = runtime;
    const driven = await measureWindow(page, durationMs, () =>
      driveBook(emulator, market.yesTokenId, market.noTokenId, rate, durationMs),
    );
    return { market: market.slug, tokenId: market.yesTokenId, updatesPerSec: rate, driven, idle };
  };

  const limitMs = 2 * durationMs + 120_000;
  try {
    return await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        deadline = setTimeout(
          () => reject(new Error(`frame bench exceeded ${limitMs / 1000} s`)),
          limitMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(deadline);
    await browser?.close().catch(() => undefined);
    if (host) await stopHost(host);
    await runtime?.handle.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One line of `npm run bench`'s summary (the runner's Row shape). */
export interface FrameBenchRow {
  suite: string;
  figure: string;
  measured: string;
  baseline: string;
  ratio: number;
}

function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits);
}

function ratioOf(measured: number, baseline: number): number {
  return baseline === 0 ? (measured === 0 ? 1 : Number.POSITIVE_INFINITY) : measured / baseline;
}

/** The figures as rows, each beside its idle-market baseline: for the repo's bench runner. */
export function frameBenchRows(result: FrameBenchResult): FrameBenchRow[] {
  const { driven, idle } = result;
  const rate = fmt(result.updatesPerSec, 0);
  const row = (
    figure: string,
    pick: (w: WindowFigures) => number,
    unit: string,
    digits = 1,
  ): FrameBenchRow => ({
    suite: 'ui',
    figure: `${figure} at ${rate} book changes/s`,
    measured: `${fmt(pick(driven), digits)}${unit}`,
    baseline: `idle ${fmt(pick(idle), digits)}${unit}`,
    ratio: ratioOf(pick(driven), pick(idle)),
  });
  return [
    row('frame time p50', (w) => w.p50FrameMs, ' ms', 2),
    row('frame time p95', (w) => w.p95FrameMs, ' ms', 2),
    row('dropped frames', (w) => w.droppedFrames, '', 0),
    row('snapshots/s of the shown token', (w) => w.tokenSnapshotsPerSec, '/s'),
    row('WebSocket frames in/s (all)', (w) => w.framesInPerSec, '/s'),
  ];
}

/** Runs the benchmark and returns the runner's rows (`quick` halves the windows). */
export async function benchUiFrameRows(
  options: { quick?: boolean } = {},
): Promise<FrameBenchRow[]> {
  return frameBenchRows(await benchUiFrames({ durationMs: options.quick ? 5_000 : 10_000 }));
}

function printTable(result: FrameBenchResult): void {
  const { driven, idle } = result;
  const lines: [string, number, number, number][] = [
    ['window (s)', driven.seconds, idle.seconds, 1],
    ['book changes/s at the exchange', driven.bookChangesPerSec, idle.bookChangesPerSec, 0],
    ['frames', driven.frames, idle.frames, 0],
    ['frame time p50 (ms)', driven.p50FrameMs, idle.p50FrameMs, 2],
    ['frame time p95 (ms)', driven.p95FrameMs, idle.p95FrameMs, 2],
    ['frame time max (ms)', driven.maxFrameMs, idle.maxFrameMs, 1],
    ['dropped frames', driven.droppedFrames, idle.droppedFrames, 0],
    ['snapshots/s, shown token', driven.tokenSnapshotsPerSec, idle.tokenSnapshotsPerSec, 1],
    ['snapshots/s, all tokens', driven.snapshotsPerSec, idle.snapshotsPerSec, 1],
    ['WebSocket frames in/s', driven.framesInPerSec, idle.framesInPerSec, 1],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  console.log(
    `UI frames — ${result.market} (YES ${result.tokenId.slice(0, 12)}…), 1280×800 Chromium, ${cpus().length} cores; driven at ${result.updatesPerSec} book changes/s for ${fmt(driven.seconds)} s, idle baseline for ${fmt(idle.seconds)} s`,
  );
  console.log(`${''.padEnd(width)}  ${'driven'.padStart(10)}  ${'idle'.padStart(10)}  ratio`);
  for (const [label, d, i, digits] of lines) {
    const ratio = ratioOf(d, i);
    console.log(
      `${label.padEnd(width)}  ${fmt(d, digits).padStart(10)}  ${fmt(i, digits).padStart(10)}  ${Number.isFinite(ratio) ? `×${ratio.toFixed(2)}` : '—'}`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  benchUiFrames().then(
    (result) => {
      printTable(result);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
