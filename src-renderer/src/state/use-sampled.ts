import { useEffect, useState } from 'react';
import { selectSnapshot, useMarketStore } from './market-store';
import type { MarketSnapshot } from '@shared/domain/market';

/**
 * The shown token's snapshot, sampled at most `hz` times a second: charts and the calculator
 * redraw at this rate, not at the book's.
 */
export function useSampledSnapshot(hz = 10): MarketSnapshot | null {
  const [snapshot, setSnapshot] = useState<MarketSnapshot | null>(() =>
    selectSnapshot(useMarketStore.getState()),
  );
  useEffect(() => {
    const timer = setInterval(
      () => setSnapshot(selectSnapshot(useMarketStore.getState())),
      1_000 / hz,
    );
    return () => clearInterval(timer);
  }, [hz]);
  return snapshot;
}
