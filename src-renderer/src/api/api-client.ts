import { PolydeskError } from '@shared/errors';
import { calls, events } from '@shared/ipc/contract';
import type {
  CallName,
  CallParams,
  CallResult,
  EventName,
  EventPayload,
} from '@shared/ipc/contract';
import type { PolydeskBridge } from '@shared/ipc/bridge';
import { bridgeTransport } from './bridge-transport';
import type { LinkState, Transport } from './transport';
import { takeToken, webTransport } from './web-transport';

/** The renderer's typed view of the contract; every reply and event is checked by its schema. */
export class ApiClient {
  constructor(private readonly transport: Transport) {}

  get kind(): Transport['kind'] {
    return this.transport.kind;
  }

  async call<N extends CallName>(method: N, params: CallParams<N>): Promise<CallResult<N>> {
    const outcome = await this.transport.call(method, params);
    if (!outcome.ok) {
      throw new PolydeskError(outcome.error.code, outcome.error.message, outcome.error.issues);
    }
    const parsed = calls[method].result.safeParse(outcome.result);
    if (!parsed.success) throw new PolydeskError('INTERNAL', `Malformed reply to ${method}`);
    return parsed.data as CallResult<N>;
  }

  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
    return this.transport.onEvent((eventName, payload) => {
      if (eventName !== name) return;
      const parsed = events[name].safeParse(payload);
      if (parsed.success) listener(parsed.data as EventPayload<N>);
    });
  }

  onLinkState(listener: (state: LinkState) => void): () => void {
    return this.transport.onLinkState(listener);
  }
}

declare global {
  interface Window {
    polydesk?: PolydeskBridge;
  }
}

/** The Electron bridge when the preload provided one, else the loopback WebSocket. */
export function createApiClient(): ApiClient {
  if (window.polydesk) return new ApiClient(bridgeTransport(window.polydesk));
  const token = takeToken(window.location, window.history, window.sessionStorage) ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}/api/ws?token=${encodeURIComponent(token)}`;
  return new ApiClient(webTransport(url));
}
