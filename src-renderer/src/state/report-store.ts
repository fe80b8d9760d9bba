import { create } from 'zustand';
import { PolydeskError } from '@shared/errors';
import type { ErrorCode } from '@shared/errors';
import type { ExecutionReport } from '@shared/report/execution-report';
import type { ApiClient } from '../api/api-client';

export interface ReportError {
  code: ErrorCode;
  message: string;
  at: number;
}

interface ReportState {
  /** The last report received; kept while a refresh is under way or has failed. */
  report: ExecutionReport | null;
  /** When `report` arrived. */
  receivedAt: number | null;
  loading: boolean;
  /** Why the last request failed; cleared by the next success. */
  error: ReportError | null;
  /** The order whose fills are drawn on its micro-price. */
  selectedOrderId: string | null;
  /** Asks the host for the report; a reply overtaken by a newer request is dropped. */
  load(api: ApiClient): Promise<void>;
  select(orderId: string | null): void;
  /** Forgets everything (the host switched to another mode, with other orders). */
  reset(): void;
}

let latestRequest = 0;

export const useReportStore = create<ReportState>((set) => ({
  report: null,
  receivedAt: null,
  loading: false,
  error: null,
  selectedOrderId: null,
  load: async (api) => {
    const request = ++latestRequest;
    set({ loading: true });
    try {
      const report = await api.call('report.get', {});
      if (request !== latestRequest) return;
      set({ report, receivedAt: Date.now(), loading: false, error: null });
    } catch (err) {
      if (request !== latestRequest) return;
      const error = PolydeskError.from(err);
      set({ loading: false, error: { code: error.code, message: error.message, at: Date.now() } });
    }
  },
  select: (selectedOrderId) => set({ selectedOrderId }),
  reset: () => {
    latestRequest++;
    set({ report: null, receivedAt: null, loading: false, error: null, selectedOrderId: null });
  },
}));

/** The error as a sentence for the panel: what failed, the host's words, what to do. */
export function reportErrorSentence(error: Pick<ReportError, 'code' | 'message'>): string {
  const message = error.message.replace(/\.$/, '');
  switch (error.code) {
    case 'UNKNOWN_METHOD':
      return `This host does not provide the execution report (${message}). Update Polydesk and restart the host.`;
    case 'HOST_UNREACHABLE':
      return `The report could not be loaded: the host is not answering (${message}). It is asked again on its own.`;
    default:
      return `The report could not be loaded: ${message}. Refresh to try again; if it keeps failing, check the host log.`;
  }
}
