import { startEmulator } from '../emulator/index';
import { createClobExchange } from '../exchange/index';
import { silentLogger } from '../host/logger';
import { MarketMonitor } from '../market/market-monitor';
import { SessionRecorder } from './session-recorder';
import type { RecordingStats } from './recording-writer';

/**
 * Records `seconds` of the paper exchange's synthetic flow on every token, through the market
 * monitor as the host does, into a new session under `dataDir`: the benchmarks' recordings.
 */
export async function recordPaperSession(options: {
  dataDir: string;
  seconds: number;
  seed: number;
}): Promise<{ sessionDir: string; stats: RecordingStats | null }> {
  const logger = silentLogger();
  const emulator = await startEmulator({ seed: options.seed, syntheticFlow: true });
  const recorder = SessionRecorder.start({ mode: 'PAPER' }, options.dataDir, logger);
  const exchange = recorder.wrap(
    await createClobExchange({ restUrl: emulator.restUrl, wsUrl: emulator.wsUrl, chainId: 137 }),
  );
  const monitor = new MarketMonitor({ exchange, logger });
  const tokens = emulator.markets.flatMap((m) => [m.yesTokenId, m.noTokenId]);
  await Promise.all(tokens.map((tokenId) => monitor.startMonitoring(tokenId)));
  console.log(`recording ${tokens.length} tokens of the paper exchange for ${options.seconds} s …`);
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1_000));
  await monitor.stop();
  await exchange.close();
  await emulator.stop();
  if (!recorder.sessionDir) throw new Error('recording is off');
  return { sessionDir: recorder.sessionDir, stats: recorder.stats };
}
