import type { CallOutcome } from '@shared/ipc/wire';
import { ApiClient } from '../api/api-client';
import type { LinkState, Transport } from '../api/transport';

export interface RecordedCall {
  method: string;
  params: unknown;
}

/** An ApiClient over an in-memory transport: answers from `replies`, records every call. */
export function fakeApi(replies: Record<string, (params: unknown) => CallOutcome> = {}) {
  const calls: RecordedCall[] = [];
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const linkListeners = new Set<(state: LinkState) => void>();
  const transport: Transport = {
    kind: 'web',
    call: (method, params) => {
      calls.push({ method, params });
      const reply = replies[method];
      return Promise.resolve(
        reply
          ? reply(params)
          : { ok: false, error: { code: 'EXCHANGE_UNAVAILABLE', message: `${method} not faked` } },
      );
    },
    onEvent: (listener) => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onLinkState: (listener) => {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
  };
  return {
    api: new ApiClient(transport),
    calls,
    emit: (name: string, payload: unknown) => eventListeners.forEach((l) => l(name, payload)),
    link: (state: LinkState) => linkListeners.forEach((l) => l(state)),
  };
}
