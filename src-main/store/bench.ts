import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Order, OrderEvent } from '@shared/domain/order';
import { createTradingDesk } from '../daemon/trading-desk';
import { startEmulator } from '../emulator/index';
import { createClobExchange } from '../exchange/index';
import { silentLogger } from '../host/logger';
import { MemoryStore } from './memory-store';
import { SqliteStore } from './sqlite-store';
import type { SqliteStoreOptions } from './sqlite-store';
import type { Store, StoredExchangeOrder } from './store-port';

/**
 * Benchmarks of the order store; they print figures and assert nothing.
 *
 * (a) Events written per second, each write awaited as the daemon does: the event alone, and the
 * daemon's pattern per event (event, order, exchange order, in one commit). SQLite in WAL mode with
 * synchronous=FULL (what the host runs) and NORMAL, against the MemoryStore as baseline.
 *
 * (b) Restart to reconciled: from opening the database to the trading desk started (orders
 * restored and reconciled with the paper exchange, before any worker runs), with 1,000 orders in
 * the history (990 finished, 10 still working) against an empty history, and the same 1,000
 * orders in a MemoryStore as the floor.
 */

const PAPER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const SHARE = 1_000_000;

export interface WriteFigures {
  store: string;
  events: number;
  eventsPerSec: number;
  /** Events per second when each also saves its order and one exchange order. */
  daemonPatternPerSec: number;
}

export interface RestartFigures {
  store: string;
  orders: number;
  openMs: number;
  reconciledMs: number;
  /** The store's share: the read the daemon makes at restore (loadHistory: orders, exchange
   * orders, fills and events, each in one query), timed alone on the same history. */
  storeReadsMs: number;
}

function event(seq: number, orderId: string): OrderEvent {
  return { seq, orderId, at: seq, type: 'note', state: 'ACTIVE', reason: `event ${seq}` };
}

function order(id: string, tokenId: string, state: Order['state'], at: number): Order {
  return {
    id,
    spec: {
      tokenId,
      side: 'BUY',
      strategyType: 'iceberg',
      totalSize: 10 * SHARE,
      targetPrice: 300_000,
      maxPrice: 300_000,
      minPrice: 10_000,
      icebergParams: { clipSize: 5 * SHARE, clipJitterPct: 0 },
      urgency: 'MEDIUM',
    },
    state,
    ...(state !== 'ACTIVE' && { reason: 'done' }),
    createdAt: at,
    updatedAt: at,
    targetSize: 10 * SHARE,
    filled: state === 'COMPLETED' ? 10 * SHARE : 0,
    pendingFilled: 0,
    avgPrice: state === 'COMPLETED' ? 300_000 : null,
    adjustments: 0,
    arrivalMicroPrice: 300_000,
    exchangeOrders: [],
  };
}

function exchangeOrder(id: string, o: Order, n: number): StoredExchangeOrder {
  const done = o.state === 'COMPLETED';
  return {
    id,
    userOrderId: o.id,
    tokenId: o.spec.tokenId,
    side: 'BUY',
    state: o.state === 'ACTIVE' ? 'LIVE' : done ? 'FILLED' : 'CANCELLED',
    price: 300_000,
    size: 5 * SHARE,
    filled: done ? 5 * SHARE : 0,
    pendingFilled: 0,
    createdAt: o.createdAt + n,
    updatedAt: o.createdAt + n,
    reportedMatched: done ? 5 * SHARE : 0,
    matchedFinal: o.state !== 'ACTIVE',
  };
}

async function writeRate(
  open: () => Promise<Store>,
  events: number,
): Promise<{ eventsPerSec: number; daemonPatternPerSec: number }> {
  const store = await open();
  const o = order('bench', '1', 'ACTIVE', 0);
  const eo = exchangeOrder('0xbench', o, 0);
  let started = performance.now();
  for (let seq = 0; seq < events; seq++) await store.appendEvent(event(seq, o.id));
  const eventsPerSec = events / ((performance.now() - started) / 1_000);
  started = performance.now();
  for (let seq = events; seq < 2 * events; seq++) {
    // As the daemon writes an event that arrives alone: one commit with its order and the one
    // exchange order it changed.
    await store.commit({
      events: [event(seq, o.id)],
      orders: [{ ...o, updatedAt: seq }],
      exchangeOrders: [{ ...eo, updatedAt: seq }],
      fills: [],
    });
  }
  const daemonPatternPerSec = events / ((performance.now() - started) / 1_000);
  await store.close();
  return { eventsPerSec, daemonPatternPerSec };
}

/** (a): events per second, each write awaited. */
export async function benchEventWrites(options: { events?: number } = {}): Promise<WriteFigures[]> {
  const events = options.events ?? 2_000;
  const dir = mkdtempSync(join(tmpdir(), 'polydesk-store-bench-'));
  const sqlite = (name: string, synchronous: SqliteStoreOptions['synchronous']) => () =>
    SqliteStore.open(join(dir, `${name}.db`), silentLogger(), { synchronous });
  try {
    const figures: WriteFigures[] = [];
    const runs: [string, () => Promise<Store>, number][] = [
      ['MemoryStore', () => Promise.resolve(new MemoryStore()), events * 10],
      ['SQLite WAL, synchronous=FULL', sqlite('full', 'FULL'), events],
      ['SQLite WAL, synchronous=NORMAL', sqlite('normal', 'NORMAL'), events],
    ];
    for (const [store, open, n] of runs) {
      figures.push({ store, events: n, ...(await writeRate(open, n)) });
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fills the store with `count` orders on the given tokens; the last `active` stay ACTIVE. */
async function writeHistory(
  store: Store,
  tokens: readonly string[],
  count: number,
  active: number,
): Promise<void> {
  let seq = 0;
  for (let i = 0; i < count; i++) {
    const state = i >= count - active ? 'ACTIVE' : i % 3 === 0 ? 'CANCELLED' : 'COMPLETED';
    const o = order(`order-${i}`, tokens[i % tokens.length] ?? '1', state, 1_000 + i);
    const eos = [0, 1].map((n) => exchangeOrder(`0x${i.toString(16)}-${n}`, o, n));
    for (const eo of eos) await store.saveExchangeOrder(eo);
    await store.saveOrder(o);
    for (const eo of eos.filter((e) => e.filled > 0)) {
      await store.saveFill({
        fillKey: `t${eo.id}:${eo.id}`,
        tradeId: `t${eo.id}`,
        exchangeOrderId: eo.id,
        userOrderId: o.id,
        price: eo.price,
        size: eo.filled,
        status: 'CONFIRMED',
        role: 'MAKER',
        at: eo.createdAt,
      });
    }
    for (let k = 0; k < 6; k++) await store.appendEvent(event(seq++, o.id));
  }
}

/** The reads the daemon makes at restore. */
async function restoreReads(store: Store): Promise<void> {
  await store.loadHistory();
}

/** (b): opening the database and restoring + reconciling its orders, empty vs 1,000 orders. */
export async function benchRestart(options: { orders?: number } = {}): Promise<RestartFigures[]> {
  const count = options.orders ?? 1_000;
  const emulator = await startEmulator({ seed: 1, syntheticFlow: false });
  const tokens = emulator.markets.map((m) => m.yesTokenId);
  const dir = mkdtempSync(join(tmpdir(), 'polydesk-restart-bench-'));
  const logger = silentLogger();
  try {
    const sizes = [0, count];
    // Histories are written first (quickly, without syncing each commit), then timed one by one.
    for (const n of sizes) {
      const seedStore = await SqliteStore.open(join(dir, `history-${n}.db`), logger, {
        synchronous: 'NORMAL',
      });
      await writeHistory(seedStore, tokens, n, Math.min(10, n));
      await seedStore.close();
    }
    const figures: RestartFigures[] = [];
    const openExchange = () =>
      createClobExchange({
        restUrl: emulator.restUrl,
        wsUrl: emulator.wsUrl,
        chainId: 137,
        privateKey: PAPER_KEY,
        logger,
      });
    for (const n of sizes) {
      const file = join(dir, `history-${n}.db`);
      const reader = await SqliteStore.open(file, logger);
      const readStarted = performance.now();
      await restoreReads(reader);
      const storeReadsMs = performance.now() - readStarted;
      await reader.close();
      const exchange = await openExchange();
      const started = performance.now();
      const store = await SqliteStore.open(file, logger);
      const openMs = performance.now() - started;
      const desk = await createTradingDesk({ exchange, store, logger, onStop: 'cancel' });
      const reconciledMs = performance.now() - started;
      figures.push({ store: 'SQLite', orders: n, openMs, reconciledMs, storeReadsMs });
      await desk.stop();
      await exchange.close();
    }
    // The same history in a MemoryStore: the floor the SQLite figure is measured against.
    const memory = new MemoryStore();
    await writeHistory(memory, tokens, count, Math.min(10, count));
    const readStarted = performance.now();
    await restoreReads(memory);
    const storeReadsMs = performance.now() - readStarted;
    const exchange = await openExchange();
    const started = performance.now();
    const desk = await createTradingDesk({ exchange, store: memory, logger, onStop: 'cancel' });
    const reconciledMs = performance.now() - started;
    figures.push({ store: 'MemoryStore', orders: count, openMs: 0, reconciledMs, storeReadsMs });
    await desk.stop();
    await exchange.close();
    return figures;
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log('Order store bench (figures only, nothing asserted)\n');
  const writes = await benchEventWrites();
  const base = writes[0];
  console.log('(a) events written per second, each write awaited');
  for (const w of writes) {
    const ratio = base ? ` (${(w.eventsPerSec / base.eventsPerSec).toFixed(4)} × memory)` : '';
    console.log(
      `  ${w.store.padEnd(32)} ${fmt(w.eventsPerSec).padStart(9)} events/s${ratio}; ` +
        `with order + exchange order: ${fmt(w.daemonPatternPerSec)} events/s  [${fmt(w.events)} events]`,
    );
  }
  const restarts = await benchRestart();
  console.log(
    '\n(b) restart to reconciled (open the database, restore, reconcile, start the desk)',
  );
  const empty = restarts[0];
  for (const r of restarts) {
    const ratio = empty ? ` (${(r.reconciledMs / empty.reconciledMs).toFixed(1)} × empty)` : '';
    console.log(
      `  ${r.store.padEnd(11)} ${String(r.orders).padStart(5)} orders in history: ` +
        `open ${r.openMs.toFixed(1)} ms, reconciled ${r.reconciledMs.toFixed(1)} ms${ratio}; ` +
        `of which store reads ≈ ${r.storeReadsMs.toFixed(1)} ms`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
