import { microsToDecimal } from '@shared/math/decimal';
import { describeDamage } from '../recording/recording-format';
import { alignedTable, estimatorTable, namedQualityTable } from '../report/report-tables';
import type { ReplayResult, StrategyResult } from './replay-runner';

function seconds(ms: number | null): string {
  return ms === null ? '—' : (ms / 1_000).toFixed(1);
}

function row(result: StrategyResult): string[] {
  return [
    result.name,
    String(result.fills.length),
    `${microsToDecimal(result.filledMicros)}/${microsToDecimal(result.targetMicros)}`,
    result.avgPriceMicros === null ? '—' : microsToDecimal(result.avgPriceMicros),
    `${(result.fillRatio * 100).toFixed(1)}%`,
    seconds(result.firstFillAfterMs),
    seconds(result.completedAfterMs),
    String(result.placements),
    String(result.replacements),
    result.refused === null ? (result.finalState ?? '—') : `REFUSED: ${result.refused}`,
  ];
}

const HEADER = [
  'strategy',
  'fills',
  'filled/target',
  'avg price',
  'fill ratio',
  'first fill s',
  'done in s',
  'placed',
  'replaced',
  'final state',
];

/** The results of a replay as a table, one strategy a row, with the recording's span and any damage. */
export function resultsTable(replay: ReplayResult): string {
  const span = (replay.recording.lastMs - replay.recording.firstMs) / 1_000;
  const lines = [
    `${replay.file}: ${replay.recording.books} books of ${replay.recording.tokens} tokens over ${span.toFixed(1)} s, seed ${replay.seed}`,
    alignedTable(HEADER, replay.results.map(row)),
  ];
  if (replay.stoppedAt)
    lines.push(`recording damaged: replayed up to ${describeDamage(replay.stoppedAt)}`);
  const measured = replay.results.flatMap((r) =>
    r.quality ? [{ name: r.name, quality: r.quality }] : [],
  );
  if (measured.length > 0) {
    lines.push(
      '',
      'execution quality (ticks; slippage against the arrival micro-price, positive = cost; markouts positive = earned):',
      namedQualityTable(measured),
    );
  }
  if (replay.estimators) {
    lines.push(
      '',
      'estimators: error at predicting the mid N top-of-book events ahead, ticks:',
      estimatorTable(replay.estimators),
    );
  }
  const notes = [...(replay.reportNotes ?? []), ...(replay.estimators?.notes ?? [])];
  lines.push(...notes.map((note) => `note: ${note}`));
  return lines.join('\n');
}
