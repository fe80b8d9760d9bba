import { describe, expect, it } from 'vitest';
import { MatchingEngine } from '../engine/matching-engine.js';
import { AgentFlow } from './agent-flow.js';
import { syntheticEvents } from './synthetic-events.js';
import { COUNCIL_GROUP, syntheticMarkets } from './synthetic-markets.js';

function run(seed: number, steps: number) {
  let now = 1_800_000_000_000;
  const engine = new MatchingEngine({ now: () => now, autoFundMicros: 0n });
  const markets = syntheticMarkets();
  for (const m of markets) engine.addMarket(m.spec);
  const flow = new AgentFlow(engine, markets, seed);
  flow.seedBooks();
  for (let i = 0; i < steps; i++) {
    now += 150;
    flow.step();
    engine.advanceSettlement(now);
  }
  return { engine, markets };
}

describe('synthetic markets', () => {
  it('define at least six distinct markets with Polymarket-shaped ids', () => {
    const markets = syntheticMarkets();
    expect(markets.length).toBeGreaterThanOrEqual(6);
    expect(new Set(markets.map((m) => m.spec.slug)).size).toBe(markets.length);
    for (const { spec } of markets) {
      expect(spec.conditionId).toMatch(/^0x[0-9a-f]{64}$/);
      expect(spec.yesTokenId).toMatch(/^\d{70,78}$/);
      expect(spec.noTokenId).not.toBe(spec.yesTokenId);
    }
    const ticks = new Set(markets.map((m) => m.spec.tickMicros));
    expect(ticks).toEqual(new Set([10_000, 1_000, 5_000]));
  });
});

describe('AgentFlow', () => {
  it('replays exactly for one seed and differs for another', () => {
    const a = run(42, 300);
    const b = run(42, 300);
    const c = run(43, 300);
    const books = (r: ReturnType<typeof run>) =>
      r.markets.map((m) => r.engine.bookView(m.spec.yesTokenId));
    expect(books(a)).toEqual(books(b));
    expect(a.engine.trades().length).toBe(b.engine.trades().length);
    expect(books(a)).not.toEqual(books(c));
  });

  it('keeps two-sided, uncrossed books and trades in every market', () => {
    const { engine, markets } = run(7, 400);
    for (const { spec } of markets) {
      const { bid, ask } = engine.bestBidAsk(spec.yesTokenId);
      expect(bid, spec.slug).not.toBeNull();
      expect(ask, spec.slug).not.toBeNull();
      expect((ask as number) > (bid as number), spec.slug).toBe(true);
    }
    const traded = new Set(engine.trades().map((t) => t.conditionId));
    expect(traded.size).toBe(markets.length);
  });

  it('gives each market its behaviour: tight, thin, trending, pinned', () => {
    const { engine, markets } = run(5, 1500);
    const by = (slug: string) => markets.find((m) => m.spec.slug === slug)?.spec;
    const spreadTicks = (slug: string) => {
      const spec = by(slug);
      if (!spec) throw new Error(slug);
      const { bid, ask } = engine.bestBidAsk(spec.yesTokenId);
      return ((ask as number) - (bid as number)) / spec.tickMicros;
    };
    expect(spreadTicks('fed-cuts-rates-in-december')).toBeLessThanOrEqual(3);
    expect(spreadTicks('lunar-lander-touchdown-2027')).toBeGreaterThanOrEqual(
      spreadTicks('fed-cuts-rates-in-december'),
    );
    const trend = by('btc-above-150k-on-march-31');
    const trendBid = engine.bestBidAsk(trend?.yesTokenId ?? '').bid as number;
    expect(trendBid).toBeGreaterThan(450_000);
    const pinned = by('incumbent-wins-city-mayor-race');
    const pinnedBid = engine.bestBidAsk(pinned?.yesTokenId ?? '').bid as number;
    expect(pinnedBid).toBeGreaterThan(900_000);
    const depth = (slug: string) => {
      const v = engine.bookView(by(slug)?.yesTokenId ?? '');
      return [...(v?.bids ?? []), ...(v?.asks ?? [])].reduce((s, l) => s + l.sizeMicros, 0n);
    };
    expect(depth('fed-cuts-rates-in-december')).toBeGreaterThan(
      depth('lunar-lander-touchdown-2027') * 10n,
    );
  });
});

describe('AgentFlow tick rule', () => {
  it('moves a 0.01 market trading above 0.96 to the 0.001 tick', () => {
    const engine = new MatchingEngine({ autoFundMicros: 0n });
    const markets = syntheticMarkets().filter((m) => m.spec.slug === 'fed-cuts-rates-in-december');
    const m = markets[0];
    if (!m) throw new Error('market missing');
    const pinnedHigh = {
      ...m,
      behaviour: { ...m.behaviour, startMicros: 975_000, volatilityMicros: 0 },
    };
    engine.addMarket(pinnedHigh.spec);
    const ticks: number[] = [];
    engine.on((e) => {
      if (e.kind === 'tick_size') ticks.push(e.newTickMicros);
    });
    const flow = new AgentFlow(engine, [pinnedHigh], 1);
    flow.seedBooks();
    flow.step();
    expect(ticks).toEqual([1_000]);
    expect(engine.market(m.spec.conditionId)?.tickMicros).toBe(1_000);
    flow.step();
    expect(ticks).toEqual([1_000]);
  });
});

describe('markets added after the first seven', () => {
  function runWith(markets: ReturnType<typeof syntheticMarkets>, steps: number) {
    let now = 1_800_000_000_000;
    const engine = new MatchingEngine({ now: () => now, autoFundMicros: 0n });
    for (const m of markets) engine.addMarket(m.spec);
    const flow = new AgentFlow(engine, markets, 11);
    flow.seedBooks();
    for (let i = 0; i < steps; i++) {
      now += 150;
      flow.step();
      engine.advanceSettlement(now);
    }
    return { engine, flow };
  }

  it("leave the first seven's replay unchanged", () => {
    const all = syntheticMarkets();
    const firstSeven = all.slice(0, 7);
    const withAll = runWith(all, 300);
    const alone = runWith(firstSeven, 300);
    for (const { spec } of firstSeven) {
      expect(withAll.engine.bookView(spec.yesTokenId), spec.slug).toEqual(
        alone.engine.bookView(spec.yesTokenId),
      );
    }
  });

  it('keep the neg-risk outcomes of one event summing to 1', () => {
    const all = syntheticMarkets();
    const council = all.filter((m) => m.negRiskGroup === COUNCIL_GROUP);
    expect(council.length).toBeGreaterThanOrEqual(4);
    expect(new Set(council.map((m) => m.spec.negRiskMarketId)).size).toBe(1);
    expect(council.every((m) => m.spec.negRisk)).toBe(true);
    const { engine, flow } = runWith(all, 1_000);
    const fairs = council.map((m) => flow.fairValue(m.spec.conditionId) ?? 0);
    expect(fairs.reduce((a, b) => a + b, 0)).toBeCloseTo(1_000_000, -1);
    const mids = council.map((m) => {
      const { bid, ask } = engine.bestBidAsk(m.spec.yesTokenId);
      return ((bid ?? 0) + (ask ?? 0)) / 2;
    });
    expect(Math.abs(mids.reduce((a, b) => a + b, 0) - 1_000_000)).toBeLessThan(60_000);
  });

  it('put every market in exactly one event', () => {
    const markets = syntheticMarkets();
    const events = syntheticEvents(markets, null);
    const ids = events.flatMap((e) => e.conditionIds);
    expect(ids).toEqual(markets.map((m) => m.spec.conditionId));
    expect(events.filter((e) => e.conditionIds.length > 1).map((e) => e.slug)).toEqual([
      COUNCIL_GROUP,
    ]);
  });

  it('stop trading a resolved market', () => {
    const all = syntheticMarkets();
    const { engine, flow } = runWith(all, 10);
    const fed = all[0]?.spec;
    if (!fed) throw new Error('fed missing');
    engine.resolve(fed.conditionId, fed.yesTokenId);
    const trades = engine.trades().filter((t) => t.conditionId === fed.conditionId).length;
    for (let i = 0; i < 50; i++) flow.step();
    expect(engine.trades().filter((t) => t.conditionId === fed.conditionId)).toHaveLength(trades);
    expect(engine.openOrders().filter((o) => o.conditionId === fed.conditionId)).toEqual([]);
  });
});
