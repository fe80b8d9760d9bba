/**
 * [crash-recovery] The headless host, as a child process on one data directory, is killed with
 * SIGKILL at random moments while it works orders against a running paper exchange, and started
 * again each time (taking over the stale lock). Checked at every restart and at the end: no
 * acknowledged order is lost, no user order has more matched plus resting at the exchange than
 * its size (by the exchange's own record), no order at the exchange is unknown to the host, and the fills in the store equal the exchange's trades for our wallet, status included.
 * Half the rounds run under the emulator's faults (dropped replies, fills during cancels, failed
 * trades) until just before the kill. About a minute on two cores; CRASH_ROUNDS and CRASH_SEED
 * change the rounds (default 20) and the random schedule.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '@shared/domain/order';
import type { OrderRequestInput } from '@shared/domain/order-request';
import { FINAL_ORDER_STATES } from '@shared/domain/order';
import { HostClient } from '../cli/host-client';
import { DUST_MICROS } from '../daemon/dust';
import { startEmulator } from '../emulator/index';
import type { EmulatorHandle, EmulatorMarketInfo } from '../emulator/index';
import type { Exchange } from '../exchange/index';
import { APP_ROOT } from '../host/app-root';
import { readHostFile } from '../host/host-file';
import { silentLogger } from '../host/logger';
import { SqliteStore, storeFile } from '../store/sqlite-store';
import { connect, DESK_KEY } from './emulator-rig';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
const TICK = 10_000;

/** mulberry32: a small seeded generator, so a failing schedule can be run again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const price = (micros: number): string => (micros / 1_000_000).toFixed(2);

interface RunningHost {
  child: ChildProcess;
  client: HostClient;
  exited: Promise<number | null>;
}

let emulator: EmulatorHandle;
let observer: Exchange;
let dataDir: string;
const children = new Set<ChildProcess>();

function startHost(): Promise<RunningHost> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/host/headless.ts'], {
    cwd: APP_ROOT,
    env: {
      ...process.env,
      POLYDESK_DATA_DIR: dataDir,
      POLYDESK_PAPER_EXCHANGE_URL: emulator.restUrl,
      POLYDESK_MODE: 'PAPER',
      POLYDESK_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return (async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      // The host writes host.json once its orders are restored and reconciled and it listens.
      const file = readHostFile(dataDir);
      if (file && file.pid === child.pid) {
        return { child, client: new HostClient(file), exited };
      }
      if (child.exitCode !== null) throw new Error(`host exited at start:\n${output}`);
      if (Date.now() > deadline) throw new Error(`host did not start in 30 s:\n${output}`);
      await sleep(25);
    }
  })();
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** The hosts' log files (every run appends to the newest), for the summary. */
function readLog(): string {
  const dir = join(dataDir, 'logs');
  try {
    return readdirSync(dir)
      .filter((name) => /^polydesk\.\d+\.log$/.test(name))
      .map((name) => readFileSync(join(dir, name), 'utf8'))
      .join('');
  } catch {
    return '';
  }
}

async function kill(host: RunningHost, signal: NodeJS.Signals): Promise<void> {
  host.child.kill(signal);
  await host.exited;
}

async function bestPrices(
  market: EmulatorMarketInfo,
): Promise<{ bid: number; ask: number; tickMicros: number }> {
  const book = await observer.getBook(market.yesTokenId);
  const bid = book.bids[0]?.price ?? 300_000;
  const ask = book.asks[0]?.price ?? 700_000;
  return { bid, ask, tickMicros: book.tickMicros };
}

/** A BUY that takes at once, rests on the bid, or follows the micro-price. */
async function orderRequest(next: () => number): Promise<OrderRequestInput> {
  const markets = emulator.markets.filter((m) => m.tickSize === '0.01');
  const first = Math.floor(next() * markets.length);
  // A market near 0 or 1 moves to the 0.001 tick (tick_size_change): the prices below are on
  // the 0.01 grid, so such a market is passed over while it is there.
  let chosen: { market: EmulatorMarketInfo; bid: number; ask: number } | undefined;
  for (let i = 0; i < markets.length && !chosen; i++) {
    const market = markets[(first + i) % markets.length];
    if (!market) continue;
    const prices = await bestPrices(market);
    if (prices.tickMicros === TICK) chosen = { market, ...prices };
  }
  if (!chosen) throw new Error('no market on the 0.01 tick');
  const { market, bid, ask } = chosen;
  const size = 5 * (2 + Math.floor(next() * 3));
  const kind = next();
  const urgency = next() < 0.5 ? 'HIGH' : 'MEDIUM';
  if (kind < 0.4) {
    return {
      tokenId: market.yesTokenId,
      side: 'BUY',
      strategyType: 'iceberg',
      totalSize: String(size),
      targetPrice: price(ask),
      maxPrice: price(Math.min(ask + 2 * TICK, 990_000)),
      minPrice: '0.01',
      icebergParams: { clipSize: '5' },
      urgency,
    };
  }
  if (kind < 0.7) {
    const rest = Math.max(bid - TICK, TICK);
    return {
      tokenId: market.yesTokenId,
      side: 'BUY',
      strategyType: 'iceberg',
      totalSize: String(size),
      targetPrice: price(rest),
      maxPrice: price(rest),
      minPrice: '0.01',
      icebergParams: { clipSize: '5' },
      urgency,
    };
  }
  return {
    tokenId: market.yesTokenId,
    side: 'BUY',
    strategyType: 'micro_price',
    totalSize: String(size),
    maxPrice: price(Math.min(ask + TICK, 990_000)),
    minPrice: '0.01',
    urgency,
  };
}

async function listOrders(host: RunningHost): Promise<Order[]> {
  return (await host.client.call('order.list', { includeFinal: true })).orders;
}

/**
 * Everything the exchange holds open for our wallet is an exchange order the host knows, and, by
 * the exchange's own record, no user order has more matched plus resting than its size (a
 * replacement may rest beside the order it replaces only when both fit).
 */
async function checkExchangeAgainstHost(host: RunningHost, when: string): Promise<void> {
  const open = await observer.getOpenOrders();
  // Listed after the exchange was read: an id is recorded before its order is sent.
  const orders = await listOrders(host);
  const owner = new Map<string, Order>();
  for (const order of orders) for (const eo of order.exchangeOrders) owner.set(eo.id, order);
  const unknown = open.filter((o) => !owner.has(o.orderId)).map((o) => o.orderId);
  expect(unknown, `${when}: open at the exchange but unknown to the host`).toEqual([]);
  const exposure = new Map<Order, number>();
  for (const entry of emulator.orderRecord()) {
    const order = owner.get(entry.orderId);
    if (!order) continue;
    const held = Number(entry.sizeMatched) + Number(entry.resting);
    exposure.set(order, (exposure.get(order) ?? 0) + held);
  }
  const over = [...exposure]
    .filter(([order, held]) => held > order.targetSize + DUST_MICROS)
    .map(([order, held]) => [order.id, held, order.targetSize]);
  expect(over, `${when}: user orders with matched + resting beyond their size`).toEqual([]);
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, syntheticFlow: true });
  observer = await connect(emulator, DESK_KEY, silentLogger());
  dataDir = mkdtempSync(join(tmpdir(), 'polydesk-crash-'));
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await observer.close();
  await emulator.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('[crash-recovery] SIGKILL of the headless host', () => {
  it(`loses no order, places nothing twice, and ends with the exchange's trades (seed ${SEED})`, async () => {
    const next = random(SEED);
    const submitted = new Set<string>();
    let host = await startHost();
    for (let round = 1; round <= ROUNDS; round++) {
      const known = new Set((await listOrders(host)).map((o) => o.id));
      const lost = [...submitted].filter((id) => !known.has(id));
      expect(lost, `round ${round}: acknowledged orders missing after the restart`).toEqual([]);
      await checkExchangeAgainstHost(host, `round ${round}, after the restart`);

      const count = 1 + Math.floor(next() * 2);
      for (let i = 0; i < count; i++) {
        const { orderId } = await host.client.call('order.submit', await orderRequest(next));
        submitted.add(orderId);
      }
      // Half the rounds work under faults: replies dropped after the exchange acted (outcome
      // unknown when the kill comes), fills during cancels, a trade that fails after matching.
      if (next() < 0.5) {
        emulator.faults.set({
          dropReplyRate: 0.2,
          fillDuringCancel: next() < 0.5,
          failNextTrades: next() < 0.3 ? 1 : 0,
        });
      }
      // One round in five dies right after the last acknowledgement; the others work a while.
      if (next() >= 0.2) await sleep(150 + Math.floor(next() * 1_350));
      emulator.faults.reset();
      await checkExchangeAgainstHost(host, `round ${round}, before the kill`);
      await kill(host, 'SIGKILL');
      host = await startHost();
    }

    // After the last restart: everything still working is cancelled and every order ends final.
    await checkExchangeAgainstHost(host, 'the last restart');
    await host.client.call('order.cancelAll', {});
    const deadline = Date.now() + 30_000;
    let orders = await listOrders(host);
    while (orders.some((o) => !FINAL_ORDER_STATES.includes(o.state))) {
      if (Date.now() > deadline) {
        const stuck = orders.filter((o) => !FINAL_ORDER_STATES.includes(o.state));
        throw new Error(`orders not final 30 s after cancelAll: ${JSON.stringify(stuck)}`);
      }
      await sleep(200);
      orders = await listOrders(host);
    }
    expect(orders.map((o) => o.id).sort()).toEqual([...submitted].sort());
    expect(await observer.getOpenOrders()).toEqual([]);
    // Trades settle (CONFIRMED or FAILED) on the exchange's clock; the host must hear the end.
    await waitUntil(async () => (await observer.getFills()).every((t) => t.final), 'trades final');
    await sleep(500);
    await kill(host, 'SIGTERM');

    const store = await SqliteStore.open(storeFile(dataDir), silentLogger());
    try {
      const storedOrders = new Set((await store.exchangeOrders()).map((eo) => eo.id));
      const trades = await observer.getFills();
      const strangers = trades.filter((t) => !storedOrders.has(t.orderId)).map((t) => t.orderId);
      expect(strangers, 'trades of exchange orders unknown to the store').toEqual([]);
      const ours = (await store.fills())
        .filter((f) => f.status !== 'FAILED')
        .map((f) => ({ fillKey: f.fillKey, price: f.price, size: f.size, status: f.status }))
        .sort((a, b) => a.fillKey.localeCompare(b.fillKey));
      const theirs = trades
        .filter((t) => t.status !== 'FAILED')
        .map((t) => ({
          fillKey: t.fillKey,
          price: t.priceMicros,
          size: t.sizeMicros,
          status: t.status,
        }))
        .sort((a, b) => a.fillKey.localeCompare(b.fillKey));
      expect(ours).toEqual(theirs);
      expect(theirs.length, 'the schedule produced trades').toBeGreaterThan(0);

      // Nothing placed twice shows in the end too: no user order bought more than its size.
      const userOrderOf = new Map(
        (await store.exchangeOrders()).map((eo) => [eo.id, eo.userOrderId]),
      );
      const bought = new Map<string, number>();
      for (const t of trades.filter((t) => t.status !== 'FAILED')) {
        const id = userOrderOf.get(t.orderId) ?? '';
        bought.set(id, (bought.get(id) ?? 0) + t.sizeMicros);
      }
      const overfilled = orders.filter((o) => (bought.get(o.id) ?? 0) > o.targetSize + DUST_MICROS);
      expect(
        overfilled.map((o) => o.id),
        'orders filled beyond their size',
      ).toEqual([]);

      const log = readLog();
      const restored = log.split('"order restored"').length - 1;
      const unknown = log.split('submit outcome unknown').length - 1;
      const failed = trades.filter((t) => t.status === 'FAILED').length;
      const states = new Map<string, number>();
      for (const o of orders) states.set(o.state, (states.get(o.state) ?? 0) + 1);
      console.log(
        `[crash-recovery] seed ${SEED}: ${ROUNDS} kills, ${orders.length} orders ` +
          `(${[...states].map(([state, n]) => `${n} ${state}`).join(', ')}), ${theirs.length} fills ` +
          `(+${failed} failed), ${restored} orders restored, ${unknown} submits of unknown outcome`,
      );
    } finally {
      await store.close();
    }
  }, 240_000);
});
