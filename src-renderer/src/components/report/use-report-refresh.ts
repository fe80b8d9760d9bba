import { useEffect } from 'react';
import type { ApiClient } from '../../api/api-client';
import { useReportStore } from '../../state/report-store';

/** How often the report is asked again while it is shown. */
export const REPORT_REFRESH_MS = 10_000;

/**
 * While the report is shown: loads it at once, again every REPORT_REFRESH_MS (skipped while a
 * request is still out, so a slow host is not piled up), on every reconnect, and after a
 * PAPER/LIVE switch (which first drops the old mode's report).
 */
export function useReportRefresh(api: ApiClient): void {
  useEffect(() => {
    const store = useReportStore.getState;
    const load = (): void => void store().load(api);
    // The web transport tells a new listener its state at once: an open link loads from here.
    let told = false;
    const offLink = api.onLinkState((link) => {
      told = true;
      if (link === 'open') load();
    });
    if (!told) load();
    const timer = setInterval(() => {
      if (!store().loading) load();
    }, REPORT_REFRESH_MS);
    const offInfo = api.on('app.info', () => {
      store().reset();
      load();
    });
    return () => {
      clearInterval(timer);
      offLink();
      offInfo();
    };
  }, [api]);
}
