import { loadConfig } from './config';
import { createFileLogger } from './file-logger';
import { startBrowserHost } from './browser-host';
import { wireLive } from './live/live-wiring';
import { KeystoreVault } from './secrets/keystore-vault';
import { HostLock } from './host-lock';
import { removeHostFile, writeHostFile } from './host-file';

/**
 * `npm run daemon` / `polydesk daemon`: the host in plain Node, serving the UI to a browser at a
 * printed URL. The same entry is used by `npm start` where no Electron runtime exists.
 */
export async function runHeadless(): Promise<void> {
  const { config, dataDir, problems, readOnly } = loadConfig();
  const lock = HostLock.acquire(dataDir);
  const fileLog = await createFileLogger(dataDir, config);
  const { logger } = fileLog;
  for (const problem of problems) {
    console.error(`Polydesk: config problem, using defaults: ${problem.path} ${problem.message}`);
  }
  let running;
  try {
    const live = await wireLive(config, dataDir, new KeystoreVault(dataDir), logger, process.env);
    for (const note of live.notes) console.error(`Polydesk: ${note}`);
    running = await startBrowserHost({
      config,
      logger,
      ...live.options,
      logFiles: fileLog.files,
      readOnly,
      problems: problems.map((p) => `${p.path}: ${p.message}`),
    });
  } catch (err) {
    lock.release();
    throw err;
  }
  const { web } = running;
  writeHostFile(dataDir, {
    pid: process.pid,
    origin: web.origin,
    token: web.token,
    mode: config.mode,
    startedAt: Date.now(),
  });
  console.log(`Polydesk ${config.mode} is running${readOnly ? ' READ-ONLY' : ''}.`);
  if (readOnly) console.error(`Polydesk: ${readOnly}`);
  console.log(`Open: ${web.url}`);
  console.log(`Logs: ${fileLog.dir}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`Polydesk: ${signal} received, stopping.`);
    void running.stop().finally(() => {
      removeHostFile(dataDir);
      lock.release();
      void fileLog.close().finally(() => process.exit(0));
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
