import { create } from 'zustand';
import type { LiveStatus } from '@shared/domain/live';
import type { AccountSummary, AppInfo, AppStatusEvent } from '@shared/ipc/contract';
import type { LinkState } from '../api/transport';

interface AppState {
  info: AppInfo | null;
  status: AppStatusEvent | null;
  link: LinkState;
  account: AccountSummary | null;
  /** Live-mode setup as the host reports it (wallet, vault, lock state); never a secret. */
  live: LiveStatus | null;
  setInfo(info: AppInfo): void;
  setStatus(status: AppStatusEvent): void;
  setLink(link: LinkState): void;
  setAccount(account: AccountSummary): void;
  setLive(live: LiveStatus): void;
}

/** Host-level state: what the status bar shows, and the account. */
export const useAppStore = create<AppState>((set) => ({
  info: null,
  status: null,
  link: 'connecting',
  account: null,
  live: null,
  setInfo: (info) => set({ info }),
  setStatus: (status) => set({ status }),
  setLink: (link) => set({ link }),
  setAccount: (account) => set({ account }),
  setLive: (live) => set({ live }),
}));

/** PAPER or LIVE, from the freshest source. */
export function selectMode(state: AppState): 'PAPER' | 'LIVE' | null {
  return state.status?.mode ?? state.info?.mode ?? null;
}

/**
 * Why new orders cannot be sent right now, in a few words; null when they can (or while the host
 * has not said yet). Read-only sessions have their own badge and banner.
 */
export function selectTradeBlock(state: AppState): 'switching' | 'locked' | 'data-only' | null {
  const { status } = state;
  if (!status) return null;
  if (status.switching) return 'switching';
  if (status.mode !== 'LIVE' || status.canTrade || state.info?.readOnly) return null;
  return state.live?.address && !state.live.unlocked ? 'locked' : 'data-only';
}
