import type { PortfolioPosition } from '@shared/ipc/contract';
import { proposeClosingOrder } from '@shared/portfolio';
import type { ClosingOrderProposal } from '@shared/portfolio';
import { useEntryStore } from '../../state/entry-store';
import { useMarketStore } from '../../state/market-store';

/** The SELL at the best bid that closes (fraction 1) or reduces a position, or why there is none. */
export function closingProposal(
  position: PortfolioPosition,
  fraction: number,
): ClosingOrderProposal {
  return proposeClosingOrder({
    position,
    bestBidMicros: position.bestBidMicros,
    fraction,
    reservedSharesMicros: position.reservedSellMicros,
    ...(position.minOrderSizeMicros !== null && {
      minOrderSizeMicros: position.minOrderSizeMicros,
    }),
  });
}

/**
 * Shows the position's market and outcome, and fills the order form with the closing SELL: the
 * same store action as a click on the ladder's bid, with the size on top. Nothing is sent.
 */
export function prefillClosingOrder(position: PortfolioPosition, fraction: number): boolean {
  const proposal = closingProposal(position, fraction);
  if (!proposal.ok) return false;
  const markets = useMarketStore.getState();
  const market = markets.markets.find((m) => m.tokens.some((t) => t.tokenId === position.tokenId));
  if (market) {
    if (markets.selectedConditionId !== market.conditionId) markets.select(market.conditionId);
    const outcome = market.tokens[0]?.tokenId === position.tokenId ? 'YES' : 'NO';
    useMarketStore.getState().setOutcome(outcome);
  }
  const { order } = proposal;
  useEntryStore.getState().pickPrice(order.priceMicros, 'SELL', order.sizeMicros);
  return true;
}
