import type { Order } from '@shared/domain/order';
import { divCeil, MICROS_PER_UNIT } from '@shared/math/decimal';
import type { OpenOrderReserve } from '@shared/portfolio';

const UNIT = BigInt(MICROS_PER_UNIT);
const RESTING = new Set(['PENDING_NEW', 'LIVE', 'PARTIALLY_FILLED', 'PENDING_CANCEL']);

export interface OpenOrderReserves {
  /** Collateral each open BUY holds: ceil(price·open size), as the exchange reserves it. */
  buys: OpenOrderReserve[];
  /** Shares our open SELLs offer, per token. */
  sellSharesByToken: Map<string, number>;
}

/**
 * What our working orders hold on the exchange. An exchange order still being placed
 * (PENDING_NEW) or cancelled (PENDING_CANCEL) counts: the exchange may hold its reserve now,
 * and free cash shown too high is the worse mistake.
 */
export function openOrderReserves(orders: readonly Order[]): OpenOrderReserves {
  const buys: OpenOrderReserve[] = [];
  const sellSharesByToken = new Map<string, number>();
  for (const order of orders) {
    for (const eo of order.exchangeOrders) {
      if (!RESTING.has(eo.state)) continue;
      const open = Math.max(0, eo.size - eo.filled - eo.pendingFilled);
      if (open === 0) continue;
      if (eo.side === 'BUY') {
        buys.push({
          orderId: eo.id,
          reservedMicros: Number(divCeil(BigInt(eo.price) * BigInt(open), UNIT)),
        });
      } else {
        const tokenId = order.spec.tokenId;
        sellSharesByToken.set(tokenId, (sellSharesByToken.get(tokenId) ?? 0) + open);
      }
    }
  }
  return { buys, sellSharesByToken };
}
