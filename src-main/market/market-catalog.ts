import { PolydeskError } from '@shared/errors';
import type { Exchange, MarketInfo } from '../exchange/exchange-port';

/**
 * Market metadata by token: which market a token belongs to, and that market's info (tick,
 * minimum size, fees), cached. A token's market is learned from the market list, from its
 * books, or — for a token seen nowhere yet — from one REST book, so the full market list (large
 * on Polymarket) is never fetched just to look one token up.
 */
export class MarketCatalog {
  private readonly conditionOfToken = new Map<string, string>();
  private readonly pending = new Map<string, Promise<MarketInfo>>();
  private readonly infos = new Map<string, MarketInfo>();

  constructor(private readonly exchange: Exchange) {}

  rememberToken(tokenId: string, conditionId: string): void {
    if (conditionId && this.conditionOfToken.get(tokenId) !== conditionId) {
      this.conditionOfToken.set(tokenId, conditionId);
    }
  }

  /** The cached info of a token's market, if it was fetched already. */
  cached(tokenId: string): MarketInfo | undefined {
    const conditionId = this.conditionOfToken.get(tokenId);
    return conditionId === undefined ? undefined : this.infos.get(conditionId);
  }

  /** Drops a market's info (its tick changed): the next call fetches it again. */
  forget(conditionId: string): void {
    this.infos.delete(conditionId);
  }

  /** PolydeskError NOT_FOUND when the exchange knows no such token. */
  async marketInfo(tokenId: string): Promise<MarketInfo> {
    if (typeof tokenId !== 'string' || tokenId === '') {
      throw new PolydeskError('BAD_REQUEST', 'a token id is required');
    }
    const conditionId = this.conditionOfToken.get(tokenId) ?? (await this.lookUpCondition(tokenId));
    const info = this.infos.get(conditionId);
    if (info) return info;
    let request = this.pending.get(conditionId);
    if (!request) {
      request = this.exchange.getMarket(conditionId).finally(() => {
        this.pending.delete(conditionId);
      });
      this.pending.set(conditionId, request);
    }
    const fetched = await request;
    this.infos.set(conditionId, fetched);
    for (const token of fetched.tokens) this.rememberToken(token.tokenId, conditionId);
    if (!fetched.tokens.some((token) => token.tokenId === tokenId)) {
      throw new PolydeskError('NOT_FOUND', `token ${tokenId} is not an outcome of ${conditionId}`);
    }
    return fetched;
  }

  private async lookUpCondition(tokenId: string): Promise<string> {
    const book = await this.exchange.getBook(tokenId);
    if (!book.conditionId) {
      throw new PolydeskError('NOT_FOUND', `no market is known for token ${tokenId}`);
    }
    this.rememberToken(tokenId, book.conditionId);
    return book.conditionId;
  }
}
