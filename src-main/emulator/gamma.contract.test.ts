import { OrderType, Side } from '@polymarket/clob-client-v2';
import {
  GammaEventsKeysetPageSchema,
  gammaEventsKeysetPath,
  gammaOffsetPath,
  nextOffsetQuery,
  normalizeGammaEvents,
  parseGammaEventsPage,
  parseGammaMarketsPage,
  type GammaEvent,
  type GammaOffsetQuery,
} from '@shared/domain/gamma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from './index.js';
import { eventually, newTrader } from './testing/clob-test-client.js';

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ syntheticFlow: false, seed: 9 });
});
afterAll(async () => {
  await emu.stop();
});

async function gamma(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${emu.gammaUrl}${path}`);
  return { status: res.status, body: (await res.json()) as unknown };
}

/** Every event, offset page by offset page, as a Gamma client pages them. */
async function allEvents(limit: number, filter: Partial<GammaOffsetQuery> = {}) {
  const events: GammaEvent[] = [];
  let pages = 0;
  let query: GammaOffsetQuery | null = { limit, offset: 0, ...filter };
  while (query) {
    const { body } = await gamma(gammaOffsetPath('/events', query));
    const page = parseGammaEventsPage(body);
    expect(page.rejected).toEqual([]);
    events.push(...page.items);
    pages += 1;
    query = nextOffsetQuery(query, page.items.length);
  }
  return { events, pages };
}

const COUNCIL = 'city-council-majority-2028';

describe("Gamma API for the synthetic markets (gammaUrl = restUrl + '/gamma')", () => {
  it('lists every market once inside its event, in shapes the Gamma parsers read', async () => {
    expect(emu.gammaUrl).toBe(`${emu.restUrl}/gamma`);
    const { events, pages } = await allEvents(4);
    expect(pages).toBe(3);
    const normalized = normalizeGammaEvents(events);
    expect(normalized.skipped).toEqual([]);
    expect(normalized.events).toHaveLength(9);
    expect(normalized.markets.map((m) => m.conditionId)).toEqual(
      emu.markets.map((m) => m.conditionId),
    );
    for (const [i, info] of normalized.markets.entries()) {
      const clob = emu.markets[i];
      expect(info.outcomes.map((o) => o.tokenId)).toEqual([clob?.yesTokenId, clob?.noTokenId]);
      expect(info.outcomes.map((o) => o.label)).toEqual(['Yes', 'No']);
      expect(info.question).toBe(clob?.question);
      expect(info.negRisk).toBe(clob?.negRisk);
      expect(info.tickMicros).toBe(Math.round(Number(clob?.tickSize) * 1e6));
      expect(info.tags.length).toBeGreaterThan(0);
      expect(info.endDateMs).toBeGreaterThan(Date.now());
      expect(info.liquidityMicros).toBeGreaterThan(0);
      expect(info.active && !info.closed && info.acceptingOrders && info.enableOrderBook).toBe(
        true,
      );
    }
    expect(emu.markets.slice(0, 7).map((m) => m.slug)).toEqual([
      'fed-cuts-rates-in-december',
      'lunar-lander-touchdown-2027',
      'btc-above-150k-on-march-31',
      'champions-league-final-winner-home',
      'incumbent-wins-city-mayor-race',
      'gpt-next-release-before-july',
      'home-team-covers-spread',
    ]);
  });

  it('has a neg-risk event of five outcomes whose YES prices sum to about 1', async () => {
    const { body, status } = await gamma(`/events/slug/${COUNCIL}`);
    expect(status).toBe(200);
    const [event] = parseGammaEventsPage([body]).items;
    if (!event) throw new Error('event missing');
    const { events } = normalizeGammaEvents([event]);
    const council = events[0];
    expect(council?.title).toBe('Which party wins the 2028 city council majority?');
    expect(council?.negRisk).toBe(true);
    expect(council?.markets).toHaveLength(5);
    const ids = new Set(council?.markets.map((m) => m.negRiskMarketId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toBe(council?.negRiskMarketId);
    expect(council?.markets.map((m) => m.groupItemTitle)).toEqual([
      'Harbour Party',
      'Civic Greens',
      "Workers' Alliance",
      'Liberty League',
      'Independents',
    ]);
    const yes = council?.markets.map((m) => m.outcomes[0]?.priceMicros ?? 0) ?? [];
    const sum = yes.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 1_000_000)).toBeLessThanOrEqual(30_000);
    const byId = await gamma(`/events/${council?.id ?? ''}`);
    expect((byId.body as { slug: string }).slug).toBe(COUNCIL);
  });

  it('keeps the outcomes consistent while the synthetic flow runs', async () => {
    const local = await startEmulator({ seed: 5 });
    try {
      await new Promise((r) => setTimeout(r, 4_000));
      const res = await fetch(`${local.gammaUrl}/events/slug/${COUNCIL}`);
      const { events } = normalizeGammaEvents(parseGammaEventsPage([await res.json()]).items);
      const yes = events[0]?.markets.map((m) => m.outcomes[0]?.priceMicros ?? 0) ?? [];
      expect(yes).toHaveLength(5);
      const sum = yes.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - 1_000_000)).toBeLessThanOrEqual(80_000);
    } finally {
      await local.stop();
    }
  });

  it('pages /events/keyset by cursor to the end', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const { body } = await gamma(gammaEventsKeysetPath({ limit: 4, afterCursor: cursor }));
      const parsed = GammaEventsKeysetPageSchema.parse(body);
      ids.push(...parsed.events.items.map((e) => e.id));
      if (parsed.next_cursor === null) break;
      cursor = parsed.next_cursor;
    }
    expect(ids).toHaveLength(9);
    expect(new Set(ids).size).toBe(9);
    expect((await gamma('/events/keyset?after_cursor=%%%')).status).toBe(400);
  });

  it('filters and sorts as Gamma does: tag, closed, order/ascending', async () => {
    const { events } = await allEvents(100, { tagId: '21' });
    expect(events.map((e) => e.slug)).toEqual([
      'bitcoin-above-150k-on-march-31',
      'bitcoin-up-or-down-10-minutes',
    ]);
    const bySlug = await gamma('/events?tag_slug=elections&limit=10');
    expect((bySlug.body as { slug: string }[]).map((e) => e.slug)).toEqual([
      'city-mayor-race',
      COUNCIL,
    ]);
    const ending = await gamma('/events?limit=3&order=endDate&ascending=true');
    const ends = (ending.body as { endDate: string }[]).map((e) => Date.parse(e.endDate));
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
    expect((ending.body as { slug: string }[])[0]?.slug).toBe('bitcoin-up-or-down-10-minutes');
    const markets = await gamma('/markets?limit=100&order=liquidityNum&ascending=false');
    const liquidity = parseGammaMarketsPage(markets.body).items.map((m) => m.liquidityNum ?? -1);
    expect(liquidity).toHaveLength(emu.markets.length);
    expect(liquidity).toEqual([...liquidity].sort((a, b) => b - a));
    const open = await gamma(gammaOffsetPath('/events', { limit: 100, offset: 0, closed: true }));
    expect(open.body).toEqual([]);
    expect((await gamma('/events?order=nonsense')).status).toBe(400);
    expect((await gamma('/events?closed=maybe')).status).toBe(400);
  });

  it('serves single markets by id and slug, with their event; 404 for unknown ones', async () => {
    const fed = emu.markets[0];
    const bySlug = await gamma(`/markets/slug/${fed?.slug ?? ''}`);
    const [market] = parseGammaMarketsPage([bySlug.body]).items;
    expect(market?.conditionId).toBe(fed?.conditionId);
    expect(market?.events[0]?.title).toBe('Fed decision in December');
    expect(market?.events[0]?.tags.map((t) => t.slug)).toEqual(['economy', 'fed-rates']);
    const byId = await gamma(`/markets/${market?.id ?? ''}`);
    expect((byId.body as { slug: string }).slug).toBe(fed?.slug);
    const byCondition = await gamma(`/markets?condition_ids=${fed?.conditionId ?? ''}`);
    expect((byCondition.body as unknown[]).length).toBe(1);
    expect((await gamma('/markets/1')).status).toBe(404);
    expect((await gamma('/events/slug/no-such-event')).status).toBe(404);
  });

  it("counts the emulator's own trades in volume24hr", async () => {
    const lander = emu.markets.find((m) => m.slug === 'lunar-lander-touchdown-2027');
    if (!lander) throw new Error('lander missing');
    const volume = async (): Promise<number> => {
      const { body } = await gamma(`/markets/slug/${lander.slug}`);
      return (body as { volume24hr: number }).volume24hr;
    };
    const before = await volume();
    const t = await newTrader(emu.restUrl, emu.chainId);
    const book = await t.client.getOrderBook(lander.yesTokenId);
    const ask = Number(book.asks.at(-1)?.price);
    const reply = (await t.client.createAndPostOrder(
      { tokenID: lander.yesTokenId, price: ask, size: 10, side: Side.BUY },
      undefined,
      OrderType.GTC,
    )) as { status?: string };
    expect(reply.status).toBe('matched');
    const after = await eventually(async () => {
      const v = await volume();
      return v > before ? v : undefined;
    });
    expect(after - before).toBeCloseTo(10 * ask, 6);
  });

  it('can be taken down or slowed through its own faults, apart from the CLOB', async () => {
    const set = (patch: object) =>
      fetch(`${emu.restUrl}/_emulator/gamma-faults`, {
        method: 'POST',
        body: JSON.stringify(patch),
      });
    try {
      expect((await set({ down: true })).status).toBe(200);
      expect(await gamma('/events?limit=1')).toEqual({
        status: 503,
        body: { error: 'Service Unavailable' },
      });
      expect((await fetch(`${emu.restUrl}/markets`)).status).toBe(200);
      await set({ down: false, delayMs: 300 });
      const started = Date.now();
      expect((await gamma('/events?limit=1')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect((await set({ delayMs: -1 })).status).toBe(400);
    } finally {
      await set({ down: false, delayMs: 0 });
    }
  });
});
