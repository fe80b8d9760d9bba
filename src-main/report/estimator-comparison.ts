import type { EstimatorComparison } from '@shared/report/execution-report';
import { estimatorErrors, type ErrorStats, type TokenSeries } from '../recording/estimator-error';
import { round4 } from './quality-math';

export const ESTIMATOR_HORIZONS = [1, 5, 10, 50] as const;

/** Below this many test points per horizon the comparison says it is thin. */
const THIN_SAMPLES = 200;

/**
 * The plain mid, the weighted mid and Stoikov's micro-price at predicting the mid N top-of-book
 * events ahead, out of sample (each series' first half fits Stoikov, the second half tests all
 * three). Null when no series has a test point.
 */
export function estimatorComparison(
  series: readonly TokenSeries[],
  horizons: readonly number[] = ESTIMATOR_HORIZONS,
): EstimatorComparison | null {
  const usable = series.filter((s) => s.states.length > 1);
  if (usable.length === 0) return null;
  const report = estimatorErrors(usable, { horizons: [...horizons] });
  const notes: string[] = [];
  const rows = report.overall.filter((h) => h.mid.samples > 0);
  if (rows.length === 0) return null;
  const skipped = report.overall.filter((h) => h.mid.samples === 0).map((h) => h.horizon);
  if (skipped.length > 0) {
    notes.push(
      `Too few top-of-book events to test ${skipped.length === 1 ? 'the horizon' : 'horizons'} ` +
        `${skipped.join(', ')}.`,
    );
  }
  const unfit = report.tokens.filter((t) => t.fit.kind !== 'fit');
  if (unfit.length > 0) {
    const reasons = [...new Set(unfit.map((t) => (t.fit.kind === 'fit' ? '' : t.fit.reason)))];
    notes.push(
      `Stoikov had no fit for ${unfit.length} of ${report.tokens.length} token series ` +
        `(${reasons.slice(0, 3).join('; ')}): the weighted mid stood in for it there.`,
    );
  }
  const thin = rows.filter((h) => h.mid.samples < THIN_SAMPLES).map((h) => h.horizon);
  if (thin.length > 0) {
    notes.push(
      `Fewer than ${THIN_SAMPLES} test points at horizon ${thin.join(', ')}: the errors are rough.`,
    );
  }
  const fallbacks = rows.reduce((sum, h) => sum + h.stoikovFallbacks, 0);
  const samples = rows.reduce((sum, h) => sum + h.stoikov.samples, 0);
  if (fallbacks > 0 && unfit.length < report.tokens.length) {
    notes.push(
      `Stoikov fell back to the weighted mid at ${fallbacks} of ${samples} test points ` +
        '(states its fit had not seen often enough, or no fit).',
    );
  }
  return {
    testEvents: report.tokens.reduce((sum, t) => sum + t.testStates, 0),
    trainEvents: report.tokens.reduce((sum, t) => sum + t.trainStates, 0),
    horizons: rows.map((h) => ({
      horizonEvents: h.horizon,
      rows: [
        row('mid', h.mid, h.mid),
        row('weighted_mid', h.weightedMid, h.mid),
        row('stoikov', h.stoikov, h.mid),
      ],
      stoikovFallbacks: h.stoikovFallbacks,
    })),
    notes,
  };
}

function row(
  estimator: 'mid' | 'weighted_mid' | 'stoikov',
  stats: ErrorStats,
  mid: ErrorStats,
): EstimatorComparison['horizons'][number]['rows'][number] {
  return {
    estimator,
    samples: stats.samples,
    maeTicks: round4(stats.mae),
    rmseTicks: round4(stats.rmse),
    ratioToMid: mid.rmse > 0 ? round4(stats.rmse / mid.rmse) : null,
  };
}
