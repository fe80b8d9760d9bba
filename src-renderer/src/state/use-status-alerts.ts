import { useEffect } from 'react';
import { useAppStore } from './app-store';
import { toastInfo, useToastStore } from './toast-store';

const STREAM_ALERTS: Record<string, { title: string; detail: string } | undefined> = {
  stalled: {
    title: 'Market data stalled: no book updates',
    detail: 'Quoting pauses on stale books. The host resyncs on its own; watch the stream state.',
  },
  down: {
    title: 'Market data stream is down',
    detail:
      'Books are not updating and strategies pause. Check the network; the host keeps retrying.',
  },
  polling: {
    title: 'Market data falls back to polling',
    detail: 'Books update more slowly until the stream is back; wider bands may help.',
  },
};

/** Toasts for changes the user must know about: the host link, the exchange, the market stream. */
export function useStatusAlerts(): void {
  useEffect(
    () =>
      useAppStore.subscribe((state, previous) => {
        const push = useToastStore.getState().push;
        if (previous.link === 'open' && state.link === 'closed') {
          push({
            kind: 'error',
            title: 'Lost the connection to the Polydesk host',
            detail: 'Reconnecting on its own. Orders keep working in the host meanwhile.',
          });
        }
        const was = previous.status;
        const now = state.status;
        if (!now) return;
        if (was && was.connection !== now.connection) {
          if (now.connection === 'down' || now.connection === 'degraded') {
            push({
              kind: 'error',
              title: `Exchange link ${now.connection}`,
              detail:
                'New orders may be refused. Wait for "connected" in the status bar, then retry.',
            });
          } else if (now.connection === 'connected' && was.connection !== 'connecting') {
            toastInfo('Exchange link is back', 'Orders and market data flow again.', 'success');
          }
        }
        if (was && was.stream !== now.stream) {
          const alert = STREAM_ALERTS[now.stream];
          if (alert) push({ kind: 'error', ...alert });
        }
      }),
    [],
  );
}
