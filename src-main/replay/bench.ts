import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { recordPaperSession } from '../recording/paper-session';
import { describeDamage } from '../recording/recording-format';
import { openRecording } from '../recording/recording-reader';
import { runReplay } from './replay-runner';
import type { ReplayStrategy } from './replay-spec';
import { resultsTable } from './results-table';

/**
 * Replay speed against raw read speed, on one recording (given, or made from the paper
 * exchange's synthetic flow for --seconds):
 *   (a) raw read: book records/s through the reader (CRC checked, decoded, validated), best pass;
 *   (b) replay: book records/s through the replay — every book applied to the replayed books and
 *       matched against our orders, those of the traded token handed on through the monitor to
 *       the daemon and its strategy — best pass, and (b)/(a).
 * Each replay runs twice: the fills must be the same.
 *
 *   npx tsx src-main/replay/bench.ts [--file DIR|FILE] [--seconds 60] [--seed 1] [--keep]
 */

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});

async function record(dataDir: string, seconds: number): Promise<string> {
  return (await recordPaperSession({ dataDir, seconds, seed: Number(values.seed) })).sessionDir;
}

async function rawRead(path: string): Promise<{ books: number; bestMs: number }> {
  let bestMs = Infinity;
  let books = 0;
  for (let pass = 0; pass < 3; pass++) {
    const reader = await openRecording(path);
    const t0 = performance.now();
    let count = 0;
    for await (const r of reader) if (r.type === 'book') count += 1;
    bestMs = Math.min(bestMs, performance.now() - t0);
    books = count;
    if (reader.outcome.damage) console.log(`damage: ${describeDamage(reader.outcome.damage)}`);
  }
  return { books, bestMs };
}

const rate = (count: number, ms: number): string =>
  `${Math.round(count / (ms / 1_000)).toLocaleString('en-US')}/s`;

const strategies: ReplayStrategy[] = [
  // Priced below the market, it works (and is woken by) every book of its token to the end.
  {
    name: 'resting all along',
    request: {
      strategyType: 'micro_price',
      totalSize: '1000',
      maxPrice: '0.3',
      microPriceParams: { checkIntervalSec: 0.5 },
    },
  },
  { name: 'micro_price 1000', request: { strategyType: 'micro_price', totalSize: '1000' } },
  {
    name: 'iceberg 1000/25',
    request: {
      strategyType: 'iceberg',
      totalSize: '1000',
      icebergParams: { clipSize: '25', clipJitterPct: 20 },
    },
  },
  {
    name: 'kelly q=0.9',
    request: {
      strategyType: 'kelly',
      kellyParams: { winProbability: 0.9, maxPositionSize: '1000' },
    },
  },
];

const dataDir = mkdtempSync(join(tmpdir(), 'polydesk-replay-bench-'));
try {
  const path = values.file ?? (await record(dataDir, Number(values.seconds)));
  const raw = await rawRead(path);
  console.log(
    `\n(a) raw read: ${raw.books} books in ${raw.bestMs.toFixed(1)} ms: ${rate(raw.books, raw.bestMs)}`,
  );
  const seed = Number(values.seed);
  const first = await runReplay({ file: path, strategies, seed, toEnd: true });
  const second = await runReplay({ file: path, strategies, seed, toEnd: true });
  console.log(`\n${resultsTable(first)}\n`);
  console.log('(b) replay, best of two runs per strategy:');
  for (const [i, a] of first.results.entries()) {
    const b = second.results[i];
    if (!b) continue;
    const ms = Math.min(a.wallMs, b.wallMs);
    const same = JSON.stringify(a.fills) === JSON.stringify(b.fills);
    console.log(
      `    ${a.name.padEnd(18)} ${a.bookEvents} books (${a.deliveredBookEvents} through the daemon) in ${ms.toFixed(1)} ms: ${rate(a.bookEvents, ms)}, ${(a.bookEvents / ms / (raw.books / raw.bestMs)).toFixed(2)}× raw read; ${a.fills.length} fills, second run ${same ? 'identical' : 'DIFFERENT'}`,
    );
  }
  if (values.keep && !values.file) console.log(`\nrecording kept in ${path}`);
} finally {
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
}
