import { create } from 'zustand';
import { PolydeskError } from '@shared/errors';
import type { ErrorCode } from '@shared/errors';

export type ToastKind = 'error' | 'info' | 'success';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  /** What to do about it. */
  detail: string;
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
  RISK_LIMIT: 'A risk limit stopped it. Reduce the size or raise the limit in the settings.',
  BAD_REQUEST: 'Correct the highlighted fields and submit again.',
  NOT_FOUND: 'It no longer exists; the list has been refreshed.',
  CONFLICT: 'It changed meanwhile; look at its current state and retry if still needed.',
  HOST_UNREACHABLE: 'The Polydesk host is not answering. It reconnects on its own; retry shortly.',
  READ_ONLY: 'This session is read-only: no key is loaded. Add a key to trade.',
  SHUTTING_DOWN: 'The host is shutting down. Restart Polydesk to continue.',
  UNAUTHORIZED: 'Open Polydesk with the URL the host printed.',
};

/** Turns any failure into a toast that says what happened and what to do. */
export function toastError(what: string, err: unknown): void {
  const error = PolydeskError.from(err);
  useToastStore.getState().push({
    kind: 'error',
    title: `${what}: ${error.message}`,
    detail: ADVICE[error.code] ?? 'Try again; if it keeps failing, check the host log.',
  });
}

export function toastInfo(title: string, detail = '', kind: ToastKind = 'info'): void {
  useToastStore.getState().push({ kind, title, detail });
}
