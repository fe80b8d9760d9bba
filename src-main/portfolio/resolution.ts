import { MICROS_PER_UNIT } from '@shared/math/decimal';
import type { EventInfo } from '@shared/domain/gamma';
import { mulDivHalfEven } from '@shared/portfolio';
import type { Position, PositionValuation } from '@shared/portfolio';

/** A market that has resolved: which of its tokens won. */
export interface MarketResolution {
  conditionId: string;
  tokenIds: readonly string[];
  winningTokenId: string;
  winningOutcome: string;
}

/** One token's side of a resolution. */
export interface TokenResolution {
  conditionId: string;
  winningOutcome: string;
  won: boolean;
}

/**
 * Resolutions Gamma shows: a closed market whose outcome prices are exactly 1 and 0. A closed
 * market still priced in between (awaiting its oracle) is not resolved yet.
 */
export function resolutionsOfEvents(events: readonly EventInfo[]): MarketResolution[] {
  const out: MarketResolution[] = [];
  for (const event of events) {
    for (const market of event.markets) {
      if (!market.closed) continue;
      const winners = market.outcomes.filter((o) => o.priceMicros === MICROS_PER_UNIT);
      const losers = market.outcomes.filter((o) => o.priceMicros === 0);
      const winner = winners[0];
      if (winners.length !== 1 || !winner || losers.length !== market.outcomes.length - 1) continue;
      out.push({
        conditionId: market.conditionId,
        tokenIds: market.outcomes.map((o) => o.tokenId),
        winningTokenId: winner.tokenId,
        winningOutcome: winner.label,
      });
    }
  }
  return out;
}

/**
 * The position once the shares the exchange no longer holds are counted as redeemed. After
 * resolution nothing can be sold on the book, so settled shares missing from the balance were
 * redeemed (here, or on polymarket.com in live mode): each winning one paid 1, a losing one 0.
 * Their part of the cost basis leaves with them, into realized P&L.
 */
export function afterRedemption(
  position: Position,
  resolution: TokenResolution,
  exchangeMicros: number | undefined,
): Position {
  if (exchangeMicros === undefined) return position;
  const expected = position.confirmedMicros - position.pendingSellMicros;
  const redeemed = Math.min(position.heldMicros, Math.max(0, expected - exchangeMicros));
  if (redeemed === 0) return position;
  const costOut =
    redeemed === position.heldMicros
      ? position.costBasisMicros
      : mulDivHalfEven(position.costBasisMicros, redeemed, position.heldMicros);
  const payout = resolution.won ? redeemed : 0;
  const heldMicros = position.heldMicros - redeemed;
  const costBasisMicros = position.costBasisMicros - costOut;
  return {
    ...position,
    heldMicros,
    confirmedMicros: position.confirmedMicros - redeemed,
    costBasisMicros,
    avgCostMicros:
      heldMicros === 0 ? null : mulDivHalfEven(costBasisMicros, MICROS_PER_UNIT, heldMicros),
    realizedPnlMicros: position.realizedPnlMicros + payout - costOut,
  };
}

/** A resolved position is worth what redeeming pays: 1 per winning share, whatever the book. */
export function resolvedValuation(
  valuation: PositionValuation,
  resolution: TokenResolution,
): PositionValuation {
  const value = resolution.won ? valuation.heldMicros : 0;
  const unrealized = value - valuation.costBasisMicros;
  return {
    ...valuation,
    valueAtMicroMicros: value,
    valueAtBidMicros: value,
    unrealizedAtMicroMicros: unrealized,
    unrealizedAtBidMicros: unrealized,
  };
}
