import { create } from 'zustand';
import type { MicroPriceEstimator, Side } from '@shared/domain/order-request';

/** A price picked on the ladder: the order form takes it as the limit of `side`. */
export interface PricePick {
  priceMicros: number;
  side: Side;
  /** Also sets the order's size (closing a position); absent for a ladder click. */
  sizeMicros?: number;
  /** Increases on every pick, so picking the same price twice still refills the form. */
  seq: number;
}

/** The Kelly calculator's numbers, handed to the Kelly order form ("Use these numbers"). */
export interface KellyPrefill {
  winProbability: string;
  kellyFraction: string;
  maxPositionSize: string;
  bankroll: string;
  maxPriceMicros: number;
  seq: number;
}

export type EntryTab = 'order' | 'kelly';

interface EntryState {
  tab: EntryTab;
  pick: PricePick | null;
  kellyPrefill: KellyPrefill | null;
  /** The estimator the order form would quote with (the ladder and chart show Stoikov for it). */
  formEstimator: MicroPriceEstimator;
  setTab(tab: EntryTab): void;
  setFormEstimator(estimator: MicroPriceEstimator): void;
  pickPrice(priceMicros: number, side: Side, sizeMicros?: number): void;
  prefillKelly(prefill: Omit<KellyPrefill, 'seq'>): void;
}

let seq = 0;

export const useEntryStore = create<EntryState>((set) => ({
  tab: 'order',
  pick: null,
  kellyPrefill: null,
  formEstimator: 'weighted_mid',
  setTab: (tab) => set({ tab }),
  setFormEstimator: (formEstimator) => set({ formEstimator }),
  pickPrice: (priceMicros, side, sizeMicros) =>
    set({
      pick: { priceMicros, side, ...(sizeMicros !== undefined && { sizeMicros }), seq: ++seq },
      tab: 'order',
    }),
  prefillKelly: (prefill) => set({ kellyPrefill: { ...prefill, seq: ++seq }, tab: 'order' }),
}));
