import type { CallOutcome } from '@shared/ipc/wire';

/** State of the renderer's link to the host. */
export type LinkState = 'connecting' | 'open' | 'closed' | 'unauthorized';

/** A way to reach the host: the Electron bridge or the loopback WebSocket. */
export interface Transport {
  readonly kind: 'electron' | 'web';
  call(method: string, params: unknown): Promise<CallOutcome>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  onLinkState(listener: (state: LinkState) => void): () => void;
}
