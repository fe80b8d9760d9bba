import type { PolydeskBridge } from '@shared/ipc/bridge';
import type { LinkState, Transport } from './transport';

/** The desktop app: calls go through the preload's `window.polydesk`. */
export function bridgeTransport(bridge: PolydeskBridge): Transport {
  return {
    kind: 'electron',
    call: (method, params) => bridge.call(method, params),
    onEvent: (listener) => bridge.onEvent(listener),
    onLinkState(listener: (state: LinkState) => void) {
      listener('open');
      return () => undefined;
    },
  };
}
