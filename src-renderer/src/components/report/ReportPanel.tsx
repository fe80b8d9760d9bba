import { useApi } from '../../api/api-context';
import { useReportStore } from '../../state/report-store';
import { EstimatorTable } from './EstimatorTable';
import { MarkoutChart } from './MarkoutChart';
import { OrderDetail } from './OrderDetail';
import { OrderTable } from './OrderTable';
import { ReportNotes } from './ReportNotes';
import { ReportToolbar } from './ReportToolbar';
import { SlippageHistogramChart } from './SlippageHistogramChart';
import { StrategyTable } from './StrategyTable';
import { useReportRefresh } from './use-report-refresh';

const selectOrder = (orderId: string): void => useReportStore.getState().select(orderId);

function ReportBody() {
  const report = useReportStore((s) => s.report);
  const selectedOrderId = useReportStore((s) => s.selectedOrderId);
  const loading = useReportStore((s) => s.loading);
  const failed = useReportStore((s) => s.error !== null);
  if (!report) {
    if (failed) return null;
    return <p className="empty">{loading ? 'Loading the report…' : 'No report yet.'}</p>;
  }
  const selected = report.orders.find((o) => o.orderId === selectedOrderId) ?? null;
  return (
    <>
      <section className="report-section">
        <h4 className="report-heading">By strategy</h4>
        <StrategyTable report={report} />
      </section>
      <section className="report-charts">
        <MarkoutChart report={report} />
        <SlippageHistogramChart report={report} />
      </section>
      <section className="report-section">
        <h4 className="report-heading">By order</h4>
        <OrderTable
          orders={report.orders}
          selectedOrderId={selectedOrderId}
          onSelect={selectOrder}
        />
        <OrderDetail report={report} order={selected} />
      </section>
      <section className="report-section">
        <h4 className="report-heading">Micro-price estimators</h4>
        <EstimatorTable comparison={report.estimators} />
      </section>
      {report.notes.length > 0 && (
        <section className="report-section">
          <h4 className="report-heading">Notes</h4>
          <ReportNotes notes={report.notes} testId="report-notes" />
        </section>
      )}
    </>
  );
}

/**
 * Execution quality: per strategy and per order against the arrival micro-price, with charts.
 * Mounted only while its tab is shown; it loads the report then and refreshes it.
 */
export function ReportPanel() {
  useReportRefresh(useApi());
  return (
    <div className="report" data-testid="report">
      <ReportToolbar />
      <ReportBody />
    </div>
  );
}
