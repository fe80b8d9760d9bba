import { Command, CommanderError, Option } from 'commander';
import { PolydeskError } from '@shared/errors';
import { FINAL_ORDER_STATES } from '@shared/domain/order';
import type { Order } from '@shared/domain/order';
import { OrderRequestSchema } from '@shared/domain/order-request';
import type { OrderRequestInput, StuckAction } from '@shared/domain/order-request';
import { fieldIssues } from '@shared/errors';
import { startupFailure } from '../host/startup-failure';
import { integer, number, redactArguments } from './arguments';
import { consoleIo } from './cli-io';
import type { CliIo } from './cli-io';
import { CliExit, EXIT, EXIT_CODES_HELP, exitCodeFor } from './exit-codes';
import { bookText, marketsTable, ordersTable, positionsText, tradesTable } from './format';
import { HostClient, resolveHost } from './host-client';
import type { HostAddress } from './host-client';
import { addLiveCommands, addRailsCommands } from './live-commands';
import { InputClosedError } from './prompt';
import { addReplayCommand } from './replay-command';
import { addReportCommand } from './report-command';
import { addKellyOptions, addMicroPriceOptions } from './strategy-options';
import { addContextCommands } from './context-commands';

export type { CliInput, CliIo } from './cli-io';

function resolveHostFromOptions(o: { url?: string; hostToken?: string }): HostAddress {
  return resolveHost({ url: o.url, token: o.hostToken });
}

interface SubmitOptions {
  token: string;
  side: string;
  strategy: string;
  size?: string;
  minPrice: string;
  maxPrice: string;
  targetPrice?: string;
  clipSize?: string;
  clipJitterPct?: number;
  allowTaking?: boolean;
  sellUnconfirmed?: boolean;
  estimator?: string;
  thresholdBps?: number;
  checkInterval?: number;
  maxAdjustments?: number;
  aggressionLimitBps?: number;
  whenStuck?: string;
  stuckAfter?: number;
  winProbability?: number;
  kellyFraction?: number;
  maxPositionSize?: string;
  bankroll?: string;
  recalculateInterval?: number;
  urgency?: string;
  wait?: boolean;
  json?: boolean;
}

/** Builds the OrderRequest a submit command describes (validated by the shared schema later). */
export function requestFromOptions(o: SubmitOptions): OrderRequestInput {
  const strategyType = o.strategy.replace('-', '_') as OrderRequestInput['strategyType'];
  const whenStuck =
    o.whenStuck !== undefined || o.stuckAfter !== undefined
      ? {
          ...(o.whenStuck !== undefined && { action: o.whenStuck as StuckAction }),
          ...(o.stuckAfter !== undefined && { afterSec: o.stuckAfter }),
        }
      : undefined;
  const microPriceParams = Object.fromEntries(
    Object.entries({
      estimator: o.estimator,
      thresholdBps: o.thresholdBps,
      checkIntervalSec: o.checkInterval,
      maxAdjustments: o.maxAdjustments,
      aggressionLimitBps: o.aggressionLimitBps,
      whenStuck,
    }).filter(([, v]) => v !== undefined),
  );
  const hasMicro = Object.keys(microPriceParams).length > 0;
  const request: OrderRequestInput = {
    tokenId: o.token,
    side: o.side.toUpperCase() as OrderRequestInput['side'],
    strategyType,
    minPrice: o.minPrice,
    maxPrice: o.maxPrice,
    ...(o.size !== undefined ? { totalSize: o.size } : {}),
    ...(o.targetPrice !== undefined ? { targetPrice: o.targetPrice } : {}),
    ...(o.sellUnconfirmed ? { sellUnconfirmed: true } : {}),
    ...(o.urgency !== undefined
      ? { urgency: o.urgency.toUpperCase() as OrderRequestInput['urgency'] }
      : {}),
  };
  if (strategyType === 'iceberg' && o.clipSize !== undefined) {
    request.icebergParams = {
      clipSize: o.clipSize,
      ...(o.clipJitterPct !== undefined ? { clipJitterPct: o.clipJitterPct } : {}),
      ...(o.allowTaking ? { allowTaking: true } : {}),
    };
  }
  if (strategyType === 'kelly') {
    if (o.winProbability !== undefined && o.maxPositionSize !== undefined) {
      request.kellyParams = {
        winProbability: o.winProbability,
        maxPositionSize: o.maxPositionSize,
        ...(o.kellyFraction !== undefined ? { kellyFraction: o.kellyFraction } : {}),
        ...(o.bankroll !== undefined ? { bankroll: o.bankroll } : {}),
        ...(o.recalculateInterval !== undefined
          ? { recalculateIntervalSec: o.recalculateInterval }
          : {}),
        ...(hasMicro ? { microPriceParams } : {}),
      };
    }
  } else if (hasMicro) {
    request.microPriceParams = microPriceParams;
  }
  return request;
}

function progressLine(order: Order): string {
  const target = order.targetSize || 1;
  const pct = Math.min(100, Math.round((order.filled / target) * 100));
  const bar = '#'.repeat(Math.round(pct / 5)).padEnd(20, '.');
  return `${order.id} ${order.state.padEnd(9)} [${bar}] ${pct}% filled, ${order.adjustments} adjustments`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('polydesk')
    .description('Polydesk: order-management terminal for Polymarket (paper exchange built in).')
    .option('--url <url>', 'host URL (default: the running host found in the data directory)')
    .option('--host-token <token>', 'host bearer token (with --url; or POLYDESK_TOKEN)')
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(redactArguments(s.trimEnd())),
    })
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .showHelpAfterError();

  const client = (): HostClient =>
    new HostClient(resolveHostFromOptions(program.opts<{ url?: string; hostToken?: string }>()));
  const print = (json: boolean | undefined, value: unknown, text: () => string): void => {
    io.out(json ? JSON.stringify(value, null, 2) : text());
  };

  program
    .command('daemon')
    .description('run the host headless (browser mode), printing the UI URL')
    .action(async () => {
      // Loaded only here: the other commands are thin clients and start fast.
      const { runHeadless } = await import('../host/run-headless');
      await runHeadless();
      await new Promise(() => undefined);
    });

  program
    .command('status')
    .description('health of the running host')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const health = await client().call('daemon.health', {});
      print(o.json, health, () =>
        [
          `mode        ${health.mode}`,
          `status      ${health.status}`,
          `exchange    ${health.connection}`,
          `stream      ${health.stream}`,
          `workers     ${health.workers ? `${health.workers.busy} busy / ${health.workers.idle} idle` : '—'}`,
          `queue       ${health.queueDepth}`,
          `orders      ${health.activeOrders} active`,
          `uptime      ${Math.round(health.uptimeMs / 1000)} s`,
        ].join('\n'),
      );
    });

  program
    .command('markets')
    .description('list markets')
    .option('--search <text>', 'only questions containing this text')
    .option('--json', 'machine-readable output')
    .action(async (o: { search?: string; json?: boolean }) => {
      const { markets } = await client().call('market.list', {});
      const needle = o.search?.toLowerCase();
      const shown = needle
        ? markets.filter((m) => m.question.toLowerCase().includes(needle))
        : markets;
      print(o.json, shown, () => marketsTable(shown));
    });

  program
    .command('book <tokenId>')
    .description('order book, micro-price and bands of one token')
    .option('--depth <n>', 'levels per side', integer('depth', 1, 100), 10)
    .option('--json', 'machine-readable output')
    .action(async (tokenId: string, o: { depth: number; json?: boolean }) => {
      const host = client();
      const first = await host.call('market.watch', { tokenId });
      const snapshot = first ?? (await sleep(500), await host.call('market.snapshot', { tokenId }));
      await host.call('market.unwatch', { tokenId });
      print(o.json, snapshot, () => bookText(snapshot, o.depth));
    });

  const submit = program
    .command('submit')
    .description("submit an order worked by a strategy (the plan's parameters)")
    .requiredOption('--token <tokenId>', 'outcome token id')
    .addOption(
      new Option('--side <side>', 'BUY or SELL')
        .choices(['BUY', 'SELL', 'buy', 'sell'])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--strategy <type>', 'execution strategy')
        .choices(['iceberg', 'micro-price', 'micro_price', 'kelly'])
        .makeOptionMandatory(),
    )
    .option('--size <shares>', 'total size (iceberg, micro-price)')
    .requiredOption('--min-price <price>', 'lowest acceptable price')
    .requiredOption('--max-price <price>', 'highest acceptable price')
    .option(
      '--target-price <price>',
      'iceberg: price clips never go beyond (passive), or are sent at (--allow-taking)',
    )
    .option('--clip-size <shares>', 'iceberg: visible clip')
    .option(
      '--clip-jitter-pct <pct>',
      'iceberg: clip size jitter',
      number('clip-jitter-pct', 0, 50),
    )
    .option(
      '--allow-taking',
      'iceberg: send each clip at the target price even if it takes (default: post-only, re-priced)',
    )
    .option(
      '--sell-unconfirmed',
      'SELL: count shares bought but not yet CONFIRMED as sellable (default: settled shares only)',
    );
  addMicroPriceOptions(submit)
    .addOption(
      new Option(
        '--when-stuck <action>',
        'adjustments used up or book stale for --stuck-after seconds: cancel, or wait (default)',
      ).choices(['wait', 'cancel']),
    )
    .option(
      '--stuck-after <sec>',
      'seconds stuck before --when-stuck applies (default 60)',
      number('stuck-after', 0, 86_400),
    );
  addKellyOptions(submit, 'exchange balance')
    .addOption(
      new Option('--urgency <level>', 'LOW, MEDIUM or HIGH').choices([
        'LOW',
        'MEDIUM',
        'HIGH',
        'low',
        'medium',
        'high',
      ]),
    )
    .option('--wait', 'show progress until the order ends')
    .option('--json', 'machine-readable output')
    .action(async (o: SubmitOptions) => {
      const request = requestFromOptions(o);
      const checked = OrderRequestSchema.safeParse(request);
      if (!checked.success) {
        throw new PolydeskError('BAD_REQUEST', 'Invalid order', fieldIssues(checked.error));
      }
      const host = client();
      const { orderId } = await host.call('order.submit', request);
      if (!o.wait) {
        print(o.json, { orderId }, () => `submitted ${orderId}`);
        return;
      }
      if (!o.json) io.out(`submitted ${orderId}`);
      let last = '';
      for (;;) {
        const { orders } = await host.call('order.list', { includeFinal: true });
        const order = orders.find((x) => x.id === orderId);
        if (order) {
          const line = progressLine(order);
          if (line !== last && !o.json) io.out(line);
          last = line;
          if (FINAL_ORDER_STATES.includes(order.state)) {
            if (o.json) io.out(JSON.stringify(order, null, 2));
            else if (order.reason) io.out(`ended: ${order.reason}`);
            setExit(order.state === 'COMPLETED' ? EXIT.ok : EXIT.orderNotCompleted);
            return;
          }
        }
        await sleep(500);
      }
    });

  program
    .command('cancel <orderId>')
    .description('cancel one order and its exchange orders')
    .option('--json', 'machine-readable output')
    .action(async (orderId: string, o: { json?: boolean }) => {
      const order = await client().call('order.cancel', { orderId });
      print(o.json, order, () => ordersTable([order]));
    });

  program
    .command('orders')
    .description('working orders (--all: finished ones too)')
    .option('--all', 'include finished orders')
    .option('--json', 'machine-readable output')
    .action(async (o: { all?: boolean; json?: boolean }) => {
      const { orders } = await client().call('order.list', { includeFinal: Boolean(o.all) });
      print(o.json, orders, () => (orders.length ? ordersTable(orders) : 'no orders'));
    });

  program
    .command('kill')
    .description('kill switch: cancel every working order')
    .option('--yes', 'do not ask (required when not interactive)')
    .option('--json', 'machine-readable output')
    .action(async (o: { yes?: boolean; json?: boolean }) => {
      if (!o.yes) {
        throw new PolydeskError(
          'BAD_REQUEST',
          'The kill switch cancels every working order: repeat with --yes',
        );
      }
      const { cancelled } = await client().call('order.cancelAll', {});
      print(o.json, { cancelled }, () => `cancelled ${cancelled.length} order(s)`);
    });

  program
    .command('positions')
    .description('positions from our fills beside the exchange balances: cost, marks, P&L, cash')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const snapshot = await client().call('portfolio.get', {});
      print(o.json, snapshot, () => positionsText(snapshot));
    });

  program
    .command('trades')
    .description('our fills, newest first, with their status (MATCHED is not yet CONFIRMED)')
    .option('--token <tokenId>', 'only fills of this token')
    .option('--limit <n>', 'at most this many', integer('limit', 1, 5_000), 50)
    .option('--json', 'machine-readable output')
    .action(async (o: { token?: string; limit: number; json?: boolean }) => {
      const { trades, total } = await client().call('portfolio.trades', {
        limit: o.limit,
        ...(o.token !== undefined && { tokenId: o.token }),
      });
      print(o.json, { trades, total }, () =>
        trades.length
          ? `${tradesTable(trades)}${total > trades.length ? `\n(${trades.length} of ${total})` : ''}`
          : 'no trades',
      );
    });

  addLiveCommands(program, { io, client, print });
  addRailsCommands(program, { io, client, print });
  addReplayCommand(program, { io, print });
  addReportCommand(program, { io, client, print });
  addContextCommands(program, { io, client, print });

  return program;
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: string[], io: CliIo = consoleIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof CliExit) {
      io.err(`error: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof InputClosedError) {
      io.err(
        err.reason === 'cancelled'
          ? 'cancelled: nothing was changed'
          : 'error: the input ended before an answer: nothing was changed',
      );
      return EXIT.refused;
    }
    const error = PolydeskError.from(err);
    io.err(error.code === 'INTERNAL' ? startupFailure(err) : `error: ${error.message}`);
    for (const issue of error.issues ?? []) io.err(`  ${issue.path}: ${issue.message}`);
    return exitCodeFor(error.code);
  }
}
