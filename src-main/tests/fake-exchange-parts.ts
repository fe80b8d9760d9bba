import { PolydeskError } from '@shared/errors';
import type { ExchangeOrder, MarketInfo, UserOrderEvent } from '../exchange/exchange-port';

/**
 * What the in-memory exchanges of the tests share: the market reads the daemon makes, and the
 * connection calls it makes but does not depend on. Book calls are not used by the daemon.
 */
export abstract class FakeExchangeBase {
  readonly readOnly = false;
  readonly signerAddress = '0xsigner';
  readonly makerAddress = '0xmaker';

  constructor(protected readonly markets: MarketInfo[]) {}

  listMarkets(): Promise<MarketInfo[]> {
    return Promise.resolve(this.markets);
  }

  getMarket(conditionId: string): Promise<MarketInfo> {
    const market = this.markets.find((candidate) => candidate.conditionId === conditionId);
    return market
      ? Promise.resolve(market)
      : Promise.reject(new PolydeskError('NOT_FOUND', `no market ${conditionId}`));
  }

  getBook(): never {
    throw new Error('not used');
  }

  subscribeBook(): never {
    throw new Error('not used');
  }

  startHeartbeat(): void {}

  stopHeartbeat(): void {}

  connectionState(): { rest: 'ok'; marketStream: 'idle'; userStream: 'live'; heartbeat: 'off' } {
    return { rest: 'ok', marketStream: 'idle', userStream: 'live', heartbeat: 'off' };
  }

  onConnectionState(): () => void {
    return () => undefined;
  }
}

/** The user-stream order event for an order as the exchange reports it now. */
export function userOrderEvent(
  view: ExchangeOrder,
  type: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION',
): UserOrderEvent {
  return {
    orderId: view.orderId,
    type,
    status: view.status,
    conditionId: view.conditionId,
    tokenId: view.tokenId,
    side: view.side,
    priceMicros: view.priceMicros,
    originalSizeMicros: view.originalSizeMicros,
    sizeMatchedMicros: view.sizeMatchedMicros,
    tradeIds: [],
    timestampMs: Date.now(),
  };
}
