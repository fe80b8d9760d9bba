import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createClient } from '@libsql/client';
import type { Client, InStatement, ResultSet } from '@libsql/client';
import { PolydeskError } from '@shared/errors';
import {
  ExchangeOrderStateSchema,
  exchangeOrderView,
  OrderEventSchema,
  OrderSchema,
} from '@shared/domain/order';
import { SideSchema } from '@shared/domain/order-request';
import type { Order, OrderEvent } from '@shared/domain/order';
import type { Logger } from '../host/logger';
import { groupBy } from './group-by';
import { migrate } from './migrations';
import type {
  Store,
  StoreBatch,
  StoredExchangeOrder,
  StoredFill,
  StoredHistory,
} from './store-port';

/**
 * The database file in the data directory: `polydesk.db` for paper trading, a separate
 * `polydesk-live.db` for live, so that paper orders are never reconciled against Polymarket.
 */
export function storeFile(dataDir: string, mode: 'PAPER' | 'LIVE' = 'PAPER'): string {
  return join(dataDir, mode === 'LIVE' ? 'polydesk-live.db' : 'polydesk.db');
}

/** SQLite primary result codes that say the file itself is damaged or cannot be read. */
const DAMAGED_CODES = new Map<number, string>([
  [3, 'SQLITE_PERM'],
  [11, 'SQLITE_CORRUPT'],
  [14, 'SQLITE_CANTOPEN'],
  [26, 'SQLITE_NOTADB'],
]);

/** The file opened but failed its integrity check. */
class DamagedDatabase extends Error {}

export interface SqliteStoreOptions {
  now?: () => number;
  /** FULL (default) syncs every commit; NORMAL only at checkpoints (safe against a crash of the
   * process, not against a power cut). The bench compares them. */
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * The Store in a SQLite file (libsql, local file mode): WAL journal, synchronous=FULL (an order id
 * recorded before it is sent must survive a power cut, lessons §1.2), one connection, and every
 * call — reads too — run one at a time through a queue, so the store has exactly one writer and a
 * read sees every write issued before it.
 */
export class SqliteStore implements Store {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly db: Client,
    readonly file: string,
    /** Where a damaged database found at open was kept, or null. */
    readonly setAside: string | null,
  ) {}

  /**
   * Opens (creating and migrating as needed) the database at `file`. A file that is corrupt or
   * cannot be read is renamed `<file>.corrupt-<timestamp>` (its WAL beside it), never deleted,
   * and a new empty database takes its place; the error log says where the old one went.
   */
  static async open(
    file: string,
    logger: Logger,
    options: SqliteStoreOptions = {},
  ): Promise<SqliteStore> {
    const now = options.now ?? Date.now;
    const synchronous = options.synchronous ?? 'FULL';
    mkdirSync(dirname(file), { recursive: true });
    try {
      return new SqliteStore(await openChecked(file, now, synchronous), file, null);
    } catch (err) {
      const damage = damageOf(err);
      if (damage === null) {
        if (err instanceof PolydeskError) throw err;
        throw new PolydeskError(
          'INTERNAL',
          `Cannot open the order database ${file}: ${errorMessage(err)}`,
        );
      }
      const keptAs = setAside(file, now());
      logger.error(
        { file, keptAs, problem: damage },
        `The order database ${file} could not be read (${damage}). It was kept as ${keptAs} ` +
          'and a new, empty database was started: orders recorded before are not in it.',
      );
      return new SqliteStore(await openChecked(file, now, synchronous), file, keptAs);
    }
  }

  saveOrder(order: Order): Promise<void> {
    return this.write([orderStatement(order)]);
  }

  /** Orders with their exchange orders as stored in `exchange_orders`, oldest first. */
  loadOrders(): Promise<Order[]> {
    return this.run(async () => {
      const [orders, exchange] = await this.db.batch(
        [
          'SELECT * FROM orders ORDER BY created_at, rowid',
          'SELECT * FROM exchange_orders ORDER BY created_at, rowid',
        ],
        'read',
      );
      const byOrder = groupBy((exchange?.rows ?? []).map(exchangeOrderOf), byUserOrder);
      return ordersOf(orders?.rows ?? [], byOrder);
    });
  }

  /**
   * The whole history in one read transaction (so the tables agree with each other): one query
   * per table, in the same order as the per-order reads, grouped here by user order id.
   */
  loadHistory(): Promise<StoredHistory> {
    return this.run(async () => {
      const [orders, exchange, fills, events] = await this.db.batch(
        HISTORY_TABLES.map((table) => packedRowsSql(table)),
        'read',
      );
      const exchangeOrders = groupBy(unpackRows(exchange).map(exchangeOrderOf), byUserOrder);
      return {
        orders: ordersOf(unpackRows(orders), exchangeOrders),
        exchangeOrders,
        fills: groupBy(unpackRows(fills).map(fillOf), byUserOrder),
        events: groupBy(unpackRows(events).map(eventOf), (event) => event.orderId),
      };
    });
  }

  saveExchangeOrder(order: StoredExchangeOrder): Promise<void> {
    return this.write([exchangeOrderStatement(order)]);
  }

  exchangeOrders(userOrderId?: string): Promise<StoredExchangeOrder[]> {
    return this.read(
      userOrderId === undefined
        ? 'SELECT * FROM exchange_orders ORDER BY created_at, rowid'
        : {
            sql: 'SELECT * FROM exchange_orders WHERE user_order_id = ? ORDER BY created_at, rowid',
            args: [userOrderId],
          },
      exchangeOrderOf,
    );
  }

  saveFill(fill: StoredFill): Promise<void> {
    return this.write([fillStatement(fill)]);
  }

  fills(userOrderId?: string): Promise<StoredFill[]> {
    return this.read(
      userOrderId === undefined
        ? 'SELECT * FROM fills ORDER BY rowid'
        : {
            sql: 'SELECT * FROM fills WHERE user_order_id = ? ORDER BY rowid',
            args: [userOrderId],
          },
      fillOf,
    );
  }

  /**
   * Appends an event whose seq is above every stored one. Replaying the very event stored at that
   * seq is harmless; any other seq at or below the last is a CONFLICT.
   */
  appendEvent(event: OrderEvent): Promise<void> {
    return this.run(async () => {
      const rs = await this.db.execute(eventStatement(event));
      if (rs.rowsAffected === 1) return;
      await this.checkReplayed(event);
    });
  }

  /** An event that was not inserted: harmless when it is the very one stored at its seq. */
  private async checkReplayed(event: OrderEvent): Promise<void> {
    const existing = await this.db.execute({
      sql: 'SELECT * FROM events WHERE seq = ?',
      args: [event.seq],
    });
    const stored = existing.rows[0];
    if (stored && sameEvent(eventOf(stored), event)) return;
    const last = await this.db.execute('SELECT MAX(seq) AS seq FROM events');
    throw new PolydeskError(
      'CONFLICT',
      `event seq ${event.seq} is not after ${Number(last.rows[0]?.seq ?? -1)}`,
    );
  }

  /**
   * A batch in one write transaction: the events first (each inserted only above the last stored
   * seq, so an event at or below it is checked as appendEvent does), then orders, exchange orders
   * and fills.
   */
  commit(batch: StoreBatch): Promise<void> {
    return this.run(async () => {
      const statements: InStatement[] = [
        ...batch.events.map(eventStatement),
        ...batch.orders.map(orderStatement),
        ...batch.exchangeOrders.map(exchangeOrderStatement),
        ...batch.fills.map(fillStatement),
      ];
      if (statements.length === 0) return;
      const results = await this.db.batch(statements, 'write');
      for (const [i, event] of batch.events.entries()) {
        if (results[i]?.rowsAffected !== 1) await this.checkReplayed(event);
      }
    });
  }

  events(orderId: string): Promise<OrderEvent[]> {
    return this.read(
      { sql: 'SELECT * FROM events WHERE order_id = ? ORDER BY seq', args: [orderId] },
      eventOf,
    );
  }

  lastSeq(): Promise<number> {
    return this.run(async () => {
      const rs = await this.db.execute('SELECT COALESCE(MAX(seq), -1) AS seq FROM events');
      return Number(rs.rows[0]?.seq ?? -1);
    });
  }

  /** A named setting (JSON or plain text, as the caller chooses); null when unset. */
  getSetting(key: string): Promise<string | null> {
    return this.run(async () => {
      const rs = await this.db.execute({
        sql: 'SELECT value FROM settings WHERE key = ?',
        args: [key],
      });
      const row = rs.rows[0];
      return row ? text(row, 'value') : null;
    });
  }

  setSetting(key: string, value: string): Promise<void> {
    return this.write([
      {
        sql: `INSERT INTO settings (key, value) VALUES (?, ?)
              ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        args: [key, value],
      },
    ]);
  }

  /** Waits for queued calls, folds the WAL into the file, and closes. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    // The checkpoint only tidies: every commit is already durable in the WAL.
    await this.db.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
    this.db.close();
  }

  /** Runs one call after every call issued before it; a failed call does not stop later ones. */
  private run<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(new PolydeskError('SHUTTING_DOWN', 'the order store is closed'));
    }
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private write(statements: InStatement[]): Promise<void> {
    return this.run(async () => {
      await this.db.batch(statements, 'write');
    });
  }

  private read<T>(statement: InStatement, map: (row: Cells) => T): Promise<T[]> {
    return this.run(async () => (await this.db.execute(statement)).rows.map(map));
  }
}

function orderStatement(order: Order): InStatement {
  return {
    sql: `INSERT INTO orders (id, token_id, spec, state, reason, created_at, updated_at,
                target_size, filled, pending_filled, avg_price, adjustments, arrival_micro_price,
                overfilled, condition, condition_since)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (id) DO UPDATE SET
                token_id = excluded.token_id, spec = excluded.spec, state = excluded.state,
                reason = excluded.reason, created_at = excluded.created_at,
                updated_at = excluded.updated_at, target_size = excluded.target_size,
                filled = excluded.filled, pending_filled = excluded.pending_filled,
                avg_price = excluded.avg_price, adjustments = excluded.adjustments,
                arrival_micro_price = excluded.arrival_micro_price,
                overfilled = excluded.overfilled, condition = excluded.condition,
                condition_since = excluded.condition_since`,
    args: [
      order.id,
      order.spec.tokenId,
      JSON.stringify(order.spec),
      order.state,
      order.reason ?? null,
      order.createdAt,
      order.updatedAt,
      order.targetSize,
      order.filled,
      order.pendingFilled,
      order.avgPrice,
      order.adjustments,
      order.arrivalMicroPrice,
      order.overfilled ?? 0,
      order.condition ?? null,
      order.conditionSince ?? null,
    ],
  };
}

function exchangeOrderStatement(order: StoredExchangeOrder): InStatement {
  return {
    sql: `INSERT INTO exchange_orders (id, user_order_id, token_id, side, state, price, size,
                filled, pending_filled, created_at, updated_at, reason, reported_matched,
                matched_final, closed_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (id) DO UPDATE SET
                user_order_id = excluded.user_order_id, token_id = excluded.token_id,
                side = excluded.side, state = excluded.state, price = excluded.price,
                size = excluded.size, filled = excluded.filled,
                pending_filled = excluded.pending_filled, created_at = excluded.created_at,
                updated_at = excluded.updated_at, reason = excluded.reason,
                reported_matched = excluded.reported_matched,
                matched_final = excluded.matched_final, closed_at = excluded.closed_at`,
    args: [
      order.id,
      order.userOrderId,
      order.tokenId,
      order.side,
      order.state,
      order.price,
      order.size,
      order.filled,
      order.pendingFilled,
      order.createdAt,
      order.updatedAt,
      order.reason ?? null,
      order.reportedMatched,
      order.matchedFinal ? 1 : 0,
      order.closedAt ?? null,
    ],
  };
}

function fillStatement(fill: StoredFill): InStatement {
  return {
    sql: `INSERT INTO fills (fill_key, trade_id, exchange_order_id, user_order_id, price, size,
                status, role, at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (fill_key) DO UPDATE SET
                trade_id = excluded.trade_id, exchange_order_id = excluded.exchange_order_id,
                user_order_id = excluded.user_order_id, price = excluded.price,
                size = excluded.size, status = excluded.status, role = excluded.role,
                at = excluded.at`,
    args: [
      fill.fillKey,
      fill.tradeId,
      fill.exchangeOrderId,
      fill.userOrderId,
      fill.price,
      fill.size,
      fill.status,
      fill.role,
      fill.at,
    ],
  };
}

function eventStatement(event: OrderEvent): InStatement {
  return {
    sql: `INSERT INTO events (seq, order_id, at, type, state, exchange_order_id, price, size,
                filled, reason)
              SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
              WHERE ? > (SELECT COALESCE(MAX(seq), -1) FROM events)`,
    args: [
      event.seq,
      event.orderId,
      event.at,
      event.type,
      event.state,
      event.exchangeOrderId ?? null,
      event.price ?? null,
      event.size ?? null,
      event.filled ?? null,
      event.reason,
      event.seq,
    ],
  };
}

/** A row as the mappers below read it: a libsql Row, or one record of packedRowsSql. */
type Cells = Readonly<Record<string, unknown>>;

/** One table as loadHistory reads it: every column, in the order the per-order reads use. */
export interface HistoryTable {
  table: string;
  columns: readonly string[];
  orderBy: string;
}

/**
 * orders, exchange_orders, fills, events: loadHistory's four queries, in this order. A column a
 * migration adds is listed here too (a test holds these lists to the schema).
 */
export const HISTORY_TABLES: readonly HistoryTable[] = [
  {
    table: 'orders',
    columns: [
      'id',
      'token_id',
      'spec',
      'state',
      'reason',
      'created_at',
      'updated_at',
      'target_size',
      'filled',
      'pending_filled',
      'avg_price',
      'adjustments',
      'arrival_micro_price',
      'overfilled',
      'condition',
      'condition_since',
    ],
    orderBy: 'created_at, rowid',
  },
  {
    table: 'exchange_orders',
    columns: [
      'id',
      'user_order_id',
      'token_id',
      'side',
      'state',
      'price',
      'size',
      'filled',
      'pending_filled',
      'created_at',
      'updated_at',
      'reason',
      'reported_matched',
      'matched_final',
      'closed_at',
    ],
    orderBy: 'created_at, rowid',
  },
  {
    table: 'fills',
    columns: [
      'fill_key',
      'trade_id',
      'exchange_order_id',
      'user_order_id',
      'price',
      'size',
      'status',
      'role',
      'at',
    ],
    orderBy: 'rowid',
  },
  {
    table: 'events',
    columns: [
      'seq',
      'order_id',
      'at',
      'type',
      'state',
      'exchange_order_id',
      'price',
      'size',
      'filled',
      'reason',
    ],
    orderBy: 'seq',
  },
];

/** Rows per JSON text in packedRowsSql: a few MB each, far below SQLite's 1 GB string limit. */
const PACKED_ROWS = 10_000;

/**
 * The table's rows, in order, packed by SQLite as JSON arrays of objects (column name → value),
 * PACKED_ROWS per result row. libsql builds each result row cell by cell, which made a read of
 * every row several times slower than the query itself; a few JSON texts cost almost nothing.
 * Every stored number is a safe integer, so JSON carries it exactly.
 */
function packedRowsSql({ table, columns, orderBy }: HistoryTable): string {
  const record = columns.map((column) => `'${column}', ${column}`).join(', ');
  return (
    `SELECT json_group_array(json_object(${record}) ORDER BY n) AS packed ` +
    `FROM (SELECT *, row_number() OVER (ORDER BY ${orderBy}) AS n FROM ${table}) ` +
    `GROUP BY (n - 1) / ${PACKED_ROWS} ORDER BY (n - 1) / ${PACKED_ROWS}`
  );
}

/** The records of a packedRowsSql result, in order. */
function unpackRows(result: ResultSet | undefined): Cells[] {
  const records: Cells[] = [];
  for (const row of result?.rows ?? []) {
    const packed: unknown = JSON.parse(text(row, 'packed'));
    if (!Array.isArray(packed)) {
      throw new PolydeskError('INTERNAL', 'order database: a packed read is not a list');
    }
    for (const record of packed as unknown[]) {
      if (typeof record !== 'object' || record === null) {
        throw new PolydeskError('INTERNAL', 'order database: a packed row is not an object');
      }
      records.push(record as Cells);
    }
  }
  return records;
}

function byUserOrder(record: { userOrderId: string }): string {
  return record.userOrderId;
}

/** Order rows with their exchange orders (grouped by user order id) in the domain view. */
function ordersOf(
  rows: readonly Cells[],
  exchangeOrders: ReadonlyMap<string, readonly StoredExchangeOrder[]>,
): Order[] {
  return rows.map((row) =>
    orderOf(row, (exchangeOrders.get(text(row, 'id')) ?? []).map(exchangeOrderView)),
  );
}

/** Opens the file, sets the journal and durability, checks integrity and migrates. */
async function openChecked(
  file: string,
  now: () => number,
  synchronous: 'FULL' | 'NORMAL',
): Promise<Client> {
  const db = createClient({ url: `file:${file}`, concurrency: 1 });
  try {
    const journal = await db.execute('PRAGMA journal_mode = WAL');
    const mode = journal.rows[0]?.journal_mode;
    if (mode !== 'wal') throw new Error(`WAL journal refused (journal_mode is ${String(mode)})`);
    await db.execute(`PRAGMA synchronous = ${synchronous}`);
    await db.execute('PRAGMA busy_timeout = 5000');
    const check = await db.execute('PRAGMA quick_check');
    const verdict = check.rows.map((row) => String(row[0]));
    if (verdict.length !== 1 || verdict[0] !== 'ok') {
      throw new DamagedDatabase(`integrity check failed: ${verdict.slice(0, 3).join('; ')}`);
    }
    await migrate(db, undefined, now);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** What is wrong with the file if the error says it is damaged or unreadable, else null. */
function damageOf(err: unknown): string | null {
  if (err instanceof DamagedDatabase) return err.message;
  if (typeof err !== 'object' || err === null) return null;
  const { rawCode, code } = err as { rawCode?: unknown; code?: unknown };
  // A file that cannot be opened at all comes back as "ConnectionFailed(… local database …: 14)".
  const opened = /local database .*: (\d+)"?\)\s*$/.exec(errorMessage(err));
  const raw = typeof rawCode === 'number' ? rawCode : opened ? Number(opened[1]) : undefined;
  const primary = raw === undefined ? undefined : DAMAGED_CODES.get(raw & 0xff);
  const named =
    typeof code === 'string'
      ? [...DAMAGED_CODES.values()].find((name) => code.startsWith(name))
      : undefined;
  const found = primary ?? named;
  return found === undefined ? null : `${found}: ${errorMessage(err)}`;
}

/** Renames the database (and its WAL and shared-memory files) out of the way; returns its name. */
function setAside(file: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  let keptAs = `${file}.corrupt-${stamp}`;
  for (let n = 1; existsSync(keptAs); n++) keptAs = `${file}.corrupt-${stamp}-${n}`;
  try {
    renameSync(file, keptAs);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, keptAs + suffix);
    }
  } catch (err) {
    throw new PolydeskError(
      'INTERNAL',
      `The order database ${file} could not be read, and could not be moved aside either ` +
        `(${errorMessage(err)}). Move it away by hand; Polydesk will not overwrite it.`,
    );
  }
  return keptAs;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function text(row: Cells, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') {
    throw new PolydeskError('INTERNAL', `order database: ${column} is not text`);
  }
  return value;
}

function optionalText(row: Cells, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : text(row, column);
}

function integer(row: Cells, column: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new PolydeskError('INTERNAL', `order database: ${column} is not an integer`);
  }
  return value;
}

function optionalInteger(row: Cells, column: string): number | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : integer(row, column);
}

function orderOf(row: Cells, exchangeOrders: Order['exchangeOrders']): Order {
  const id = text(row, 'id');
  const reason = optionalText(row, 'reason');
  const condition = optionalText(row, 'condition');
  const conditionSince = optionalInteger(row, 'condition_since');
  const parsed = OrderSchema.safeParse({
    id,
    spec: JSON.parse(text(row, 'spec')) as unknown,
    state: text(row, 'state'),
    ...(reason !== undefined && { reason }),
    createdAt: integer(row, 'created_at'),
    updatedAt: integer(row, 'updated_at'),
    targetSize: integer(row, 'target_size'),
    filled: integer(row, 'filled'),
    pendingFilled: integer(row, 'pending_filled'),
    avgPrice: optionalInteger(row, 'avg_price') ?? null,
    adjustments: integer(row, 'adjustments'),
    arrivalMicroPrice: optionalInteger(row, 'arrival_micro_price') ?? null,
    ...(integer(row, 'overfilled') > 0 && { overfilled: integer(row, 'overfilled') }),
    ...(condition !== undefined && { condition }),
    ...(conditionSince !== undefined && { conditionSince }),
    exchangeOrders,
  });
  if (!parsed.success) {
    throw new PolydeskError(
      'INTERNAL',
      `order database: order ${id} does not read back: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

function exchangeOrderOf(row: Cells): StoredExchangeOrder {
  const reason = optionalText(row, 'reason');
  const closedAt = optionalInteger(row, 'closed_at');
  return {
    id: text(row, 'id'),
    userOrderId: text(row, 'user_order_id'),
    tokenId: text(row, 'token_id'),
    side: SideSchema.parse(text(row, 'side')),
    state: ExchangeOrderStateSchema.parse(text(row, 'state')),
    price: integer(row, 'price'),
    size: integer(row, 'size'),
    filled: integer(row, 'filled'),
    pendingFilled: integer(row, 'pending_filled'),
    createdAt: integer(row, 'created_at'),
    updatedAt: integer(row, 'updated_at'),
    ...(reason !== undefined && { reason }),
    reportedMatched: integer(row, 'reported_matched'),
    matchedFinal: integer(row, 'matched_final') !== 0,
    ...(closedAt !== undefined && { closedAt }),
  };
}

const TRADE_STATUSES = ['MATCHED', 'MINED', 'CONFIRMED', 'RETRYING', 'FAILED'] as const;
const ROLES = ['TAKER', 'MAKER'] as const;

function fillOf(row: Cells): StoredFill {
  const status = TRADE_STATUSES.find((s) => s === text(row, 'status'));
  const role = ROLES.find((r) => r === text(row, 'role'));
  if (status === undefined || role === undefined) {
    throw new PolydeskError('INTERNAL', 'order database: unknown trade status or role in a fill');
  }
  return {
    fillKey: text(row, 'fill_key'),
    tradeId: text(row, 'trade_id'),
    exchangeOrderId: text(row, 'exchange_order_id'),
    userOrderId: text(row, 'user_order_id'),
    price: integer(row, 'price'),
    size: integer(row, 'size'),
    status,
    role,
    at: integer(row, 'at'),
  };
}

function eventOf(row: Cells): OrderEvent {
  const exchangeOrderId = optionalText(row, 'exchange_order_id');
  const price = optionalInteger(row, 'price');
  const size = optionalInteger(row, 'size');
  const filled = optionalInteger(row, 'filled');
  return OrderEventSchema.parse({
    seq: integer(row, 'seq'),
    orderId: text(row, 'order_id'),
    at: integer(row, 'at'),
    type: text(row, 'type'),
    state: text(row, 'state'),
    ...(exchangeOrderId !== undefined && { exchangeOrderId }),
    ...(price !== undefined && { price }),
    ...(size !== undefined && { size }),
    ...(filled !== undefined && { filled }),
    reason: text(row, 'reason'),
  });
}

function sameEvent(a: OrderEvent, b: OrderEvent): boolean {
  return (
    a.seq === b.seq &&
    a.orderId === b.orderId &&
    a.at === b.at &&
    a.type === b.type &&
    a.state === b.state &&
    a.exchangeOrderId === b.exchangeOrderId &&
    a.price === b.price &&
    a.size === b.size &&
    a.filled === b.filled &&
    a.reason === b.reason
  );
}
