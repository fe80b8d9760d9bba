import { create } from 'zustand';
import { PolydeskError } from '@shared/errors';
import type { ErrorCode } from '@shared/errors';
import { selectMode, useAppStore } from './app-store';
import { openSettings } from './settings-store';

export type ToastKind = 'error' | 'info' | 'success';

/** A button on a toast that leads to where the problem is fixed. */
export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  /** What to do about it. */
  detail: string;
  action?: ToastAction;
}

interface ToastState {
  toasts: Toast[];
  push(toast: Omit<Toast, 'id'>): number;
  dismiss(id: number): void;
}

const MAX_TOASTS = 5;
let nextId = 1;

export const useToastStore = create<ToastState>((set) => ({
  toasts: [],
  push: (toast) => {
    const id = nextId++;
    set((state) => ({ toasts: [...state.toasts, { ...toast, id }].slice(-MAX_TOASTS) }));
    return id;
  },
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })),
}));

const ADVICE: Partial<Record<ErrorCode, string>> = {
  EXCHANGE_UNAVAILABLE:
    'The exchange cannot be reached right now. Watch the status bar for "connected", then try again.',
  EXCHANGE_REJECTED:
    'The exchange refused it. Check the price limits, the size and your balance, then try again.',
  STALE_BOOK: 'The book is too old to trade on. Wait for the stream to be live again.',
  RISK_LIMIT: 'A safety rail stopped it. Reduce the size, or change the rail in the settings.',
  BAD_REQUEST: 'Correct the highlighted fields and submit again.',
  NOT_FOUND: 'It no longer exists; the list has been refreshed.',
  CONFLICT: 'It changed meanwhile; look at its current state and retry if still needed.',
  HOST_UNREACHABLE: 'The Polydesk host is not answering. It reconnects on its own; retry shortly.',
  READ_ONLY: 'This session cannot trade: see the banner at the top, or Settings → Live trading.',
  SHUTTING_DOWN: 'The host is shutting down. Restart Polydesk to continue.',
  UNAUTHORIZED: 'Open Polydesk with the URL the host printed.',
};

/** Where an error of this code is fixed, when the settings can fix it. */
function actionFor(code: ErrorCode): ToastAction | undefined {
  if (code === 'RISK_LIMIT') return { label: 'Safety rails…', run: () => openSettings('rails') };
  if (code === 'READ_ONLY' && selectMode(useAppStore.getState()) === 'LIVE') {
    return { label: 'Live trading…', run: () => openSettings('live') };
  }
  return undefined;
}

/** Turns any failure into a toast that says what happened and what to do. */
export function toastError(what: string, err: unknown): void {
  const error = PolydeskError.from(err);
  const action = actionFor(error.code);
  useToastStore.getState().push({
    kind: 'error',
    title: `${what}: ${error.message}`,
    detail: ADVICE[error.code] ?? 'Try again; if it keeps failing, check the host log.',
    ...(action && { action }),
  });
}

export function toastInfo(title: string, detail = '', kind: ToastKind = 'info'): void {
  useToastStore.getState().push({ kind, title, detail });
}
