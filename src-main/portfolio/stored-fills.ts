import type { PortfolioFillInput } from '@shared/portfolio';
import type { StoredExchangeOrder, StoredFill } from '../store/store-port';
import type { FillOrigin } from './portfolio-model';

export interface FillReport {
  fill: PortfolioFillInput;
  origin: FillOrigin;
}

/**
 * A stored fill as a portfolio report. The fills table keeps neither token nor side: they come
 * from the stored exchange order the fill belongs to (null when that order is unknown). The fee
 * is not stored either: the caller estimates it from the market's schedule (0 when unknown). The time is the fill's stored `at`, when the daemon took the
 * report in: the exchange's match time has a resolution of one second, too coarse to order a
 * buy and the sale that closes it a moment later.
 */
export function reportOfStoredFill(
  fill: StoredFill,
  order: Pick<StoredExchangeOrder, 'tokenId' | 'side'> | undefined,
  feeMicros = 0,
): FillReport | null {
  if (!order) return null;
  return {
    fill: {
      tokenId: order.tokenId,
      tradeId: fill.tradeId,
      orderId: fill.exchangeOrderId,
      side: order.side,
      priceMicros: fill.price,
      sizeMicros: fill.size,
      feeMicros,
      status: fill.status,
      timeMs: fill.at,
    },
    origin: {
      exchangeOrderId: fill.exchangeOrderId,
      userOrderId: fill.userOrderId,
      role: fill.role,
    },
  };
}
