import type { ApiClient } from '../api/api-client';
import { useMarketStore } from './market-store';

/**
 * The host keeps one watch per token for all of a client's views: the ladder and the event view
 * may show the same token, so watches are counted here and the host is told only of the first
 * and the last.
 */
const counts = new WeakMap<ApiClient, Map<string, number>>();

function countsOf(api: ApiClient): Map<string, number> {
  let map = counts.get(api);
  if (!map) {
    map = new Map();
    counts.set(api, map);
  }
  return map;
}

/** Watches a token (its snapshots reach the market store); the release function unwatches it. */
export function watchToken(
  api: ApiClient,
  tokenId: string,
  onError: (err: unknown) => void,
): () => void {
  const map = countsOf(api);
  const count = map.get(tokenId) ?? 0;
  map.set(tokenId, count + 1);
  if (count === 0) {
    api.call('market.watch', { tokenId }).then((snapshot) => {
      if (snapshot) useMarketStore.getState().applySnapshots([snapshot]);
    }, onError);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (map.get(tokenId) ?? 1) - 1;
    if (left > 0) {
      map.set(tokenId, left);
      return;
    }
    map.delete(tokenId);
    api.call('market.unwatch', { tokenId }).catch(() => undefined);
  };
}
