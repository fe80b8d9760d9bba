import { useApi } from '../../api/api-context';
import { reportErrorSentence, useReportStore } from '../../state/report-store';
import { formatClock } from '../format';

/** Refresh, when the shown report was made and from what, and why the last request failed. */
export function ReportToolbar() {
  const api = useApi();
  const report = useReportStore((s) => s.report);
  const loading = useReportStore((s) => s.loading);
  const error = useReportStore((s) => s.error);
  return (
    <>
      <div className="report-toolbar">
        <button
          type="button"
          className="small"
          data-testid="report-refresh"
          disabled={loading}
          onClick={() => void useReportStore.getState().load(api)}
        >
          {loading ? 'Loading…' : 'Refresh'}
        </button>
        {report && (
          <span className="muted small" data-testid="report-generated" title={report.source}>
            made {formatClock(report.generatedAtMs)} · {report.source}
          </span>
        )}
      </div>
      {error && (
        <p className="report-error" role="alert" data-testid="report-error" data-code={error.code}>
          {reportErrorSentence(error)}
          {report && (
            <span className="muted">
              {' '}
              The report below is the one made at {formatClock(report.generatedAtMs)}.
            </span>
          )}
        </p>
      )}
    </>
  );
}
