import type { TimeInForce } from './exchange-port';

/** Polymarket refuses FOK/FAK orders that move less than $1 (`invalid amount for a marketable … order`). */
export const MARKET_ORDER_MIN_USDC_MICROS = 1_000_000;

function decimalsOf(micros: number): number {
  let d = 6;
  let v = micros;
  while (d > 0 && v % 10 === 0) {
    v /= 10;
    d -= 1;
  }
  return d;
}

/**
 * What Polymarket would refuse in a FOK/FAK order before it is sent (doc §4.4): a maker amount
 * with more than 2 decimals or a taker amount with more than 4 (`invalid amounts, …`), or less
 * than $1 of collateral. Limit orders (GTC/GTD) signed from a 0.01-share size on the tick grid
 * always fit their tick's table. Returns the reason, or null.
 */
export function marketOrderProblem(
  timeInForce: TimeInForce,
  side: 'BUY' | 'SELL',
  makerAmountMicros: number,
  takerAmountMicros: number,
): string | null {
  if (timeInForce !== 'FOK' && timeInForce !== 'FAK') return null;
  if (decimalsOf(makerAmountMicros) > 2 || decimalsOf(takerAmountMicros) > 4) {
    return `${timeInForce} amounts ${makerAmountMicros}/${takerAmountMicros} need at most 2 decimals on the maker side and 4 on the taker side: choose a size whose cost has whole cents`;
  }
  const usdc = side === 'BUY' ? makerAmountMicros : takerAmountMicros;
  if (usdc < MARKET_ORDER_MIN_USDC_MICROS) {
    return `${timeInForce} orders must move at least $1 (this one moves ${usdc / 1_000_000} pUSD)`;
  }
  return null;
}
