import type { LogEntry, LogLevel } from '@shared/ipc/contract';

export const LEVEL_RANK: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

export type LevelFilter = 'all' | 'info' | 'warn' | 'error';

export const LEVEL_FILTERS: readonly LevelFilter[] = ['all', 'info', 'warn', 'error'];

/** Entries at or above the level that contain the text (message, order id or fields). */
export function filterLogs(
  entries: readonly LogEntry[],
  level: LevelFilter,
  text: string,
): LogEntry[] {
  const min = level === 'all' ? 0 : LEVEL_RANK[level];
  const needle = text.trim().toLowerCase();
  return entries.filter(
    (e) =>
      LEVEL_RANK[e.level] >= min &&
      (needle === '' ||
        e.msg.toLowerCase().includes(needle) ||
        (e.orderId?.toLowerCase().includes(needle) ?? false) ||
        e.fields.toLowerCase().includes(needle)),
  );
}
