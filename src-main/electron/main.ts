import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { loadConfig } from '../host/config';
import { createFileLogger } from '../host/file-logger';
import { Host } from '../host/host';
import { createMainWindow } from './main-window';
import { registerIpcBridge } from './ipc-bridge';

/** The desktop app: the same host as headless mode, with the renderer in a hardened window. */
const preload = join(import.meta.dirname, '../preload/index.cjs');
const devUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const appUrl = devUrl ?? pathToFileURL(rendererFile).href;

function openWindow(host: Host): void {
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
  const { config, dataDir, problems } = loadConfig(env);
  const { logger } = createFileLogger(dataDir, config);
  for (const problem of problems) logger.warn(problem, 'config problem, using defaults');
  const host = await Host.start({ config, logger });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(host);
  });
  app.on('window-all-closed', () => {
    void host.stop().finally(() => app.quit());
  });
  openWindow(host);
}

void app.whenReady().then(startDesktop);
