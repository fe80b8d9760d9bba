import { join } from 'node:path';
import pino from 'pino';
import type { PolydeskConfig } from './config';
import { createLogger } from './logger';
import type { Logger } from './logger';

/** The host's log: JSON lines in <dataDir>/logs/polydesk.log. */
export function createFileLogger(
  dataDir: string,
  config: PolydeskConfig,
): {
  logger: Logger;
  file: string;
} {
  const file = join(dataDir, 'logs', 'polydesk.log');
  const destination = pino.destination({ dest: file, mkdir: true, sync: false });
  return { logger: createLogger({ level: config.logLevel, destination }), file };
}
