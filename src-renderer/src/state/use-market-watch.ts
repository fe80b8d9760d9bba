import { useEffect } from 'react';
import type { ApiClient } from '../api/api-client';
import { selectTokenId, useMarketStore } from './market-store';
import { toastError } from './toast-store';
import { watchToken } from './token-watch';

/** Watches the shown token and unwatches the one shown before, whenever the selection changes. */
export function useMarketWatch(api: ApiClient): void {
  useEffect(() => {
    let current = selectTokenId(useMarketStore.getState());
    let release: (() => void) | null = null;
    const unsubscribe = useMarketStore.subscribe((state) => {
      const next = selectTokenId(state);
      if (next === current) return;
      current = next;
      release?.();
      release = next
        ? watchToken(api, next, (err: unknown) => toastError('Could not watch the market', err))
        : null;
    });
    return () => {
      unsubscribe();
      release?.();
    };
  }, [api]);
}
