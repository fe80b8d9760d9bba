import { describe, expect, it } from 'vitest';
import type { MarketSummary } from '../exchange/exchange-port';
import { silentLogger } from '../host/logger';
import { MarketDirectory } from './market-directory';

function market(id: string, flags: Partial<MarketSummary> = {}): MarketSummary {
  return {
    conditionId: id,
    question: `Q ${id}?`,
    slug: id,
    tokens: [{ tokenId: `${id}1`, outcome: 'Yes' }],
    tickSize: '0.01',
    tickMicros: 10_000,
    minOrderSizeMicros: 5_000_000,
    negRisk: false,
    active: true,
    closed: false,
    acceptingOrders: true,
    ...flags,
  } as MarketSummary;
}

describe('MarketDirectory', () => {
  it('lists only tradable markets, pages the exchange once per period, shares a fetch', async () => {
    let now = 0;
    let fetches = 0;
    const all = [
      market('a'),
      market('b', { closed: true }),
      market('c', { acceptingOrders: false }),
      market('d', { active: false }),
    ];
    const directory = new MarketDirectory(
      () => {
        fetches++;
        return new Promise((resolve) => setTimeout(() => resolve(all), 5));
      },
      silentLogger(),
      () => now,
      60_000,
    );
    const [first, second] = await Promise.all([directory.list(), directory.list()]);
    expect(first.map((m) => m.conditionId)).toEqual(['a']);
    expect(second).toBe(first);
    expect(fetches).toBe(1);
    now = 59_999;
    await directory.list();
    expect(fetches).toBe(1);
    // Past the period the list still comes at once; the refresh runs behind it.
    now = 60_000;
    all.push(market('e'));
    expect((await directory.list()).map((m) => m.conditionId)).toEqual(['a']);
    expect(fetches).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await directory.list()).map((m) => m.conditionId)).toEqual(['a', 'e']);
    expect(fetches).toBe(2);
  });

  it('keeps the last good list when a refresh fails, and fails when there is none', async () => {
    let now = 0;
    let fail = true;
    const directory = new MarketDirectory(
      () => (fail ? Promise.reject(new Error('exchange down')) : Promise.resolve([market('a')])),
      silentLogger(),
      () => now,
      1_000,
    );
    await expect(directory.list()).rejects.toThrow('exchange down');
    fail = false;
    expect(await directory.list()).toHaveLength(1);
    fail = true;
    now = 5_000;
    expect(await directory.list()).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await directory.list()).toHaveLength(1);
  });
});
