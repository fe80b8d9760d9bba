import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInfo, MarketInfo } from '@shared/domain/gamma';
import { MarketContextListSchema, PortfolioSnapshotSchema } from '@shared/ipc/contract';
import { microsToDecimal } from '@shared/math/decimal';
import { startPaperHost, type PaperHostRig } from '../tests/paper-host-rig';
import { waitForAsync } from '../tests/wait-for';
import type { Host } from './host';

const SHARE = 1_000_000;
const EVENT_SLUG = 'city-council-majority-2028';

let rig: PaperHostRig;
let host: Host;
let call: PaperHostRig['call'];
let cli: PaperHostRig['cli'];

beforeAll(async () => {
  rig = await startPaperHost('context');
  ({ host, call, cli } = rig);
});

afterAll(async () => {
  await rig.stop();
});

/** The paper exchange's control endpoint, as a test (or the e2e spec) reaches it. */
async function resolveMarket(conditionId: string, winner: 'Yes' | 'No'): Promise<void> {
  const res = await fetch(`${host.info().exchangeUrl}/_emulator/resolve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conditionId, winner }),
  });
  expect(res.status).toBe(200);
}

async function buyYes(market: MarketInfo, shares: number): Promise<void> {
  const tokenId = market.outcomes[0]?.tokenId ?? '';
  const book = await call('market.watch', { tokenId });
  const ask = book?.bestAsk ?? 0;
  expect(ask).toBeGreaterThan(0);
  await call('order.submit', {
    tokenId,
    side: 'BUY',
    strategyType: 'iceberg',
    totalSize: String(shares),
    targetPrice: microsToDecimal(ask),
    maxPrice: microsToDecimal(ask),
    minPrice: '0.01',
    icebergParams: { clipSize: String(shares), allowTaking: true },
  });
}

describe('market context and redeem on the paper exchange', () => {
  let event: EventInfo;

  it('lists Gamma events with their markets, the neg-risk event among them', async () => {
    const list = MarketContextListSchema.parse(await call('market.events', {}));
    expect(list.source).toBe('gamma');
    expect(list.notice).toBeNull();
    const found = list.events.find((e) => e.slug === EVENT_SLUG);
    expect(found?.negRisk).toBe(true);
    expect(found?.markets).toHaveLength(5);
    expect(found?.markets.every((m) => m.eventTitle === found.title && m.negRisk)).toBe(true);
    expect(list.markets.length).toBeGreaterThanOrEqual(13);
    const reply = await call('market.event', { idOrSlug: EVENT_SLUG });
    expect(reply.event?.id).toBe(found?.id);
    if (!reply.event) throw new Error('no event');
    event = reply.event;
    expect((await call('market.event', { idOrSlug: 'no-such-event' })).event).toBeNull();
  });

  it('answers `polydesk events --search` with the event, as text and JSON', async () => {
    const text = await cli('events', '--search', 'council');
    expect(text.code).toBe(0);
    expect(text.out).toContain(event.title);
    expect(text.out).toContain('[neg-risk]');
    expect(text.out).not.toContain('Fed');
    const json = await cli('events', '--search', 'council', '--json');
    const parsed = MarketContextListSchema.parse(JSON.parse(json.out));
    expect(parsed.events.map((e) => e.slug)).toEqual([EVENT_SLUG]);
  });

  it('refuses a redeem before resolution', async () => {
    const conditionId = event.markets[0]?.conditionId ?? '';
    const outcome = await host.dispatcher.dispatch(
      'portfolio.redeem',
      { conditionId },
      { transport: 'web', client: 'test' },
    );
    expect(outcome.ok).toBe(false);
  });

  it('buys two outcomes, resolves the event, marks them redeemable, redeems: cash up, flat', async () => {
    const [winner, loser, ...others] = event.markets;
    if (!winner || !loser) throw new Error('event without markets');
    await buyYes(winner, 5);
    await buyYes(loser, 5);
    const held = async (): Promise<boolean> => {
      const s = await call('portfolio.get', {});
      return (
        s.positions.filter((p) => p.confirmedMicros === 5 * SHARE && p.exchangeMicros === 5 * SHARE)
          .length === 2
      );
    };
    await waitForAsync(held, 'both positions', 20_000);
    const before = await call('portfolio.get', {});
    const winnerCost =
      before.positions.find((p) => p.tokenId === winner.outcomes[0]?.tokenId)?.costBasisMicros ?? 0;
    const loserCost =
      before.positions.find((p) => p.tokenId === loser.outcomes[0]?.tokenId)?.costBasisMicros ?? 0;

    await resolveMarket(winner.conditionId, 'Yes');
    for (const market of [loser, ...others]) await resolveMarket(market.conditionId, 'No');
    await waitForAsync(
      async () => {
        const s = await call('portfolio.get', {});
        return s.positions.filter((p) => p.resolution?.redeemable).length === 2;
      },
      'the resolution',
      15_000,
    );
    const resolved = PortfolioSnapshotSchema.parse(await call('portfolio.get', {}));
    const winning = resolved.positions.find((p) => p.tokenId === winner.outcomes[0]?.tokenId);
    const losing = resolved.positions.find((p) => p.tokenId === loser.outcomes[0]?.tokenId);
    expect(winning?.resolution).toMatchObject({
      won: true,
      payoutMicros: 5 * SHARE,
      redeemVia: 'paper-exchange',
      note: null,
    });
    expect(losing?.resolution).toMatchObject({ won: false, payoutMicros: 0 });
    expect(winning?.valueAtBidMicros).toBe(5 * SHARE);
    expect(losing?.unrealizedAtMicroMicros).toBe(-loserCost);
    const cashBefore = resolved.cash?.balanceMicros ?? 0;

    const paid = await call('portfolio.redeem', { conditionId: winner.conditionId });
    expect(paid.payoutMicros).toBe(5 * SHARE);
    const text = await cli('redeem', loser.conditionId);
    expect(text.code).toBe(0);
    expect(text.out).toContain('0 pUSD credited');

    await waitForAsync(
      async () => {
        const s = await call('portfolio.get', {});
        return s.positions.every((p) => p.heldMicros === 0);
      },
      'the redeem',
      10_000,
    );
    const after = await call('portfolio.get', {});
    expect(after.cash?.balanceMicros).toBe(cashBefore + 5 * SHARE);
    expect(after.warnings).toEqual([]);
    const win = after.positions.find((p) => p.tokenId === winner.outcomes[0]?.tokenId);
    const lose = after.positions.find((p) => p.tokenId === loser.outcomes[0]?.tokenId);
    expect(win?.realizedPnlMicros).toBe(5 * SHARE - winnerCost);
    expect(lose?.realizedPnlMicros).toBe(-loserCost);
    expect(win?.resolution?.redeemable).toBe(false);
  }, 60_000);
});
