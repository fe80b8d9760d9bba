import { useEffect } from 'react';
import type { ApiClient } from '../api/api-client';
import { selectTokenId, useMarketStore } from './market-store';
import { toastError } from './toast-store';

/** Watches the shown token and unwatches the one shown before, whenever the selection changes. */
export function useMarketWatch(api: ApiClient): void {
  useEffect(() => {
    let current = selectTokenId(useMarketStore.getState());
    return useMarketStore.subscribe((state) => {
      const next = selectTokenId(state);
      if (next === current) return;
      const previous = current;
      current = next;
      if (previous) api.call('market.unwatch', { tokenId: previous }).catch(() => undefined);
      if (next) {
        api.call('market.watch', { tokenId: next }).then(
          (snapshot) => {
            if (snapshot) useMarketStore.getState().applySnapshots([snapshot]);
          },
          (err: unknown) => toastError('Could not watch the market', err),
        );
      }
    });
  }, [api]);
}
