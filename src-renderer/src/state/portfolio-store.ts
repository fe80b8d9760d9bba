import { create } from 'zustand';
import type { PortfolioSnapshot, PortfolioTrade } from '@shared/ipc/contract';

export type BlotterTab = 'orders' | 'positions' | 'trades' | 'report';

interface PortfolioState {
  snapshot: PortfolioSnapshot | null;
  /** Newest first, as the host gives them. */
  trades: PortfolioTrade[];
  tradesTotal: number;
  tab: BlotterTab;
  setSnapshot(snapshot: PortfolioSnapshot): void;
  setTrades(trades: PortfolioTrade[], total: number): void;
  setTab(tab: BlotterTab): void;
  /** Forgets everything (the host switched to another mode, with its own wallet). */
  reset(): void;
}

export const usePortfolioStore = create<PortfolioState>((set) => ({
  snapshot: null,
  trades: [],
  tradesTotal: 0,
  tab: 'orders',
  // An older snapshot (a reply overtaken by an event) never replaces a newer one.
  setSnapshot: (snapshot) =>
    set((state) => (state.snapshot && state.snapshot.at > snapshot.at ? state : { snapshot })),
  setTrades: (trades, tradesTotal) => set({ trades, tradesTotal }),
  setTab: (tab) => set({ tab }),
  reset: () => set({ snapshot: null, trades: [], tradesTotal: 0 }),
}));
