import type { Exchange } from '../exchange/exchange-port';

export interface TopOfBook {
  bestBid: number | null;
  bestAsk: number | null;
  lastPrice: number | null;
}

const FRESH_FOR_MS = 10_000;
/** The market list shows prices for this many unwatched markets at the most (REST book each). */
const MAX_TOKENS_PER_LIST = 60;
const CONCURRENCY = 6;

/**
 * Top of book for the market list's unwatched markets: one REST book per token, a few at a time,
 * kept for ten seconds, so the list shows prices without subscribing to every market. A token
 * whose book cannot be read is simply left without prices.
 */
export class TopOfBookCache {
  private readonly entries = new Map<string, { at: number; top: TopOfBook }>();

  constructor(
    private readonly exchange: Exchange,
    private readonly now: () => number,
  ) {}

  async lookup(tokenIds: readonly string[]): Promise<Map<string, TopOfBook>> {
    const nowMs = this.now();
    const stale = tokenIds
      .filter((id) => {
        const entry = this.entries.get(id);
        return !entry || nowMs - entry.at > FRESH_FOR_MS;
      })
      .slice(0, MAX_TOKENS_PER_LIST);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < stale.length) {
        const tokenId = stale[next++] as string;
        try {
          const book = await this.exchange.getBook(tokenId);
          const last = book.lastTradePriceMicros;
          this.entries.set(tokenId, {
            at: this.now(),
            top: {
              bestBid: book.bids[0]?.price ?? null,
              bestAsk: book.asks[0]?.price ?? null,
              lastPrice: last !== undefined && last > 0 && last < 1_000_000 ? last : null,
            },
          });
        } catch {
          // Left without prices this time; the next list asks again.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, stale.length) }, worker));
    const result = new Map<string, TopOfBook>();
    for (const id of tokenIds) {
      const entry = this.entries.get(id);
      if (entry) result.set(id, entry.top);
    }
    return result;
  }
}
