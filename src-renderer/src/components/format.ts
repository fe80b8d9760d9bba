import { microsToDecimal, MICROS_PER_UNIT, tickDecimals, isValidTickMicros } from '@shared/math';

/** 3725000 → "1h 02m 05s"; shown in the status bar. */
export function formatUptime(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}h ${pad(m)}m ${pad(s)}s` : `${m}m ${pad(s)}s`;
}

/** Pads the exact decimal of `micros` to at least `decimals` places (never rounds). */
function padDecimals(micros: number, decimals: number): string {
  const text = microsToDecimal(micros);
  const [whole, fraction = ''] = text.split('.');
  if (decimals === 0 && fraction === '') return text;
  return `${whole}.${fraction.padEnd(decimals, '0')}`;
}

/** A price in micros shown with the tick's decimals: 520000 on a 0.01 tick → "0.52". */
export function formatPrice(micros: number | null | undefined, tickMicros = 10_000): string {
  if (micros === null || micros === undefined) return '—';
  const decimals = isValidTickMicros(tickMicros) ? tickDecimals(tickMicros) : 2;
  return padDecimals(micros, decimals);
}

/** Rounds micros to a multiple of `step` micros, half away from zero. */
function roundTo(micros: number, step: number): number {
  const sign = micros < 0 ? -1 : 1;
  return sign * Math.round(Math.abs(micros) / step) * step;
}

/** Micro-shares as shares with up to 2 decimals and thousands separators: 1234500000 → "1,234.5". */
export function formatShares(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return '—';
  const text = microsToDecimal(roundTo(micros, 10_000));
  const [whole = '0', fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** Compact share count for the ladder: 12500000000 → "12.5k". */
export function formatSharesCompact(micros: number): string {
  const shares = micros / MICROS_PER_UNIT;
  if (shares >= 1_000_000) return `${(shares / 1_000_000).toFixed(1)}M`;
  if (shares >= 10_000) return `${(shares / 1_000).toFixed(1)}k`;
  return formatShares(micros);
}

/** Micro-USDC as dollars with cents: 258905000 → "$258.91", -1500000 → "-$1.50". */
export function formatUsd(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return '—';
  const cents = roundTo(micros, 10_000);
  const sign = cents < 0 ? '-' : '';
  const abs = padDecimals(Math.abs(cents), 2);
  const [whole = '0', fraction = '00'] = abs.split('.');
  return `${sign}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** A fraction as a percentage: 0.33333 → "33.33%". */
export function formatPercent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

/** Elapsed time, short: 4200 → "4s", 125000 → "2m 05s", 7300000 → "2h 01m". */
export function formatAge(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return `${total}s`;
  const m = Math.floor(total / 60);
  if (m < 60) return `${m}m ${String(total % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Wall-clock time of day: "10:42:07". */
export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString('en-GB', { hour12: false });
}

/** A micro-price to 4 decimals (it is a weighted mean, finer than the tick): 514286 → "0.5143". */
export function formatMicro(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return '—';
  return formatPrice(roundTo(micros, 100), 100);
}
