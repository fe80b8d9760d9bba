import type { EventInfo, MarketInfo } from '@shared/domain/gamma';
import type { MarketListItem } from '@shared/domain/market';
import type { MarketContextList, MarketEventReply } from '@shared/ipc/contract';
import type { MarketContext } from '../exchange/exchange-port';
import type { Logger } from './logger';

/** Gamma's events are read again at most once a minute (like the CLOB's market list)… */
export const DEFAULT_EVENTS_REFRESH_MS = 60_000;
/** …and, while Gamma is unavailable, tried again after this long. */
export const DEFAULT_EVENTS_RETRY_MS = 10_000;

/** Only open events: Polymarket's closed ones run to hundreds of pages. */
const OPEN_EVENTS = { closed: false } as const;

/**
 * A CLOB market as a MarketInfo, for the list while Gamma is unavailable: no event, volume,
 * liquidity, tags or end date (the CLOB's list carries none of them).
 */
export function marketInfoFromClob(market: MarketListItem): MarketInfo {
  return {
    id: market.conditionId,
    conditionId: market.conditionId,
    question: market.question,
    slug: market.slug,
    groupItemTitle: null,
    eventId: null,
    eventTitle: null,
    eventSlug: null,
    outcomes: market.tokens.map((token) => ({
      label: token.outcome,
      tokenId: token.tokenId,
      priceMicros: null,
    })),
    endDateMs: null,
    volume24hMicros: 0,
    liquidityMicros: 0,
    tags: [],
    negRisk: market.negRisk,
    negRiskMarketId: null,
    active: true,
    closed: false,
    acceptingOrders: true,
    enableOrderBook: true,
    tickMicros: market.tickMicros,
    minOrderSizeMicros: market.minOrderSizeMicros,
    bestBidMicros: market.bestBid,
    bestAskMicros: market.bestAsk,
  };
}

export interface EventDirectoryOptions {
  context: MarketContext;
  /** The CLOB's tradable markets: the list while Gamma is unavailable. */
  clobMarkets: () => Promise<MarketListItem[]>;
  logger: Logger;
  /** Every event read (list or one event): the portfolio learns resolutions from them. */
  onEvents?: (events: readonly EventInfo[]) => void;
  now?: () => number;
  refreshMs?: number;
  retryMs?: number;
}

/**
 * Gamma's open events for `market.events`: read by one caller at a time, kept, and read again in
 * the background once the refresh period is over, so only the very first call waits (as
 * MarketDirectory does for the CLOB's list). A Gamma that is down or slow is an answer: the
 * CLOB's markets with Gamma's notice, tried again sooner.
 */
export class EventDirectory {
  private cached: MarketContextList | null = null;
  private inflight: Promise<MarketContextList> | null = null;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly options: EventDirectoryOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.logger.child({ component: 'event-directory' });
  }

  async list(): Promise<MarketContextList> {
    const { cached } = this;
    if (!cached) return this.refresh();
    const age = this.now() - cached.at;
    const limit =
      cached.source === 'gamma'
        ? (this.options.refreshMs ?? DEFAULT_EVENTS_REFRESH_MS)
        : (this.options.retryMs ?? DEFAULT_EVENTS_RETRY_MS);
    if (age >= limit) {
      this.refresh().catch((err: unknown) => {
        this.log.warn({ err: (err as Error).message }, 'event list refresh failed; last list kept');
      });
    }
    return cached;
  }

  /** One event with all its markets, closed ones too (read each time: it is one request). */
  async event(idOrSlug: string): Promise<MarketEventReply> {
    const lookup = await this.options.context.getEvent(idOrSlug);
    if (lookup.kind === 'unavailable') {
      this.log.warn({ idOrSlug, reason: lookup.reason }, 'Gamma unavailable: event not read');
      return { event: null, notice: lookup.notice };
    }
    if (lookup.value) this.options.onEvents?.([lookup.value]);
    return { event: lookup.value, notice: null };
  }

  private refresh(): Promise<MarketContextList> {
    this.inflight ??= this.read()
      .then((list) => {
        this.cached = list;
        return list;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  private async read(): Promise<MarketContextList> {
    const at = this.now();
    const lookup = await this.options.context.listEvents(OPEN_EVENTS);
    if (lookup.kind === 'ok') {
      const { events, markets } = lookup.value;
      this.options.onEvents?.(events);
      if (this.cached?.source !== 'gamma') {
        this.log.info({ events: events.length, markets: markets.length }, 'Gamma events read');
      }
      return { source: 'gamma', notice: null, at, events, markets };
    }
    if (this.cached?.source !== 'clob') {
      this.log.warn({ reason: lookup.reason }, 'Gamma unavailable: markets from the CLOB');
    }
    const clob = await this.options.clobMarkets();
    return {
      source: 'clob',
      notice: lookup.notice,
      at,
      events: [],
      markets: clob.map(marketInfoFromClob),
    };
  }
}
