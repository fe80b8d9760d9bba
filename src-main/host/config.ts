import { existsSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { ModeSchema } from '@shared/ipc/contract';
import { AddressSchema, SignatureTypeSchema } from '@shared/domain/live';
import { fieldIssues } from '@shared/errors';
import type { FieldIssue } from '@shared/errors';
import { RecordingConfigSchema } from '../recording/recording-config';

export const ConfigSchema = z
  .object({
    mode: ModeSchema.default('PAPER'),
    web: z
      .object({
        port: z.number().int().min(0).max(65_535).default(0),
      })
      .strict()
      .default({ port: 0 }),
    paper: z
      .object({
        seed: z.number().int().default(1),
        syntheticFlow: z.boolean().default(true),
        /**
         * How the paper exchange reports matches: 'realistic' lags, reorders and drops them and
         * forgets final orders as Polymarket does; 'prompt' reports everything at once.
         */
        timing: z.enum(['realistic', 'prompt']).default('realistic'),
      })
      .strict()
      .default({ seed: 1, syntheticFlow: true, timing: 'realistic' }),
    live: z
      .object({
        restUrl: z.url().default('https://clob.polymarket.com'),
        wsUrl: z.url().default('wss://ws-subscriptions-clob.polymarket.com'),
        /**
         * Polymarket's public market-discovery API (events, tags, volume; no key). Absent: the
         * adapter's default, https://gamma-api.polymarket.com.
         */
        gammaUrl: z.url().optional(),
        chainId: z.union([z.literal(137), z.literal(80002)]).default(137),
        /** How live orders are signed; the key itself is in the vault, never here. */
        signatureType: SignatureTypeSchema.default(0),
        /** The wallet that holds the funds, for signature types 1 and 2. */
        funderAddress: AddressSchema.optional(),
      })
      .strict()
      .default({
        restUrl: 'https://clob.polymarket.com',
        wsUrl: 'wss://ws-subscriptions-clob.polymarket.com',
        chainId: 137,
        signatureType: 0,
      }),
    /** Safety rails of the order daemon: amounts in USDC, the price band in price units. */
    risk: z
      .object({
        maxOrderNotional: z.number().positive().max(1e9).default(1_000),
        maxMarketNotional: z.number().positive().max(1e9).default(5_000),
        maxOpenOrders: z.number().int().min(1).max(10_000).default(50),
        maxThroughMicroPrice: z.number().min(0.01).max(1).default(0.1),
      })
      .strict()
      .default({
        maxOrderNotional: 1_000,
        maxMarketNotional: 5_000,
        maxOpenOrders: 50,
        maxThroughMicroPrice: 0.1,
      }),
    /** Books, order events and trades of each session (src-main/recording/README.md). */
    recording: RecordingConfigSchema.optional(),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .strict();
export type PolydeskConfig = z.infer<typeof ConfigSchema>;

export interface LoadedConfig {
  config: PolydeskConfig;
  dataDir: string;
  /** Problems found in the config file or the environment; defaults were used for those parts. */
  problems: FieldIssue[];
  /** Set when the config file could not be used: the host must not trade this run. */
  readOnly: string | null;
}

/** The per-user data directory, the same one the desktop app and the headless host use. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.POLYDESK_DATA_DIR) return env.POLYDESK_DATA_DIR;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'Polydesk');
  if (process.platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'Polydesk');
  }
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'polydesk');
}

/**
 * Reads `config.json` from the data directory, then applies environment overrides
 * (POLYDESK_MODE, POLYDESK_PORT, POLYDESK_LOG_LEVEL, POLYDESK_SEED). A file that cannot be read,
 * parsed or validated is renamed `config.json.corrupt-<time>` (never deleted) and the host runs
 * on defaults in read-only mode: guessing at settings the user wrote is no basis for trading.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  now: () => Date = () => new Date(),
): LoadedConfig {
  const dataDir = defaultDataDir(env);
  const problems: FieldIssue[] = [];
  let fromFile: unknown = {};
  let fileFailed = false;
  const file = join(dataDir, 'config.json');
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      fileFailed = true;
      problems.push({ path: file, message: `unreadable: ${(err as Error).message}` });
    }
  }
  const parsedFile = fileFailed ? null : ConfigSchema.safeParse(fromFile);
  if (parsedFile && !parsedFile.success) {
    fileFailed = true;
    problems.push(
      ...fieldIssues(parsedFile.error).map((i) => ({ ...i, path: `${file}:${i.path}` })),
    );
  }
  const readOnly = fileFailed ? keepAside(file, now(), problems) : null;
  const base = parsedFile?.success ? parsedFile.data : ConfigSchema.parse({});
  const merged = {
    ...base,
    ...(env.POLYDESK_MODE ? { mode: env.POLYDESK_MODE } : {}),
    ...(env.POLYDESK_LOG_LEVEL ? { logLevel: env.POLYDESK_LOG_LEVEL } : {}),
    web: { ...base.web, ...(env.POLYDESK_PORT ? { port: Number(env.POLYDESK_PORT) } : {}) },
    paper: { ...base.paper, ...(env.POLYDESK_SEED ? { seed: Number(env.POLYDESK_SEED) } : {}) },
  };
  const withEnv = ConfigSchema.safeParse(merged);
  if (!withEnv.success) {
    problems.push(...fieldIssues(withEnv.error).map((i) => ({ ...i, path: `env:${i.path}` })));
    return { config: base, dataDir, problems, readOnly };
  }
  return { config: withEnv.data, dataDir, problems, readOnly };
}

/** Renames the unusable file out of the way; returns the read-only message the user sees. */
function keepAside(file: string, at: Date, problems: FieldIssue[]): string {
  // ISO 8601 basic format: no colons, so the name is valid on Windows too.
  const stamp = at.toISOString().replace(/[-:]/g, '');
  let aside = `${file}.corrupt-${stamp}`;
  for (let n = 1; existsSync(aside); n++) aside = `${file}.corrupt-${stamp}-${n}`;
  const first = problems[0];
  const where = !first || first.path === file ? '' : `${first.path.slice(file.length + 1)}: `;
  const why = `${where}${first?.message ?? 'invalid'}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    problems.push({ path: file, message: `could not be moved aside: ${(err as Error).message}` });
    return `Read-only: config.json could not be used (${why}) and stays where it is. Fix it and restart Polydesk to trade.`;
  }
  problems.push({ path: file, message: `kept aside as ${aside}` });
  return `Read-only: config.json could not be used (${why}). It was kept as ${basename(aside)}; fix it or start without it, then restart Polydesk to trade.`;
}
