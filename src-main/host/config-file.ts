import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolydeskError, fieldIssues } from '@shared/errors';
import { ConfigSchema } from './config';
import type { PolydeskConfig } from './config';

/** Plain-object view of config.json as the user wrote it: only keys present in the file. */
export type ConfigFileContent = Record<string, unknown>;

/** A change to config.json: gets the file's content, returns the new content. */
export type ConfigFileChange = (file: ConfigFileContent) => ConfigFileContent;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Changes settings in `config.json` the way the user would by hand: what the file says elsewhere
 * is kept (environment overrides are not written into it), the result must pass the schema, and
 * the file is replaced atomically (write aside, rename) so that a crash leaves the old or the new
 * file, never half of one.
 */
export function updateConfigFile(dataDir: string, change: ConfigFileChange): PolydeskConfig {
  const file = join(dataDir, 'config.json');
  let current: ConfigFileContent = {};
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new PolydeskError(
        'CONFLICT',
        `config.json could not be read (${(err as Error).message}); it was left as it is`,
      );
    }
    if (!isRecord(parsed)) throw new PolydeskError('CONFLICT', 'config.json is not an object');
    current = parsed;
  }
  const next = change(structuredClone(current));
  const checked = ConfigSchema.safeParse(next);
  if (!checked.success) {
    throw new PolydeskError(
      'BAD_REQUEST',
      'That setting would make config.json invalid',
      fieldIssues(checked.error),
    );
  }
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
  return checked.data;
}

/** A section of the file as an object to merge into (created when absent). */
export function section(file: ConfigFileContent, key: string): Record<string, unknown> {
  const existing = file[key];
  const value = isRecord(existing) ? existing : {};
  file[key] = value;
  return value;
}
