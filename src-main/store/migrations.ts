import type { Client } from '@libsql/client';

/**
 * Numbered schema steps of the SQLite store, applied in order, each in its own transaction with
 * its row in `schema_version`. A released step is never edited: a change is a new step.
 * Money, prices, sizes and times are INTEGER (micros, micro-shares, epoch ms); the order spec is
 * the only JSON text.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'orders, exchange orders, fills, events, settings',
    statements: [
      `CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        token_id TEXT NOT NULL,
        spec TEXT NOT NULL,
        state TEXT NOT NULL,
        reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        target_size INTEGER NOT NULL,
        filled INTEGER NOT NULL,
        pending_filled INTEGER NOT NULL,
        avg_price INTEGER,
        adjustments INTEGER NOT NULL,
        arrival_micro_price INTEGER
      ) STRICT`,
      `CREATE TABLE exchange_orders (
        id TEXT PRIMARY KEY,
        user_order_id TEXT NOT NULL,
        token_id TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
        state TEXT NOT NULL,
        price INTEGER NOT NULL,
        size INTEGER NOT NULL,
        filled INTEGER NOT NULL,
        pending_filled INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        reason TEXT
      ) STRICT`,
      `CREATE INDEX exchange_orders_by_user_order ON exchange_orders (user_order_id)`,
      `CREATE TABLE fills (
        fill_key TEXT PRIMARY KEY,
        trade_id TEXT NOT NULL,
        exchange_order_id TEXT NOT NULL,
        user_order_id TEXT NOT NULL,
        price INTEGER NOT NULL,
        size INTEGER NOT NULL,
        status TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('TAKER', 'MAKER')),
        at INTEGER NOT NULL
      ) STRICT`,
      `CREATE INDEX fills_by_user_order ON fills (user_order_id)`,
      `CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        order_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        type TEXT NOT NULL,
        state TEXT NOT NULL,
        exchange_order_id TEXT,
        price INTEGER,
        size INTEGER,
        filled INTEGER,
        reason TEXT NOT NULL
      ) STRICT`,
      `CREATE INDEX events_by_order ON events (order_id, seq)`,
      `CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT`,
    ],
  },
  {
    version: 2,
    name: 'what the exchange reported matched on each exchange order, and whether it is final',
    statements: [
      'ALTER TABLE exchange_orders ADD COLUMN reported_matched INTEGER NOT NULL DEFAULT 0',
      // Rows written before this step were closed on their fills alone: taken as final.
      'ALTER TABLE exchange_orders ADD COLUMN matched_final INTEGER NOT NULL DEFAULT 1',
      'ALTER TABLE exchange_orders ADD COLUMN closed_at INTEGER',
      'ALTER TABLE orders ADD COLUMN overfilled INTEGER NOT NULL DEFAULT 0',
    ],
  },
  {
    version: 3,
    name: "an order's condition (stuck, or how it ended short) and since when",
    statements: [
      'ALTER TABLE orders ADD COLUMN condition TEXT',
      'ALTER TABLE orders ADD COLUMN condition_since INTEGER',
    ],
  },
];

/** The version a database is at: 0 for a new file. */
export async function schemaVersion(db: Client): Promise<number> {
  await db.execute(
    `CREATE TABLE IF NOT EXISTS schema_version (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    ) STRICT`,
  );
  const rs = await db.execute('SELECT COALESCE(MAX(version), 0) AS version FROM schema_version');
  return Number(rs.rows[0]?.version ?? 0);
}

/**
 * Brings the database up to the newest step and returns the versions applied now. A database
 * written by a newer Polydesk is refused rather than guessed at.
 */
export async function migrate(
  db: Client,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => number = Date.now,
): Promise<number[]> {
  const current = await schemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `the database is at schema version ${current}, newer than this Polydesk knows (${newest})`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    await db.batch(
      [
        ...migration.statements,
        {
          sql: 'INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)',
          args: [migration.version, migration.name, now()],
        },
      ],
      'write',
    );
    applied.push(migration.version);
  }
  return applied;
}
