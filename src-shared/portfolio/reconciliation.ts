import { microsToDecimal } from '../math/decimal';
import type { Position } from './position';

/**
 * Our fills against the exchange's balance of one token. The exchange debits a seller's shares
 * at the match but credits a buyer's only at CONFIRMED, so what it should report is
 * confirmed − pendingSell (buys still pending are not there yet). Shares bought or sold outside
 * our fills show up here as a difference.
 */
export interface ReconciliationWarning {
  tokenId: string;
  /** What the exchange reports, micro-shares. */
  exchangeMicros: number;
  /** Net shares of our CONFIRMED fills. */
  confirmedMicros: number;
  /** Shares of our pending SELLs, already off the exchange balance. */
  pendingSellMicros: number;
  /** confirmed − pendingSell: the balance our fills account for. */
  expectedMicros: number;
  /** exchange − expected. */
  differenceMicros: number;
  message: string;
}

/**
 * One warning per token whose exchange balance differs from what our fills account for by more
 * than `toleranceMicros` (default 0). It names both figures and changes neither: our
 * positions stay what our fills say, the exchange's balance stays what it says.
 */
export function reconcilePositions(
  positions: readonly Position[],
  exchangeBalances: Readonly<Record<string, number>>,
  toleranceMicros = 0,
): ReconciliationWarning[] {
  const warnings: ReconciliationWarning[] = [];
  const seen = new Set<string>();
  const check = (tokenId: string, exchange: number, position: Position | undefined): void => {
    const confirmed = position?.confirmedMicros ?? 0;
    const pendingSell = position?.pendingSellMicros ?? 0;
    const expected = confirmed - pendingSell;
    const difference = exchange - expected;
    if (Math.abs(difference) <= toleranceMicros) return;
    const shares = (micros: number): string => `${microsToDecimal(micros)} shares`;
    const ours =
      pendingSell === 0
        ? `our confirmed fills give ${shares(confirmed)}`
        : `our confirmed fills give ${shares(confirmed)}, less ${shares(pendingSell)} of pending sells: ${shares(expected)}`;
    warnings.push({
      tokenId,
      exchangeMicros: exchange,
      confirmedMicros: confirmed,
      pendingSellMicros: pendingSell,
      expectedMicros: expected,
      differenceMicros: difference,
      message: `token ${tokenId}: the exchange reports ${shares(exchange)}, ${ours} (difference ${microsToDecimal(difference)})`,
    });
  };
  for (const position of positions) {
    seen.add(position.tokenId);
    if (!Object.hasOwn(exchangeBalances, position.tokenId)) continue;
    check(position.tokenId, exchangeBalances[position.tokenId] ?? 0, position);
  }
  for (const tokenId of Object.keys(exchangeBalances).sort()) {
    if (!seen.has(tokenId)) check(tokenId, exchangeBalances[tokenId] ?? 0, undefined);
  }
  return warnings;
}
