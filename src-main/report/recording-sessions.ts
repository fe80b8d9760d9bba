import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { listSessions, sessionParts } from '../recording/recording-reader';

/** A session directory with the span it can cover: from its start to its last write. */
export interface SessionSpan {
  dir: string;
  mode: 'PAPER' | 'LIVE';
  startMs: number;
  /** The newest part's last modification. */
  lastWriteMs: number;
  /** The parts worth reading for the span asked about, in order. */
  parts: string[];
}

/** `20260124T103000123Z-paper` (or `…-paper-2`): the session's start and mode. */
const SESSION_NAME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-(paper|live)(?:-\d+)?$/;

export function parseSessionName(name: string): { startMs: number; mode: 'PAPER' | 'LIVE' } | null {
  const match = SESSION_NAME.exec(name);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, ms, mode] = match;
  const startMs = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(ms),
  );
  return Number.isFinite(startMs) ? { startMs, mode: mode === 'live' ? 'LIVE' : 'PAPER' } : null;
}

/**
 * The sessions of one mode under a recordings directory whose span overlaps [fromMs, toMs],
 * oldest first. A missing directory has none.
 */
export async function sessionsOverlapping(
  recordingsDir: string,
  mode: 'PAPER' | 'LIVE',
  fromMs: number,
  toMs: number,
): Promise<SessionSpan[]> {
  let dirs: string[];
  try {
    dirs = await listSessions(recordingsDir);
  } catch {
    return [];
  }
  const spans: SessionSpan[] = [];
  for (const dir of dirs) {
    const parsed = parseSessionName(basename(dir));
    if (!parsed || parsed.mode !== mode || parsed.startMs > toMs) continue;
    const parts = await sessionParts(dir).catch(() => []);
    const writes = await Promise.all(
      parts.map((part) =>
        stat(part).then(
          (info) => info.mtimeMs,
          () => 0,
        ),
      ),
    );
    const lastWriteMs = writes.at(-1) ?? 0;
    if (parts.length === 0 || lastWriteMs < fromMs) continue;
    spans.push({ dir, ...parsed, lastWriteMs, parts: partsFor(parts, writes, fromMs, toMs) });
  }
  return spans.sort((a, b) => a.startMs - b.startMs);
}

/**
 * Every part stands alone, so a long session need not be read from its first part: reading
 * starts one part before the first that was still written at `fromMs` (so that a quiet token's
 * last book before the span is likely in what is read) and ends with the last part begun by
 * `toMs` (a part begins about when the one before it was last written).
 */
export function partsFor(
  parts: readonly string[],
  lastWrites: readonly number[],
  fromMs: number,
  toMs: number,
): string[] {
  const first = lastWrites.findIndex((ms) => ms >= fromMs);
  const start = Math.max(0, (first < 0 ? parts.length : first) - 1);
  const after = lastWrites.findIndex((ms, i) => i >= start && ms > toMs);
  const end = after < 0 ? parts.length : after + 1;
  return parts.slice(start, end);
}
