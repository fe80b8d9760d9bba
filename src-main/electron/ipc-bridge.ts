import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '@shared/ipc/wire';
import type { CallOutcome } from '@shared/ipc/wire';
import type { Dispatcher } from '../ipc/dispatcher';
import type { EventHub } from '../ipc/event-hub';
import { coalescedSender } from '../ipc/event-coalescer';

/**
 * Only the main window's top frame, showing our own renderer, may call the host. Anything else
 * (a subframe, another window, a page that navigated away) is refused.
 */
export function isTrustedSender(
  event: IpcMainInvokeEvent,
  window: BrowserWindow,
  appUrl: string,
): boolean {
  const frame = event.senderFrame;
  if (!frame || window.isDestroyed()) return false;
  if (event.sender !== window.webContents) return false;
  if (frame !== window.webContents.mainFrame) return false;
  return (
    frame.url === appUrl || frame.url.startsWith(`${appUrl}#`) || frame.url.startsWith(`${appUrl}?`)
  );
}

/** Wires the contract to Electron IPC: one invoke channel for calls, one push channel for events. */
export function registerIpcBridge(
  window: BrowserWindow,
  appUrl: string,
  dispatcher: Dispatcher,
  events: EventHub,
): () => void {
  ipcMain.handle(
    IPC_CALL_CHANNEL,
    async (event, method: unknown, params: unknown): Promise<CallOutcome> => {
      if (!isTrustedSender(event, window, appUrl)) {
        return {
          ok: false,
          error: { code: 'UNAUTHORIZED', message: 'IPC from an unknown sender' },
        };
      }
      return dispatcher.dispatch(method, params, { transport: 'electron', client: 'window' });
    },
  );
  const sender = coalescedSender((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, name, payload);
  });
  const unsubscribe = events.subscribe(sender.listener);
  return () => {
    unsubscribe();
    sender.close();
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
  };
}
