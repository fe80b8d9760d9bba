import { divCeil, divFloor, divRoundHalfEven, MICROS_PER_UNIT } from '../math/decimal';
import type { PortfolioFill } from './portfolio-fill';

const UNIT = BigInt(MICROS_PER_UNIT);

/**
 * Average-cost accounting of one token, in integer micros and micro-shares.
 *
 * Rules (every figure an integer, rounding stated once here):
 * - A BUY adds its size to the shares and ceil(price·size) + fee to the cost basis: what the
 *   purchase cost, rounded against us as the exchange's collateral debit is.
 * - A SELL brings floor(price·size) − fee. It takes cost out of the basis in proportion to the
 *   shares sold, basis·sold/held rounded half-to-even; a sale of every held share takes the whole
 *   basis, so a closed position never keeps a rounding residue. Realized P&L grows by the
 *   proceeds minus the basis taken out, so fees on both sides land in realized P&L.
 * - Shares never go negative. A SELL of more than our fills hold sold shares bought outside
 *   them (a transfer, history we never saw): the excess and its part of the proceeds (pro rata,
 *   half-to-even) are kept apart as unknown-cost and stay out of realized P&L.
 * - Average cost = basis/shares in micros per share, rounded half-to-even; null when flat.
 */
export interface AverageCostState {
  sharesMicros: number;
  basisMicros: number;
  realizedMicros: number;
  feesMicros: number;
  unknownCostSoldMicros: number;
  unknownCostProceedsMicros: number;
}

export const EMPTY_COST_STATE: AverageCostState = Object.freeze({
  sharesMicros: 0,
  basisMicros: 0,
  realizedMicros: 0,
  feesMicros: 0,
  unknownCostSoldMicros: 0,
  unknownCostProceedsMicros: 0,
});

type Trade = Pick<PortfolioFill, 'side' | 'priceMicros' | 'sizeMicros' | 'feeMicros'>;

/** What a BUY pays, fee included: ceil(price·size) + fee, micros. */
export function buyCostMicros(trade: Trade): number {
  return (
    Number(divCeil(BigInt(trade.priceMicros) * BigInt(trade.sizeMicros), UNIT)) + trade.feeMicros
  );
}

/** What a SELL brings, fee taken off: floor(price·size) − fee, micros (negative if fee > notional). */
export function sellProceedsMicros(trade: Trade): number {
  return (
    Number(divFloor(BigInt(trade.priceMicros) * BigInt(trade.sizeMicros), UNIT)) - trade.feeMicros
  );
}

/** x·num/den rounded half-to-even, exact through bigint (den > 0). */
export function mulDivHalfEven(x: number, num: number, den: number): number {
  return Number(divRoundHalfEven(BigInt(x) * BigInt(num), BigInt(den)));
}

/** The state after one more live fill. Pure: the input state is not changed. */
export function applyTrade(state: AverageCostState, trade: Trade): AverageCostState {
  if (trade.side === 'BUY') {
    return {
      ...state,
      sharesMicros: state.sharesMicros + trade.sizeMicros,
      basisMicros: state.basisMicros + buyCostMicros(trade),
      feesMicros: state.feesMicros + trade.feeMicros,
    };
  }
  const proceeds = sellProceedsMicros(trade);
  const matched = Math.min(trade.sizeMicros, state.sharesMicros);
  const excess = trade.sizeMicros - matched;
  const matchedProceeds =
    excess === 0 ? proceeds : mulDivHalfEven(proceeds, matched, trade.sizeMicros);
  const removed =
    matched === state.sharesMicros
      ? state.basisMicros
      : mulDivHalfEven(state.basisMicros, matched, state.sharesMicros);
  return {
    sharesMicros: state.sharesMicros - matched,
    basisMicros: state.basisMicros - removed,
    realizedMicros: state.realizedMicros + matchedProceeds - removed,
    feesMicros: state.feesMicros + trade.feeMicros,
    unknownCostSoldMicros: state.unknownCostSoldMicros + excess,
    unknownCostProceedsMicros: state.unknownCostProceedsMicros + proceeds - matchedProceeds,
  };
}

/** basis/shares in micros per share, half-to-even; null when no shares are held. */
export function averageCostMicros(
  state: Pick<AverageCostState, 'sharesMicros' | 'basisMicros'>,
): number | null {
  if (state.sharesMicros === 0) return null;
  return mulDivHalfEven(state.basisMicros, MICROS_PER_UNIT, state.sharesMicros);
}
