import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator/index';
import type { EmulatorHandle } from '../emulator/index';
import { startBrowserHost } from '../host/browser-host';
import type { BrowserHost } from '../host/browser-host';
import { loadConfig } from '../host/config';
import { wireLive } from '../host/live/live-wiring';
import type { Logger } from '../host/logger';
import { silentLogger } from '../host/logger';
import { KeystoreVault } from '../host/secrets/keystore-vault';

/** Hardhat account #1: a public test key, the "live" wallet of these tests. */
export const LIVE_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
export const LIVE_ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
export const PASSPHRASE = 'correct horse battery staple';

export interface LiveRig {
  /** The emulator standing in for Polymarket (the config's live.restUrl). */
  polymarket: EmulatorHandle;
  dataDir: string;
  running: BrowserHost;
  /** Stops the host and starts a new one on the same data directory (a restart of the app). */
  restart(env?: NodeJS.ProcessEnv): Promise<BrowserHost>;
  stop(): Promise<void>;
}

/**
 * A headless host as a user runs it (config file, keystore vault, file-less logger), whose live
 * exchange is an emulator: the whole live-mode path runs with no internet and no real funds.
 * Paper mode uses its own in-process emulator, as in the app.
 */
export async function startLiveRig(
  options: { logger?: Logger; env?: NodeJS.ProcessEnv } = {},
): Promise<LiveRig> {
  const polymarket = await startEmulator({ seed: 7, syntheticFlow: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'polydesk-live-'));
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      paper: { syntheticFlow: false },
      live: { restUrl: polymarket.restUrl, wsUrl: polymarket.wsUrl, chainId: 137 },
    }),
  );
  const logger = options.logger ?? silentLogger();
  const start = async (env: NodeJS.ProcessEnv): Promise<BrowserHost> => {
    const merged = { POLYDESK_DATA_DIR: dataDir, ...env };
    const { config, problems, readOnly } = loadConfig(merged);
    const live = await wireLive(config, dataDir, new KeystoreVault(dataDir), logger, merged);
    return startBrowserHost({
      config,
      logger,
      ...live.options,
      readOnly,
      problems: problems.map((p) => `${p.path}: ${p.message}`),
      rendererDir: join(dataDir, 'no-renderer'),
    });
  };
  const rig: LiveRig = {
    polymarket,
    dataDir,
    running: await start(options.env ?? {}),
    async restart(env = {}) {
      await rig.running.stop();
      rig.running = await start(env);
      return rig.running;
    },
    async stop() {
      await rig.running.stop();
      await polymarket.stop();
    },
  };
  return rig;
}
