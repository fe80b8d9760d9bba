/**
 * Exact decimal-string ⇄ integer-micros conversion at the protocol edge.
 * Private to the exchange folder until the shared helpers in src-shared/math/price.ts land.
 */

const MICROS_DECIMALS = 6;
const DECIMAL_RE = /^(-)?(\d*)(?:\.(\d*))?$/;

/** "0.57" → 570000n. Throws on anything that is not an exact decimal with ≤ 6 significant decimals. */
export function decimalToMicrosBig(text: string): bigint {
  const trimmed = text.trim();
  const match = DECIMAL_RE.exec(trimmed);
  if (!match || trimmed === '' || trimmed === '.' || trimmed === '-') {
    throw new RangeError(`not a decimal number: "${text}"`);
  }
  const negative = match[1] === '-';
  const whole = match[2] ?? '';
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > MICROS_DECIMALS) {
    throw new RangeError(`more than ${MICROS_DECIMALS} decimals: "${text}"`);
  }
  const digits = `${whole === '' ? '0' : whole}${fraction.padEnd(MICROS_DECIMALS, '0')}`;
  const value = BigInt(digits);
  return negative ? -value : value;
}

/** Like decimalToMicrosBig but as a safe integer number. */
export function decimalToMicros(text: string): number {
  const value = decimalToMicrosBig(text);
  const asNumber = Number(value);
  if (!Number.isSafeInteger(asNumber)) throw new RangeError(`too large for micros: "${text}"`);
  return asNumber;
}

/** A JSON number (e.g. a tick of 0.01 sent as a number) to micros, refusing anything inexact. */
export function numberToMicros(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const micros = Math.round(value * 10 ** MICROS_DECIMALS);
  if (Math.abs(micros / 10 ** MICROS_DECIMALS - value) > 1e-12) {
    throw new RangeError(`more than ${MICROS_DECIMALS} decimals: ${value}`);
  }
  return micros;
}

/** 570000 → "0.57"; 10000000 → "10". Shortest exact decimal. */
export function microsToDecimal(micros: number | bigint): string {
  const value = BigInt(micros);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 1_000_000n;
  const fraction = (abs % 1_000_000n).toString().padStart(MICROS_DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Micros as the JS number the clob client takes (0.57); exact for ≤ 6 decimals in the safe range. */
export function microsToFloat(micros: number): number {
  return Number(microsToDecimal(micros));
}
