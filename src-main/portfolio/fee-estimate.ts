import type { FeeSchedule } from '../exchange/exchange-port';

const PPM = 1_000_000n;
const MICROS_SQUARED = 1_000_000_000_000n;
/** The exchange states fees to 5 decimals of pUSD, rounded down: multiples of 10 micros. */
const FEE_QUANTUM = 10n;

/**
 * The fee of one fill, micros, when the exchange did not say: takers pay
 * shares × rate × (p·(1−p))^exponent (makers too when the schedule is not taker-only),
 * rounded down to the fee quantum. Exact in bigint.
 */
export function estimatedFeeMicros(
  fees: FeeSchedule,
  role: 'TAKER' | 'MAKER',
  priceMicros: number,
  sizeMicros: number,
): number {
  if (fees.ratePpm <= 0 || (role === 'MAKER' && fees.takerOnly)) return 0;
  const exponent = BigInt(Math.max(0, Math.round(fees.exponent)));
  const p = BigInt(priceMicros);
  const curve = (p * (1_000_000n - p)) ** exponent;
  const raw =
    (BigInt(sizeMicros) * BigInt(fees.ratePpm) * curve) / (PPM * MICROS_SQUARED ** exponent);
  return Number((raw / FEE_QUANTUM) * FEE_QUANTUM);
}
