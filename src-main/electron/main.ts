import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, safeStorage } from 'electron';
import { startBrowserHost } from '../host/browser-host';
import type { BrowserHost } from '../host/browser-host';
import { loadConfig } from '../host/config';
import { wireLive } from '../host/live/live-wiring';
import { KeystoreVault } from '../host/secrets/keystore-vault';
import { createFileLogger } from '../host/file-logger';
import { removeHostFile, writeHostFile } from '../host/host-file';
import { HostLock } from '../host/host-lock';
import { startupFailure } from '../host/startup-failure';
import { createMainWindow } from './main-window';
import { registerIpcBridge } from './ipc-bridge';
import { SafeStorageVault } from './safe-storage-vault';

/**
 * The desktop app: the same host as headless mode with the renderer in a hardened window. The
 * loopback web transport runs too, so the CLI (and a browser) can reach this host.
 */
const preload = join(import.meta.dirname, '../preload/index.cjs');
const devUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const appUrl = devUrl ?? pathToFileURL(rendererFile).href;

function openWindow(running: BrowserHost): void {
  const { host } = running;
  const window = createMainWindow(preload, devUrl ? { url: devUrl } : { file: rendererFile });
  const unregister = registerIpcBridge(window, appUrl, host.dispatcher, host.events);
  host.trackClient(1);
  window.on('closed', () => {
    unregister();
    host.trackClient(-1);
  });
}

async function startDesktop(): Promise<void> {
  const env = { ...process.env };
  env.POLYDESK_DATA_DIR ??= app.getPath('userData');
  const { config, dataDir, problems, readOnly } = loadConfig(env);
  const lock = HostLock.acquire(dataDir);
  const fileLog = await createFileLogger(dataDir, config);
  const { logger } = fileLog;
  for (const problem of problems) logger.warn(problem, 'config problem, using defaults');
  // The OS keychain where there is one; a passphrase keystore otherwise (e.g. Linux without one).
  const vault = safeStorage.isEncryptionAvailable()
    ? new SafeStorageVault(dataDir)
    : new KeystoreVault(dataDir);
  const live = await wireLive(config, dataDir, vault, logger, env);
  for (const note of live.notes) logger.warn(note);
  const running = await startBrowserHost({
    config,
    logger,
    ...live.options,
    logFiles: fileLog.files,
    readOnly,
    problems: problems.map((p) => `${p.path}: ${p.message}`),
  });
  writeHostFile(dataDir, {
    pid: process.pid,
    origin: running.web.origin,
    token: running.web.token,
    mode: config.mode,
    startedAt: Date.now(),
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(running);
  });
  app.on('window-all-closed', () => {
    void running.stop().finally(() => {
      removeHostFile(dataDir);
      lock.release();
      app.quit();
    });
  });
  openWindow(running);
}

void app.whenReady().then(() =>
  startDesktop().catch((err: unknown) => {
    dialog.showErrorBox('Polydesk', startupFailure(err));
    app.exit(1);
  }),
);
