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
 * market it ever listed (hundreds of pages, most closed), so the list is fetched by one caller at
 * a time, kept, and refreshed in the background once per refresh period: only the very first call
 * waits. When a refresh fails, the last good list stays and the failure is logged.
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

  /**
   * The first call waits for the exchange; later ones get the list at once, and a list older than
   * the refresh period is paged again in the background for the calls after.
   */
  async list(): Promise<MarketSummary[]> {
    const { cached } = this;
    if (cached) {
      if (this.now() - cached.at >= this.refreshMs) {
        this.refresh().catch((err: unknown) => {
          this.logger.warn(
            { err: (err as Error).message },
            'market list refresh failed; last list kept',
          );
        });
      }
      return cached.markets;
    }
    return this.refresh();
  }

  private refresh(): Promise<MarketSummary[]> {
    this.inflight ??= this.fetchAll()
      .then((all) => {
        const markets = all.filter(isTradable);
        this.cached = { at: this.now(), markets };
        return markets;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }
}
