import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { isCallName, isEventName } from '@shared/ipc/contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '@shared/ipc/wire';
import type { CallOutcome } from '@shared/ipc/wire';
import type { PolydeskBridge } from '@shared/ipc/bridge';

/** Exposes only the contract's calls and events: no ipcRenderer, no process, no Node. */
const bridge: PolydeskBridge = {
  call(method: string, params: unknown): Promise<CallOutcome> {
    if (!isCallName(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${method}` },
      });
    }
    return ipcRenderer.invoke(IPC_CALL_CHANNEL, method, params) as Promise<CallOutcome>;
  },
  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (isEventName(name)) listener(name, payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('polydesk', bridge);
