import { Option } from 'commander';
import type { Command } from 'commander';
import {
  AddressSchema,
  MIN_PASSPHRASE_LENGTH,
  needsFunder,
  PASSPHRASE_ENV,
  SIGNATURE_TYPE_NAMES,
} from '@shared/domain/live';
import type { LiveStatus, SignatureType } from '@shared/domain/live';
import { RiskSettingsUpdateSchema } from '@shared/domain/risk-settings';
import type { RiskSettingsUpdate } from '@shared/domain/risk-settings';
import { PolydeskError, fieldIssues } from '@shared/errors';
import { integer } from './arguments';
import { inputOf } from './cli-io';
import type { CliIo } from './cli-io';
import { CliExit, EXIT } from './exit-codes';
import { VAULT_NAMES, liveStatusText, railsText, usdc } from './format';
import type { HostClient } from './host-client';
import { LineInput } from './prompt';

export interface CommandContext {
  io: CliIo;
  client(): HostClient;
  print(json: boolean | undefined, value: unknown, text: () => string): void;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The name --passphrase-env got, checked here rather than by commander, which would echo it. */
function envName(name: string): string {
  if (!ENV_NAME.test(name)) {
    throw new CliExit(
      '--passphrase-env takes the name of an environment variable (letters, digits, _), not a passphrase',
      EXIT.usage,
    );
  }
  return name;
}

function fromEnv(io: CliIo, name: string): string | undefined {
  const value = (io.env ?? process.env)[name];
  return value ? value : undefined;
}

/** Opens the input at the first question and gives it back (raw mode off) in any case. */
class Questions {
  private line: LineInput | null = null;

  constructor(private readonly io: CliIo) {}

  get interactive(): boolean {
    return inputOf(this.io).interactive;
  }

  private input(): LineInput {
    if (!this.line) {
      const { stream, prompts, interactive } = inputOf(this.io);
      this.line = new LineInput({ input: stream, output: prompts, terminal: interactive });
    }
    return this.line;
  }

  /** A line written to the terminal (not to stdout), e.g. what a confirmation is about. */
  say(text: string): void {
    if (this.interactive) inputOf(this.io).prompts.write(`${text}\n`);
  }

  ask(question: string, hidden = false): Promise<string> {
    return this.input().ask(question, { hidden });
  }

  /** The next line of piped stdin; null once it ended. */
  read(): Promise<string | null> {
    return this.input().read();
  }

  close(): void {
    this.line?.close();
    this.line = null;
  }
}

/** Runs `body` with questions that are closed afterwards, before any slow host call. */
async function withQuestions<T>(io: CliIo, body: (q: Questions) => Promise<T>): Promise<T> {
  const questions = new Questions(io);
  try {
    return await body(questions);
  } finally {
    questions.close();
  }
}

/** A host error with any secret it might quote replaced, so that it can be printed. */
function withoutSecrets(err: unknown, secrets: (string | undefined)[]): unknown {
  if (!(err instanceof PolydeskError)) return err;
  const hidden = secrets.filter((s): s is string => s !== undefined && s.length >= 4);
  const clean = (text: string): string =>
    hidden.reduce((t, secret) => t.split(secret).join('‹hidden›'), text);
  return new PolydeskError(
    err.code,
    clean(err.message),
    err.issues?.map((issue) => ({ path: issue.path, message: clean(issue.message) })),
  );
}

function noKey(): PolydeskError {
  return new PolydeskError('NOT_FOUND', 'No live key is set up: polydesk live setup');
}

function notInPaper(action: string): PolydeskError {
  return new PolydeskError(
    'CONFLICT',
    `Switch back to PAPER before ${action}: polydesk live disable`,
  );
}

/** Types 1 and 2 need the funder, type 0 none: checked before any question is asked. */
function checkProfile(signatureType: SignatureType, funder: string | undefined): void {
  if (funder !== undefined && !AddressSchema.safeParse(funder).success) {
    throw new PolydeskError('BAD_REQUEST', 'Invalid --funder', [
      { path: '--funder', message: 'an address is 0x followed by 40 hex digits' },
    ]);
  }
  if (needsFunder(signatureType) && funder === undefined) {
    throw new PolydeskError(
      'BAD_REQUEST',
      `Signature type ${signatureType} (${SIGNATURE_TYPE_NAMES[signatureType]}) trades from a ` +
        'proxy or Safe wallet: give its address with --funder',
      [{ path: '--funder', message: 'required for signature types 1 and 2' }],
    );
  }
}

/** A new passphrase, typed twice. */
async function newPassphrase(q: Questions): Promise<string> {
  const first = await q.ask(
    `Keystore passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters, hidden): `,
    true,
  );
  if (first.length < MIN_PASSPHRASE_LENGTH) {
    throw new PolydeskError(
      'BAD_REQUEST',
      `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`,
      [{ path: 'passphrase', message: `at least ${MIN_PASSPHRASE_LENGTH} characters` }],
    );
  }
  const again = await q.ask('Repeat the passphrase: ', true);
  if (again !== first) {
    throw new PolydeskError('BAD_REQUEST', 'The two passphrases differ: nothing was saved', [
      { path: 'passphrase', message: 'typed differently the second time' },
    ]);
  }
  return first;
}

interface SetupOptions {
  signatureType: string;
  funder?: string;
  keyStdin?: boolean;
  passphraseEnv: string;
  json?: boolean;
}

interface SetupSecrets {
  privateKey: string;
  passphrase?: string;
}

/** The key (and the keystore passphrase) from the terminal, hidden, or from piped stdin. */
async function setupSecrets(
  ctx: CommandContext,
  q: Questions,
  status: LiveStatus,
  passphraseEnv: string,
): Promise<SetupSecrets> {
  const privateKey = q.interactive
    ? await q.ask('Private key (64 hex digits, hidden): ', true)
    : await q.read();
  if (!privateKey?.trim()) {
    throw new PolydeskError('BAD_REQUEST', 'No private key was given', [
      { path: 'privateKey', message: 'the first line of stdin, or typed at the prompt' },
    ]);
  }
  if (status.vault !== 'keystore') return { privateKey };
  const passphrase =
    fromEnv(ctx.io, passphraseEnv) ??
    (q.interactive ? await newPassphrase(q) : ((await q.read()) ?? undefined));
  if (!passphrase) {
    throw new PolydeskError(
      'BAD_REQUEST',
      `This host keeps the key in a keystore file: a passphrase is needed (the second line of ` +
        `stdin, or $${passphraseEnv})`,
      [{ path: 'passphrase', message: 'required by the keystore vault' }],
    );
  }
  return { privateKey, passphrase };
}

function addSetup(live: Command, ctx: CommandContext): void {
  live
    .command('setup')
    .description(
      'save the private key of the live wallet, after checking it with the live exchange; the key ' +
        'is asked with hidden input or read from stdin, never taken from the command line',
    )
    .addOption(
      new Option('--signature-type <type>', '0 EOA, 1 Polymarket proxy (email), 2 Gnosis Safe')
        .choices(['0', '1', '2'])
        .default('0'),
    )
    .option('--funder <address>', 'the proxy or Safe wallet holding the funds (types 1 and 2)')
    .option(
      '--key-stdin',
      'read the key from the first line of stdin (and the keystore passphrase from the second, ' +
        'unless the --passphrase-env variable is set)',
    )
    .option(
      '--passphrase-env <name>',
      'environment variable holding the keystore passphrase',
      PASSPHRASE_ENV,
    )
    .option('--json', 'machine-readable output')
    .action(async (o: SetupOptions) => {
      const passphraseEnv = envName(o.passphraseEnv);
      const signatureType = Number(o.signatureType) as SignatureType;
      checkProfile(signatureType, o.funder);
      if (!inputOf(ctx.io).interactive && !o.keyStdin) {
        throw new CliExit(
          'No terminal to ask for the private key: pipe it on stdin with --key-stdin ' +
            '(a key is never taken from the command line)',
          EXIT.usage,
        );
      }
      const host = ctx.client();
      const status = await host.call('live.status', {});
      if (status.mode === 'LIVE') throw notInPaper('changing the live key');
      if (status.address && inputOf(ctx.io).interactive) {
        ctx.io.err(`This replaces the saved key of ${status.address}.`);
      }
      const secrets = await withQuestions(ctx.io, (q) =>
        setupSecrets(ctx, q, status, passphraseEnv),
      );
      if (inputOf(ctx.io).interactive) ctx.io.err('Checking the key with the live exchange…');
      const saved = await host
        .call('live.setup', {
          privateKey: secrets.privateKey,
          ...(secrets.passphrase !== undefined && { passphrase: secrets.passphrase }),
          signatureType,
          ...(o.funder !== undefined && { funderAddress: o.funder }),
        })
        .catch((err: unknown) => {
          const key = secrets.privateKey.trim().replace(/^0x/i, '');
          throw withoutSecrets(err, [key, secrets.passphrase]);
        });
      ctx.print(o.json, saved, () =>
        [
          `verified    ${saved.address ?? '—'}, collateral ${
            saved.verified?.collateral != null
              ? usdc(saved.verified.collateral)
              : 'unknown (not readable)'
          }`,
          `saved in    ${VAULT_NAMES[saved.vault]}`,
          `signature   ${saved.signatureType}: ${SIGNATURE_TYPE_NAMES[saved.signatureType]}`,
          ...(saved.funderAddress ? [`funder      ${saved.funderAddress}`] : []),
          `mode        ${saved.mode} (polydesk live enable to trade live)`,
        ].join('\n'),
      );
    });
}

function addUnlock(live: Command, ctx: CommandContext): void {
  live
    .command('unlock')
    .description('open the keystore for this run of the host (asks for its passphrase)')
    .option(
      '--passphrase-env <name>',
      'environment variable holding the passphrase (else asked, hidden)',
      PASSPHRASE_ENV,
    )
    .option('--json', 'machine-readable output')
    .action(async (o: { passphraseEnv: string; json?: boolean }) => {
      const passphraseEnv = envName(o.passphraseEnv);
      const host = ctx.client();
      const status = await host.call('live.status', {});
      if (!status.address) throw noKey();
      if (status.unlocked) {
        ctx.print(o.json, status, () => `already unlocked: ${status.address}`);
        return;
      }
      if (status.vault !== 'keystore') {
        ctx.print(
          o.json,
          status,
          () =>
            'The key is kept in the OS keychain, with no passphrase: it opens when live trading ' +
            'starts (polydesk live enable)',
        );
        return;
      }
      const passphrase =
        fromEnv(ctx.io, passphraseEnv) ??
        (inputOf(ctx.io).interactive
          ? await withQuestions(ctx.io, (q) => q.ask('Keystore passphrase (hidden): ', true))
          : undefined);
      if (!passphrase) {
        throw new PolydeskError(
          'UNAUTHORIZED',
          `The keystore passphrase is needed: set $${passphraseEnv}, or run in a terminal`,
        );
      }
      const after = await host.call('live.unlock', { passphrase }).catch((err: unknown) => {
        throw withoutSecrets(err, [passphrase]);
      });
      ctx.print(
        o.json,
        after,
        () =>
          `unlocked ${after.address ?? ''}; trading ${after.trading ? 'yes' : `no (${after.mode} mode)`}`,
      );
    });
}

function addEnable(live: Command, ctx: CommandContext): void {
  live
    .command('enable')
    .description('switch to LIVE trading: real orders, real funds (asks you to type LIVE)')
    .option('--yes', 'do not ask (required when not interactive)')
    .option(
      '--passphrase-env <name>',
      'environment variable holding the keystore passphrase, if it is locked',
      PASSPHRASE_ENV,
    )
    .option('--json', 'machine-readable output')
    .action(async (o: { yes?: boolean; passphraseEnv: string; json?: boolean }) => {
      const passphraseEnv = envName(o.passphraseEnv);
      if (!o.yes && !inputOf(ctx.io).interactive) {
        throw new CliExit(
          'Live trading places real orders with real funds: confirm with --yes ' +
            '(or run in a terminal and type LIVE)',
          EXIT.usage,
        );
      }
      const host = ctx.client();
      const status = await host.call('live.status', {});
      if (!status.address) throw noKey();
      const needsPassphrase = status.vault === 'keystore' && !status.unlocked;
      const passphrase = await withQuestions(ctx.io, async (q) => {
        if (!o.yes) {
          q.say(
            `Live trading places real orders with the funds of ${status.funderAddress ?? status.address} ` +
              `on ${status.restUrl}.`,
          );
          const answer = await q.ask('Type LIVE to switch: ');
          if (answer.trim() !== 'LIVE') {
            throw new CliExit(`Not confirmed: still in ${status.mode} mode`, EXIT.refused);
          }
        }
        if (!needsPassphrase) return undefined;
        return (
          fromEnv(ctx.io, passphraseEnv) ??
          (q.interactive ? await q.ask('Keystore passphrase (hidden): ', true) : undefined)
        );
      });
      const after = await host
        .call('live.enable', { confirm: 'LIVE', ...(passphrase && { passphrase }) })
        .catch((err: unknown) => {
          throw withoutSecrets(err, [passphrase]);
        });
      ctx.print(o.json, after, () => liveStatusText(after));
    });
}

function addDisable(live: Command, ctx: CommandContext): void {
  live
    .command('disable')
    .description('switch back to PAPER trading (refused while orders are working)')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const after = await ctx.client().call('live.disable', {});
      ctx.print(o.json, after, () => liveStatusText(after));
    });
}

function addForget(live: Command, ctx: CommandContext): void {
  live
    .command('forget')
    .description("delete the saved live key from this host's vault (PAPER mode only)")
    .option('--yes', 'do not ask (required when not interactive)')
    .option('--json', 'machine-readable output')
    .action(async (o: { yes?: boolean; json?: boolean }) => {
      if (!o.yes && !inputOf(ctx.io).interactive) {
        throw new CliExit('Deleting the live key cannot be undone: confirm with --yes', EXIT.usage);
      }
      const host = ctx.client();
      const status = await host.call('live.status', {});
      if (!status.address) {
        ctx.print(o.json, status, () => 'No live key is set up: nothing to delete');
        return;
      }
      if (status.mode === 'LIVE') throw notInPaper('deleting the live key');
      if (!o.yes) {
        await withQuestions(ctx.io, async (q) => {
          q.say(
            `This deletes the saved key of ${status.address} from the host's vault; keep a copy ` +
              'elsewhere if you still need that wallet.',
          );
          const answer = await q.ask('Type yes to delete it: ');
          if (answer.trim().toLowerCase() !== 'yes') {
            throw new CliExit('Not confirmed: the key is kept', EXIT.refused);
          }
        });
      }
      const after = await host.call('live.forget', {});
      ctx.print(o.json, after, () => `deleted the key of ${status.address}`);
    });
}

/** `polydesk live …`: the live wallet and the switch between PAPER and LIVE. */
export function addLiveCommands(program: Command, ctx: CommandContext): void {
  const live = program
    .command('live')
    .description('live trading on Polymarket: wallet key, unlock, switch between PAPER and LIVE');

  live
    .command('status')
    .description('mode, wallet, vault, lock state, exchange, heartbeat, last verification')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const status = await ctx.client().call('live.status', {});
      ctx.print(o.json, status, () => liveStatusText(status));
    });

  addSetup(live, ctx);
  addUnlock(live, ctx);
  addEnable(live, ctx);
  addDisable(live, ctx);
  addForget(live, ctx);
}

/** Option names in field messages, so that they name what the user typed. */
const RAIL_OPTIONS: Record<string, string> = {
  maxOrderNotional: '--max-order',
  maxMarketNotional: '--max-market',
  maxOpenOrders: '--max-open-orders',
  maxThroughMicroPrice: '--max-through',
};

interface RailsSetOptions {
  maxOrder?: string;
  maxMarket?: string;
  maxOpenOrders?: number;
  maxThrough?: string;
  json?: boolean;
}

/** `polydesk rails [set …]`: the safety rails every order meets. */
export function addRailsCommands(program: Command, ctx: CommandContext): void {
  const rails = program
    .command('rails')
    .description('the safety rails: per-order and per-market USDC caps, open orders, price band')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const limits = await ctx.client().call('settings.risk', {});
      ctx.print(o.json, limits, () => railsText(limits));
    });

  rails
    .command('set')
    .description('change safety rails now and in the config file')
    .option('--max-order <usdc>', "one order's worst case, USDC (size cap × limit price)")
    .option('--max-market <usdc>', 'buys open or filled in one market, USDC')
    .option(
      '--max-open-orders <n>',
      'exchange orders not yet final, all markets',
      integer('max-open-orders', 1, 10_000),
    )
    .option('--max-through <price>', 'how far a price may stand through the micro-price (0.01–1)')
    .option('--json', 'machine-readable output')
    .action(async (o: RailsSetOptions) => {
      // `rails set --json`: commander gives --json to `rails`, which declares it too.
      const json = o.json ?? rails.opts<{ json?: boolean }>().json;
      const update: RiskSettingsUpdate = {
        ...(o.maxOrder !== undefined && { maxOrderNotional: o.maxOrder }),
        ...(o.maxMarket !== undefined && { maxMarketNotional: o.maxMarket }),
        ...(o.maxOpenOrders !== undefined && { maxOpenOrders: o.maxOpenOrders }),
        ...(o.maxThrough !== undefined && { maxThroughMicroPrice: o.maxThrough }),
      };
      if (Object.keys(update).length === 0) {
        throw new CliExit(
          'Nothing to change: give --max-order, --max-market, --max-open-orders or --max-through',
          EXIT.usage,
        );
      }
      const checked = RiskSettingsUpdateSchema.safeParse(update);
      if (!checked.success) {
        const issues = fieldIssues(checked.error).map((issue) => ({
          path: RAIL_OPTIONS[issue.path] ?? issue.path,
          message: issue.message,
        }));
        throw new PolydeskError('BAD_REQUEST', 'Invalid rails: nothing was changed', issues);
      }
      const limits = await ctx.client().call('settings.updateRisk', update);
      ctx.print(json, limits, () => railsText(limits));
    });
}
