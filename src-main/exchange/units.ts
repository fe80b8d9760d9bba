import { decimalToMicros, microsToDecimal } from '@shared/math/decimal';

/**
 * Unit conversion at the protocol edge. Decimal strings go through the shared exact helpers;
 * what they lack for the exchange's replies (JSON numbers, the client's float inputs) is here.
 */
export { decimalToMicros, microsToDecimal };

const MICROS_DECIMALS = 6;

/** A JSON number (e.g. a tick of 0.01 sent as a number) to micros, refusing anything inexact. */
export function numberToMicros(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const micros = Math.round(value * 10 ** MICROS_DECIMALS);
  if (Math.abs(micros / 10 ** MICROS_DECIMALS - value) > 1e-12) {
    throw new RangeError(`more than ${MICROS_DECIMALS} decimals: ${value}`);
  }
  return micros;
}

/** Micros as the JS number the clob client takes (0.57); exact for ≤ 6 decimals in the safe range. */
export function microsToFloat(micros: number): number {
  return Number(microsToDecimal(micros));
}
