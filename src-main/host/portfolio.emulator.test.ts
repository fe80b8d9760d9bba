import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketListItem } from '@shared/domain/market';
import type { PortfolioSnapshot } from '@shared/ipc/contract';
import { PortfolioSnapshotSchema } from '@shared/ipc/contract';
import { microsToDecimal } from '@shared/math/decimal';
import { startPaperHost, type PaperHostRig } from '../tests/paper-host-rig';
import { waitForAsync } from '../tests/wait-for';
import type { Host } from './host';

const SHARE = 1_000_000;

let rig: PaperHostRig;
let host: Host;
let call: PaperHostRig['call'];
let cli: PaperHostRig['cli'];
const events: PortfolioSnapshot[] = [];

beforeAll(async () => {
  rig = await startPaperHost('portfolio');
  ({ host, call, cli } = rig);
  host.events.subscribe((name, payload) => {
    if (name === 'portfolio') events.push(payload as PortfolioSnapshot);
  });
});

afterAll(async () => {
  await rig.stop();
});

describe('the portfolio on the paper exchange', () => {
  let market: MarketListItem;
  let tokenId: string;

  it('shows a bought position, pending then confirmed, valued at the book, with its trade', async () => {
    const { markets } = await call('market.list', {});
    const found = markets.find((m) => m.slug === 'fed-cuts-rates-in-december');
    if (!found) throw new Error('no liquid market');
    market = found;
    tokenId = market.tokens[0]?.tokenId ?? '';
    const book = await call('market.watch', { tokenId });
    const ask = book?.bestAsk ?? 0;
    expect(ask).toBeGreaterThan(0);
    const before = await call('portfolio.get', {});
    const cashBefore = before.cash?.balanceMicros ?? 0;
    expect(cashBefore).toBeGreaterThan(0);

    // An iceberg that takes: one clip of 5 sent at the ask.
    await call('order.submit', {
      tokenId,
      side: 'BUY',
      strategyType: 'iceberg',
      totalSize: '5',
      targetPrice: microsToDecimal(ask),
      maxPrice: microsToDecimal(ask),
      minPrice: '0.01',
      icebergParams: { clipSize: '5', allowTaking: true },
    });
    await waitForAsync(
      async () => {
        const position = (await call('portfolio.get', {})).positions[0];
        return position?.confirmedMicros === 5 * SHARE;
      },
      'the position',
      15_000,
    );
    const snapshot = PortfolioSnapshotSchema.parse(await call('portfolio.get', {}));
    const [position] = snapshot.positions;
    expect(position).toMatchObject({
      tokenId,
      question: market.question,
      outcome: market.tokens[0]?.outcome,
      heldMicros: 5 * SHARE,
      pendingBuyMicros: 0,
    });
    expect(position?.avgCostMicros).toBeGreaterThanOrEqual(ask);
    expect(position?.bestBidMicros).not.toBeNull();
    expect(position?.unrealizedAtBidMicros).not.toBeNull();
    // A pending report came first: the position was shown before it was confirmed.
    expect(events.some((e) => e.positions[0]?.pendingBuyMicros === 5 * SHARE)).toBe(true);
    // Balance and our fills agree once read; cash went down by what the shares cost.
    await waitForAsync(
      async () => (await call('portfolio.get', {})).positions[0]?.exchangeMicros === 5 * SHARE,
      'the exchange balance',
      10_000,
    );
    const settled = await call('portfolio.get', {});
    expect(settled.warnings).toEqual([]);
    expect(settled.cash?.balanceMicros).toBe(cashBefore - (position?.costBasisMicros ?? 0));
    const { trades, total } = await call('portfolio.trades', { tokenId, limit: 10 });
    expect(total).toBe(1);
    expect(trades[0]).toMatchObject({
      side: 'BUY',
      sizeMicros: 5 * SHARE,
      status: 'CONFIRMED',
      role: 'TAKER',
    });
  }, 30_000);

  it('answers the CLI: positions and trades, as text and as JSON', async () => {
    const json = await cli('positions', '--json');
    expect(json.code).toBe(0);
    const parsed = PortfolioSnapshotSchema.parse(JSON.parse(json.out));
    expect(parsed.positions[0]?.heldMicros).toBe(5 * SHARE);
    const text = await cli('positions');
    expect(text.code).toBe(0);
    expect(text.out).toContain(market.question);
    expect(text.out).toMatch(/cash\s+[\d.]+ USDC: [\d.]+ USDC free/);
    const trades = await cli('trades', '--token', tokenId, '--limit', '1', '--json');
    expect(trades.code).toBe(0);
    expect(JSON.parse(trades.out)).toMatchObject({ total: 1, trades: [{ side: 'BUY' }] });
    const table = await cli('trades');
    expect(table.out).toMatch(/BUY\s+0\.\d+\s+5\s+CONFIRMED/);
    expect((await cli('trades', '--limit', '0')).code).toBe(2);
    expect((await cli('trades', '--token', 'abc')).code).toBe(4);
  }, 20_000);
});
