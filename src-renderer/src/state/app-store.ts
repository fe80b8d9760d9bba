import { create } from 'zustand';
import type { AccountSummary, AppInfo, AppStatusEvent } from '@shared/ipc/contract';
import type { LinkState } from '../api/transport';

interface AppState {
  info: AppInfo | null;
  status: AppStatusEvent | null;
  link: LinkState;
  account: AccountSummary | null;
  setInfo(info: AppInfo): void;
  setStatus(status: AppStatusEvent): void;
  setLink(link: LinkState): void;
  setAccount(account: AccountSummary): void;
}

/** Host-level state: what the status bar shows, and the account. */
export const useAppStore = create<AppState>((set) => ({
  info: null,
  status: null,
  link: 'connecting',
  account: null,
  setInfo: (info) => set({ info }),
  setStatus: (status) => set({ status }),
  setLink: (link) => set({ link }),
  setAccount: (account) => set({ account }),
}));

/** PAPER or LIVE, from the freshest source. */
export function selectMode(state: AppState): 'PAPER' | 'LIVE' | null {
  return state.status?.mode ?? state.info?.mode ?? null;
}
