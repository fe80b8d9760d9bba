import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallOutcome } from '@shared/ipc/wire';

/**
 * The desktop wiring loaded against a fake `electron` module: the window's hardening, the CSP,
 * navigation and window-open rules, and the IPC sender checks.
 */
type Handler = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  class FakeEmitter {
    readonly handlers = new Map<string, Handler[]>();
    on(name: string, handler: Handler): this {
      this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
      return this;
    }
    once(name: string, handler: Handler): this {
      return this.on(name, handler);
    }
    emit(name: string, ...args: unknown[]): void {
      for (const handler of this.handlers.get(name) ?? []) handler(...args);
    }
  }
  const session = {
    permissionHandler: undefined as Handler | undefined,
    headersHandler: undefined as Handler | undefined,
    setPermissionRequestHandler(handler: Handler) {
      session.permissionHandler = handler;
    },
    webRequest: {
      onHeadersReceived(handler: Handler) {
        session.headersHandler = handler;
      },
    },
  };
  class FakeWebContents extends FakeEmitter {
    session = session;
    mainFrame = { url: '' };
    openHandler: Handler | undefined;
    sent: unknown[][] = [];
    setWindowOpenHandler(handler: Handler): void {
      this.openHandler = handler;
    }
    send(...args: unknown[]): void {
      this.sent.push(args);
    }
  }
  class FakeBrowserWindow extends FakeEmitter {
    static last: FakeBrowserWindow | undefined;
    webContents = new FakeWebContents();
    loaded: string | undefined;
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.last = this;
    }
    isDestroyed(): boolean {
      return false;
    }
    loadFile(file: string): Promise<void> {
      this.loaded = file;
      return Promise.resolve();
    }
    loadURL(url: string): Promise<void> {
      this.loaded = url;
      return Promise.resolve();
    }
    show(): void {}
  }
  const ipcHandlers = new Map<string, Handler>();
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  return {
    FakeBrowserWindow,
    FakeWebContents,
    session,
    ipcHandlers,
    exposed,
    invoked,
    openExternal: vi.fn(() => Promise.resolve()),
  };
});

vi.mock('electron', () => ({
  BrowserWindow: fake.FakeBrowserWindow,
  shell: { openExternal: fake.openExternal },
  ipcMain: {
    handle: (channel: string, handler: Handler) => fake.ipcHandlers.set(channel, handler),
    removeHandler: (channel: string) => fake.ipcHandlers.delete(channel),
  },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      fake.invoked.push(args);
      return Promise.resolve({ ok: true, result: 'from-main' });
    },
    on: () => undefined,
    removeListener: () => undefined,
  },
}));

const { createMainWindow } = await import('./main-window');
const { registerIpcBridge } = await import('./ipc-bridge');
const { Host } = await import('../host/host');
const { ConfigSchema } = await import('../host/config');
const { silentLogger } = await import('../host/logger');
const { IPC_CALL_CHANNEL } = await import('@shared/ipc/wire');

const FILE = '/opt/polydesk/out/renderer/index.html';
const APP_URL = 'file:///opt/polydesk/out/renderer/index.html';

function openWindow(): InstanceType<typeof fake.FakeBrowserWindow> {
  createMainWindow('/opt/polydesk/out/preload/index.cjs', { file: FILE });
  const window = fake.FakeBrowserWindow.last;
  if (!window) throw new Error('no window');
  return window;
}

beforeEach(() => {
  fake.ipcHandlers.clear();
  fake.openExternal.mockClear();
});

describe('desktop window hardening', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, no webview', () => {
    const window = openWindow();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/opt/polydesk/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(window.loaded).toBe(FILE);
  });

  it('sets a strict CSP on every response and denies every permission', () => {
    openWindow();
    let headers: Record<string, string[]> = {};
    fake.session.headersHandler?.(
      { responseHeaders: { 'X-A': ['1'] } },
      (r: { responseHeaders: Record<string, string[]> }) => {
        headers = r.responseHeaders;
      },
    );
    const csp = headers['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(headers['X-A']).toEqual(['1']);
    const granted = vi.fn();
    fake.session.permissionHandler?.({}, 'notifications', granted);
    expect(granted).toHaveBeenCalledWith(false);
  });

  it('blocks navigation away from the app and every new window', () => {
    const window = openWindow();
    const away = { preventDefault: vi.fn() };
    window.webContents.emit('will-navigate', away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const stay = { preventDefault: vi.fn() };
    window.webContents.emit('will-navigate', stay, APP_URL);
    expect(stay.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    window.webContents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();

    const open = window.webContents.openHandler;
    expect(open?.({ url: 'https://evil.example/phish' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'http://polymarket.com/' })).toEqual({ action: 'deny' });
    expect(fake.openExternal).not.toHaveBeenCalled();
    expect(open?.({ url: 'https://polymarket.com/event/x' })).toEqual({ action: 'deny' });
    expect(fake.openExternal).toHaveBeenCalledWith('https://polymarket.com/event/x');
  });
});

describe('IPC bridge', () => {
  async function bridge(): Promise<{
    window: InstanceType<typeof fake.FakeBrowserWindow>;
    invoke: (event: unknown, method: unknown, params: unknown) => Promise<CallOutcome>;
  }> {
    const window = openWindow();
    window.webContents.mainFrame.url = APP_URL;
    const host = await Host.start({ config: ConfigSchema.parse({}), logger: silentLogger() });
    registerIpcBridge(window as never, APP_URL, host.dispatcher, host.events);
    const handler = fake.ipcHandlers.get(IPC_CALL_CHANNEL);
    if (!handler) throw new Error('no IPC handler');
    return {
      window,
      invoke: (event, method, params) => handler(event, method, params) as Promise<CallOutcome>,
    };
  }

  it('answers the main window top frame showing the app', async () => {
    const { window, invoke } = await bridge();
    const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const outcome = await invoke(event, 'app.info', {});
    expect(outcome).toMatchObject({ ok: true, result: { name: 'Polydesk', mode: 'PAPER' } });
  });

  it('refuses other senders: another window, a subframe, a foreign URL, no frame', async () => {
    const { window, invoke } = await bridge();
    const other = new fake.FakeWebContents();
    const cases = [
      { sender: other, senderFrame: other.mainFrame },
      { sender: window.webContents, senderFrame: { url: APP_URL } },
      { sender: window.webContents, senderFrame: null },
    ];
    for (const event of cases) {
      const outcome = await invoke(event, 'app.info', {});
      expect(outcome).toEqual({
        ok: false,
        error: { code: 'UNAUTHORIZED', message: 'IPC from an unknown sender' },
      });
    }
    window.webContents.mainFrame.url = 'https://evil.example/';
    const navigated = await invoke(
      { sender: window.webContents, senderFrame: window.webContents.mainFrame },
      'app.info',
      {},
    );
    expect(navigated.ok ? null : navigated.error.code).toBe('UNAUTHORIZED');
  });

  it('refuses a bad payload from a trusted sender with a typed error', async () => {
    const { window, invoke } = await bridge();
    const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const badParams = await invoke(event, 'app.info', { evil: '<script>' });
    expect(badParams.ok ? null : badParams.error.code).toBe('BAD_REQUEST');
    const badMethod = await invoke(event, { method: 'x' }, {});
    expect(badMethod.ok ? null : badMethod.error.code).toBe('UNKNOWN_METHOD');
  });
});

describe('preload', () => {
  it('exposes only call and onEvent, and forwards only contract methods', async () => {
    await import('./preload');
    const api = fake.exposed.get('polydesk') as Record<
      string,
      (...a: unknown[]) => Promise<CallOutcome>
    >;
    expect(Object.keys(api).sort()).toEqual(['call', 'onEvent']);
    const refused = await api.call?.('fs.readFile', { path: '/etc/passwd' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(fake.invoked).toHaveLength(0);
    await api.call?.('app.info', {});
    expect(fake.invoked).toEqual([[IPC_CALL_CHANNEL, 'app.info', {}]]);
  });
});
