import type { Markout } from '@shared/report/execution-report';
import { formatAge } from '../format';

const DASH = '—';

/** A signed figure with a fixed number of decimals: 0.5 → "+0.50", -1.25 → "-1.25", 0 → "0.00". */
function signed(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value < 0 ? '-' : '+'}${text}`;
}

/** Ticks of slippage or markout, two decimals and a sign. */
export function formatTicks(value: number | null | undefined): string {
  return signed(value, 2);
}

/** Basis points, one decimal and a sign. */
export function formatBps(value: number | null | undefined): string {
  return signed(value, 1);
}

/** A duration for reading: 850 → "850 ms", 4200 → "4.2 s", 125000 → "2m 05s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return formatAge(ms);
}

/** The markout at one horizon, if the report has it. */
export function markoutAt(markouts: readonly Markout[], horizonSec: number): Markout | undefined {
  return markouts.find((m) => m.horizonSec === horizonSec);
}

/**
 * The class that colours a figure: slippage is a cost when positive, a markout a gain, so the
 * same sign reads the other way round.
 */
export function toneClass(value: number | null | undefined, positiveIsGood: boolean): string {
  if (value === null || value === undefined || !Number.isFinite(value) || value === 0) return '';
  return value > 0 === positiveIsGood ? 'pnl-up' : 'pnl-down';
}
