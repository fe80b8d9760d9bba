import { averageCostMicros, sellProceedsMicros } from './average-cost';
import type { AverageCostState } from './average-cost';
import { isPendingStatus } from './portfolio-fill';
import type { PortfolioFill, TradeStatus } from './portfolio-fill';

/**
 * One token's position out of our fills. Shares split by settlement: CONFIRMED fills are final,
 * MATCHED/MINED/RETRYING are pending, FAILED fills are undone (left out of everything).
 *
 * Cost basis, average cost and realized P&L count pending fills as if they settle (they
 * usually do, and a FAILED one is taken out and the history after it accounted again), so a
 * fill moves the P&L the moment it matches. See average-cost.ts for the rounding rules.
 */
export interface Position {
  tokenId: string;
  /**
   * Shares once every live fill settles: live buys − live sells, never below 0 (a sell of more
   * than was held counts its excess in unknownCostSoldMicros instead).
   */
  heldMicros: number;
  /** Net shares of CONFIRMED fills (buys − sells); negative only if a sell settled first. */
  confirmedMicros: number;
  /** Shares of pending BUYs (the exchange credits them at CONFIRMED). */
  pendingBuyMicros: number;
  /** Shares of pending SELLs (the exchange debited them at the match). */
  pendingSellMicros: number;
  /** What pending SELLs will credit, floor(price·size) − fee each, micros. */
  pendingSellProceedsMicros: number;
  costBasisMicros: number;
  /** costBasis/held, micros per share, half-to-even; null when flat. Fees included. */
  avgCostMicros: number | null;
  /** Average-cost realized P&L, fees of both sides included, micros. */
  realizedPnlMicros: number;
  /** Fees of live fills, micros. */
  feesMicros: number;
  /** Shares sold beyond what our fills held (bought outside them): cost unknown. */
  unknownCostSoldMicros: number;
  /** What those shares brought; not in realized P&L. */
  unknownCostProceedsMicros: number;
  /** Live (not FAILED) fills. */
  liveFills: number;
  failedFills: number;
}

/** Order-independent sums over a token's fills by status: O(1) to move a fill between them. */
export interface StatusSums {
  confirmedMicros: number;
  pendingBuyMicros: number;
  pendingSellMicros: number;
  pendingSellProceedsMicros: number;
  liveFills: number;
  failedFills: number;
}

export function emptySums(): StatusSums {
  return {
    confirmedMicros: 0,
    pendingBuyMicros: 0,
    pendingSellMicros: 0,
    pendingSellProceedsMicros: 0,
    liveFills: 0,
    failedFills: 0,
  };
}

/** Adds (sign 1) or removes (sign −1) one fill, in the given status, from the sums. */
export function addToSums(
  sums: StatusSums,
  fill: Pick<PortfolioFill, 'side' | 'priceMicros' | 'sizeMicros' | 'feeMicros'>,
  status: TradeStatus,
  sign: 1 | -1,
): void {
  if (status === 'FAILED') {
    sums.failedFills += sign;
    return;
  }
  sums.liveFills += sign;
  const signed = fill.side === 'BUY' ? fill.sizeMicros : -fill.sizeMicros;
  if (!isPendingStatus(status)) {
    sums.confirmedMicros += sign * signed;
  } else if (fill.side === 'BUY') {
    sums.pendingBuyMicros += sign * fill.sizeMicros;
  } else {
    sums.pendingSellMicros += sign * fill.sizeMicros;
    sums.pendingSellProceedsMicros += sign * sellProceedsMicros(fill);
  }
}

export function positionOf(tokenId: string, state: AverageCostState, sums: StatusSums): Position {
  return {
    tokenId,
    heldMicros: state.sharesMicros,
    confirmedMicros: sums.confirmedMicros,
    pendingBuyMicros: sums.pendingBuyMicros,
    pendingSellMicros: sums.pendingSellMicros,
    pendingSellProceedsMicros: sums.pendingSellProceedsMicros,
    costBasisMicros: state.basisMicros,
    avgCostMicros: averageCostMicros(state),
    realizedPnlMicros: state.realizedMicros,
    feesMicros: state.feesMicros,
    unknownCostSoldMicros: state.unknownCostSoldMicros,
    unknownCostProceedsMicros: state.unknownCostProceedsMicros,
    liveFills: sums.liveFills,
    failedFills: sums.failedFills,
  };
}
