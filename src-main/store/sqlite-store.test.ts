import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exchangeOrderView } from '@shared/domain/order';
import type { Order, OrderEvent } from '@shared/domain/order';
import { createLogger, silentLogger } from '../host/logger';
import { MemoryStore } from './memory-store';
import { migrate, MIGRATIONS } from './migrations';
import { HISTORY_TABLES, SqliteStore, storeFile } from './sqlite-store';
import type { Store, StoredExchangeOrder, StoredFill, StoredHistory } from './store-port';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'polydesk-store-'));
  file = storeFile(dir);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const exchangeOrder = (id: string, userOrderId = 'o1', createdAt = 1): StoredExchangeOrder => ({
  id,
  userOrderId,
  tokenId: '1234',
  side: 'BUY',
  state: 'PENDING_NEW',
  price: 480_000,
  size: 10_000_000,
  filled: 0,
  pendingFilled: 0,
  createdAt,
  updatedAt: createdAt,
  reportedMatched: 0,
  matchedFinal: false,
});

const viewOf = exchangeOrderView;

const order = (id: string, exchangeOrders: StoredExchangeOrder[] = []): Order => ({
  id,
  spec: {
    tokenId: '1234',
    side: 'BUY',
    strategyType: 'iceberg',
    totalSize: 50_000_000,
    targetPrice: 480_000,
    maxPrice: 500_000,
    minPrice: 10_000,
    icebergParams: { clipSize: 10_000_000, clipJitterPct: 0 },
    urgency: 'MEDIUM',
  },
  state: 'ACTIVE',
  createdAt: 1,
  updatedAt: 2,
  targetSize: 50_000_000,
  filled: 3_000_000,
  pendingFilled: 1_000_000,
  avgPrice: 479_999,
  adjustments: 2,
  arrivalMicroPrice: null,
  exchangeOrders: exchangeOrders.map(viewOf),
});

const fill = (tradeId: string, exchangeOrderId = 'e1', userOrderId = 'o1'): StoredFill => ({
  fillKey: `${tradeId}:${exchangeOrderId}`,
  tradeId,
  exchangeOrderId,
  userOrderId,
  price: 480_000,
  size: 1_000_000,
  status: 'MATCHED',
  role: 'MAKER',
  at: 5,
});

const event = (seq: number, orderId = 'o1', extra: Partial<OrderEvent> = {}): OrderEvent => ({
  seq,
  orderId,
  at: 100 + seq,
  type: 'note',
  state: 'ACTIVE',
  reason: `event ${seq}`,
  ...extra,
});

/** What loadHistory must equal: loadOrders, then each order's own reads (empty ones left out). */
async function perOrderReads(store: Store, ids: Iterable<string>): Promise<StoredHistory> {
  const history: StoredHistory = {
    orders: await store.loadOrders(),
    exchangeOrders: new Map(),
    fills: new Map(),
    events: new Map(),
  };
  for (const id of ids) {
    const exchangeOrders = await store.exchangeOrders(id);
    if (exchangeOrders.length > 0) history.exchangeOrders.set(id, exchangeOrders);
    const fills = await store.fills(id);
    if (fills.length > 0) history.fills.set(id, fills);
    const events = await store.events(id);
    if (events.length > 0) history.events.set(id, events);
  }
  return history;
}

/** The port's contract, held by both stores. */
const stores: [string, () => Promise<Store>][] = [
  ['MemoryStore', () => Promise.resolve(new MemoryStore())],
  ['SqliteStore', () => SqliteStore.open(file, silentLogger())],
];

describe.each(stores)('%s (Store contract)', (_name, open) => {
  it('round-trips an order with its exchange orders, fills and events', async () => {
    const store = await open();
    const e1 = { ...exchangeOrder('e1'), state: 'LIVE' as const, filled: 3_000_000 };
    const e2 = { ...exchangeOrder('e2', 'o1', 2), side: 'SELL' as const, reason: 'replaced' };
    const o1 = { ...order('o1', [e1, e2]), reason: 'working' };
    await store.saveOrder(o1);
    await store.saveExchangeOrder(e1);
    await store.saveExchangeOrder(e2);
    await store.saveFill(fill('t1'));
    await store.appendEvent(event(0));
    const placed = event(1, 'o1', {
      type: 'placed',
      exchangeOrderId: 'e1',
      price: 480_000,
      size: 10_000_000,
      filled: 0,
    });
    await store.appendEvent(placed);
    expect(await store.loadOrders()).toEqual([o1]);
    expect(await store.exchangeOrders('o1')).toEqual([e1, e2]);
    expect(await store.exchangeOrders()).toEqual([e1, e2]);
    expect(await store.fills('o1')).toEqual([fill('t1')]);
    expect(await store.fills()).toEqual([fill('t1')]);
    expect(await store.events('o1')).toEqual([event(0), placed]);
    expect(await store.events('o2')).toEqual([]);
    await store.close();
  });

  it("keeps an order's condition and its start, and forgets it once cleared", async () => {
    const store = await open();
    const stuck: Order = { ...order('o1'), condition: 'STALE_BOOK', conditionSince: 1_234 };
    await store.saveOrder(stuck);
    expect(await store.loadOrders()).toEqual([stuck]);
    const ended: Order = {
      ...order('o1'),
      state: 'COMPLETED',
      condition: 'REMAINDER_BELOW_MINIMUM',
      conditionSince: 5_678,
    };
    await store.saveOrder(ended);
    expect((await store.loadHistory()).orders).toEqual([ended]);
    await store.saveOrder(order('o1'));
    expect(await store.loadOrders()).toEqual([order('o1')]);
    await store.close();
  });

  it('upserts orders, exchange orders and fills by their keys', async () => {
    const store = await open();
    await store.saveOrder(order('o1'));
    await store.saveOrder({ ...order('o1'), state: 'COMPLETED', reason: 'filled' });
    const eo = exchangeOrder('e1');
    await store.saveExchangeOrder(eo);
    await store.saveExchangeOrder({ ...eo, state: 'FILLED', filled: eo.size, updatedAt: 9 });
    await store.saveFill(fill('t1'));
    await store.saveFill({ ...fill('t1'), status: 'CONFIRMED' });
    await store.saveFill(fill('t1', 'e2', 'o2'));
    const [loaded] = await store.loadOrders();
    expect(loaded?.state).toBe('COMPLETED');
    expect(loaded?.reason).toBe('filled');
    expect(await store.exchangeOrders('o1')).toEqual([
      { ...eo, state: 'FILLED', filled: eo.size, updatedAt: 9 },
    ]);
    expect(await store.fills('o1')).toEqual([{ ...fill('t1'), status: 'CONFIRMED' }]);
    expect(await store.fills('o2')).toEqual([fill('t1', 'e2', 'o2')]);
    await store.close();
  });

  it('reads the whole history at once exactly as loadOrders and the per-order reads do', async () => {
    const store = await open();
    expect(await store.loadHistory()).toEqual({
      orders: [],
      exchangeOrders: new Map(),
      fills: new Map(),
      events: new Map(),
    });
    // Three orders with their records interleaved, upserted and created out of order; records of
    // an order that was never saved (o4); an order with no records at all (o3).
    const e1 = exchangeOrder('e1', 'o1', 5);
    const e2 = { ...exchangeOrder('e2', 'o2', 3), side: 'SELL' as const };
    const e3 = { ...exchangeOrder('e3', 'o1', 2), reason: 'replaced' };
    const e4 = exchangeOrder('e4', 'o4', 1);
    await store.saveExchangeOrder(e1);
    await store.appendEvent(event(0, 'o1', { type: 'placed', exchangeOrderId: 'e1', price: 1 }));
    await store.saveOrder(order('o1', [e1]));
    await store.saveExchangeOrder(e2);
    await store.appendEvent(event(1, 'o2', { size: 2, filled: 3 }));
    await store.saveOrder({ ...order('o2', [e2]), createdAt: 0, avgPrice: null, reason: 'x' });
    await store.saveExchangeOrder(e3);
    await store.saveExchangeOrder(e4);
    await store.saveOrder({ ...order('o3'), state: 'FAILED', arrivalMicroPrice: 500_000 });
    await store.saveFill(fill('t1', 'e1', 'o1'));
    await store.saveFill({ ...fill('t2', 'e2', 'o2'), role: 'TAKER', status: 'MINED' });
    await store.saveFill(fill('t3', 'e3', 'o1'));
    await store.saveFill(fill('t4', 'e4', 'o4'));
    await store.appendEvent(event(2, 'o4'));
    await store.appendEvent(event(3, 'o1'));
    await store.saveExchangeOrder({ ...e1, state: 'FILLED', filled: e1.size, updatedAt: 9 });
    await store.saveFill({ ...fill('t1', 'e1', 'o1'), status: 'CONFIRMED' });
    await store.saveOrder({ ...order('o1', [e1, e3]), state: 'COMPLETED', reason: 'done' });
    await store.appendEvent(event(4, 'o2'));

    const history = await store.loadHistory();
    expect(history).toEqual(await perOrderReads(store, ['o1', 'o2', 'o3', 'o4']));
    expect(history.orders.map((o) => o.id).sort()).toEqual(['o1', 'o2', 'o3']);
    expect([...history.exchangeOrders.values()].flat()).toHaveLength(4);
    expect([...history.fills.values()].flat()).toHaveLength(4);
    expect([...history.events.values()].flat()).toHaveLength(5);
    expect(history.exchangeOrders.has('o3')).toBe(false);
    // The history is a copy: changing it changes nothing stored.
    history.events.get('o1')?.splice(0);
    history.orders[0]?.exchangeOrders.splice(0);
    expect(await store.loadHistory()).toEqual(await perOrderReads(store, ['o1', 'o2', 'o4']));
    await store.close();
  });

  it('appends events in sequence and refuses a seq that goes back', async () => {
    const store = await open();
    expect(await store.lastSeq()).toBe(-1);
    await store.appendEvent(event(0));
    await store.appendEvent(event(5, 'o2'));
    await expect(store.appendEvent(event(3))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(store.appendEvent(event(5, 'o1'))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await store.lastSeq()).toBe(5);
    expect((await store.events('o1')).map((e) => e.seq)).toEqual([0]);
    await store.close();
  });
  it('commits a batch as the single writes would, and refuses an event that goes back', async () => {
    const store = await open();
    const eo = exchangeOrder('e1');
    await store.commit({
      events: [event(0), event(1, 'o2')],
      orders: [order('o1', [eo]), order('o2')],
      exchangeOrders: [eo, exchangeOrder('e2', 'o2')],
      fills: [fill('t1')],
    });
    await store.commit({
      events: [event(2)],
      orders: [{ ...order('o1', [eo]), state: 'COMPLETED', reason: 'filled' }],
      exchangeOrders: [{ ...eo, state: 'FILLED', filled: eo.size, updatedAt: 9 }],
      fills: [{ ...fill('t1'), status: 'CONFIRMED' }],
    });
    await store.commit({ events: [], orders: [], exchangeOrders: [], fills: [] });
    expect((await store.loadOrders()).map((o) => [o.id, o.state])).toEqual([
      ['o1', 'COMPLETED'],
      ['o2', 'ACTIVE'],
    ]);
    expect(await store.exchangeOrders('o1')).toEqual([
      { ...eo, state: 'FILLED', filled: eo.size, updatedAt: 9 },
    ]);
    expect(await store.exchangeOrders('o2')).toEqual([exchangeOrder('e2', 'o2')]);
    expect(await store.fills()).toEqual([{ ...fill('t1'), status: 'CONFIRMED' }]);
    expect((await store.events('o1')).map((e) => e.seq)).toEqual([0, 2]);
    await expect(
      store.commit({
        events: [event(1, 'o1'), event(3)],
        orders: [],
        exchangeOrders: [],
        fills: [],
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await store.lastSeq()).toBe(3);
    expect((await store.events('o1')).map((e) => e.seq)).toEqual([0, 2, 3]);
    await store.close();
  });
});

describe('SqliteStore', () => {
  it('migrates an empty file to the newest schema, in WAL mode, and re-opens without migrating', async () => {
    const store = await SqliteStore.open(file, silentLogger());
    await store.appendEvent(event(0));
    await store.close();
    const raw = createClient({ url: `file:${file}` });
    const versions = await raw.execute('SELECT version FROM schema_version ORDER BY version');
    expect(versions.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = await raw.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    );
    expect(tables.rows.map((r) => r.name)).toEqual([
      'events',
      'exchange_orders',
      'fills',
      'orders',
      'schema_version',
      'settings',
    ]);
    expect((await raw.execute('PRAGMA journal_mode')).rows[0]?.journal_mode).toBe('wal');
    raw.close();

    const again = await SqliteStore.open(file, silentLogger());
    expect(await again.events('o1')).toEqual([event(0)]);
    await again.close();
    const check = createClient({ url: `file:${file}` });
    const count = await check.execute('SELECT COUNT(*) AS n FROM schema_version');
    expect(count.rows[0]?.n).toBe(MIGRATIONS.length);
    check.close();
  });

  it('migrates a version 2 database: its orders read back with no condition', async () => {
    const raw = createClient({ url: `file:${file}` });
    await migrate(raw, MIGRATIONS.slice(0, 2));
    await raw.execute({
      sql: `INSERT INTO orders (id, token_id, spec, state, created_at, updated_at, target_size,
              filled, pending_filled, adjustments)
            VALUES ('o1', '1234', ?, 'ACTIVE', 1, 2, 50000000, 3000000, 1000000, 2)`,
      args: [JSON.stringify(order('o1').spec)],
    });
    raw.close();
    const store = await SqliteStore.open(file, silentLogger());
    expect(await store.loadOrders()).toEqual([{ ...order('o1'), avgPrice: null }]);
    await store.saveOrder({
      ...order('o1'),
      condition: 'ADJUSTMENTS_EXHAUSTED',
      conditionSince: 9,
    });
    expect((await store.loadOrders())[0]).toMatchObject({
      condition: 'ADJUSTMENTS_EXHAUSTED',
      conditionSince: 9,
    });
    await store.close();
  });

  it('reads every column of the schema in loadHistory', async () => {
    const store = await SqliteStore.open(file, silentLogger());
    await store.close();
    const raw = createClient({ url: `file:${file}` });
    for (const { table, columns } of HISTORY_TABLES) {
      const info = await raw.execute(`PRAGMA table_info(${table})`);
      expect([...columns].sort()).toEqual(info.rows.map((row) => String(row.name)).sort());
    }
    expect(HISTORY_TABLES.map((t) => t.table)).toEqual([
      'orders',
      'exchange_orders',
      'fills',
      'events',
    ]);
    raw.close();
  });

  it('stores money and sizes as INTEGER columns and only the spec as JSON', async () => {
    const store = await SqliteStore.open(file, silentLogger());
    await store.saveOrder(order('o1'));
    await store.saveExchangeOrder(exchangeOrder('e1'));
    await store.saveFill(fill('t1'));
    await store.close();
    const raw = createClient({ url: `file:${file}` });
    const rs = await raw.execute(
      `SELECT typeof(o.filled) AS filled, typeof(o.avg_price) AS avg, typeof(e.price) AS price,
              typeof(f.size) AS size, json_valid(o.spec) AS json
       FROM orders o, exchange_orders e, fills f`,
    );
    expect(rs.rows[0]).toMatchObject({
      filled: 'integer',
      avg: 'integer',
      price: 'integer',
      size: 'integer',
      json: 1,
    });
    raw.close();
  });

  it('keeps everything across a re-open and continues after lastSeq', async () => {
    const first = await SqliteStore.open(file, silentLogger());
    const eo = exchangeOrder('e1');
    await first.saveOrder(order('o1', [eo]));
    await first.saveExchangeOrder(eo);
    await first.saveFill(fill('t1'));
    for (let seq = 0; seq < 10; seq++) await first.appendEvent(event(seq));
    await first.setSetting('layout', '{"panel":"orders"}');
    await first.close();

    const second = await SqliteStore.open(file, silentLogger());
    expect(await second.lastSeq()).toBe(9);
    await expect(second.appendEvent(event(9, 'o1', { reason: 'other' }))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await second.appendEvent(event(10));
    expect(await second.loadOrders()).toEqual([order('o1', [eo])]);
    expect(await second.fills()).toEqual([fill('t1')]);
    expect((await second.events('o1')).map((e) => e.seq)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(await second.getSetting('layout')).toBe('{"panel":"orders"}');
    expect(await second.getSetting('missing')).toBeNull();
    await second.close();
  });

  it('is replay-safe: running the same writes twice leaves the same state', async () => {
    const writes = async (store: SqliteStore): Promise<void> => {
      const eo = exchangeOrder('e1');
      await store.appendEvent(event(0));
      await store.saveOrder(order('o1', [eo]));
      await store.saveExchangeOrder(eo);
      await store.saveFill(fill('t1'));
      await store.appendEvent(event(1, 'o1', { type: 'fill', filled: 1_000_000 }));
      await store.saveFill({ ...fill('t1'), status: 'CONFIRMED' });
    };
    const dump = async (store: SqliteStore): Promise<unknown> => ({
      orders: await store.loadOrders(),
      exchange: await store.exchangeOrders(),
      fills: await store.fills(),
      events: await store.events('o1'),
      lastSeq: await store.lastSeq(),
    });
    const store = await SqliteStore.open(file, silentLogger());
    await writes(store);
    const once = await dump(store);
    await writes(store);
    expect(await dump(store)).toEqual(once);
    await store.close();
  });

  it('reads a history of tens of thousands of rows at once, in the same order as per order', async () => {
    const store = await SqliteStore.open(file, silentLogger());
    const ids = Array.from({ length: 40 }, (_, i) => `o${i}`);
    for (const [i, id] of ids.entries()) await store.saveOrder({ ...order(id), createdAt: -i });
    await store.close();
    // Written in bulk: exchange orders created in the reverse of their row order, with ties.
    const raw = createClient({ url: `file:${file}` });
    await raw.batch(
      [
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 24999)
         INSERT INTO events (seq, order_id, at, type, state, exchange_order_id, price, reason)
         SELECT i, 'o' || (i % 41), i, 'note', 'ACTIVE', IIF(i % 2, 'e' || i, NULL),
                IIF(i % 3, i, NULL), 'event ' || i FROM n`,
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 12499)
         INSERT INTO exchange_orders (id, user_order_id, token_id, side, state, price, size,
           filled, pending_filled, created_at, updated_at, reason)
         SELECT 'e' || i, 'o' || (i % 37), '1234', IIF(i % 2, 'BUY', 'SELL'), 'LIVE', 480000,
                10000000, 0, 0, (12500 - i) / 3, i, IIF(i % 5, NULL, 'r' || i) FROM n`,
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 10999)
         INSERT INTO fills (fill_key, trade_id, exchange_order_id, user_order_id, price, size,
           status, role, at)
         SELECT 't' || i || ':e' || i, 't' || i, 'e' || i, 'o' || (i % 43), 480000, 1000000,
                'CONFIRMED', 'MAKER', i FROM n`,
      ],
      'write',
    );
    raw.close();
    const again = await SqliteStore.open(file, silentLogger());
    const history = await again.loadHistory();
    expect([...history.events.values()].flat()).toHaveLength(25_000);
    expect([...history.exchangeOrders.values()].flat()).toHaveLength(12_500);
    expect([...history.fills.values()].flat()).toHaveLength(11_000);
    expect(history).toEqual(await perOrderReads(again, [...ids, 'o40', 'o41', 'o42']));
    await again.close();
  });

  it('serializes calls: reads issued after writes see them, a failed write does not block the queue', async () => {
    const store = await SqliteStore.open(file, silentLogger());
    const pending = [
      store.appendEvent(event(0)),
      store.appendEvent(event(0, 'o1', { reason: 'clash' })),
      store.saveFill(fill('t1')),
      store.appendEvent(event(1)),
    ];
    const lastSeq = store.lastSeq();
    const fills = store.fills();
    const settled = await Promise.allSettled(pending);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(await lastSeq).toBe(1);
    expect(await fills).toEqual([fill('t1')]);
    await store.close();
    await store.close();
    await expect(store.lastSeq()).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });
});

describe('SqliteStore with a damaged file', () => {
  const capture = (): { logger: ReturnType<typeof createLogger>; lines: string[] } => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (s) => lines.push(s) } });
    return { logger, lines };
  };

  it('keeps a file that is not a database aside, says so, and starts an empty one', async () => {
    const garbage = 'not a database, just bytes '.repeat(200);
    writeFileSync(file, garbage);
    const { logger, lines } = capture();
    const at = Date.UTC(2026, 10, 24, 10, 30, 0);
    const store = await SqliteStore.open(file, logger, { now: () => at });
    const keptAs = `${file}.corrupt-2026-11-24T10-30-00-000Z`;
    expect(store.setAside).toBe(keptAs);
    expect(readFileSync(keptAs, 'utf8')).toBe(garbage);
    expect(lines.join('')).toContain(`It was kept as ${keptAs}`);
    await store.appendEvent(event(0));
    expect(await store.lastSeq()).toBe(0);
    await store.close();
  });

  it('keeps a database whose pages are damaged aside, with its WAL, never deleting it', async () => {
    const good = await SqliteStore.open(file, silentLogger());
    for (let i = 0; i < 300; i++) {
      await good.saveFill({ ...fill(`t${i}`), tradeId: 'x'.repeat(200) });
    }
    await good.close();
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(8 * 4096);
    // Scribble over the middle pages, leaving the header intact.
    bytes.fill(0xa5, 4 * 4096, 8 * 4096);
    writeFileSync(file, bytes);
    writeFileSync(`${file}-wal`, '');
    const { logger, lines } = capture();
    const store = await SqliteStore.open(file, logger, { now: () => 0 });
    expect(store.setAside).toBe(`${file}.corrupt-1970-01-01T00-00-00-000Z`);
    expect(readFileSync(store.setAside ?? '')).toEqual(bytes);
    expect(readdirSync(dir).sort()).toEqual(
      expect.arrayContaining([
        'polydesk.db',
        'polydesk.db.corrupt-1970-01-01T00-00-00-000Z',
        'polydesk.db.corrupt-1970-01-01T00-00-00-000Z-wal',
      ]),
    );
    expect(lines.join('')).toMatch(/could not be read/);
    expect(await store.fills()).toEqual([]);
    await store.close();
  });

  it('keeps aside a path that cannot be opened as a file at all', async () => {
    mkdirSync(file);
    writeFileSync(join(file, 'inside.txt'), 'kept');
    const { logger, lines } = capture();
    const store = await SqliteStore.open(file, logger, { now: () => 0 });
    expect(readFileSync(join(store.setAside ?? '', 'inside.txt'), 'utf8')).toBe('kept');
    expect(lines.join('')).toContain('SQLITE_CANTOPEN');
    await store.appendEvent(event(0));
    await store.close();
  });

  it('refuses a database from a newer Polydesk and leaves it where it is', async () => {
    const store = await SqliteStore.open(file, silentLogger());
    await store.close();
    const raw = createClient({ url: `file:${file}` });
    await raw.execute("INSERT INTO schema_version VALUES (999, 'future', 0)");
    raw.close();
    await expect(SqliteStore.open(file, silentLogger())).rejects.toThrow(
      /schema version 999, newer than this Polydesk knows/,
    );
    expect(readdirSync(dir).filter((name) => name.includes('corrupt'))).toEqual([]);
  });
});
