import { Fragment } from 'react';
import type { EstimatorComparison } from '@shared/report/execution-report';
import { ReportNotes } from './ReportNotes';

type Horizon = EstimatorComparison['horizons'][number];
type EstimatorName = Horizon['rows'][number]['estimator'];

const ESTIMATORS: { name: EstimatorName; label: string }[] = [
  { name: 'mid', label: 'mid' },
  { name: 'weighted_mid', label: 'weighted mid' },
  { name: 'stoikov', label: 'Stoikov' },
];

const fmt = (v: number | null | undefined, digits = 3): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);

/** An estimator's rmse / mae, and for the two that are not the mid, its ratio to the mid. */
function EstimatorCells({ horizon, name }: { horizon: Horizon; name: EstimatorName }) {
  const row = horizon.rows.find((r) => r.estimator === name);
  const better = (row?.ratioToMid ?? 1) < 1;
  return (
    <>
      <td className="num" data-testid={`estimator-${name}`} title={`${row?.samples ?? 0} samples`}>
        {fmt(row?.rmseTicks)} / {fmt(row?.maeTicks)}
      </td>
      {name !== 'mid' && (
        <td className={`num${better ? ' pnl-up' : ''}`} data-testid={`estimator-${name}-ratio`}>
          {fmt(row?.ratioToMid, 2)}
        </td>
      )}
    </>
  );
}

function HorizonRow({ horizon }: { horizon: Horizon }) {
  return (
    <tr data-testid="estimator-row" data-horizon={horizon.horizonEvents}>
      <td className="num">{horizon.horizonEvents}</td>
      {ESTIMATORS.map(({ name }) => (
        <EstimatorCells key={name} horizon={horizon} name={name} />
      ))}
      <td className="num" data-testid="estimator-fallbacks">
        {horizon.stoikovFallbacks}
      </td>
    </tr>
  );
}

/** How well each estimator predicted the mid some top-of-book events ahead, out of sample. */
export function EstimatorTable({ comparison }: { comparison: EstimatorComparison | null }) {
  if (!comparison) {
    return <p className="empty">No estimator comparison: not enough recorded book events.</p>;
  }
  return (
    <div className="report-estimators" data-testid="estimator-table">
      <p className="muted small">
        Error at predicting the mid N book events ahead, ticks (rmse / mae); tested on{' '}
        {comparison.testEvents} events after a fit on {comparison.trainEvents}.
      </p>
      {comparison.horizons.length > 0 && (
        <table className="orders-table report-table">
          <thead>
            <tr>
              <th className="num">events ahead</th>
              {ESTIMATORS.map(({ name, label }) => (
                <Fragment key={name}>
                  <th className="num">{label}</th>
                  {name !== 'mid' && (
                    <th className="num" title="rmse ÷ the mid's rmse">
                      ÷ mid
                    </th>
                  )}
                </Fragment>
              ))}
              <th
                className="num"
                title="Test points where Stoikov had no estimate and the weighted mid stood in"
              >
                fallbacks
              </th>
            </tr>
          </thead>
          <tbody>
            {comparison.horizons.map((h) => (
              <HorizonRow key={h.horizonEvents} horizon={h} />
            ))}
          </tbody>
        </table>
      )}
      <ReportNotes notes={comparison.notes} testId="estimator-notes" />
    </div>
  );
}
