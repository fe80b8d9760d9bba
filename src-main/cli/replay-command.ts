import { Option } from 'commander';
import type { Command } from 'commander';
import { z } from 'zod';
import { PolydeskError } from '@shared/errors';
import { number, integer } from './arguments';
import { addKellyOptions, addMicroPriceOptions } from './strategy-options';
import type { CliIo } from './cli-io';

interface ReplayCommandOptions {
  strategy: string;
  token?: string;
  side?: string;
  size?: string;
  minPrice?: string;
  maxPrice?: string;
  targetPrice?: string;
  clipSize?: string;
  clipJitterPct?: number;
  allowTaking?: boolean;
  estimator?: string;
  thresholdBps?: number;
  checkInterval?: number;
  maxAdjustments?: number;
  aggressionLimitBps?: number;
  winProbability?: number;
  kellyFraction?: number;
  maxPositionSize?: string;
  bankroll?: string;
  recalculateInterval?: number;
  compare: string[];
  seed: number;
  collateral?: number;
  shares?: number;
  startAfter?: number;
  toEnd?: boolean;
  report?: boolean;
  json?: boolean;
}

const CompareSchema = z.record(z.string(), z.unknown());

function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

/** The base request from the flags (what is left out, the replay fills in from the recording). */
export function baseRequest(o: ReplayCommandOptions): Record<string, unknown> {
  const strategyType = o.strategy.replace('-', '_');
  const micro = defined({
    estimator: o.estimator,
    thresholdBps: o.thresholdBps,
    checkIntervalSec: o.checkInterval,
    maxAdjustments: o.maxAdjustments,
    aggressionLimitBps: o.aggressionLimitBps,
  });
  const hasMicro = Object.keys(micro).length > 0;
  return defined({
    strategyType,
    tokenId: o.token,
    side: o.side?.toUpperCase(),
    totalSize: strategyType === 'kelly' ? undefined : (o.size ?? '50'),
    minPrice: o.minPrice,
    maxPrice: o.maxPrice,
    targetPrice: o.targetPrice,
    icebergParams:
      strategyType === 'iceberg'
        ? defined({
            clipSize: o.clipSize ?? '10',
            clipJitterPct: o.clipJitterPct,
            allowTaking: o.allowTaking,
          })
        : undefined,
    kellyParams:
      strategyType === 'kelly'
        ? defined({
            winProbability: o.winProbability,
            maxPositionSize: o.maxPositionSize ?? o.size ?? '50',
            kellyFraction: o.kellyFraction,
            bankroll: o.bankroll,
            recalculateIntervalSec: o.recalculateInterval,
            microPriceParams: hasMicro ? micro : undefined,
          })
        : undefined,
    microPriceParams: strategyType !== 'kelly' && hasMicro ? micro : undefined,
  });
}

/** A --compare set over the base: top-level fields replace, *Params objects merge one level deep. */
export function mergeRequest(
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const previous = merged[key];
    const bothObjects =
      key.endsWith('Params') &&
      typeof value === 'object' &&
      value !== null &&
      typeof previous === 'object' &&
      previous !== null;
    merged[key] = bothObjects ? { ...previous, ...value } : value;
  }
  // A set that switches strategy drops what belongs to the one it leaves.
  const strategyType = String(merged.strategyType);
  const leftBehind = (key: string): boolean =>
    !(key in overrides) &&
    ((key === 'icebergParams' && strategyType !== 'iceberg') ||
      (key === 'kellyParams' && strategyType !== 'kelly') ||
      (key === 'totalSize' && strategyType === 'kelly'));
  return Object.fromEntries(Object.entries(merged).filter(([key]) => !leftBehind(key)));
}

function parseCompare(
  text: string,
  position: number,
): { name: string; overrides: Record<string, unknown> } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PolydeskError('BAD_REQUEST', `--compare #${position}: not JSON: ${text}`);
  }
  const parsed = CompareSchema.safeParse(json);
  if (!parsed.success)
    throw new PolydeskError('BAD_REQUEST', `--compare #${position}: a JSON object is needed`);
  const { name, ...overrides } = parsed.data;
  return {
    name: typeof name === 'string' && name !== '' ? name : `compare ${position}`,
    overrides,
  };
}

/** `polydesk replay FILE …`: runs in this process, no host needed. */
export function addReplayCommand(
  program: Command,
  context: {
    io: CliIo;
    print(json: boolean | undefined, value: unknown, text: () => string): void;
  },
): void {
  const replay = program
    .command('replay <file>')
    .description(
      'replay a recording (part file or session directory) through the daemon and a strategy against simulated matching; --compare runs more parameter sets on the same books',
    )
    .addOption(
      new Option('--strategy <type>', 'execution strategy')
        .choices(['iceberg', 'micro-price', 'micro_price', 'kelly'])
        .makeOptionMandatory(),
    )
    .option('--token <tokenId>', 'token to trade (default: the one with the most books)')
    .addOption(
      new Option('--side <side>', 'BUY (default) or SELL').choices(['BUY', 'SELL', 'buy', 'sell']),
    )
    .option('--size <shares>', 'total size (default 50; Kelly: the position cap)')
    .option('--min-price <price>', 'lowest acceptable price (default: one tick)')
    .option('--max-price <price>', 'highest acceptable price (default: 1 − one tick)')
    .option('--target-price <price>', 'iceberg: target price')
    .option('--clip-size <shares>', 'iceberg: visible clip (default 10)')
    .option(
      '--clip-jitter-pct <pct>',
      'iceberg: clip size jitter',
      number('clip-jitter-pct', 0, 50),
    )
    .option('--allow-taking', 'iceberg: clips may take liquidity');
  addKellyOptions(addMicroPriceOptions(replay), 'the simulated balance')
    .option(
      '--compare <json>',
      'another parameter set, a JSON object over the flags\' request (e.g. \'{"name":"wide","microPriceParams":{"thresholdBps":200}}\'); repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--seed <n>', 'seed of ids and strategy randomness', integer('seed', 0, 0xffff_ffff), 1)
    .option(
      '--collateral <usdc>',
      'simulated collateral (default 10000)',
      number('collateral', 0, 1e9),
    )
    .option(
      '--shares <n>',
      'simulated shares of every token (default: none for BUY, the size for SELL)',
      number('shares', 0, 1e9),
    )
    .option(
      '--start-after <sec>',
      "submit this long after the token's first book",
      number('start-after', 0, 1e7),
    )
    .option('--to-end', 'read the whole recording even after the order ended')
    .option(
      '--report',
      'execution quality of each strategy against the recorded micro-price (slippage, markouts, fees) and the estimators compared',
    )
    .option('--json', 'machine-readable output')
    .action(async (file: string, o: ReplayCommandOptions) => {
      // Loaded only here: the daemon and the monitor are not needed by the other commands.
      const { runReplay } = await import('../replay/replay-runner');
      const { resultsTable } = await import('../replay/results-table');
      const base = baseRequest(o);
      const startAfterSec = o.startAfter ?? 0;
      const strategies = [
        { name: String(base.strategyType), request: base, startAfterSec },
        ...o.compare.map((text, i) => {
          const { name, overrides } = parseCompare(text, i + 1);
          return { name, request: mergeRequest(base, overrides), startAfterSec };
        }),
      ];
      const result = await runReplay({
        file,
        strategies,
        seed: o.seed,
        ...(o.collateral !== undefined && { collateralUsdc: o.collateral }),
        ...(o.shares !== undefined && { shares: o.shares }),
        toEnd: o.toEnd === true,
        report: o.report === true,
      });
      context.print(o.json, result, () => resultsTable(result));
    });
}
