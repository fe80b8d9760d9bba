import { describe, expect, it } from 'vitest';
import type { EventInfo } from '@shared/domain/gamma';
import type { MarketListItem } from '@shared/domain/market';
import type { GammaEventList, GammaLookup, MarketContext } from '../exchange/exchange-port';
import { EventDirectory } from './event-directory';
import { silentLogger } from './logger';

const CLOB_MARKET: MarketListItem = {
  conditionId: '0xabc',
  question: 'Will it rain?',
  slug: 'rain',
  tokens: [
    { tokenId: '1', outcome: 'Yes' },
    { tokenId: '2', outcome: 'No' },
  ],
  tickMicros: 10_000,
  minOrderSizeMicros: 5_000_000,
  negRisk: false,
  bestBid: 400_000,
  bestAsk: 420_000,
  lastPrice: null,
};

const EVENT: EventInfo = {
  id: '9',
  slug: 'weather',
  title: 'Weather',
  description: null,
  endDateMs: null,
  volume24hMicros: 0,
  liquidityMicros: 0,
  tags: [],
  negRisk: false,
  negRiskMarketId: null,
  markets: [],
};

function context(answers: GammaLookup<GammaEventList>[]): MarketContext & { asked: number } {
  const ctx = {
    asked: 0,
    gammaUrl: 'http://gamma',
    redeemVia: 'paper-exchange' as const,
    listEvents: () => {
      const answer = answers[Math.min(ctx.asked, answers.length - 1)];
      ctx.asked += 1;
      if (!answer) throw new Error('no answer');
      return Promise.resolve(answer);
    },
    getEvent: () => Promise.resolve({ kind: 'ok' as const, value: null }),
    redeem: () => Promise.reject(new Error('not here')),
  };
  return ctx;
}

const DOWN: GammaLookup<GammaEventList> = {
  kind: 'unavailable',
  reason: 'HTTP 503',
  notice: 'Gamma is unavailable: the CLOB list is shown.',
};
const UP: GammaLookup<GammaEventList> = {
  kind: 'ok',
  value: { events: [EVENT], markets: [], skipped: [], rejectedEvents: 0 },
};

describe('EventDirectory', () => {
  it("answers the CLOB's markets with Gamma's notice while Gamma is down, and tries again sooner", async () => {
    let now = 0;
    const ctx = context([DOWN, UP]);
    const seen: EventInfo[][] = [];
    const directory = new EventDirectory({
      context: ctx,
      clobMarkets: () => Promise.resolve([CLOB_MARKET]),
      logger: silentLogger(),
      onEvents: (events) => seen.push([...events]),
      now: () => now,
      refreshMs: 60_000,
      retryMs: 10_000,
    });
    const down = await directory.list();
    expect(down).toMatchObject({ source: 'clob', notice: DOWN.notice, events: [] });
    expect(down.markets[0]).toMatchObject({
      conditionId: '0xabc',
      question: 'Will it rain?',
      eventTitle: null,
      outcomes: [
        { label: 'Yes', tokenId: '1' },
        { label: 'No', tokenId: '2' },
      ],
      bestBidMicros: 400_000,
    });
    now = 5_000;
    await directory.list();
    expect(ctx.asked).toBe(1);
    now = 10_000;
    // Stale: the last list at once, Gamma asked again in the background.
    expect((await directory.list()).source).toBe('clob');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ctx.asked).toBe(2);
    const up = await directory.list();
    expect(up).toMatchObject({ source: 'gamma', notice: null, events: [EVENT] });
    expect(seen).toEqual([[EVENT]]);
    now = 30_000;
    await directory.list();
    expect(ctx.asked).toBe(2);
  });

  it('says so when one event cannot be read', async () => {
    const ctx = context([UP]);
    ctx.getEvent = () => Promise.resolve(DOWN);
    const directory = new EventDirectory({
      context: ctx,
      clobMarkets: () => Promise.resolve([]),
      logger: silentLogger(),
    });
    await expect(directory.event('weather')).resolves.toEqual({ event: null, notice: DOWN.notice });
  });
});
