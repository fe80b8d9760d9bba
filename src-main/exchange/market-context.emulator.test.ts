import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle, type EmulatorMarketInfo } from '../emulator/index';
import { silentLogger } from '../host/logger';
import { MarketMonitor } from '../market/market-monitor';
import { createClobExchange, type ClobExchange, type ClobExchangeConfig } from './clob-adapter';
import type { MarketResolvedEvent } from './exchange-port';
import { LIVE_GAMMA_URL } from './gamma-client';
import { LIVE_REDEEM_MESSAGE, RedeemNotSubmittedError } from './redeem';
import { must, waitFor } from './ws-test-server';

/** Hardhat key #2: a paper wallet (the emulator funds new addresses). */
const KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';

let emulator: EmulatorHandle;
const opened: ClobExchange[] = [];

async function exchange(extra: Partial<ClobExchangeConfig> = {}): Promise<ClobExchange> {
  const ex = await createClobExchange({
    restUrl: emulator.restUrl,
    wsUrl: emulator.wsUrl,
    chainId: 137,
    privateKey: KEY,
    gammaUrl: emulator.gammaUrl,
    paperExchange: true,
    requestTimeoutMs: 5_000,
    ...extra,
  });
  opened.push(ex);
  return ex;
}

function market(slug: string): EmulatorMarketInfo {
  return must(
    emulator.markets.find((m) => m.slug === slug),
    slug,
  );
}

async function gammaFaults(patch: object): Promise<void> {
  await fetch(`${emulator.restUrl}/_emulator/gamma-faults`, {
    method: 'POST',
    body: JSON.stringify(patch),
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: 12, syntheticFlow: false });
});
afterEach(async () => {
  await gammaFaults({ down: false, delayMs: 0 });
  while (opened.length > 0) await opened.pop()?.close();
});
afterAll(async () => {
  await emulator.stop();
});

describe('market context through the adapter (paper exchange)', () => {
  it("reads the paper exchange's Gamma events, every CLOB market among them", async () => {
    const ex = await exchange();
    expect(ex.gammaUrl).toBe(emulator.gammaUrl);
    const events = await ex.listEvents();
    if (events.kind !== 'ok') throw new Error(events.reason);
    expect(events.value.markets.map((m) => m.conditionId)).toEqual(
      emulator.markets.map((m) => m.conditionId),
    );
    const council = must(
      events.value.events.find((e) => e.slug === 'city-council-majority-2028'),
      'council event',
    );
    expect(council.negRisk).toBe(true);
    expect(council.markets.length).toBeGreaterThanOrEqual(4);
    const one = await ex.getEvent(council.id);
    expect(one.kind === 'ok' && one.value?.title).toBe(council.title);
  });

  it('falls back to the CLOB market list with a notice when Gamma is down or slow', async () => {
    const ex = await exchange({ gammaTimeoutMs: 200 });
    await gammaFaults({ down: true });
    const down = await ex.listEvents();
    expect(down).toMatchObject({ kind: 'unavailable', reason: 'HTTP 503' });
    expect(down.kind === 'unavailable' && down.notice).toContain("exchange's own market data");
    expect(await ex.listMarkets()).toHaveLength(emulator.markets.length);
    await gammaFaults({ down: false, delayMs: 1_000 });
    expect(await ex.listEvents()).toMatchObject({
      kind: 'unavailable',
      reason: 'no answer within 200 ms',
    });
  });

  it('passes market_resolved on, refuses an early redeem, then redeems the winning shares', async () => {
    const ex = await exchange();
    const fed = market('fed-cuts-rates-in-december');
    const resolved: MarketResolvedEvent[] = [];
    const sub = ex.subscribeBook(fed.yesTokenId, {
      onBook: () => undefined,
      onMarketResolved: (e) => resolved.push(e),
    });
    await waitFor(() => sub.current() !== undefined, 'first book');
    const ask = must(sub.current()?.asks[0], 'an ask').price;
    const order = await ex.prepareOrder({
      tokenId: fed.yesTokenId,
      side: 'BUY',
      priceMicros: ask,
      sizeMicros: 20_000_000,
      timeInForce: 'FOK',
    });
    expect((await ex.submitPrepared(order)).kind).toBe('accepted');
    let shares = 0;
    for (let i = 0; i < 100 && shares === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      shares = (await ex.getConditionalBalance(fed.yesTokenId)).balanceMicros;
    }
    expect(shares).toBeGreaterThanOrEqual(20_000_000);

    await expect(ex.redeem(fed.conditionId)).rejects.toMatchObject({
      code: 'EXCHANGE_REJECTED',
      message: expect.stringContaining('not resolved yet') as unknown,
    });
    expect(emulator.resolve(fed.conditionId, 'Yes')).toBe(true);
    await waitFor(() => resolved.length > 0, 'market_resolved');
    expect(resolved[0]).toMatchObject({
      conditionId: fed.conditionId,
      tokenId: fed.yesTokenId,
      winningTokenId: fed.yesTokenId,
      winningOutcome: 'Yes',
    });

    const cash = (await ex.getCollateralBalance()).balanceMicros;
    const outcome = await ex.redeem(fed.conditionId);
    expect(outcome).toMatchObject({
      conditionId: fed.conditionId,
      winningTokenId: fed.yesTokenId,
      payoutMicros: shares,
      burned: [{ tokenId: fed.yesTokenId, sharesMicros: shares }],
    });
    expect((await ex.getCollateralBalance()).balanceMicros).toBe(cash + shares);
    expect((await ex.getConditionalBalance(fed.yesTokenId)).balanceMicros).toBe(0);
    expect((await ex.redeem(fed.conditionId)).payoutMicros).toBe(0);
    await expect(ex.redeem(`0x${'cd'.repeat(32)}`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    sub.unsubscribe();
  });
});

describe('market_resolved through the market monitor', () => {
  it('is passed on once per market, however many of its tokens are monitored', async () => {
    const ex = await exchange();
    const monitor = new MarketMonitor({ exchange: ex, logger: silentLogger() });
    try {
      const lander = market('lunar-lander-touchdown-2027');
      const seen: MarketResolvedEvent[] = [];
      monitor.onMarketResolved((e) => seen.push(e));
      await monitor.startMonitoring(lander.yesTokenId);
      await monitor.startMonitoring(lander.noTokenId);
      expect(emulator.resolve(lander.conditionId, 'No')).toBe(true);
      await waitFor(() => seen.length > 0, 'resolution passed on');
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ conditionId: lander.conditionId, winningOutcome: 'No' });
      expect(monitor.resolvedMarkets().map((e) => e.conditionId)).toEqual([lander.conditionId]);
    } finally {
      await monitor.stop();
    }
  });
});

describe('market context in live mode', () => {
  it("reads Polymarket's Gamma and never submits a redeem, saying so", async () => {
    const ex = await createClobExchange({
      restUrl: emulator.restUrl,
      wsUrl: emulator.wsUrl,
      chainId: 137,
      privateKey: KEY,
    });
    opened.push(ex);
    expect(ex.gammaUrl).toBe(LIVE_GAMMA_URL);
    expect(ex.redeemVia).toBe('not-submitted');
    const refused = ex.redeem(market('fed-cuts-rates-in-december').conditionId);
    await expect(refused).rejects.toBeInstanceOf(RedeemNotSubmittedError);
    await expect(refused).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: LIVE_REDEEM_MESSAGE,
    });
    expect(LIVE_REDEEM_MESSAGE).toMatch(/^Polydesk does not submit the redeem transaction\./);
  });
});
