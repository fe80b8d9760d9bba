/** Integer micro-unit helpers: prices, shares and USDC are all 6-decimal fixed point. */

export const ONE = 1_000_000n;
export const ONE_NUM = 1_000_000;

/** Formats a micro-unit amount as a trimmed decimal string: 570000 → "0.57", 10000000 → "10". */
export function formatMicros(value: bigint | number): string {
  const v = typeof value === 'bigint' ? value : BigInt(value);
  const negative = v < 0n;
  const abs = negative ? -v : v;
  const whole = abs / ONE;
  const frac = abs % ONE;
  let text = whole.toString();
  if (frac !== 0n) text += '.' + frac.toString().padStart(6, '0').replace(/0+$/, '');
  return negative ? '-' + text : text;
}

/** Parses a non-negative decimal string ("0.57", "10", "1e-3" is refused) into micro-units; null if invalid or finer than 1e-6. */
export function parseMicros(text: string): bigint | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > 6) return null;
  return BigInt(m[1] ?? '0') * ONE + BigInt(frac.padEnd(6, '0') || '0');
}

/** Rounds a non-negative rational a/b to the nearest integer, halves up. */
export function divRound(a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b);
}

export function divCeil(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
