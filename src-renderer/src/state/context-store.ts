import { create } from 'zustand';
import type { MarketInfo } from '@shared/domain/gamma';
import type { MarketContextList } from '@shared/ipc/contract';

interface ContextState {
  /** Gamma's events and markets (or the CLOB's, with a notice); null before the first reply. */
  list: MarketContextList | null;
  /** Gamma's view of each market, by condition id. */
  byCondition: ReadonlyMap<string, MarketInfo>;
  /** The event shown in the event view; null shows the charts. */
  openEventId: string | null;
  setList(list: MarketContextList): void;
  openEvent(eventId: string): void;
  closeEvent(): void;
  reset(): void;
}

export const useContextStore = create<ContextState>((set) => ({
  list: null,
  byCondition: new Map(),
  openEventId: null,
  setList: (list) =>
    set({ list, byCondition: new Map(list.markets.map((m) => [m.conditionId, m])) }),
  openEvent: (openEventId) => set({ openEventId }),
  closeEvent: () => set({ openEventId: null }),
  reset: () => set({ list: null, byCondition: new Map(), openEventId: null }),
}));
