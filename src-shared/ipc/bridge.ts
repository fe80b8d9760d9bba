import type { CallOutcome } from './wire';

/** What the Electron preload exposes as `window.polydesk`: the contract's calls and events only. */
export interface PolydeskBridge {
  call(method: string, params: unknown): Promise<CallOutcome>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}
