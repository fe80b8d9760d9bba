import type { MarketSummary } from '../exchange/exchange-port';
import type { Logger } from '../host/logger';

/** Default: the exchange's market list is paged again at most once a minute. */
export const DEFAULT_DIRECTORY_REFRESH_MS = 60_000;

/** A market a user can trade now: open, not resolved, taking orders. */
export function isTradable(market: MarketSummary): boolean {
  return market.active && !market.closed && market.acceptingOrders;
}

/**
 * The exchange's tradable markets for the market list. Polymarket's `/markets` pages through every
 * market it ever listed (hundreds of pages, most closed), so the list is fetched at most once per
 * refresh period and by one caller at a time; callers in between share the result. When a refresh
 * fails, the last good list is served and the failure logged.
 */
export class MarketDirectory {
  private cached: { at: number; markets: MarketSummary[] } | null = null;
  private inflight: Promise<MarketSummary[]> | null = null;

  constructor(
    private readonly fetchAll: () => Promise<MarketSummary[]>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly refreshMs = DEFAULT_DIRECTORY_REFRESH_MS,
  ) {}

  async list(): Promise<MarketSummary[]> {
    const { cached } = this;
    if (cached && this.now() - cached.at < this.refreshMs) return cached.markets;
    this.inflight ??= this.fetchAll()
      .then((all) => {
        const markets = all.filter(isTradable);
        this.cached = { at: this.now(), markets };
        return markets;
      })
      .finally(() => {
        this.inflight = null;
      });
    try {
      return await this.inflight;
    } catch (err) {
      if (!cached) throw err;
      this.logger.warn(
        { err: (err as Error).message },
        'market list refresh failed; last list kept',
      );
      return cached.markets;
    }
  }
}
