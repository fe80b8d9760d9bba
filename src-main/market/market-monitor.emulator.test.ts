import { MarketSnapshotSchema, type MarketSnapshot } from '@shared/domain/market';
import { calculateMicroPrice, calculateThresholdBands, bookFromView } from '@shared/math/index';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type EmulatorHandle, type EmulatorMarketInfo } from '../emulator/index';
import { createClobExchange } from '../exchange/index';
import type { Exchange } from '../exchange/index';
import { silentLogger } from '../host/logger';
import { MarketMonitor } from './market-monitor';

let emulator: EmulatorHandle;
let markets: EmulatorMarketInfo[];
let exchange: Exchange;
let monitor: MarketMonitor;

const WAIT = { timeout: 15_000, interval: 50 };

async function setFlow(enabled: boolean): Promise<void> {
  const reply = await fetch(`${emulator.restUrl}/_emulator/flow`, {
    method: 'POST',
    body: JSON.stringify({ enabled }),
  });
  expect(reply.ok).toBe(true);
}

async function setTick(conditionId: string, tickSize: string): Promise<void> {
  const reply = await fetch(`${emulator.restUrl}/_emulator/tick-size`, {
    method: 'POST',
    body: JSON.stringify({ conditionId, tickSize }),
  });
  expect(reply.ok).toBe(true);
}

function market(i: number): EmulatorMarketInfo {
  const found = markets[i];
  if (!found) throw new Error(`the emulator has no market #${i}`);
  return found;
}

/** The monitor's snapshot shows the exchange's book as REST serves it (top 15 levels). */
async function matchesRest(tokenId: string): Promise<void> {
  const rest = await exchange.getBook(tokenId);
  const snap = monitor.getSnapshot(tokenId);
  expect(snap?.bids).toEqual(rest.bids.slice(0, 15));
  expect(snap?.asks).toEqual(rest.asks.slice(0, 15));
  expect(snap?.stale).toBe(false);
}

/** What every snapshot must satisfy, whatever the book. */
function expectConsistent(snap: MarketSnapshot): void {
  expect(MarketSnapshotSchema.safeParse(snap).success).toBe(true);
  const micro = calculateMicroPrice(bookFromView(snap));
  expect(snap.microPrice).toBe(micro);
  if (micro !== null) {
    const bands = calculateThresholdBands(micro, snap.tickMicros, 50);
    expect(snap.microPriceLowerBand).toBe(bands.lowerMicros);
    expect(snap.microPriceUpperBand).toBe(bands.upperMicros);
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: 11, syntheticFlow: true });
  markets = emulator.markets;
  exchange = await createClobExchange({
    restUrl: emulator.restUrl,
    wsUrl: emulator.wsUrl,
    chainId: 137,
    pollIntervalMs: 100,
    stallCheckIntervalMs: 300,
    stallGraceMs: 200,
    snapshotTimeoutMs: 1_000,
    pingIntervalMs: 200,
    pongTimeoutMs: 1_000,
    backoffInitialMs: 400,
    backoffMaxMs: 800,
  });
});

afterEach(async () => {
  await monitor.stop();
  emulator.faults.stallStreams(false);
  await setFlow(true);
});

afterAll(async () => {
  await exchange.close();
  await emulator.stop();
});

describe('MarketMonitor on the paper exchange', () => {
  it('watches a synthetic market and its snapshots move with the book', async () => {
    monitor = new MarketMonitor({ exchange, logger: silentLogger() });
    const seen: MarketSnapshot[] = [];
    monitor.onSnapshot((s) => seen.push(s));
    const { yesTokenId, conditionId } = market(0);
    const first = await monitor.startMonitoring(yesTokenId);
    expect(first).toMatchObject({ tokenId: yesTokenId, conditionId, stale: false });
    expect(first?.microPrice).not.toBeNull();
    expect(monitor.streamState()).toBe('live');
    await vi.waitFor(() => {
      const micros = new Set(seen.map((s) => `${s.microPrice}:${s.bestBid}:${s.bestAsk}`));
      expect(micros.size).toBeGreaterThanOrEqual(3);
    }, WAIT);
    for (const snap of seen) expectConsistent(snap);
    expect(seen.every((s) => s.source === 'stream' || s.source === 'rest')).toBe(true);
    await setFlow(false);
    await vi.waitFor(() => matchesRest(yesTokenId), WAIT);
    const listed = await monitor.listMarkets();
    expect(listed.find((m) => m.conditionId === conditionId)?.bestBid).toBe(
      monitor.getSnapshot(yesTokenId)?.bestBid,
    );
  });

  it('leaves live when the streams drop, serves polled books, and comes back correct', async () => {
    monitor = new MarketMonitor({ exchange, logger: silentLogger(), staleAfterMs: 1_500 });
    const seen: MarketSnapshot[] = [];
    const tokenId = market(1).yesTokenId;
    await monitor.startMonitoring(tokenId);
    await vi.waitFor(() => expect(monitor.streamState()).toBe('live'), WAIT);
    monitor.onSnapshot((s) => seen.push(s));
    emulator.faults.disconnectStreams();
    await vi.waitFor(() => expect(monitor.streamState()).not.toBe('live'), WAIT);
    await vi.waitFor(() => expect(seen.some((s) => s.source === 'poll')).toBe(true), WAIT);
    await vi.waitFor(() => {
      expect(monitor.streamState()).toBe('live');
      expect(monitor.getSnapshot(tokenId)?.source).toBe('stream');
    }, WAIT);
    for (const snap of seen) expectConsistent(snap);
    await setFlow(false);
    await vi.waitFor(() => matchesRest(tokenId), WAIT);
  });

  it('flags a silently stalled stream stale and recovers when it resumes', async () => {
    monitor = new MarketMonitor({ exchange, logger: silentLogger(), staleAfterMs: 1_500 });
    const seen: MarketSnapshot[] = [];
    const tokenId = market(2).yesTokenId;
    await monitor.startMonitoring(tokenId);
    await vi.waitFor(() => expect(monitor.streamState()).toBe('live'), WAIT);
    monitor.onSnapshot((s) => seen.push(s));
    emulator.faults.stallStreams(true);
    await vi.waitFor(() => expect(seen.some((s) => s.stale)).toBe(true), WAIT);
    emulator.faults.stallStreams(false);
    await vi.waitFor(() => {
      expect(monitor.streamState()).toBe('live');
      expect(monitor.getSnapshot(tokenId)).toMatchObject({ stale: false, source: 'stream' });
    }, WAIT);
    expect(seen.at(-1)?.stale).toBe(false);
    await setFlow(false);
    await vi.waitFor(() => matchesRest(tokenId), WAIT);
  });

  it('keeps a quiet market fresh with its own REST checks', async () => {
    // This adapter compares books with REST only once a minute, so only the monitor's checks
    // can vouch for a book that does not move.
    const slow = await createClobExchange({
      restUrl: emulator.restUrl,
      wsUrl: emulator.wsUrl,
      chainId: 137,
      stallCheckIntervalMs: 60_000,
    });
    try {
      monitor = new MarketMonitor({ exchange: slow, logger: silentLogger(), staleAfterMs: 1_000 });
      const tokenId = market(3).yesTokenId;
      await setFlow(false);
      const first = await monitor.startMonitoring(tokenId);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      // No delta for three staleness limits, yet the book is vouched for recently.
      await vi.waitFor(() => {
        const snap = monitor.getSnapshot(tokenId);
        expect(snap?.stale).toBe(false);
        expect(snap?.ageMs).toBeLessThan(1_000);
        expect(snap?.bids).toEqual(first?.bids);
      }, WAIT);
    } finally {
      await monitor.stop();
      await slow.close();
    }
  });

  it('follows a tick size change into snapshots and market info', async () => {
    monitor = new MarketMonitor({ exchange, logger: silentLogger() });
    const target = markets.find((m) => m.tickSize === '0.01' && m !== markets[0]);
    if (!target) throw new Error('no 0.01-tick market');
    await monitor.startMonitoring(target.yesTokenId);
    expect((await monitor.marketInfo(target.yesTokenId)).tickMicros).toBe(10_000);
    await setTick(target.conditionId, '0.001');
    await vi.waitFor(
      () => expect(monitor.getSnapshot(target.yesTokenId)?.tickMicros).toBe(1_000),
      WAIT,
    );
    expect((await monitor.marketInfo(target.yesTokenId)).tickMicros).toBe(1_000);
    expect(monitor.getBook(target.yesTokenId)?.tickMicros).toBe(1_000);
  });

  it('refuses an unknown token with NOT_FOUND', async () => {
    monitor = new MarketMonitor({ exchange, logger: silentLogger() });
    await expect(monitor.startMonitoring('12345')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(monitor.monitored()).toEqual([]);
  });
});
