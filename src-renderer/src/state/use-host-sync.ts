import { useEffect } from 'react';
import type { ApiClient } from '../api/api-client';
import type { AppInfo } from '@shared/ipc/contract';
import { useAppStore } from './app-store';
import { toastInfo } from './toast-store';

/** Loads the live-mode setup (wallet, lock state) into the app store; failures leave it as it was. */
export function refreshLiveStatus(api: ApiClient): Promise<void> {
  return api.call('live.status', {}).then(
    (live) => useAppStore.getState().setLive(live),
    () => undefined,
  );
}

/**
 * Keeps the app store in step with the host: info on every (re)connect and whenever the host
 * pushes it (a switch between PAPER and LIVE), status from events, the live setup with the info.
 */
export function useHostSync(api: ApiClient): void {
  useEffect(() => {
    const { setInfo, setStatus, setLink } = useAppStore.getState();
    const onInfo = (info: AppInfo): void => {
      const before = useAppStore.getState().info?.mode;
      setInfo(info);
      void refreshLiveStatus(api);
      if (before && before !== info.mode) {
        if (info.mode === 'LIVE') {
          toastInfo(
            'LIVE trading: orders now go to the live exchange with real money',
            `Exchange ${info.exchangeUrl}. Markets and orders were reloaded for LIVE.`,
          );
        } else {
          toastInfo(
            'Back to PAPER: the built-in exchange, no real money',
            'Markets and orders were reloaded for PAPER.',
            'success',
          );
        }
      }
    };
    const offStatus = api.on('app.status', setStatus);
    const offInfo = api.on('app.info', onInfo);
    const offLink = api.onLinkState((link) => {
      setLink(link);
      if (link === 'open') api.call('app.info', {}).then(onInfo, () => undefined);
    });
    return () => {
      offStatus();
      offInfo();
      offLink();
    };
  }, [api]);
}
