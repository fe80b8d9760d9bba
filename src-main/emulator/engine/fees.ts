import type { FeeCurve } from './types.js';

/** Fees are floored to 5 decimals of USDC, i.e. to multiples of 10 micro-USDC. */
const FEE_QUANTUM = 10n;

/**
 * Taker fee in micro-USDC for `sizeMicros` shares at `priceMicros`: shares × r × (p(1−p))^e.
 * Computed with the rate scaled to 1e-9 so the result is exact integer arithmetic for the rates in use.
 */
export function takerFeeMicros(curve: FeeCurve, sizeMicros: bigint, priceMicros: number): bigint {
  if (curve.r <= 0 || sizeMicros <= 0n) return 0n;
  const rateNano = BigInt(Math.round(curve.r * 1e9));
  const p = BigInt(priceMicros);
  const q = 1_000_000n - p;
  // (p(1−p))^e with p in micros: numerator (p·q)^e over 1e12^e.
  const exponent = BigInt(Math.max(0, Math.round(curve.e)));
  const num = (p * q) ** exponent;
  const den = 1_000_000_000_000n ** exponent;
  const raw = (sizeMicros * rateNano * num) / (1_000_000_000n * den);
  return (raw / FEE_QUANTUM) * FEE_QUANTUM;
}

/** Fee rate in basis points as Polymarket reports it on trades (`fee_rate_bps`). */
export function feeRateBps(curve: FeeCurve): number {
  return Math.round(curve.r * 10_000);
}
