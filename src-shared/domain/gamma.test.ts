import { describe, expect, it } from 'vitest';
import {
  GammaEventSchema,
  GammaEventsKeysetPageSchema,
  gammaEventsKeysetPath,
  GammaMarketSchema,
  gammaOffsetPath,
  indexMarkets,
  isTradable,
  MarketInfoSchema,
  marketInfoFromGamma,
  nextOffsetQuery,
  normalizeGammaEvents,
  parseGammaEventsPage,
  parseGammaMarketsPage,
  queryMarkets,
  searchText,
} from './gamma';
import type { MarketInfo, MarketQuery } from './gamma';

/** A neg-risk event as /events sends it: encoded arrays, mixed number/string amounts, extras. */
function electionEvent(): Record<string, unknown> {
  const market = (n: number, name: string, yes: string): Record<string, unknown> => ({
    id: `50${n}`,
    question: `Will ${name} win the 2028 presidential election?`,
    conditionId: `0xc0${n}`,
    slug: `will-${name.toLowerCase()}-win-2028`,
    groupItemTitle: name,
    endDate: '2028-11-07T12:00:00Z',
    outcomes: '["Yes", "No"]',
    outcomePrices: `["${yes}", "${(1 - Number(yes)).toFixed(3)}"]`,
    clobTokenIds: `["${n}1111", "${n}2222"]`,
    volume: '123456.789',
    volumeNum: 123456.789,
    volume24hr: 1000 * n,
    liquidity: '5000.5',
    liquidityNum: 5000.5,
    active: true,
    closed: false,
    acceptingOrders: true,
    enableOrderBook: true,
    orderPriceMinTickSize: 0.001,
    orderMinSize: 5,
    negRisk: true,
    negRiskMarketID: '0xabc',
    bestBid: 0.33,
    bestAsk: 0.34,
    umaBond: '500',
    clobRewards: [{ id: '1', rewardsDailyRate: 10 }],
  });
  return {
    id: '16085',
    ticker: 'presidential-election-winner-2028',
    slug: 'presidential-election-winner-2028',
    title: 'Presidential Election Winner 2028',
    description: 'Who will win?',
    endDate: '2028-11-07T12:00:00Z',
    volume24hr: 250_000.5,
    liquidity: 1_000_000,
    negRisk: true,
    negRiskMarketID: '0xabc',
    enableNegRisk: true,
    tags: [
      { id: '2', label: 'Politics', slug: 'politics', forceShow: true },
      { id: 1101, label: 'US Election', slug: 'us-election' },
    ],
    commentCount: 42,
    markets: [
      market(1, 'Vance', '0.335'),
      market(2, 'Newsom', '0.18'),
      { ...market(3, 'Broken', '0.1'), clobTokenIds: 'not json' },
      { ...market(4, 'Undeployed', '0.1'), clobTokenIds: undefined, enableOrderBook: false },
    ],
  };
}

describe('Gamma schemas', () => {
  it('decodes the JSON-encoded fields, reads numbers from strings, drops unknown fields', () => {
    const event = GammaEventSchema.parse(electionEvent());
    expect(event.id).toBe('16085');
    expect(event.tags.map((t) => t.id)).toEqual(['2', '1101']);
    expect(event.markets.items).toHaveLength(3);
    expect(event.markets.rejected).toEqual([
      { index: 2, message: 'clobTokenIds: not a JSON-encoded array' },
    ]);
    const [vance] = event.markets.items;
    expect(vance?.outcomes).toEqual(['Yes', 'No']);
    expect(vance?.clobTokenIds).toEqual(['11111', '12222']);
    expect(vance?.outcomePrices).toEqual(['0.335', '0.665']);
    expect(vance?.volume).toBe(123456.789);
    expect(vance?.endDate).toBe(Date.parse('2028-11-07T12:00:00Z'));
    expect(vance).not.toHaveProperty('umaBond');
    expect(event).not.toHaveProperty('commentCount');
  });

  it('accepts real arrays and missing optional fields', () => {
    const market = GammaMarketSchema.parse({
      id: 7,
      conditionId: '0x7',
      question: 'Q?',
      outcomes: ['Yes', 'No'],
      clobTokenIds: ['1', '2'],
      outcomePrices: [0.6, 0.4],
      liquidity: '',
      volume24hr: null,
    });
    expect(market.id).toBe('7');
    expect(market.outcomePrices).toEqual(['0.6', '0.4']);
    expect(market.liquidity).toBeNull();
    expect(market.orderPriceMinTickSize).toBeNull();
    expect(market.tags).toEqual([]);
    expect(() => GammaMarketSchema.parse({ id: '1', question: 'no condition id' })).toThrow();
  });

  it('parses pages entry by entry, so one bad entry costs only itself', () => {
    const events = parseGammaEventsPage([electionEvent(), { title: 'no id' }]);
    expect(events.items).toHaveLength(1);
    expect(events.rejected[0]?.index).toBe(1);
    const markets = parseGammaMarketsPage([
      { id: '1', conditionId: '0x1', clobTokenIds: '["1","2"]' },
      'garbage',
    ]);
    expect(markets.items).toHaveLength(1);
    expect(markets.rejected).toHaveLength(1);
    expect(parseGammaMarketsPage({ error: 'not a list' }).items).toEqual([]);
  });

  it('reads a keyset page and its cursor', () => {
    const page = GammaEventsKeysetPageSchema.parse({
      events: [electionEvent()],
      next_cursor: 'MTYwODU=',
    });
    expect(page.events.items[0]?.id).toBe('16085');
    expect(page.next_cursor).toBe('MTYwODU=');
    expect(GammaEventsKeysetPageSchema.parse({ events: [] }).next_cursor).toBeNull();
  });
});

describe('Gamma paging', () => {
  it('builds offset and keyset paths with Gamma parameter names', () => {
    const query = {
      limit: 100,
      offset: 200,
      closed: false,
      tagId: '2',
      order: 'volume24hr',
      ascending: false,
    };
    expect(gammaOffsetPath('/events', query)).toBe(
      '/events?limit=100&offset=200&closed=false&tag_id=2&order=volume24hr&ascending=false',
    );
    expect(gammaEventsKeysetPath({ limit: 100, afterCursor: 'a b=', closed: false })).toBe(
      '/events/keyset?limit=100&after_cursor=a%20b%3D&closed=false',
    );
    expect(gammaEventsKeysetPath({ limit: 50 })).toBe('/events/keyset?limit=50');
  });

  it('moves the offset by what came back and stops on a short page', () => {
    const query = { limit: 100, offset: 0 };
    expect(nextOffsetQuery(query, 100)).toEqual({ limit: 100, offset: 100 });
    expect(nextOffsetQuery(query, 37)).toBeNull();
  });
});

describe('normalizeGammaEvents', () => {
  it('gives each listable market its outcomes with token ids, the event title and tags', () => {
    const { events, markets, skipped } = normalizeGammaEvents([
      GammaEventSchema.parse(electionEvent()),
    ]);
    expect(markets.map((m) => m.conditionId)).toEqual(['0xc01', '0xc02']);
    expect(skipped).toEqual([{ conditionId: '0xc04', reason: 'no_token_ids' }]);
    const vance = markets[0] as MarketInfo;
    expect(MarketInfoSchema.parse(vance)).toEqual(vance);
    expect(vance.outcomes).toEqual([
      { label: 'Yes', tokenId: '11111', priceMicros: 335_000 },
      { label: 'No', tokenId: '12222', priceMicros: 665_000 },
    ]);
    expect(vance).toMatchObject({
      eventId: '16085',
      eventTitle: 'Presidential Election Winner 2028',
      groupItemTitle: 'Vance',
      negRisk: true,
      negRiskMarketId: '0xabc',
      tickMicros: 1_000,
      minOrderSizeMicros: 5_000_000,
      volume24hMicros: 1_000_000_000,
      liquidityMicros: 5_000_500_000,
      bestBidMicros: 330_000,
      bestAskMicros: 340_000,
    });
    expect(vance.tags.map((t) => t.slug)).toEqual(['politics', 'us-election']);
    expect(isTradable(vance)).toBe(true);
    expect(events[0]?.volume24hMicros).toBe(250_000_500_000);
    expect(events[0]?.markets).toHaveLength(2);
  });

  it('lists a market once when two events carry it', () => {
    const event = GammaEventSchema.parse(electionEvent());
    const { markets, skipped } = normalizeGammaEvents([event, { ...event, id: '99' }]);
    expect(markets).toHaveLength(2);
    expect(skipped.filter((s) => s.reason === 'duplicate')).toHaveLength(2);
  });

  it('takes the event of a /markets entry from its events field, and refuses mismatched outcomes', () => {
    const market = GammaMarketSchema.parse({
      id: '1',
      conditionId: '0x1',
      question: 'Will it rain?',
      clobTokenIds: '["1","2"]',
      events: [
        { id: '8', title: 'Weather', tags: [{ id: '5', label: 'Weather', slug: 'weather' }] },
      ],
    });
    const result = marketInfoFromGamma(market);
    expect(result.ok && result.market.eventTitle).toBe('Weather');
    expect(result.ok && result.market.outcomes.map((o) => o.label)).toEqual(['Yes', 'No']);
    expect(result.ok && result.market.tags[0]?.slug).toBe('weather');
    const odd = GammaMarketSchema.parse({
      id: '2',
      conditionId: '0x2',
      outcomes: '["A","B","C"]',
      clobTokenIds: '["1","2"]',
    });
    expect(marketInfoFromGamma(odd)).toEqual({ ok: false, reason: 'outcomes_mismatch' });
  });
});

/** A seeded generator (mulberry32), so the generated list is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TOPICS = ['Bitcoin', 'Election', 'Pokémon', 'Fed rates', 'World Cup', 'Oscars', 'Rain'];
const TAGS = [
  { id: '1', label: 'Crypto', slug: 'crypto' },
  { id: '2', label: 'Politics', slug: 'politics' },
  { id: '3', label: 'Sports', slug: 'sports' },
  { id: '4', label: 'Pop Culture', slug: 'pop-culture' },
];
const NOW = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;

function generatedMarkets(count: number): MarketInfo[] {
  const random = rng(42);
  const int = (n: number): number => Math.floor(random() * n);
  return Array.from({ length: count }, (_, i) => {
    const topic = TOPICS[int(TOPICS.length)] ?? 'Bitcoin';
    const tags = TAGS.filter(() => random() < 0.3);
    return {
      id: String(i),
      conditionId: `0x${i.toString(16).padStart(8, '0')}`,
      question: `Will ${topic} number ${i} happen?`,
      slug: null,
      groupItemTitle: null,
      eventId: String(int(2_000)),
      eventTitle: random() < 0.8 ? `${topic} event ${int(100)}` : null,
      eventSlug: null,
      outcomes: [
        { label: 'Yes', tokenId: `${i}1`, priceMicros: null },
        { label: 'No', tokenId: `${i}2`, priceMicros: null },
      ],
      endDateMs: random() < 0.9 ? NOW + int(365) * DAY - 30 * DAY : null,
      volume24hMicros: int(50) * 1_000_000_000,
      liquidityMicros: int(1_000) * 1_000_000,
      tags,
      negRisk: random() < 0.4,
      negRiskMarketId: null,
      active: true,
      closed: random() < 0.1,
      acceptingOrders: random() < 0.95,
      enableOrderBook: true,
      tickMicros: 10_000,
      minOrderSizeMicros: 5_000_000,
      bestBidMicros: null,
      bestAskMicros: null,
    };
  });
}

/** The same filters written the plain way, for comparison. */
function naive(markets: MarketInfo[], query: MarketQuery): Set<string> {
  const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const words = fold(query.text ?? '')
    .split(' ')
    .filter((w) => w !== '');
  return new Set(
    markets
      .filter((m) => {
        const text = fold(`${m.question} ${m.eventTitle ?? ''}`);
        if (!words.every((w) => text.includes(w))) return false;
        if (
          query.tag &&
          !m.tags.some((t) => [t.slug, t.label.toLowerCase(), t.id].includes(fold(query.tag ?? '')))
        )
          return false;
        if (query.tradableOnly && (m.closed || !m.acceptingOrders)) return false;
        if (query.negRisk !== undefined && m.negRisk !== query.negRisk) return false;
        if (query.endingWithinMs !== undefined) {
          if (m.endDateMs === null || m.endDateMs < NOW || m.endDateMs > NOW + query.endingWithinMs)
            return false;
        }
        if (query.minVolume24hMicros !== undefined && m.volume24hMicros < query.minVolume24hMicros)
          return false;
        return true;
      })
      .map((m) => m.conditionId),
  );
}

describe('queryMarkets on 20,000 markets', () => {
  const markets = generatedMarkets(20_000);
  const index = indexMarkets(markets);

  it.each<MarketQuery>([
    {},
    { text: 'bitcoin' },
    { text: 'POKEMON event' },
    { text: 'fed   RATES 12' },
    { tag: 'Politics' },
    { tag: 'pop-culture', text: 'rain' },
    { tag: '3', tradableOnly: true },
    { negRisk: true, minVolume24hMicros: 25_000_000_000 },
    { nowMs: NOW, endingWithinMs: 7 * DAY, text: 'oscars' },
    { text: 'no such words anywhere' },
  ])('finds exactly what a plain filter finds: %o', (query) => {
    const found = queryMarkets(index, { ...query, nowMs: NOW });
    expect(new Set(found.map((m) => m.conditionId))).toEqual(naive(markets, query));
    expect(found.length).toBe(new Set(found.map((m) => m.conditionId)).size);
  });

  it('sorts by volume, liquidity or nearest end, ties by condition id, and limits', () => {
    const byVolume = queryMarkets(index, { text: 'bitcoin' });
    for (let i = 1; i < byVolume.length; i += 1) {
      const a = byVolume[i - 1] as MarketInfo;
      const b = byVolume[i] as MarketInfo;
      expect(
        a.volume24hMicros > b.volume24hMicros ||
          (a.volume24hMicros === b.volume24hMicros && a.conditionId < b.conditionId),
      ).toBe(true);
    }
    const byLiquidity = queryMarkets(index, { sort: 'liquidity', limit: 50 });
    expect(byLiquidity).toHaveLength(50);
    expect(byLiquidity[0]?.liquidityMicros).toBe(
      Math.max(...markets.map((m) => m.liquidityMicros)),
    );
    const soon = queryMarkets(index, { sort: 'ending_soon', nowMs: NOW, endingWithinMs: 30 * DAY });
    const ends = soon.map((m) => m.endDateMs ?? Number.NaN);
    expect(ends).toEqual([...ends].sort((x, y) => x - y));
    expect(ends.every((end) => end >= NOW && end <= NOW + 30 * DAY)).toBe(true);
    const all = queryMarkets(index, { sort: 'ending_soon' });
    expect(all.at(-1)?.endDateMs).toBeNull();
    expect(queryMarkets(index, { sort: 'none', limit: 3 }).map((m) => m.id)).toEqual([
      '0',
      '1',
      '2',
    ]);
  });

  it('folds case and accents in search text', () => {
    expect(searchText('Pokémon ÉLECTION')).toBe('pokemon election');
  });
});
