import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator/index';
import { createClobExchange } from '../exchange/index';
import { silentLogger } from '../host/logger';
import { MarketMonitor } from '../market/market-monitor';
import { SessionRecorder } from '../recording/session-recorder';
import { runReplay } from './replay-runner';
import type { ReplayResult } from './replay-runner';
import type { ReplayStrategy } from './replay-spec';

const RECORD_SECONDS = 8;

/** Records the paper exchange's synthetic books through the monitor, as paper mode does. */
async function recordPaperSession(): Promise<string> {
  const logger = silentLogger();
  const emulator = await startEmulator({ seed: 11, syntheticFlow: true });
  const recorder = SessionRecorder.start(
    { mode: 'PAPER' },
    mkdtempSync(join(tmpdir(), 'polydesk-replay-rec-')),
    logger,
  );
  const exchange = recorder.wrap(
    await createClobExchange({ restUrl: emulator.restUrl, wsUrl: emulator.wsUrl, chainId: 137 }),
  );
  const monitor = new MarketMonitor({ exchange, logger });
  const tokens = emulator.markets.flatMap((m) => [m.yesTokenId, m.noTokenId]);
  await Promise.all(tokens.map((tokenId) => monitor.startMonitoring(tokenId)));
  await new Promise((resolve) => setTimeout(resolve, RECORD_SECONDS * 1_000));
  await monitor.stop();
  await exchange.close();
  await emulator.stop();
  if (!recorder.sessionDir) throw new Error('recording is off');
  return recorder.sessionDir;
}

const strategies: ReplayStrategy[] = [
  {
    name: 'micro',
    request: {
      strategyType: 'micro_price',
      totalSize: '200',
      microPriceParams: { checkIntervalSec: 0.5 },
    },
  },
  {
    name: 'iceberg',
    request: {
      strategyType: 'iceberg',
      totalSize: '200',
      icebergParams: { clipSize: '20', clipJitterPct: 40 },
    },
  },
  {
    name: 'kelly',
    request: {
      strategyType: 'kelly',
      kellyParams: { winProbability: 0.95, maxPositionSize: '150' },
    },
  },
];

/** What must repeat: every fill, and each order's end. */
function outcomeOf(result: ReplayResult): unknown {
  return result.results.map((r) => ({
    name: r.name,
    fills: r.fills,
    finalState: r.finalState,
    placements: r.placements,
    replacements: r.replacements,
    completedAfterMs: r.completedAfterMs,
  }));
}

describe('replay of an emulator-made recording', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await recordPaperSession();
  }, 30_000);

  it('gives the same fills for the same file and seed, run after run', async () => {
    const first = await runReplay({ file: dir, strategies, seed: 5, toEnd: true });
    const second = await runReplay({ file: dir, strategies, seed: 5, toEnd: true });
    expect(first.stoppedAt).toBeNull();
    expect(first.recording.books).toBeGreaterThan(500);
    const filled = first.results.filter((r) => r.fills.length > 0);
    expect(filled.length).toBeGreaterThan(0);
    expect(outcomeOf(second)).toEqual(outcomeOf(first));
    for (const r of first.results) {
      expect(r.refused).toBeNull();
      expect(r.bookEvents).toBe(first.recording.books);
      // Never more than asked for.
      expect(r.filledMicros).toBeLessThanOrEqual(Math.max(r.targetMicros, 0));
    }
  }, 60_000);

  it('may differ for another seed or parameter set, and each set is replayed on fresh state', async () => {
    const base = strategies[1] as ReplayStrategy;
    const smaller = { name: 'iceberg small', request: { ...base.request, totalSize: '40' } };
    const result = await runReplay({
      file: dir,
      strategies: [base, smaller, base],
      seed: 5,
      toEnd: true,
    });
    const [a, b, c] = result.results;
    expect(b?.targetMicros).toBe(40_000_000);
    expect(b?.filledMicros).toBeLessThanOrEqual(40_000_000);
    // The same set later in the same run: a fresh exchange and daemon, so the same fills.
    expect(c?.fills).toEqual(a?.fills);
    const other = await runReplay({ file: dir, strategies: [base], seed: 6, toEnd: true });
    expect(other.results[0]?.refused).toBeNull();
  }, 60_000);
});
