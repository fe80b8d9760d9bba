import { formatMicros } from '../engine/decimal.js';
import type { MatchingEngine } from '../engine/matching-engine.js';
import type { MarketSpec } from '../engine/types.js';
import { gammaMarketId, type SyntheticEvent } from '../markets/synthetic-events.js';
import type { SyntheticMarket } from '../markets/synthetic-markets.js';
import type { MarketActivity } from './market-activity.js';
import { midMicros } from './market-views.js';
import type { ApiReply } from './rest-api.js';

/*
 * Polymarket's Gamma API (gamma-api.polymarket.com) for the synthetic markets: GET /events,
 * /events/keyset, /events/{id}, /events/slug/{slug}, /markets, /markets/{id},
 * /markets/slug/{slug}, with the fields src-shared/domain/gamma.ts reads and Gamma's encoding
 * (outcomes, outcomePrices and clobTokenIds as JSON-encoded strings; a market's volume and
 * liquidity as decimal strings beside volumeNum/liquidityNum numbers). Page size caps, the
 * default limit and the error bodies are not documented (UNSURE): 500 for offset pages, 100 for
 * keyset pages, default 100, errors `{"error": "..."}`.
 */

const MAX_OFFSET_LIMIT = 500;
const MAX_KEYSET_LIMIT = 100;
const DEFAULT_LIMIT = 100;
const ONE = 1_000_000;

/** What one market looks like to Gamma right now. */
interface MarketFigures {
  index: number;
  synthetic: SyntheticMarket;
  spec: MarketSpec;
  event: SyntheticEvent;
  yesMicros: number;
  volume24hMicros: bigint;
  volumeMicros: bigint;
  liquidityMicros: bigint;
  bid: number | null;
  ask: number | null;
  lastTradeMicros: number | null;
  resolved: boolean;
  startMs: number;
  endMs: number;
  resolvedAtMs: number | null;
}

interface EventFigures {
  event: SyntheticEvent;
  markets: MarketFigures[];
  volume24hMicros: bigint;
  volumeMicros: bigint;
  liquidityMicros: bigint;
  closed: boolean;
  startMs: number;
  endMs: number;
}

export interface GammaApiDeps {
  engine: MatchingEngine;
  markets: readonly SyntheticMarket[];
  events: readonly SyntheticEvent[];
  activity: MarketActivity;
  startedAtMs: number;
  now: () => number;
}

type Query = URLSearchParams;

class BadQuery extends Error {}

const ok = (body: unknown): ApiReply => ({ status: 200, body });
const fail = (status: number, error: string): ApiReply => ({ status, body: { error } });

function units(micros: bigint | number): number {
  return Number(micros) / ONE;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function flag(query: Query, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new BadQuery(`${name} must be true or false`);
}

function count(query: Query, name: string, fallback: number, max: number): number {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new BadQuery(`${name} must be a non-negative integer`);
  return Math.min(max, Number(value));
}

function dateBound(query: Query, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new BadQuery(`${name} must be an ISO date`);
  return ms;
}

function numberBound(query: Query, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new BadQuery(`${name} must be a number`);
  return n;
}

/** Repeated (`id=1&id=2`) or comma-separated values of a list parameter. */
function list(query: Query, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function within(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

type SortKey = number | string;

function sortBy<T>(items: T[], query: Query, keys: Record<string, (item: T) => SortKey>): T[] {
  const fields = list(query, 'order');
  const ascending = flag(query, 'ascending') ?? true;
  const getters = fields.map((field) => {
    const getter = keys[field];
    if (!getter) throw new BadQuery(`order: unknown field ${field}`);
    return getter;
  });
  if (getters.length === 0) return items;
  return [...items].sort((a, b) => {
    for (const get of getters) {
      const x = get(a);
      const y = get(b);
      if (x !== y) return (x < y ? -1 : 1) * (ascending ? 1 : -1);
    }
    return 0;
  });
}

/** Gamma for the paper exchange; paths come without the `/gamma` prefix. */
export class GammaApi {
  private readonly resolvedAtMs = new Map<string, number>();

  constructor(private readonly d: GammaApiDeps) {
    d.engine.on((e) => {
      if (e.kind === 'resolved') this.resolvedAtMs.set(e.conditionId, d.now());
    });
  }

  handle(method: string, path: string, query: Query): ApiReply {
    if (method !== 'GET') return fail(404, 'Not Found');
    try {
      if (path === '/events') return ok(this.page(this.listEvents(query), query).map(eventJson));
      if (path === '/events/keyset') return this.keyset(query);
      if (path === '/markets')
        return ok(this.page(this.listMarkets(query), query).map((m) => marketJson(m, true)));
      const slug = /^\/(events|markets)\/slug\/([^/]+)$/.exec(path);
      if (slug)
        return this.one(
          slug[1] as 'events' | 'markets',
          'slug',
          decodeURIComponent(slug[2] as string),
        );
      const byId = /^\/(events|markets)\/([^/]+)$/.exec(path);
      if (byId)
        return this.one(
          byId[1] as 'events' | 'markets',
          'id',
          decodeURIComponent(byId[2] as string),
        );
    } catch (err) {
      if (err instanceof BadQuery) return fail(400, err.message);
      throw err;
    }
    return fail(404, 'Not Found');
  }

  private one(kind: 'events' | 'markets', by: 'id' | 'slug', key: string): ApiReply {
    if (kind === 'events') {
      const event = this.eventFigures().find((e) => e.event[by] === key);
      return event ? ok(eventJson(event)) : fail(404, 'event not found');
    }
    const market = this.marketFigures().find((m) =>
      by === 'id' ? gammaMarketId(m.index) === key : m.spec.slug === key,
    );
    return market ? ok(marketJson(market, true)) : fail(404, 'market not found');
  }

  private page<T>(items: T[], query: Query): T[] {
    const limit = count(query, 'limit', DEFAULT_LIMIT, MAX_OFFSET_LIMIT);
    const offset = count(query, 'offset', 0, Number.MAX_SAFE_INTEGER);
    return items.slice(offset, offset + limit);
  }

  /** GET /events/keyset: `{events, next_cursor}`; the cursor is absent on the last page. */
  private keyset(query: Query): ApiReply {
    const limit = count(query, 'limit', DEFAULT_LIMIT, MAX_KEYSET_LIMIT);
    const cursor = query.get('after_cursor');
    let offset = 0;
    if (cursor !== null && cursor !== '') {
      const decoded = Buffer.from(cursor, 'base64').toString('utf8');
      if (!/^\d+$/.test(decoded)) throw new BadQuery('after_cursor is not a cursor of this list');
      offset = Number(decoded);
    }
    const all = this.listEvents(query);
    const events = all.slice(offset, offset + limit).map(eventJson);
    const next = offset + limit < all.length;
    return ok({
      events,
      ...(next && { next_cursor: Buffer.from(String(offset + limit)).toString('base64') }),
    });
  }

  private listEvents(query: Query): EventFigures[] {
    const active = flag(query, 'active');
    const closed = flag(query, 'closed');
    const archived = flag(query, 'archived');
    const ids = list(query, 'id');
    const slugs = list(query, 'slug');
    const tagIds = list(query, 'tag_id');
    const tagSlug = query.get('tag_slug');
    const endMin = dateBound(query, 'end_date_min');
    const endMax = dateBound(query, 'end_date_max');
    const startMin = dateBound(query, 'start_date_min');
    const startMax = dateBound(query, 'start_date_max');
    const volumeMin = numberBound(query, 'volume_min');
    const volumeMax = numberBound(query, 'volume_max');
    const liquidityMin = numberBound(query, 'liquidity_min');
    const liquidityMax = numberBound(query, 'liquidity_max');
    const hits = this.eventFigures().filter(
      (e) =>
        (active === undefined || active) &&
        (closed === undefined || e.closed === closed) &&
        (archived === undefined || !archived) &&
        (ids.length === 0 || ids.includes(e.event.id)) &&
        (slugs.length === 0 || slugs.includes(e.event.slug)) &&
        (tagIds.length === 0 || e.event.tags.some((t) => tagIds.includes(t.id))) &&
        (tagSlug === null || tagSlug === '' || e.event.tags.some((t) => t.slug === tagSlug)) &&
        within(e.endMs, endMin, endMax) &&
        within(e.startMs, startMin, startMax) &&
        within(units(e.volumeMicros), volumeMin, volumeMax) &&
        within(units(e.liquidityMicros), liquidityMin, liquidityMax),
    );
    return sortBy(hits, query, {
      id: (e) => Number(e.event.id),
      slug: (e) => e.event.slug,
      title: (e) => e.event.title,
      volume24hr: (e) => units(e.volume24hMicros),
      volume: (e) => units(e.volumeMicros),
      liquidity: (e) => units(e.liquidityMicros),
      startDate: (e) => e.startMs,
      endDate: (e) => e.endMs,
    });
  }

  private listMarkets(query: Query): MarketFigures[] {
    const active = flag(query, 'active');
    const closed = flag(query, 'closed');
    const archived = flag(query, 'archived');
    const ids = list(query, 'id');
    const slugs = list(query, 'slug');
    const conditionIds = list(query, 'condition_ids').map((c) => c.toLowerCase());
    const tokenIds = list(query, 'clob_token_ids');
    const tagIds = list(query, 'tag_id');
    const endMin = dateBound(query, 'end_date_min');
    const endMax = dateBound(query, 'end_date_max');
    const volumeMin = numberBound(query, 'volume_num_min');
    const liquidityMin = numberBound(query, 'liquidity_num_min');
    const hits = this.marketFigures().filter(
      (m) =>
        (active === undefined || active) &&
        (closed === undefined || m.resolved === closed) &&
        (archived === undefined || !archived) &&
        (ids.length === 0 || ids.includes(gammaMarketId(m.index))) &&
        (slugs.length === 0 || slugs.includes(m.spec.slug)) &&
        (conditionIds.length === 0 || conditionIds.includes(m.spec.conditionId)) &&
        (tokenIds.length === 0 ||
          tokenIds.includes(m.spec.yesTokenId) ||
          tokenIds.includes(m.spec.noTokenId)) &&
        (tagIds.length === 0 || m.event.tags.some((t) => tagIds.includes(t.id))) &&
        within(m.endMs, endMin, endMax) &&
        within(units(m.volumeMicros), volumeMin, undefined) &&
        within(units(m.liquidityMicros), liquidityMin, undefined),
    );
    return sortBy(hits, query, {
      id: (m) => m.index,
      slug: (m) => m.spec.slug,
      question: (m) => m.spec.question,
      volume24hr: (m) => units(m.volume24hMicros),
      volume: (m) => units(m.volumeMicros),
      volumeNum: (m) => units(m.volumeMicros),
      liquidity: (m) => units(m.liquidityMicros),
      liquidityNum: (m) => units(m.liquidityMicros),
      startDate: (m) => m.startMs,
      endDate: (m) => m.endMs,
    });
  }

  private marketFigures(): MarketFigures[] {
    const { engine, activity, startedAtMs } = this.d;
    const eventOf = new Map<string, SyntheticEvent>();
    for (const event of this.d.events) for (const id of event.conditionIds) eventOf.set(id, event);
    return this.d.markets.flatMap((synthetic, index) => {
      const spec = engine.market(synthetic.spec.conditionId);
      const event = eventOf.get(synthetic.spec.conditionId);
      if (!spec || !event) return [];
      const { bid, ask } = engine.bestBidAsk(spec.yesTokenId);
      const resolved = spec.winningTokenId !== undefined;
      const yesMicros = resolved
        ? spec.winningTokenId === spec.yesTokenId
          ? ONE
          : 0
        : (midMicros(engine, spec.yesTokenId) ?? synthetic.behaviour.startMicros);
      return [
        {
          index,
          synthetic,
          spec,
          event,
          yesMicros,
          volume24hMicros: activity.volume24hMicros(spec.conditionId),
          volumeMicros: activity.volumeTotalMicros(spec.conditionId),
          liquidityMicros: bookValueMicros(engine, spec.yesTokenId),
          bid,
          ask,
          lastTradeMicros: engine.lastTrade(spec.yesTokenId)?.priceMicros ?? null,
          resolved,
          startMs: startedAtMs - event.startedBeforeMs,
          endMs: startedAtMs + event.endsAfterMs,
          resolvedAtMs: this.resolvedAtMs.get(spec.conditionId) ?? null,
        },
      ];
    });
  }

  private eventFigures(): EventFigures[] {
    const markets = this.marketFigures();
    const { startedAtMs } = this.d;
    return this.d.events.map((event) => {
      const own = markets.filter((m) => m.event === event);
      const sum = (pick: (m: MarketFigures) => bigint): bigint =>
        own.reduce((total, m) => total + pick(m), 0n);
      return {
        event,
        markets: own,
        volume24hMicros: sum((m) => m.volume24hMicros),
        volumeMicros: sum((m) => m.volumeMicros),
        liquidityMicros: sum((m) => m.liquidityMicros),
        closed: own.length > 0 && own.every((m) => m.resolved),
        startMs: startedAtMs - event.startedBeforeMs,
        endMs: startedAtMs + event.endsAfterMs,
      };
    });
  }
}

/**
 * Liquidity as the pUSD value of the resting quotes at their prices (Σ price × size over both
 * sides of the YES book). Gamma's own formula is not documented.
 */
function bookValueMicros(engine: MatchingEngine, yesTokenId: string): bigint {
  const view = engine.bookView(yesTokenId);
  if (!view) return 0n;
  let total = 0n;
  for (const level of [...view.bids, ...view.asks]) {
    total += (BigInt(level.priceMicros) * level.sizeMicros) / BigInt(ONE);
  }
  return total;
}

function eventRef(e: SyntheticEvent, startMs: number, endMs: number, closed: boolean) {
  return {
    id: e.id,
    ticker: e.slug,
    slug: e.slug,
    title: e.title,
    description: e.description,
    startDate: iso(startMs),
    endDate: iso(endMs),
    active: true,
    closed,
    archived: false,
    negRisk: e.negRisk,
    ...(e.negRiskMarketId !== null && { negRiskMarketID: e.negRiskMarketId }),
    tags: e.tags,
  };
}

function marketJson(m: MarketFigures, withEvent: boolean) {
  const { spec, event } = m;
  const noMicros = ONE - m.yesMicros;
  const negRiskMarketId = spec.negRisk ? (spec.negRiskMarketId ?? spec.questionId) : undefined;
  return {
    id: gammaMarketId(m.index),
    question: spec.question,
    conditionId: spec.conditionId,
    questionID: spec.questionId,
    slug: spec.slug,
    description: spec.description,
    resolutionSource: '',
    startDate: iso(m.startMs),
    endDate: iso(m.endMs),
    ...(m.synthetic.groupItemTitle !== null && { groupItemTitle: m.synthetic.groupItemTitle }),
    outcomes: JSON.stringify(['Yes', 'No']),
    outcomePrices: JSON.stringify([formatMicros(m.yesMicros), formatMicros(noMicros)]),
    clobTokenIds: JSON.stringify([spec.yesTokenId, spec.noTokenId]),
    volume: formatMicros(m.volumeMicros),
    volumeNum: units(m.volumeMicros),
    volume24hr: units(m.volume24hMicros),
    liquidity: formatMicros(m.liquidityMicros),
    liquidityNum: units(m.liquidityMicros),
    active: true,
    closed: m.resolved,
    archived: false,
    restricted: false,
    acceptingOrders: !m.resolved,
    enableOrderBook: true,
    orderPriceMinTickSize: units(spec.tickMicros),
    orderMinSize: units(spec.minSizeMicros),
    negRisk: spec.negRisk,
    ...(negRiskMarketId !== undefined && { negRiskMarketID: negRiskMarketId, negRiskOther: false }),
    ...(m.bid !== null && { bestBid: units(m.bid) }),
    ...(m.ask !== null && { bestAsk: units(m.ask) }),
    ...(m.bid !== null && m.ask !== null && { spread: units(m.ask - m.bid) }),
    ...(m.lastTradeMicros !== null && { lastTradePrice: units(m.lastTradeMicros) }),
    ...(m.resolved && {
      umaResolutionStatus: 'resolved',
      closedTime: iso(m.resolvedAtMs ?? m.endMs),
    }),
    ...(withEvent && { events: [eventRef(event, m.startMs, m.endMs, m.resolved)] }),
  };
}

function eventJson(e: EventFigures) {
  return {
    ...eventRef(e.event, e.startMs, e.endMs, e.closed),
    creationDate: iso(e.startMs),
    new: false,
    featured: false,
    restricted: false,
    liquidity: units(e.liquidityMicros),
    volume: units(e.volumeMicros),
    volume24hr: units(e.volume24hMicros),
    openInterest: 0,
    enableOrderBook: true,
    enableNegRisk: e.event.negRisk,
    negRiskAugmented: false,
    commentCount: 0,
    markets: e.markets.map((m) => marketJson(m, false)),
  };
}
