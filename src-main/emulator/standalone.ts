import { ClobClient, type Chain } from '@polymarket/clob-client-v2';
import { Command, InvalidArgumentError, Option } from 'commander';
import { Wallet } from 'ethers';
import pino from 'pino';
import { startEmulator, type TimingProfile } from './index.js';
import { ethersV6Signer, HARDHAT_KEY_0 } from './testing/clob-test-client.js';

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer in [${min}, ${max}]`);
    return n;
  };
}

const program = new Command()
  .name('emulator')
  .description('Polymarket CLOB V2 compatible paper exchange on loopback')
  .option('--port <port>', 'port to listen on (0 = random)', integer('port', 0, 65_535), 8080)
  .option('--seed <seed>', 'seed of the synthetic flow', integer('seed', 0, 2 ** 32 - 1), 1)
  .option(
    '--chain <id>',
    'chain id: 137 (Polygon) or 80002 (Amoy)',
    integer('chain', 1, 1_000_000),
    137,
  )
  .option('--no-flow', 'keep the books still (no synthetic agents)')
  .addOption(
    new Option(
      '--timing <profile>',
      'reporting timing: realistic (Polymarket-like lags, reordering, drops) or prompt',
    )
      .choices(['prompt', 'realistic'])
      .default('realistic'),
  )
  .option(
    '--resolve-after <minutes>',
    'resolve the short market btc-up-in-next-10-minutes this many minutes after start (0 = never)',
    integer('resolve-after', 0, 100_000),
    10,
  )
  .option('--log-level <level>', 'pino level (silent, info, debug)', 'warn')
  .parse();

const opts = program.opts<{
  port: number;
  seed: number;
  chain: number;
  flow: boolean;
  timing: TimingProfile;
  resolveAfter: number;
  logLevel: string;
}>();
if (opts.chain !== 137 && opts.chain !== 80002) program.error('--chain must be 137 or 80002');

const logger = pino({ name: 'emulator', level: opts.logLevel });
const emulator = await startEmulator({
  port: opts.port,
  seed: opts.seed,
  chainId: opts.chain as 137 | 80002,
  syntheticFlow: opts.flow,
  timing: opts.timing,
  scheduledResolutionMs: opts.resolveAfter > 0 ? opts.resolveAfter * 60_000 : null,
  logger,
});

// The test wallet gets its API key through the emulator's own L1 endpoint, like any bot would.
const wallet = new Wallet(HARDHAT_KEY_0);
const l1 = new ClobClient({
  host: emulator.restUrl,
  chain: opts.chain as Chain,
  signer: ethersV6Signer(wallet),
});
const creds = await l1.createOrDeriveApiKey();

const lines = [
  'Polydesk paper exchange (Polymarket CLOB V2 compatible)',
  `  REST      ${emulator.restUrl}`,
  `  WebSocket ${emulator.wsUrl}/ws/market  ${emulator.wsUrl}/ws/user`,
  `  Gamma     ${emulator.gammaUrl}  (/events, /markets)`,
  `  chain id  ${emulator.chainId}`,
  `  flow      ${opts.flow ? `synthetic agents, seed ${opts.seed}` : 'off (books stay still)'}`,
  `  timing    ${opts.timing === 'realistic' ? 'realistic (trades and user-stream messages lag, may reorder or drop; final orders are forgotten)' : 'prompt (everything reported at once)'}`,
  '',
  'Funded test wallet (Hardhat account #0, a PUBLIC test key: never send real funds to it)',
  `  address     ${wallet.address}`,
  `  private key ${HARDHAT_KEY_0}`,
  `  api key     ${creds.key}`,
  `  secret      ${creds.secret}`,
  `  passphrase  ${creds.passphrase}`,
  '  every new address is auto-funded with 10,000 pUSD; POST /_emulator/fund adds more',
  '',
  'Markets',
  ...emulator.markets.map(
    (m) =>
      `  ${m.slug.padEnd(38)} tick ${m.tickSize.padEnd(6)} ${m.negRisk ? 'neg-risk ' : ''}${m.conditionId}`,
  ),
  '',
  opts.resolveAfter > 0
    ? `btc-up-in-next-10-minutes resolves ${opts.resolveAfter} min after start (--resolve-after 0: never)`
    : 'No scheduled resolution (--resolve-after 0)',
  'Resolve any market: POST /_emulator/resolve {"conditionId":"0x…","winner":"Yes"}; then redeem:',
  '  POST /_emulator/redeem {"conditionId":"0x…"} with L2 headers (paper only: Polymarket redeems on chain)',
  'Faults: GET/POST /_emulator/faults, POST /_emulator/disconnect, POST /_emulator/stall {"stalled":true}',
  '  Gamma: POST /_emulator/gamma-faults {"down":true} or {"delayMs":5000}',
  "Exchange's order record: GET /_emulator/orders?maker=0x…",
  'Ctrl-C to stop.',
];
process.stdout.write(lines.join('\n') + '\n');

const shutdown = (): void => {
  void emulator.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
