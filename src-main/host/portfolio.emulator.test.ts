import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketListItem } from '@shared/domain/market';
import type { CallName, CallParams, CallResult, PortfolioSnapshot } from '@shared/ipc/contract';
import { PortfolioSnapshotSchema } from '@shared/ipc/contract';
import { microsToDecimal } from '@shared/math/decimal';
import { runCli } from '../cli/polydesk';
import { startWebServer } from '../transport/web-server';
import type { WebServer } from '../transport/web-server';
import { ConfigSchema } from './config';
import { connectExchangeForMode } from './exchange-link';
import { Host } from './host';
import { silentLogger } from './logger';

const context = { transport: 'web', client: 'test' } as const;
const SHARE = 1_000_000;

let host: Host;
let web: WebServer;
const events: PortfolioSnapshot[] = [];

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'polydesk-portfolio-'));
  const config = ConfigSchema.parse({ paper: { syntheticFlow: false, timing: 'prompt' } });
  host = await Host.start({
    config,
    logger: silentLogger(),
    connectExchange: (cfg, log, credentials) =>
      connectExchangeForMode(cfg, log, dataDir, credentials, {}),
  });
  host.events.subscribe((name, payload) => {
    if (name === 'portfolio') events.push(payload as PortfolioSnapshot);
  });
  web = await startWebServer({
    dispatcher: host.dispatcher,
    events: host.events,
    logger: silentLogger(),
  });
});

afterAll(async () => {
  await web.close();
  await host.stop();
});

async function call<N extends CallName>(name: N, params: CallParams<N>): Promise<CallResult<N>> {
  const outcome = await host.dispatcher.dispatch(name, params, context);
  if (!outcome.ok) throw new Error(`${name}: ${outcome.error.message}`);
  return outcome.result as CallResult<N>;
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('portfolio did not get there in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await runCli(['--url', web.origin, '--host-token', web.token, ...args], {
    out: (t) => out.push(t),
    err: (t) => out.push(t),
  });
  return { code, out: out.join('\n') };
}

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
    await until(async () => {
      const position = (await call('portfolio.get', {})).positions[0];
      return position?.confirmedMicros === 5 * SHARE;
    }, 15_000);
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
    await until(
      async () => (await call('portfolio.get', {})).positions[0]?.exchangeMicros === 5 * SHARE,
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
