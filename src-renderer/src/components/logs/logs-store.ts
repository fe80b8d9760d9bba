import { create } from 'zustand';

interface LogsState {
  open: boolean;
  toggle(): void;
  close(): void;
}

/** Whether the Logs drawer is open: toggled from the status bar, closed from the drawer. */
export const useLogsStore = create<LogsState>((set) => ({
  open: false,
  toggle: () => set((s) => ({ open: !s.open })),
  close: () => set({ open: false }),
}));
