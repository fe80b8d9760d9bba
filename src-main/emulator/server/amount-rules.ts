import { formatMicros } from '../engine/decimal.js';
import type { OrderType, Side } from '../engine/types.js';

/** Decimals of a 6-dp base-unit amount: 5_700_000 → 1 (5.7), 5_774_100 → 4 (5.7741). */
export function decimalsOf(micros: bigint): number {
  let d = 6;
  let v = micros;
  while (d > 0 && v % 10n === 0n) {
    v /= 10n;
    d -= 1;
  }
  return d;
}

/** The client's rounding table: the collateral side of a limit order has the tick's decimals + 2. */
function limitAmountDecimals(tickMicros: number): number {
  return decimalsOf(BigInt(tickMicros)) + 2;
}

/**
 * Polymarket's amount-precision rules (doc §4.4): limit orders take the rounding table's
 * decimals (shares 2, collateral tick-dependent); market orders (FOK/FAK) take at most 2 decimals
 * on the maker side and 4 on the taker side, whatever the tick. The refusal text, or null.
 */
export function amountPrecisionError(
  side: Side,
  orderType: OrderType,
  makerMicros: bigint,
  takerMicros: bigint,
  tickMicros: number,
): string | null {
  const maker = decimalsOf(makerMicros);
  const taker = decimalsOf(takerMicros);
  if (orderType === 'FOK' || orderType === 'FAK') {
    if (maker <= 2 && taker <= 4) return null;
    return side === 'BUY'
      ? 'invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals'
      : 'invalid amounts, the sell orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals';
  }
  const amount = limitAmountDecimals(tickMicros);
  if (side === 'BUY') {
    if (maker <= amount && taker <= 2) return null;
    return `invalid amounts, the buy orders maker amount supports a max accuracy of ${amount} decimals, taker amount a max of 2 decimals`;
  }
  if (maker <= 2 && taker <= amount) return null;
  return `invalid amounts, the sell orders maker amount supports a max accuracy of 2 decimals, taker amount a max of ${amount} decimals`;
}

/** FOK/FAK orders must move at least `minMicros` of pUSD (BUY: what they spend, SELL: what they ask). */
export function marketMinimumError(
  side: Side,
  orderType: OrderType,
  makerMicros: bigint,
  takerMicros: bigint,
  minMicros: bigint,
): string | null {
  if (minMicros <= 0n || (orderType !== 'FOK' && orderType !== 'FAK')) return null;
  const usdc = side === 'BUY' ? makerMicros : takerMicros;
  if (usdc >= minMicros) return null;
  return `invalid amount for a marketable ${side} order ($${formatMicros(usdc)}), min size: $${formatMicros(minMicros)}`;
}
