import { create } from 'zustand';

export type SettingsSection = 'live' | 'rails';

interface SettingsState {
  open: boolean;
  section: SettingsSection;
  /** Opens the settings dialog on a section (the one shown last when none is given). */
  show(section?: SettingsSection): void;
  setSection(section: SettingsSection): void;
  close(): void;
}

/** Whether the settings dialog is open, and on which section. Holds no setting and no secret. */
export const useSettingsStore = create<SettingsState>((set) => ({
  open: false,
  section: 'live',
  show: (section) => set((state) => ({ open: true, section: section ?? state.section })),
  setSection: (section) => set({ section }),
  close: () => set({ open: false }),
}));

export function openSettings(section?: SettingsSection): void {
  useSettingsStore.getState().show(section);
}
