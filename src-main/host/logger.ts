import pino from 'pino';

export type Logger = pino.Logger;

/** Keys that may hold secrets anywhere in a log object; pino replaces their values. */
export const REDACTED_KEYS = [
  'privateKey',
  'secret',
  'passphrase',
  'apiSecret',
  'token',
  'authorization',
  'POLY_SIGNATURE',
  'POLY_PASSPHRASE',
];

export const REDACTED = '[redacted]';

export interface LoggerOptions {
  level?: pino.LevelWithSilent;
  /** A pino destination (file stream); stdout when absent. */
  destination?: pino.DestinationStream;
  name?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const paths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  return pino(
    {
      name: options.name ?? 'polydesk',
      level: options.level ?? process.env.POLYDESK_LOG_LEVEL ?? 'info',
      redact: { paths, censor: REDACTED },
      base: undefined,
    },
    options.destination,
  );
}

/** A logger that writes nothing: for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
