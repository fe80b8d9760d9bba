import { open } from 'node:fs/promises';
import type { LogEntry, LogLevel } from '@shared/ipc/contract';
import { REDACTED, REDACTED_KEYS } from './logger';

const CHUNK_BYTES = 64 * 1024;
/** However long the lines, no more than this is read from one file per call. */
const MAX_READ_BYTES = 4 * 1024 * 1024;
const LEVELS: Record<number, LogLevel> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const SECRET_KEYS = new Set(REDACTED_KEYS.map((key) => key.toLowerCase()));
/** Written by pino on every line: shown elsewhere or not worth showing. */
const HIDDEN_KEYS = new Set(['time', 'level', 'msg', 'orderId', 'name', 'pid', 'hostname']);

/**
 * The newest `lines` entries of the log, oldest first. `files` are newest first: when the current
 * file is short (just rotated), the older ones fill in. Lines that are not JSON are skipped.
 */
export async function readLogTail(files: readonly string[], lines: number): Promise<LogEntry[]> {
  let entries: LogEntry[] = [];
  for (const file of files) {
    if (entries.length >= lines) break;
    const text = await lastLines(file, lines - entries.length);
    const parsed = text.map(toEntry).filter((e): e is LogEntry => e !== null);
    entries = [...parsed, ...entries];
  }
  return entries.slice(-lines);
}

/** The last `count` complete lines of a file, read backwards in chunks; [] if it is missing. */
async function lastLines(file: string, count: number): Promise<string[]> {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return [];
  try {
    const { size } = await handle.stat();
    let start = size;
    let buffer = Buffer.alloc(0);
    while (start > 0 && size - start < MAX_READ_BYTES && newlines(buffer) <= count) {
      const length = Math.min(CHUNK_BYTES, start);
      start -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, start);
      buffer = Buffer.concat([chunk, buffer]);
    }
    const all = buffer.toString('utf8').split('\n');
    // Unless the file was read from its start, the first piece is the tail of a longer line.
    const complete = start > 0 ? all.slice(1) : all;
    return complete.filter((line) => line.trim().length > 0).slice(-count);
  } finally {
    await handle.close();
  }
}

function newlines(buffer: Buffer): number {
  let n = 0;
  for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) n++;
  return n;
}

function toEntry(line: string): LogEntry | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(raw)) return null;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!HIDDEN_KEYS.has(key)) fields[key] = value;
  }
  const orderId = raw.orderId;
  return {
    time: typeof raw.time === 'number' && Number.isFinite(raw.time) ? Math.trunc(raw.time) : 0,
    level: (typeof raw.level === 'number' ? LEVELS[raw.level] : undefined) ?? 'info',
    msg: typeof raw.msg === 'string' ? raw.msg : '',
    ...(typeof orderId === 'string' || typeof orderId === 'number'
      ? { orderId: String(orderId) }
      : {}),
    fields: JSON.stringify(redact(fields, 0)),
  };
}

/** Pino redacts when writing; this covers lines written by other versions or other paths. */
function redact(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 8) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : redact(v, depth + 1);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
