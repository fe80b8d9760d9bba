import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import roll from 'pino-roll';
import type { RollingStream } from 'pino-roll';
import type { PolydeskConfig } from './config';
import { createLogger } from './logger';
import type { Logger } from './logger';

export interface LogRotation {
  /** Size at which the current file is closed and the next one started. */
  maxBytes: number;
  /** Files kept in all, the current one included; older ones are deleted. */
  files: number;
}

export const DEFAULT_ROTATION: LogRotation = { maxBytes: 10 * 1024 * 1024, files: 5 };

export interface FileLog {
  logger: Logger;
  /** The folder of the log files. */
  dir: string;
  /** The file being written now (it changes at each rotation). */
  currentFile(): string;
  /** Every log file, newest first. */
  files(): Promise<string[]>;
  /** Writes out what is buffered and closes the file. */
  close(): Promise<void>;
}

/**
 * The host's log: JSON lines in <dataDir>/logs/polydesk.<n>.log, a new file every `maxBytes`, the
 * newest `files` kept. Numbering continues across restarts, so older runs age out too.
 */
export async function createFileLogger(
  dataDir: string,
  config: PolydeskConfig,
  rotation: LogRotation = DEFAULT_ROTATION,
): Promise<FileLog> {
  const dir = join(dataDir, 'logs');
  const stream: RollingStream = await roll({
    file: join(dir, 'polydesk.log'),
    size: `${rotation.maxBytes}b`,
    mkdir: true,
  });
  // pino-roll's own limit may list the folder before the new file exists and keep one too many.
  stream.on('ready', () => void pruneOldFiles(dir, rotation.files));
  const logger = createLogger({ level: config.logLevel, destination: stream });
  return {
    logger,
    dir,
    currentFile: () => stream.file,
    files: async () => (await numberedFiles(dir)).map((f) => join(dir, f.name)),
    close: () =>
      new Promise<void>((resolve) => {
        stream.flush(() => {
          stream.once('close', () => resolve());
          stream.end();
        });
      }),
  };
}

const ROLLED_FILE = /^polydesk\.(\d+)\.log$/;

/** Deletes all but the newest `keep` numbered log files; a file that cannot go stays. */
async function pruneOldFiles(dir: string, keep: number): Promise<void> {
  const numbered = await numberedFiles(dir);
  await Promise.allSettled(numbered.slice(keep).map((f) => unlink(join(dir, f.name))));
}

/** The numbered log files of the folder, newest first. */
async function numberedFiles(dir: string): Promise<{ name: string; n: number }[]> {
  return (await readdir(dir).catch(() => []))
    .map((name) => ({ name, n: Number(ROLLED_FILE.exec(name)?.[1] ?? NaN) }))
    .filter((f) => Number.isInteger(f.n))
    .sort((a, b) => b.n - a.n);
}
