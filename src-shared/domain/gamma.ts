import { z } from 'zod';
import { MICROS_PER_UNIT } from '../math/decimal';

/*
 * Polymarket's Gamma API (https://gamma-api.polymarket.com): public, read-only market
 * discovery. polymarket-clob.md covers the CLOB only; the shapes here rest on:
 * - docs.polymarket.com/market-data/overview: GET /events and /markets "with filtering and
 *   pagination"; `outcomes` and `outcomePrices` are JSON-encoded string arrays that map 1:1
 *   (`"[\"Yes\", \"No\"]"`, `"[\"0.20\", \"0.80\"]"`); tradable on the CLOB when
 *   `enableOrderBook` is true.
 * - docs.polymarket.com/advanced/neg-risk: a `negRisk` boolean on events and markets.
 * - docs.polymarket.com/api-reference/endpoints/gamma/get-events-keyset: GET /events/keyset
 *   answers `{ "events": [...] }`; public clients page it with `after_cursor` ← `next_cursor`,
 *   and report that the server caps `limit` at 100 whatever the page says (UNSURE).
 * - NautilusTrader's GammaMarket/GammaEvent models (nautilustrader.io, nautilus_polymarket):
 *   the field list — clobTokenIds and outcomes as JSON strings, orderPriceMinTickSize,
 *   orderMinSize, negRisk, negRiskMarketID, volume24hr, liquidityNum, bestBid, bestAsk… — every
 *   field optional but the ids.
 * - pmxt-dev/pmxt#800: markets nested in /events may lack orderPriceMinTickSize (the CLOB's
 *   tick_size is the authority), so it is optional here.
 * - Public client typings: on a market `volume` and `liquidity` are decimal strings while
 *   `volumeNum`, `liquidityNum` and `volume24hr` are numbers; some fixtures send real arrays for
 *   the JSON-encoded fields. Both forms are accepted.
 * Unknown fields are dropped, never an error: Gamma adds fields often.
 */

/** A string or number id ("16085" or 16085) as a string. */
const idSchema = z.union([z.string().min(1), z.number().int()]).transform(String);

const optionalText = z
  .string()
  .nullish()
  .transform((text) => (text === undefined || text === null || text === '' ? null : text));

const optionalFlag = z
  .boolean()
  .nullish()
  .transform((flag) => flag ?? null);

/** A number or decimal string ("123.45") as a finite number ≥ 0; null when absent or unreadable. */
const amountSchema = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => {
    if (value === undefined || value === null || value === '') return null;
    const number = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(number) && number >= 0 ? number : null;
  });

/** ISO date text as epoch ms; null when absent or not a date. */
const dateSchema = z
  .string()
  .nullish()
  .transform((text) => {
    if (!text) return null;
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? ms : null;
  });

/** Gamma's JSON-encoded string arrays ("[\"Yes\",\"No\"]"), or a real array. */
const encodedStringArray = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))])
  .nullish()
  .transform((value, ctx): string[] => {
    if (value === undefined || value === null || value === '') return [];
    let parsed: unknown = value;
    if (typeof value === 'string') {
      try {
        parsed = JSON.parse(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not a JSON-encoded array' });
        return z.NEVER;
      }
    }
    if (
      !Array.isArray(parsed) ||
      !parsed.every((item) => typeof item === 'string' || typeof item === 'number')
    ) {
      ctx.addIssue({ code: 'custom', message: 'not an array of strings' });
      return z.NEVER;
    }
    return parsed.map(String);
  });

export const GammaTagSchema = z.object({
  id: idSchema,
  label: optionalText,
  slug: optionalText,
});
export type GammaTag = z.output<typeof GammaTagSchema>;

const tagsSchema = z
  .array(z.unknown())
  .nullish()
  .transform((items) => parseEach(GammaTagSchema, items ?? []).items);

/** The event a /markets entry belongs to (a short form of the event). */
export const GammaEventRefSchema = z.object({
  id: idSchema,
  slug: optionalText,
  title: optionalText,
  negRisk: optionalFlag,
  tags: tagsSchema,
});

export const GammaMarketSchema = z.object({
  id: idSchema,
  conditionId: z.string().min(1),
  question: optionalText,
  slug: optionalText,
  description: optionalText,
  groupItemTitle: optionalText,
  endDate: dateSchema,
  startDate: dateSchema,
  outcomes: encodedStringArray,
  /** Decimal strings as sent ("0.20"); see marketInfoFromGamma for micros. */
  outcomePrices: encodedStringArray,
  clobTokenIds: encodedStringArray,
  active: optionalFlag,
  closed: optionalFlag,
  archived: optionalFlag,
  acceptingOrders: optionalFlag,
  enableOrderBook: optionalFlag,
  orderPriceMinTickSize: amountSchema,
  orderMinSize: amountSchema,
  negRisk: optionalFlag,
  negRiskMarketID: optionalText,
  negRiskOther: optionalFlag,
  volume24hr: amountSchema,
  volume: amountSchema,
  volumeNum: amountSchema,
  liquidity: amountSchema,
  liquidityNum: amountSchema,
  bestBid: amountSchema,
  bestAsk: amountSchema,
  lastTradePrice: amountSchema,
  tags: tagsSchema,
  events: z
    .array(z.unknown())
    .nullish()
    .transform((items) => parseEach(GammaEventRefSchema, items ?? []).items),
});
export type GammaMarket = z.output<typeof GammaMarketSchema>;

export const GammaEventSchema = z.object({
  id: idSchema,
  ticker: optionalText,
  slug: optionalText,
  title: optionalText,
  description: optionalText,
  startDate: dateSchema,
  endDate: dateSchema,
  active: optionalFlag,
  closed: optionalFlag,
  archived: optionalFlag,
  volume24hr: amountSchema,
  volume: amountSchema,
  liquidity: amountSchema,
  openInterest: amountSchema,
  negRisk: optionalFlag,
  negRiskMarketID: optionalText,
  enableNegRisk: optionalFlag,
  negRiskAugmented: optionalFlag,
  tags: tagsSchema,
  /** One malformed market does not cost the event its others: it is counted and dropped. */
  markets: z
    .array(z.unknown())
    .nullish()
    .transform((items) => parseEach(GammaMarketSchema, items ?? [])),
});
export type GammaEvent = z.output<typeof GammaEventSchema>;

/** The keyset page of GET /events/keyset: follow next_cursor as after_cursor until it is absent. */
export const GammaEventsKeysetPageSchema = z.object({
  events: z.array(z.unknown()).transform((items) => parseEach(GammaEventSchema, items)),
  next_cursor: optionalText,
});

export interface ParsedPage<T> {
  items: T[];
  /** Entries that did not parse, by position, with the first problem of each. */
  rejected: { index: number; message: string }[];
}

/** Parses each entry on its own, so one malformed entry does not cost the page. */
export function parseEach<T>(schema: z.ZodType<T>, items: readonly unknown[]): ParsedPage<T> {
  const page: ParsedPage<T> = { items: [], rejected: [] };
  items.forEach((item, index) => {
    const result = schema.safeParse(item);
    if (result.success) page.items.push(result.data);
    else {
      const issue = result.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
      page.rejected.push({ index, message: `${where}${issue?.message ?? 'invalid'}` });
    }
  });
  return page;
}

/** A GET /events (offset paging) body: an array of events. */
export function parseGammaEventsPage(body: unknown): ParsedPage<GammaEvent> {
  return parseEach(GammaEventSchema, Array.isArray(body) ? body : []);
}

/** A GET /markets (offset paging) body: an array of markets. */
export function parseGammaMarketsPage(body: unknown): ParsedPage<GammaMarket> {
  return parseEach(GammaMarketSchema, Array.isArray(body) ? body : []);
}

/** Filters shared by /events, /markets and /events/keyset (Gamma's snake_case names). */
export interface GammaListFilter {
  closed?: boolean;
  active?: boolean;
  archived?: boolean;
  tagId?: string;
  /** Sort field, e.g. "volume24hr", "endDate", "id". */
  order?: string;
  ascending?: boolean;
  /** ISO dates bounding endDate. */
  endDateMin?: string;
  endDateMax?: string;
}

export interface GammaOffsetQuery extends GammaListFilter {
  limit: number;
  offset: number;
}

export interface GammaKeysetQuery extends GammaListFilter {
  limit: number;
  afterCursor?: string;
}

function filterParams(filter: GammaListFilter): [string, string | undefined][] {
  return [
    ['closed', filter.closed?.toString()],
    ['active', filter.active?.toString()],
    ['archived', filter.archived?.toString()],
    ['tag_id', filter.tagId],
    ['order', filter.order],
    ['ascending', filter.ascending?.toString()],
    ['end_date_min', filter.endDateMin],
    ['end_date_max', filter.endDateMax],
  ];
}

function withQuery(path: string, params: [string, string | undefined][]): string {
  const query = params
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  return query === '' ? path : `${path}?${query}`;
}

/** Path and query of one offset page of /events or /markets. */
export function gammaOffsetPath(endpoint: '/events' | '/markets', query: GammaOffsetQuery): string {
  return withQuery(endpoint, [
    ['limit', String(query.limit)],
    ['offset', String(query.offset)],
    ...filterParams(query),
  ]);
}

/** The next offset page, or null when this one came back short (the last). */
export function nextOffsetQuery(
  query: GammaOffsetQuery,
  received: number,
): GammaOffsetQuery | null {
  return received < query.limit ? null : { ...query, offset: query.offset + received };
}

/** Path and query of one page of /events/keyset. */
export function gammaEventsKeysetPath(query: GammaKeysetQuery): string {
  return withQuery('/events/keyset', [
    ['limit', String(query.limit)],
    ['after_cursor', query.afterCursor],
    ...filterParams(query),
  ]);
}

export const TagInfoSchema = z.object({ id: z.string(), label: z.string(), slug: z.string() });
export type TagInfo = z.infer<typeof TagInfoSchema>;

export const OutcomeInfoSchema = z.object({
  label: z.string(),
  tokenId: z.string(),
  /** Gamma's last price of the outcome, micros in [0, 1e6]; null when not given. */
  priceMicros: z.number().int().min(0).max(MICROS_PER_UNIT).nullable(),
});
export type OutcomeInfo = z.infer<typeof OutcomeInfoSchema>;

const nullableMicros = z.number().int().min(0).nullable();

/** A market as the app lists it, from Gamma (one binary market of an event). */
export const MarketInfoSchema = z.object({
  id: z.string(),
  conditionId: z.string(),
  question: z.string(),
  slug: z.string().nullable(),
  /** The outcome's name inside its event ("Trump"), when the event has several markets. */
  groupItemTitle: z.string().nullable(),
  eventId: z.string().nullable(),
  eventTitle: z.string().nullable(),
  eventSlug: z.string().nullable(),
  outcomes: z.array(OutcomeInfoSchema),
  endDateMs: z.number().int().nullable(),
  /** In micro-pUSD (clamped to the safe-integer range). */
  volume24hMicros: z.number().int().min(0),
  liquidityMicros: z.number().int().min(0),
  /** The market's tags, else its event's. */
  tags: z.array(TagInfoSchema),
  negRisk: z.boolean(),
  negRiskMarketId: z.string().nullable(),
  active: z.boolean(),
  closed: z.boolean(),
  acceptingOrders: z.boolean(),
  enableOrderBook: z.boolean(),
  tickMicros: nullableMicros,
  minOrderSizeMicros: nullableMicros,
  bestBidMicros: nullableMicros,
  bestAskMicros: nullableMicros,
});
export type MarketInfo = z.infer<typeof MarketInfoSchema>;

export const EventInfoSchema = z.object({
  id: z.string(),
  slug: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  endDateMs: z.number().int().nullable(),
  volume24hMicros: z.number().int().min(0),
  liquidityMicros: z.number().int().min(0),
  tags: z.array(TagInfoSchema),
  negRisk: z.boolean(),
  negRiskMarketId: z.string().nullable(),
  markets: z.array(MarketInfoSchema),
});
export type EventInfo = z.infer<typeof EventInfoSchema>;

/** pUSD (or shares, or a price) as a float → integer micros, clamped to the safe range. */
function floatToMicros(value: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.round(value * MICROS_PER_UNIT));
}

function optionalMicros(value: number | null): number | null {
  return value === null ? null : floatToMicros(value);
}

function tagInfos(tags: readonly GammaTag[]): TagInfo[] {
  return tags.map((tag) => ({
    id: tag.id,
    label: tag.label ?? tag.slug ?? tag.id,
    slug: tag.slug ?? (tag.label ?? tag.id).toLowerCase(),
  }));
}

export type MarketSkipReason = 'no_token_ids' | 'outcomes_mismatch';

interface EventContext {
  id: string;
  title: string | null;
  slug: string | null;
  tags: TagInfo[];
  negRisk: boolean | null;
  negRiskMarketId: string | null;
}

/**
 * A Gamma market as a MarketInfo, or why it cannot be listed: a market needs a token id per
 * outcome (markets not yet on the order book have none).
 */
export function marketInfoFromGamma(
  market: GammaMarket,
  event?: EventContext,
): { ok: true; market: MarketInfo } | { ok: false; reason: MarketSkipReason } {
  if (market.clobTokenIds.length === 0) return { ok: false, reason: 'no_token_ids' };
  const labels = market.outcomes.length > 0 ? market.outcomes : defaultLabels(market);
  if (labels.length !== market.clobTokenIds.length) {
    return { ok: false, reason: 'outcomes_mismatch' };
  }
  const ref = market.events[0];
  const context: EventContext | undefined =
    event ??
    (ref && {
      id: ref.id,
      title: ref.title,
      slug: ref.slug,
      tags: tagInfos(ref.tags),
      negRisk: ref.negRisk,
      negRiskMarketId: null,
    });
  const ownTags = tagInfos(market.tags);
  return {
    ok: true,
    market: {
      id: market.id,
      conditionId: market.conditionId,
      question: market.question ?? context?.title ?? market.slug ?? market.conditionId,
      slug: market.slug,
      groupItemTitle: market.groupItemTitle,
      eventId: context?.id ?? null,
      eventTitle: context?.title ?? null,
      eventSlug: context?.slug ?? null,
      outcomes: labels.map((label, i) => ({
        label,
        tokenId: market.clobTokenIds[i] ?? '',
        priceMicros: outcomePriceMicros(market.outcomePrices[i]),
      })),
      endDateMs: market.endDate,
      volume24hMicros: floatToMicros(market.volume24hr ?? 0),
      liquidityMicros: floatToMicros(market.liquidityNum ?? market.liquidity ?? 0),
      tags: ownTags.length > 0 ? ownTags : (context?.tags ?? []),
      negRisk: market.negRisk ?? context?.negRisk ?? false,
      negRiskMarketId: market.negRiskMarketID ?? context?.negRiskMarketId ?? null,
      active: market.active ?? false,
      closed: market.closed ?? false,
      acceptingOrders: market.acceptingOrders ?? false,
      enableOrderBook: market.enableOrderBook ?? false,
      tickMicros: optionalMicros(market.orderPriceMinTickSize),
      minOrderSizeMicros: optionalMicros(market.orderMinSize),
      bestBidMicros: optionalMicros(market.bestBid),
      bestAskMicros: optionalMicros(market.bestAsk),
    },
  };
}

function defaultLabels(market: GammaMarket): string[] {
  return market.clobTokenIds.length === 2 ? ['Yes', 'No'] : [];
}

function outcomePriceMicros(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) return null;
  return Math.round(value * MICROS_PER_UNIT);
}

export interface EventsNormalized {
  events: EventInfo[];
  /** Every listable market once (by condition id), in event order. */
  markets: MarketInfo[];
  skipped: { conditionId: string; reason: MarketSkipReason | 'duplicate' }[];
}

/** Gamma events as EventInfo, with their markets flattened and deduplicated. */
export function normalizeGammaEvents(events: readonly GammaEvent[]): EventsNormalized {
  const out: EventsNormalized = { events: [], markets: [], skipped: [] };
  const seen = new Set<string>();
  for (const event of events) {
    const context: EventContext = {
      id: event.id,
      title: event.title,
      slug: event.slug,
      tags: tagInfos(event.tags),
      negRisk: event.negRisk,
      negRiskMarketId: event.negRiskMarketID,
    };
    const markets: MarketInfo[] = [];
    for (const market of event.markets.items) {
      const result = marketInfoFromGamma(market, context);
      if (!result.ok) {
        out.skipped.push({ conditionId: market.conditionId, reason: result.reason });
        continue;
      }
      markets.push(result.market);
      if (seen.has(market.conditionId)) {
        out.skipped.push({ conditionId: market.conditionId, reason: 'duplicate' });
        continue;
      }
      seen.add(market.conditionId);
      out.markets.push(result.market);
    }
    out.events.push({
      id: event.id,
      slug: event.slug,
      title: event.title ?? event.slug ?? event.id,
      description: event.description,
      endDateMs: event.endDate,
      volume24hMicros: floatToMicros(event.volume24hr ?? 0),
      liquidityMicros: floatToMicros(event.liquidity ?? 0),
      tags: context.tags,
      negRisk: event.negRisk ?? false,
      negRiskMarketId: event.negRiskMarketID,
      markets,
    });
  }
  return out;
}

/** Lower case, accents off: "Pokémon" and "POKEMON" both become "pokemon". */
export function searchText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Markets with what queries need worked out once (search key, tag keys). */
export interface MarketIndex {
  readonly markets: readonly MarketInfo[];
  readonly searchKeys: readonly string[];
  readonly tagKeys: readonly ReadonlySet<string>[];
}

export function indexMarkets(markets: readonly MarketInfo[]): MarketIndex {
  return {
    markets,
    searchKeys: markets.map((m) =>
      searchText([m.question, m.eventTitle ?? '', m.groupItemTitle ?? '', m.slug ?? ''].join('\n')),
    ),
    tagKeys: markets.map(
      (m) =>
        new Set(m.tags.flatMap((tag) => [tag.id, searchText(tag.slug), searchText(tag.label)])),
    ),
  };
}

export type MarketSort = 'volume24h' | 'liquidity' | 'ending_soon' | 'none';

export interface MarketQuery {
  /** Words that must all appear (as parts of words) in the question or the event title. */
  text?: string;
  /** A tag's slug, label (any case) or id. */
  tag?: string;
  /** Only markets taking orders on the book (active, not closed, accepting, order book on). */
  tradableOnly?: boolean;
  negRisk?: boolean;
  /** With endingWithinMs: only markets ending in [nowMs, nowMs + endingWithinMs]. */
  nowMs?: number;
  endingWithinMs?: number;
  minVolume24hMicros?: number;
  /** Default volume24h (highest first); ending_soon puts the nearest end first, unknown last. */
  sort?: MarketSort;
  limit?: number;
}

/** Filters and sorts an indexed market list; ties go by condition id, so the order is stable. */
export function queryMarkets(index: MarketIndex, query: MarketQuery = {}): MarketInfo[] {
  const words = query.text ? searchText(query.text).split(/\s+/).filter(Boolean) : [];
  const tagKey = query.tag === undefined ? undefined : searchText(query.tag.trim());
  const window =
    query.endingWithinMs !== undefined && query.nowMs !== undefined
      ? { from: query.nowMs, to: query.nowMs + query.endingWithinMs }
      : undefined;
  const hits: MarketInfo[] = [];
  index.markets.forEach((market, i) => {
    if (query.tradableOnly && !isTradable(market)) return;
    if (query.negRisk !== undefined && market.negRisk !== query.negRisk) return;
    if (query.minVolume24hMicros !== undefined && market.volume24hMicros < query.minVolume24hMicros)
      return;
    if (window) {
      const end = market.endDateMs;
      if (end === null || end < window.from || end > window.to) return;
    }
    if (tagKey !== undefined && !index.tagKeys[i]?.has(tagKey)) return;
    if (words.length > 0) {
      const key = index.searchKeys[i] ?? '';
      if (!words.every((word) => key.includes(word))) return;
    }
    hits.push(market);
  });
  hits.sort(comparator(query.sort ?? 'volume24h'));
  return query.limit === undefined ? hits : hits.slice(0, Math.max(0, query.limit));
}

export function isTradable(market: MarketInfo): boolean {
  return market.active && !market.closed && market.acceptingOrders && market.enableOrderBook;
}

function comparator(sort: MarketSort): (a: MarketInfo, b: MarketInfo) => number {
  const byId = (a: MarketInfo, b: MarketInfo): number =>
    a.conditionId < b.conditionId ? -1 : a.conditionId > b.conditionId ? 1 : 0;
  switch (sort) {
    case 'volume24h':
      return (a, b) => b.volume24hMicros - a.volume24hMicros || byId(a, b);
    case 'liquidity':
      return (a, b) => b.liquidityMicros - a.liquidityMicros || byId(a, b);
    case 'ending_soon':
      return (a, b) => {
        const ea = a.endDateMs ?? Number.POSITIVE_INFINITY;
        const eb = b.endDateMs ?? Number.POSITIVE_INFINITY;
        if (ea !== eb) return ea < eb ? -1 : 1;
        return b.volume24hMicros - a.volume24hMicros || byId(a, b);
      };
    case 'none':
      return () => 0;
  }
}
