import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ModeSchema } from '@shared/ipc/contract';
import { fieldIssues } from '@shared/errors';
import type { FieldIssue } from '@shared/errors';

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
      })
      .strict()
      .default({ seed: 1, syntheticFlow: true }),
    live: z
      .object({
        restUrl: z.url().default('https://clob.polymarket.com'),
        wsUrl: z.url().default('wss://ws-subscriptions-clob.polymarket.com'),
        chainId: z.union([z.literal(137), z.literal(80002)]).default(137),
      })
      .strict()
      .default({
        restUrl: 'https://clob.polymarket.com',
        wsUrl: 'wss://ws-subscriptions-clob.polymarket.com',
        chainId: 137,
      }),
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
 * (POLYDESK_MODE, POLYDESK_PORT, POLYDESK_LOG_LEVEL, POLYDESK_SEED). A file that cannot be read or
 * parsed is left untouched and reported; the host then runs on defaults.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const dataDir = defaultDataDir(env);
  const problems: FieldIssue[] = [];
  let fromFile: unknown = {};
  const file = join(dataDir, 'config.json');
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push({ path: file, message: `unreadable: ${(err as Error).message}` });
    }
  }
  const parsedFile = ConfigSchema.safeParse(fromFile);
  if (!parsedFile.success) {
    problems.push(
      ...fieldIssues(parsedFile.error).map((i) => ({ ...i, path: `${file}:${i.path}` })),
    );
  }
  const base = parsedFile.success ? parsedFile.data : ConfigSchema.parse({});
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
    return { config: base, dataDir, problems };
  }
  return { config: withEnv.data, dataDir, problems };
}
