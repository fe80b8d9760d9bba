import { pathToFileURL } from 'node:url';
import { computePositions, summarizePortfolio } from '@shared/portfolio';
import type { PortfolioFillInput, TradeStatus } from '@shared/portfolio';
import { PortfolioModel } from './portfolio-model';

/**
 * Positions recomputed on each fill at 200 fills/s: the time from a fill report to the
 * portfolio snapshot that includes it, p50/p99 over a few thousand fills, paced in real time.
 * Incremental: PositionBook.apply + the snapshot of the model (what PortfolioService does).
 * Baseline, same run, same fills: a full recompute from every report so far per fill
 * (computePositions + summarizePortfolio).
 *
 *   npx tsx src-main/portfolio/bench.ts [--fills 3000] [--rate 200] [--tokens 20]
 */

interface Options {
  fills: number;
  rate: number;
  tokens: number;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { fills: 3_000, rate: 200, tokens: 20 };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--fills') options.fills = value;
    if (argv[i] === '--rate') options.rate = value;
    if (argv[i] === '--tokens') options.tokens = value;
  }
  return options;
}

/** A seeded stream of reports: buys and sells over a few tokens, later status moves. */
function reports(count: number, tokens: number): PortfolioFillInput[] {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const out: PortfolioFillInput[] = [];
  const pending: PortfolioFillInput[] = [];
  for (let i = 0; out.length < count; i += 1) {
    if (pending.length > 0 && random() < 0.45) {
      // A pending fill settles (1 in 50 fails).
      const known = pending.splice(Math.floor(random() * pending.length), 1)[0];
      if (known) {
        const status: TradeStatus = random() < 0.02 ? 'FAILED' : 'CONFIRMED';
        out.push({ ...known, status });
      }
      continue;
    }
    const fill: PortfolioFillInput = {
      tokenId: String(1_000 + Math.floor(random() * tokens)),
      tradeId: `t${i}`,
      orderId: `o${i % 97}`,
      side: random() < 0.6 ? 'BUY' : 'SELL',
      priceMicros: 10_000 * (5 + Math.floor(random() * 90)),
      sizeMicros: 10_000 * (100 + Math.floor(random() * 5_000)),
      feeMicros: Math.floor(random() * 20_000),
      status: 'MATCHED',
      timeMs: 1_700_000_000_000 + i * 5,
    };
    out.push(fill);
    pending.push(fill);
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Run {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  behindMs: number;
}

/** Feeds the reports at `rate` a second, timing `onFill` for each. */
async function paced(
  list: readonly PortfolioFillInput[],
  rate: number,
  onFill: (index: number) => void,
): Promise<Run> {
  const times: number[] = [];
  const intervalMs = 1_000 / rate;
  const start = performance.now();
  let behind = 0;
  for (let i = 0; i < list.length; i += 1) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    behind = Math.max(behind, performance.now() - due);
    const t0 = performance.now();
    onFill(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times.at(-1) ?? 0,
    behindMs: behind,
  };
}

const MARKS = (tokens: number) =>
  Object.fromEntries(
    Array.from({ length: tokens }, (_, i) => [
      String(1_000 + i),
      { microPriceMicros: 505_000, bestBidMicros: 500_000 },
    ]),
  );

export async function runPortfolioBench(options: Options): Promise<{
  incremental: Run;
  baseline: Run;
  ratio: number;
}> {
  const list = reports(options.fills, options.tokens);
  const model = new PortfolioModel();
  for (const [tokenId, mark] of Object.entries(MARKS(options.tokens))) {
    model.setMark({ tokenId, microPrice: mark.microPriceMicros, bestBid: 500_000, stale: false });
  }
  const origin = { exchangeOrderId: 'o', userOrderId: null, role: null };
  let sink = 0;
  const incremental = await paced(list, options.rate, (i) => {
    const report = list[i];
    if (!report) return;
    model.applyFill(report, origin);
    sink += model.snapshot(i).positions.length;
  });
  const marks = MARKS(options.tokens);
  const baseline = await paced(list, options.rate, (i) => {
    const { positions } = computePositions(list.slice(0, i + 1));
    sink += summarizePortfolio({ positions, marks }).positions.length;
  });
  if (sink < 0) console.log(sink);
  return { incremental, baseline, ratio: baseline.p99Ms / Math.max(incremental.p99Ms, 1e-6) };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const { incremental, baseline, ratio } = await runPortfolioBench(options);
  const line = (name: string, run: Run): string =>
    `${name.padEnd(34)} p50 ${run.p50Ms.toFixed(3)} ms  p99 ${run.p99Ms.toFixed(3)} ms  max ${run.maxMs.toFixed(2)} ms  (worst lag behind ${options.rate}/s: ${run.behindMs.toFixed(1)} ms)`;
  console.log(
    `portfolio: positions recomputed on each fill, ${options.fills} fills at ${options.rate}/s over ${options.tokens} tokens`,
  );
  console.log(line('  incremental (book + snapshot)', incremental));
  console.log(line('  baseline (full recompute per fill)', baseline));
  console.log(`  p99 update time: ${ratio.toFixed(1)}× faster than the full recompute`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
