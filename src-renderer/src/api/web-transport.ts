import { ServerMessageSchema } from '@shared/ipc/wire';
import type { CallOutcome } from '@shared/ipc/wire';
import type { LinkState, Transport } from './transport';

const TOKEN_KEY = 'polydesk.token';
const MAX_BACKOFF_MS = 5_000;

/**
 * Browser mode: the token arrives once in the page URL (`?token=`), is kept for this tab only and
 * removed from the address bar; calls and events share one WebSocket that reconnects on loss.
 */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const query = params.toString();
    history.replaceState(
      null,
      '',
      `${location.pathname}${query ? `?${query}` : ''}${location.hash}`,
    );
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

export function webTransport(url: string): Transport {
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const linkListeners = new Set<(state: LinkState) => void>();
  const pending = new Map<number, (outcome: CallOutcome) => void>();
  let socket: WebSocket | undefined;
  let state: LinkState = 'connecting';
  let nextId = 1;
  let backoff = 250;
  let everOpened = false;

  const setState = (next: LinkState): void => {
    state = next;
    for (const listener of linkListeners) listener(next);
  };

  const failPending = (): void => {
    for (const resolve of pending.values()) {
      resolve({
        ok: false,
        error: { code: 'HOST_UNREACHABLE', message: 'Lost the connection to the Polydesk host' },
      });
    }
    pending.clear();
  };

  const connect = (): void => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      everOpened = true;
      backoff = 250;
      setState('open');
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      const parsed = ServerMessageSchema.safeParse(JSON.parse(event.data));
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'reply') {
        if (message.id === null) return;
        pending.get(message.id)?.(message.outcome as CallOutcome);
        pending.delete(message.id);
      } else {
        for (const listener of eventListeners) listener(message.name, message.payload);
      }
    };
    ws.onclose = () => {
      failPending();
      // A refused upgrade before any open means a missing or stale token: retrying cannot help.
      if (!everOpened) {
        setState('unauthorized');
        return;
      }
      setState('closed');
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
  };
  connect();

  return {
    kind: 'web',
    call(method, params) {
      if (!socket || socket.readyState !== WebSocket.OPEN) {
        return Promise.resolve({
          ok: false,
          error: { code: 'HOST_UNREACHABLE', message: 'Not connected to the Polydesk host' },
        });
      }
      const id = nextId++;
      const ws = socket;
      return new Promise<CallOutcome>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'call', id, method, params }));
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onLinkState(listener) {
      linkListeners.add(listener);
      listener(state);
      return () => linkListeners.delete(listener);
    },
  };
}
