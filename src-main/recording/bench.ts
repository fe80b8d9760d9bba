import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { estimatorErrors, formatErrorReport, formatFits, topOfBookSeries } from './estimator-error';
import { describeDamage } from './recording-format';
import { recordPaperSession } from './paper-session';
import { openRecording, sessionParts } from './recording-reader';

/**
 * Records the paper exchange's synthetic books through the market monitor for a while (the same
 * path paper mode records), then prints
 *   (a) the raw read speed of the recording: records/s and MB/s through the reader (CRC checked,
 *       decoded, validated), best of several passes;
 *   (b) the out-of-sample error of the plain mid, the weighted mid and Stoikov's micro-price at
 *       predicting the mid N top-of-book events ahead, in ticks and as ratios against the mid.
 *
 *   npx tsx src-main/recording/bench.ts [--file DIR|FILE] [--seconds 60] [--seed 1]
 *     [--horizons 1,5,10,50] [--train 0.5] [--keep]
 */

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    horizons: { type: 'string', default: '1,5,10,50' },
    train: { type: 'string', default: '0.5' },
    keep: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const horizons = values.horizons.split(',').map(Number);
const trainFraction = Number(values.train);

async function record(dataDir: string): Promise<string> {
  const { sessionDir, stats } = await recordPaperSession({
    dataDir,
    seconds,
    seed: Number(values.seed),
  });
  console.log(
    `recorded ${stats?.records ?? 0} records, ${stats?.bytesWritten ?? 0} bytes in ${stats?.files.length ?? 0} file(s); dropped ${stats?.dropped ?? 0}`,
  );
  return sessionDir;
}

async function readSpeed(dir: string): Promise<void> {
  const bytes = (await sessionParts(dir)).reduce((sum, file) => sum + statSync(file).size, 0);
  let best = Infinity;
  let records = 0;
  let books = 0;
  const started = performance.now();
  for (let pass = 0; pass < 20 && (pass < 3 || performance.now() - started < 3_000); pass++) {
    const reader = await openRecording(dir);
    const t0 = performance.now();
    let count = 0;
    let bookCount = 0;
    for await (const r of reader) {
      count += 1;
      if (r.type === 'book') bookCount += 1;
    }
    best = Math.min(best, performance.now() - t0);
    records = count;
    books = bookCount;
    if (reader.outcome.damage) console.log(`damage: ${describeDamage(reader.outcome.damage)}`);
  }
  const perSecond = records / (best / 1_000);
  console.log(
    `\n(a) read speed: ${records} records (${books} books, ${(bytes / books).toFixed(1)} bytes per book on average), ${(bytes / 1e6).toFixed(2)} MB`,
  );
  console.log(
    `    best pass ${best.toFixed(1)} ms: ${Math.round(perSecond).toLocaleString('en-US')} records/s, ${(bytes / 1e6 / (best / 1_000)).toFixed(1)} MB/s`,
  );
}

async function errors(dir: string): Promise<void> {
  const { series, outcome } = await topOfBookSeries(dir);
  if (outcome.damage) console.log(`damage: ${describeDamage(outcome.damage)}`);
  const states = series.reduce((sum, s) => sum + s.states.length, 0);
  console.log(
    `\n(b) prediction of the mid N top-of-book events ahead: ${series.length} tokens, ${states} top-of-book changes, fit on the first ${trainFraction * 100}% of each, tested on the rest`,
  );
  for (const fitScope of ['token', 'tick'] as const) {
    const report = estimatorErrors(series, { trainFraction, horizons, fitScope });
    console.log(
      fitScope === 'token'
        ? '\nStoikov fitted per token:'
        : '\nStoikov fitted per tick size (the training parts of all tokens on that tick):',
    );
    console.log(formatFits(report));
    console.log('errors in ticks (ratio = estimator ÷ plain mid; below 1 is better):');
    console.log(formatErrorReport(report));
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'polydesk-recording-bench-'));
try {
  const dir = values.file ?? (await record(dataDir));
  await readSpeed(dir);
  await errors(dir);
  if (values.keep && !values.file) console.log(`\nrecording kept in ${dir}`);
} finally {
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
}
