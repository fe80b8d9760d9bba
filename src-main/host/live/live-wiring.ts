import type { PolydeskConfig } from '../config';
import { updateConfigFile } from '../config-file';
import { connectExchangeForMode, verifyLiveKey } from '../exchange-link';
import type { HostOptions } from '../host';
import type { Logger } from '../logger';
import type { KeyVault } from '../secrets/key-vault';
import { LiveAccess } from './live-access';

export interface LiveWiring {
  options: Pick<HostOptions, 'connectExchange' | 'live' | 'verifyLiveKey' | 'saveConfig'>;
  /** Sentences for the console about the live key at start; app.info says it while it lasts. */
  notes: string[];
}

/**
 * What the desktop app and the headless host share to trade live: the vault, the key unlocked at
 * start where that needs no question (OS keychain, or a passphrase given in the environment),
 * config changes written to the data directory, and the exchange link for either mode.
 */
export async function wireLive(
  config: PolydeskConfig,
  dataDir: string,
  vault: KeyVault,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<LiveWiring> {
  const live = new LiveAccess(vault, logger.child({ component: 'live' }));
  const notes: string[] = [];
  const passphrase = env.POLYDESK_KEYSTORE_PASSPHRASE;
  delete env.POLYDESK_KEYSTORE_PASSPHRASE;
  if (config.mode === 'LIVE' && vault.exists()) {
    if (vault.kind === 'safe-storage' || passphrase) {
      await live.unlock(passphrase).catch((err: unknown) => {
        notes.push(
          `The live key could not be unlocked (${(err as Error).message}): market data only.`,
        );
      });
    } else {
      notes.push(
        'LIVE mode with a locked key: market data only until it is unlocked ' +
          '(Settings → Live trading, or polydesk live unlock).',
      );
    }
  }
  return {
    options: {
      live,
      connectExchange: (cfg, log, credentials) =>
        connectExchangeForMode(cfg, log, dataDir, credentials, env),
      verifyLiveKey: (liveConfig, credentials) => verifyLiveKey(liveConfig, credentials, logger),
      saveConfig: (change) => {
        updateConfigFile(dataDir, change);
      },
    },
    notes,
  };
}
