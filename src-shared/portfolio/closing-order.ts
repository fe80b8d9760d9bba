import { PolydeskError } from '../errors';
import { microsToDecimal } from '../math/decimal';
import { floorToSizeStep } from '../math/tick-grid';
import { mulDivHalfEven } from './average-cost';
import type { Position } from './position';
import { valueAt } from './portfolio-summary';

export interface ClosingOrderInput {
  position: Position;
  /** Best bid of the token, micros; null when nobody bids. */
  bestBidMicros: number | null;
  /** Share of the held position to sell, in (0, 1]; 1 closes it (default). */
  fraction?: number;
  /** Shares already offered by our open SELLs of this token, micro-shares. */
  reservedSharesMicros?: number;
  /** The market's minimum order size, micro-shares. */
  minOrderSizeMicros?: number;
}

/** A SELL for the UI to prefill: micros for logic, decimal strings for the form fields. */
export interface ClosingOrder {
  tokenId: string;
  side: 'SELL';
  priceMicros: number;
  sizeMicros: number;
  /** "0.55" */
  price: string;
  /** "12.34" */
  size: string;
  /** floor(bid·size), before fees, micros. */
  estimatedProceedsMicros: number;
  /** Proceeds − the basis those shares carry (average cost), micros. */
  estimatedRealizedPnlMicros: number;
  /** Shares left after it fills (the size grid's dust included), micro-shares. */
  remainingMicros: number;
  /** Held shares that are not sellable yet (pending BUYs, already offered), micro-shares. */
  notSellableMicros: number;
}

export type ClosingOrderProposal =
  | { ok: true; order: ClosingOrder }
  | {
      ok: false;
      reason: 'no_position' | 'no_bid' | 'nothing_sellable' | 'below_min_size';
      message: string;
    };

/**
 * The SELL that closes a position, or reduces it by a fraction, at the best bid. It offers
 * only shares the exchange already holds for us and no open SELL offers: confirmed − pending
 * sells − reserved. Shares of a pending BUY are not there until CONFIRMED, and a SELL of them
 * gets "not enough balance" (lessons §1.9). The size is floored to the 0.01-share grid.
 */
export function proposeClosingOrder(input: ClosingOrderInput): ClosingOrderProposal {
  const fraction = input.fraction ?? 1;
  if (!(fraction > 0 && fraction <= 1)) {
    throw new PolydeskError('BAD_REQUEST', `fraction must be in (0, 1], got ${fraction}`);
  }
  const { position } = input;
  if (position.heldMicros === 0) {
    return { ok: false, reason: 'no_position', message: 'nothing is held' };
  }
  const bid = input.bestBidMicros;
  if (bid === null) {
    return { ok: false, reason: 'no_bid', message: 'nobody bids for this token' };
  }
  const settled = position.confirmedMicros - position.pendingSellMicros;
  const sellable = Math.max(
    0,
    Math.min(position.heldMicros, settled - (input.reservedSharesMicros ?? 0)),
  );
  const wanted = fraction === 1 ? position.heldMicros : Math.floor(position.heldMicros * fraction);
  const size = floorToSizeStep(Math.min(wanted, sellable));
  if (size === 0) {
    return {
      ok: false,
      reason: 'nothing_sellable',
      message: `no whole 0.01 share is sellable yet (${microsToDecimal(sellable)} settled and free)`,
    };
  }
  if (input.minOrderSizeMicros !== undefined && size < input.minOrderSizeMicros) {
    return {
      ok: false,
      reason: 'below_min_size',
      message: `${microsToDecimal(size)} shares is below the market's minimum of ${microsToDecimal(input.minOrderSizeMicros)}`,
    };
  }
  const proceeds = valueAt(size, bid) ?? 0;
  const basisOut =
    size === position.heldMicros
      ? position.costBasisMicros
      : mulDivHalfEven(position.costBasisMicros, size, position.heldMicros);
  return {
    ok: true,
    order: {
      tokenId: position.tokenId,
      side: 'SELL',
      priceMicros: bid,
      sizeMicros: size,
      price: microsToDecimal(bid),
      size: microsToDecimal(size),
      estimatedProceedsMicros: proceeds,
      estimatedRealizedPnlMicros: proceeds - basisOut,
      remainingMicros: position.heldMicros - size,
      notSellableMicros: Math.max(0, position.heldMicros - sellable),
    },
  };
}
