import { useEffect, useState } from 'react';
import { priceHistory } from '../../state/price-history';
import type { PricePoint } from '../../state/price-history';

/** The token's price history, re-read at most `hz` times a second and only when it changed. */
export function usePricePoints(tokenId: string | null, hz = 10): PricePoint[] {
  const [state, setState] = useState<{
    tokenId: string | null;
    version: number;
    points: PricePoint[];
  }>(() => ({ tokenId, version: -1, points: tokenId ? priceHistory.read(tokenId) : [] }));
  useEffect(() => {
    const timer = setInterval(() => {
      setState((current) => {
        if (!tokenId)
          return current.tokenId === null ? current : { tokenId, version: -1, points: [] };
        const version = priceHistory.version(tokenId);
        if (current.tokenId === tokenId && current.version === version) return current;
        return { tokenId, version, points: priceHistory.read(tokenId) };
      });
    }, 1_000 / hz);
    return () => clearInterval(timer);
  }, [tokenId, hz]);
  return state.tokenId === tokenId ? state.points : [];
}
