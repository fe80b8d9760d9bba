import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import type { StrategyType } from '@shared/domain/order-request';
import type { ReportParams } from '@shared/report/execution-report';
import { reportText } from '../report/report-tables';
import type { CommandContext } from './live-commands';

interface ReportCommandOptions {
  order: string[];
  strategy?: string;
  since?: number;
  json?: boolean;
}

/** `--since`: unix milliseconds, or an ISO 8601 date or time. */
export function parseSince(value: string): number {
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new InvalidArgumentError('since must be unix milliseconds or an ISO date/time');
  }
  return ms;
}

export function reportParams(o: ReportCommandOptions): ReportParams {
  return {
    ...(o.order.length > 0 && { orderIds: o.order }),
    ...(o.strategy !== undefined && {
      strategyType: o.strategy.replace('-', '_') as StrategyType,
    }),
    ...(o.since !== undefined && { sinceMs: o.since }),
  };
}

/** `polydesk report`: execution quality per strategy and per order, and the estimators. */
export function addReportCommand(program: Command, { client, print }: CommandContext): void {
  program
    .command('report')
    .description(
      'execution quality: slippage against the arrival micro-price, markouts at 1/10/60 s, fill ratio, time to fill, replacements, fees; the estimators compared',
    )
    .option(
      '--order <id>',
      'only this order (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .addOption(
      new Option('--strategy <type>', 'only orders of this strategy').choices([
        'iceberg',
        'micro-price',
        'micro_price',
        'kelly',
      ]),
    )
    .option(
      '--since <time>',
      'only orders that arrived since (ISO date/time or unix ms)',
      parseSince,
    )
    .option('--json', 'machine-readable output (the ExecutionReport)')
    .action(async (o: ReportCommandOptions) => {
      const report = await client().call('report.get', reportParams(o));
      print(o.json, report, () => reportText(report));
    });
}
