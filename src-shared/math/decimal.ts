import { PolydeskError } from '@shared/errors';

/** One unit (1 USDC, 1 share, a price of 1) in micros: the exchange's 6-decimal base units. */
export const MICROS_PER_UNIT = 1_000_000;

const DECIMALS = 6;
const DECIMAL_PATTERN = /^(\d*)(?:\.(\d*))?$/;

/**
 * Parses a non-negative decimal string ("0.55", "12", ".5", "100.000000") into integer micros
 * without ever going through a float. Digits past the sixth decimal are accepted only when they
 * are zeros (the value is still exact); anything else — a seventh significant decimal, a sign,
 * an exponent ("1e-3"), "NaN", whitespace, an empty string — throws BAD_REQUEST.
 */
export function decimalToMicros(text: string, what = 'value'): number {
  const match = DECIMAL_PATTERN.exec(text);
  const whole = match?.[1] ?? '';
  const fraction = match?.[2] ?? '';
  if (!match || (whole === '' && fraction === '')) {
    if (/^-\s*\d*\.?\d+$/.test(text)) {
      throw new PolydeskError('BAD_REQUEST', `${what}: "${text}" must not be negative`);
    }
    throw new PolydeskError('BAD_REQUEST', `${what}: "${text}" is not a plain decimal number`);
  }
  const kept = fraction.slice(0, DECIMALS);
  if (/[^0]/.test(fraction.slice(DECIMALS))) {
    throw new PolydeskError(
      'BAD_REQUEST',
      `${what}: "${text}" has more than ${DECIMALS} decimal places`,
    );
  }
  const micros = BigInt(whole || '0') * 1_000_000n + BigInt(kept.padEnd(DECIMALS, '0'));
  if (micros > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new PolydeskError('BAD_REQUEST', `${what}: "${text}" is too large`);
  }
  return Number(micros);
}

/**
 * Formats integer micros as the shortest exact decimal: 500000 → "0.5", 550000 → "0.55",
 * 12340000 → "12.34", 1000000 → "1", -250000 → "-0.25".
 */
export function microsToDecimal(micros: number | bigint): string {
  if (typeof micros === 'number' && !Number.isSafeInteger(micros)) {
    throw new PolydeskError('BAD_REQUEST', `micros must be a safe integer, got ${micros}`);
  }
  const value = BigInt(micros);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const whole = abs / 1_000_000n;
  const fraction = (abs % 1_000_000n).toString().padStart(DECIMALS, '0').replace(/0+$/, '');
  return fraction === '' ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

/** Divides two bigints rounding half to even (banker's rounding); divisor must be positive. */
export function divRoundHalfEven(numerator: bigint, divisor: bigint): bigint {
  const quotient = numerator / divisor;
  const remainder = numerator % divisor;
  const floor = remainder < 0n ? quotient - 1n : quotient;
  const rest = remainder < 0n ? remainder + divisor : remainder;
  const twice = rest * 2n;
  if (twice > divisor || (twice === divisor && floor % 2n !== 0n)) return floor + 1n;
  return floor;
}

/** Divides two bigints rounding toward +infinity; divisor must be positive. */
export function divCeil(numerator: bigint, divisor: bigint): bigint {
  const quotient = numerator / divisor;
  return numerator % divisor > 0n ? quotient + 1n : quotient;
}

/** Divides two bigints rounding toward −infinity; divisor must be positive. */
export function divFloor(numerator: bigint, divisor: bigint): bigint {
  const quotient = numerator / divisor;
  return numerator % divisor < 0n ? quotient - 1n : quotient;
}
