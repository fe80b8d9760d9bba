import { useEffect, useState } from 'react';
import { selectSnapshot, useMarketStore } from './market-store';
import type { MarketSnapshot } from '@shared/domain/market';

/**
 * The shown token's snapshot, sampled at most `hz` times a second: charts and the calculator
 * redraw at this rate, not at the book's. Inactive (a hidden tab), it keeps the last sample.
 */
export function useSampledSnapshot(hz = 10, active = true): MarketSnapshot | null {
  const [snapshot, setSnapshot] = useState<MarketSnapshot | null>(() =>
    selectSnapshot(useMarketStore.getState()),
  );
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(
      () => setSnapshot(selectSnapshot(useMarketStore.getState())),
      1_000 / hz,
    );
    return () => clearInterval(timer);
  }, [hz, active]);
  return snapshot;
}
