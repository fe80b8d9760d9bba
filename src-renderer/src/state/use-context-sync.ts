import { useEffect } from 'react';
import type { ApiClient } from '../api/api-client';
import { useContextStore } from './context-store';

/** The host keeps Gamma's list fresh; asking this often only picks up what it has. */
const REFRESH_MS = 30_000;
const RETRY_MS = 5_000;

/** Loads the market context (Gamma) on every (re)connect and mode switch, and keeps it fresh. */
export function useContextSync(api: ApiClient): void {
  useEffect(() => {
    let disposed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = (): void => {
      api.call('market.events', {}).then(
        (list) => {
          if (!disposed) useContextStore.getState().setList(list);
        },
        () => {
          if (!disposed) retry = setTimeout(load, RETRY_MS);
        },
      );
    };
    const offs = [
      api.on('app.info', () => {
        useContextStore.getState().reset();
        load();
      }),
      api.onLinkState((link) => {
        if (link !== 'open') return;
        clearTimeout(retry);
        load();
      }),
    ];
    const refresh = setInterval(load, REFRESH_MS);
    return () => {
      disposed = true;
      clearInterval(refresh);
      clearTimeout(retry);
      for (const off of offs) off();
    };
  }, [api]);
}
