import { useEffect } from 'react';
import type { ApiClient } from '../api/api-client';
import { useAppStore } from './app-store';

/** Keeps the app store in step with the host: info on every (re)connect, status from events. */
export function useHostSync(api: ApiClient): void {
  useEffect(() => {
    const { setInfo, setStatus, setLink } = useAppStore.getState();
    const offStatus = api.on('app.status', setStatus);
    const offLink = api.onLinkState((link) => {
      setLink(link);
      if (link === 'open') {
        api.call('app.info', {}).then(setInfo, () => undefined);
      }
    });
    return () => {
      offStatus();
      offLink();
    };
  }, [api]);
}
