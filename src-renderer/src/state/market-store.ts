import { create } from 'zustand';
import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';

export type Outcome = 'YES' | 'NO';

interface MarketState {
  markets: MarketListItem[];
  /** Last price of each market at the previous refresh, to show which way it moved. */
  previousLast: Record<string, number | null>;
  /** Why the list could not be loaded (shown in the list); null when it loaded. */
  listError: string | null;
  selectedConditionId: string | null;
  /** Which of the market's two tokens is shown (and watched). */
  outcome: Outcome;
  /** Latest snapshot per watched token. */
  snapshots: Record<string, MarketSnapshot>;
  setMarkets(markets: MarketListItem[]): void;
  setListError(message: string | null): void;
  select(conditionId: string): void;
  /** Shows no market (the selected one is not on this exchange). */
  deselect(): void;
  /** Forgets every book (they belong to the exchange of the previous mode). */
  clearSnapshots(): void;
  setOutcome(outcome: Outcome): void;
  /** Applies a batch of snapshots at once (one store update, one render per frame). */
  applySnapshots(batch: readonly MarketSnapshot[]): void;
}

export const useMarketStore = create<MarketState>((set) => ({
  markets: [],
  previousLast: {},
  listError: null,
  selectedConditionId: null,
  outcome: 'YES',
  snapshots: {},
  setMarkets: (markets) =>
    set((state) => ({
      markets,
      listError: null,
      previousLast: Object.fromEntries(state.markets.map((m) => [m.conditionId, m.lastPrice])),
    })),
  setListError: (listError) => set({ listError }),
  select: (selectedConditionId) => set({ selectedConditionId, outcome: 'YES' }),
  deselect: () => set({ selectedConditionId: null, outcome: 'YES' }),
  clearSnapshots: () => set({ snapshots: {}, previousLast: {} }),
  setOutcome: (outcome) => set({ outcome }),
  applySnapshots: (batch) =>
    set((state) => {
      if (batch.length === 0) return state;
      const snapshots = { ...state.snapshots };
      for (const snapshot of batch) snapshots[snapshot.tokenId] = snapshot;
      return { snapshots };
    }),
}));

/** The selected market's list entry, or null. */
export function selectMarket(state: MarketState): MarketListItem | null {
  return state.markets.find((m) => m.conditionId === state.selectedConditionId) ?? null;
}

/** Token id of the shown outcome of the selected market (YES = first token). */
export function selectTokenId(state: MarketState): string | null {
  const market = selectMarket(state);
  if (!market) return null;
  return market.tokens[state.outcome === 'YES' ? 0 : 1]?.tokenId ?? null;
}

/** The latest snapshot of the shown token; only components that draw the book subscribe to it. */
export function selectSnapshot(state: MarketState): MarketSnapshot | null {
  const tokenId = selectTokenId(state);
  return tokenId ? (state.snapshots[tokenId] ?? null) : null;
}

export function useSelectedMarket(): MarketListItem | null {
  return useMarketStore(selectMarket);
}

export function useSelectedTokenId(): string | null {
  return useMarketStore(selectTokenId);
}

export function useSelectedSnapshot(): MarketSnapshot | null {
  return useMarketStore(selectSnapshot);
}
