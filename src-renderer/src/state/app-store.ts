import { create } from 'zustand';
import type { AppInfo, AppStatusEvent } from '@shared/ipc/contract';
import type { LinkState } from '../api/transport';

interface AppState {
  info: AppInfo | null;
  status: AppStatusEvent | null;
  link: LinkState;
  setInfo(info: AppInfo): void;
  setStatus(status: AppStatusEvent): void;
  setLink(link: LinkState): void;
}

/** Host-level state: what the status bar shows. */
export const useAppStore = create<AppState>((set) => ({
  info: null,
  status: null,
  link: 'connecting',
  setInfo: (info) => set({ info }),
  setStatus: (status) => set({ status }),
  setLink: (link) => set({ link }),
}));
