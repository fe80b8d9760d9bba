import { pathToFileURL } from 'node:url';
import { BrowserWindow, shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { DESKTOP_CSP, isAllowedExternal } from './security-policy';

export interface RendererLocation {
  /** Dev server URL (electron-vite dev) … */
  url?: string;
  /** … or the built index.html. */
  file?: string;
}

/** The webPreferences every Polydesk window gets; the hardening test reads these. */
export function hardenedWebPreferences(preloadPath: string): Electron.WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Denies every permission (camera, notifications, …) and adds the CSP to every response. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] },
    });
  });
}

/** No navigation away from the app, no new windows; allowlisted links open in the browser. */
export function lockNavigation(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== appUrl) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (url !== appUrl) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(preloadPath: string, renderer: RendererLocation): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1100,
    minHeight: 700,
    show: false,
    backgroundColor: '#0d1117',
    title: 'Polydesk',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  hardenSession(window.webContents.session);
  window.once('ready-to-show', () => window.show());
  if (renderer.url) {
    lockNavigation(window.webContents, renderer.url);
    void window.loadURL(renderer.url);
  } else if (renderer.file) {
    lockNavigation(window.webContents, pathToFileURL(renderer.file).href);
    void window.loadFile(renderer.file);
  }
  return window;
}
