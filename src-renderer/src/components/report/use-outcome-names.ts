import { useMemo } from 'react';
import { useMarketStore } from '../../state/market-store';

/** Outcome name ("Yes", "No", a team…) by token id, from the market list the app holds. */
export function useOutcomeNames(): ReadonlyMap<string, string> {
  const markets = useMarketStore((s) => s.markets);
  return useMemo(
    () => new Map(markets.flatMap((m) => m.tokens.map((t) => [t.tokenId, t.outcome] as const))),
    [markets],
  );
}
