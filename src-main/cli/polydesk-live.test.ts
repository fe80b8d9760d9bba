import { PassThrough, Readable, Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_ADDRESS, LIVE_KEY, PASSPHRASE, startLiveRig } from '../tests/live-rig';
import type { LiveRig } from '../tests/live-rig';
import type { RiskSettings } from '@shared/domain/risk-settings';
import type { CliInput } from './cli-io';
import { EXIT } from './exit-codes';
import { runCli } from './polydesk';

let rig: LiveRig;

beforeAll(async () => {
  rig = await startLiveRig();
}, 60_000);

afterAll(() => rig.stop());

interface Run {
  code: number;
  out: string;
  err: string;
}

/** The host of the rig as it runs now (a restart changes its port and token). */
const at = (): string[] => ['--url', rig.running.web.origin, '--host-token', rig.running.web.token];

const KEY_HEX = LIVE_KEY.slice(2);

async function cli(
  args: string[],
  options: { input?: CliInput; env?: NodeJS.ProcessEnv } = {},
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...at(), ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    input: options.input ?? piped(''),
    env: options.env ?? {},
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const sink = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

/** Stdin from a pipe (`printf … | polydesk …`): no terminal, nothing can be asked. */
function piped(text: string): CliInput {
  return { stream: Readable.from([Buffer.from(text)]), prompts: sink(), interactive: false };
}

/**
 * A terminal where a person types each answer once its question is shown. `shown()` is all the
 * terminal displayed: questions, and echo of visible answers only.
 */
function terminal(answers: string[]): CliInput & { shown(): string } {
  const keys = new PassThrough();
  let shown = '';
  const left = [...answers];
  const screen = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString();
      shown += text;
      // Every question ends with ": " (readline may add a cursor move after it).
      if (text.includes(': ')) {
        const answer = left.shift();
        if (answer !== undefined) setTimeout(() => keys.write(answer), 5);
      }
      done();
    },
  });
  return { stream: keys, prompts: screen, interactive: true, shown: () => shown };
}

async function liveStatus(): Promise<Record<string, unknown>> {
  const { code, out } = await cli(['live', 'status', '--json']);
  expect(code).toBe(EXIT.ok);
  return JSON.parse(out) as Record<string, unknown>;
}

describe('polydesk live and rails, against a headless host with a keystore vault', () => {
  it('shows the live status before any key is set up', async () => {
    const text = await cli(['live', 'status']);
    expect(text.code).toBe(EXIT.ok);
    expect(text.out).toMatch(/mode\s+PAPER/);
    expect(text.out).toMatch(/wallet\s+—/);
    expect(text.out).toMatch(/vault\s+keystore file/);
    expect(text.out).toMatch(/signature\s+0: EOA/);
    expect(text.out).toMatch(/trading\s+no/);
    expect(text.out).toContain(rig.polymarket.restUrl);
    expect(await liveStatus()).toMatchObject({
      mode: 'PAPER',
      vault: 'keystore',
      address: null,
      unlocked: false,
      trading: false,
    });
  });

  it('takes no key from the command line, and does not repeat one put there', async () => {
    for (const args of [
      ['live', 'setup', '--private-key', LIVE_KEY],
      ['live', 'setup', '--key', LIVE_KEY],
      ['live', 'setup', `--key=${LIVE_KEY}`],
      ['live', 'setup', `--private-key=${KEY_HEX}`],
      ['live', 'setup', LIVE_KEY],
      ['live', 'setup', '--key-stdin', KEY_HEX],
      ['live', LIVE_KEY],
      [LIVE_KEY],
    ]) {
      const run = await cli(args, { input: piped(`${LIVE_KEY}\n${PASSPHRASE}\n`) });
      expect(run.code, args.join(' ')).toBe(EXIT.usage);
      expect(run.err + run.out).not.toContain(KEY_HEX);
    }
    const { code, err } = await cli(['live', 'setup', '--passphrase=hunter2hunter2'], {
      input: piped(`${LIVE_KEY}\n`),
    });
    expect(code).toBe(EXIT.usage);
    expect(err).not.toContain('hunter2');
    expect((await liveStatus()).address).toBeNull();
  });

  it('needs --key-stdin when there is no terminal to ask on', async () => {
    const run = await cli(['live', 'setup'], { input: piped(`${LIVE_KEY}\n${PASSPHRASE}\n`) });
    expect(run.code).toBe(EXIT.usage);
    expect(run.err).toMatch(/--key-stdin/);
  });

  it("refuses bad keys with BAD_REQUEST's exit code, never echoing them", async () => {
    const bad = [
      'not a key at all',
      `0x${'0'.repeat(64)}`, // 64 hex digits, but not a secp256k1 key
      `0x${'f'.repeat(64)}`,
      KEY_HEX.slice(0, 63),
      `${KEY_HEX}${KEY_HEX}${KEY_HEX}${KEY_HEX}`, // longer than the host takes
    ];
    for (const key of bad) {
      const run = await cli(['live', 'setup', '--key-stdin'], {
        input: piped(`${key}\n${PASSPHRASE}\n`),
      });
      expect(run.code, key).toBe(EXIT.refused);
      expect(run.err).toMatch(/key/i);
      expect(run.err).not.toContain(key);
      expect(run.err + run.out).not.toContain(PASSPHRASE);
    }
    const empty = await cli(['live', 'setup', '--key-stdin'], { input: piped('') });
    expect(empty.code).toBe(EXIT.refused);
    expect(empty.err).toMatch(/No private key/);
    expect((await liveStatus()).address).toBeNull();
  });

  it('refuses a missing or short passphrase and a funder that does not fit the type', async () => {
    const noPassphrase = await cli(['live', 'setup', '--key-stdin'], {
      input: piped(`${LIVE_KEY}\n`),
    });
    expect(noPassphrase.code).toBe(EXIT.refused);
    expect(noPassphrase.err).toMatch(/passphrase is needed/);
    const short = await cli(['live', 'setup', '--key-stdin'], {
      input: piped(`${LIVE_KEY}\nshort\n`),
    });
    expect(short.code).toBe(EXIT.refused);
    expect(short.err).toMatch(/passphrase/);
    expect(short.err).not.toContain('short\n');
    const typeOne = await cli(['live', 'setup', '--key-stdin', '--signature-type', '1'], {
      input: piped(`${LIVE_KEY}\n${PASSPHRASE}\n`),
    });
    expect(typeOne.code).toBe(EXIT.refused);
    expect(typeOne.err).toMatch(/--funder: required/);
    const ownWallet = await cli(
      ['live', 'setup', '--key-stdin', '--signature-type', '2', '--funder', LIVE_ADDRESS],
      { input: piped(`${LIVE_KEY}\n${PASSPHRASE}\n`) },
    );
    expect(ownWallet.code).toBe(EXIT.refused);
    expect(ownWallet.err).toMatch(/funderAddress/);
    expect(ownWallet.err).not.toContain(KEY_HEX);
    const typeNine = await cli(['live', 'setup', '--key-stdin', '--signature-type', '9']);
    expect(typeNine.code).toBe(EXIT.usage);
    expect((await liveStatus()).address).toBeNull();
  });

  it('sets up the key from stdin and prints the verified wallet and its collateral', async () => {
    const run = await cli(['live', 'setup', '--key-stdin'], {
      input: piped(`${LIVE_KEY}\n${PASSPHRASE}\n`),
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(EXIT.ok);
    expect(run.out).toMatch(new RegExp(`verified\\s+${LIVE_ADDRESS}, collateral (\\d|unknown)`));
    expect(run.out).toMatch(/mode\s+PAPER/);
    expect(run.out + run.err).not.toContain(KEY_HEX);
    expect(run.out + run.err).not.toContain(PASSPHRASE);

    const text = await cli(['live', 'status']);
    expect(text.out).toMatch(new RegExp(`wallet\\s+${LIVE_ADDRESS}`));
    expect(text.out).toMatch(/key\s+unlocked/);
    expect(text.out).toMatch(/verified\s+\d{4}-\d\d-\d\dT/);
    expect(await liveStatus()).toMatchObject({
      mode: 'PAPER',
      address: LIVE_ADDRESS,
      unlocked: true,
      trading: false,
    });
  });

  it('refuses to switch to LIVE without --yes when nothing can be asked', async () => {
    const run = await cli(['live', 'enable']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.err).toMatch(/--yes/);
    expect((await liveStatus()).mode).toBe('PAPER');
  });

  it('switches to LIVE with --yes: LIVE and trading', async () => {
    const run = await cli(['live', 'enable', '--yes']);
    expect(run.err).toBe('');
    expect(run.code).toBe(EXIT.ok);
    expect(run.out).toMatch(/mode\s+LIVE/);
    expect(run.out).toMatch(/trading\s+yes/);
    expect(await liveStatus()).toMatchObject({ mode: 'LIVE', trading: true, unlocked: true });
    const again = await cli(['live', 'enable', '--yes', '--json']);
    expect(again.code).toBe(EXIT.ok);
    expect(JSON.parse(again.out)).toMatchObject({ mode: 'LIVE', trading: true });
  });

  it('refuses key changes while LIVE (CONFLICT)', async () => {
    const setup = await cli(['live', 'setup', '--key-stdin'], {
      input: piped(`${LIVE_KEY}\n${PASSPHRASE}\n`),
    });
    expect(setup.code).toBe(EXIT.refused);
    expect(setup.err).toMatch(/PAPER/);
    const forget = await cli(['live', 'forget', '--yes']);
    expect(forget.code).toBe(EXIT.refused);
    expect(forget.err).toMatch(/PAPER/);
    expect((await liveStatus()).address).toBe(LIVE_ADDRESS);
  });

  it('changes the safety rails, and shows them', async () => {
    const before = await cli(['rails', '--json']);
    expect(before.code).toBe(EXIT.ok);
    const initial = JSON.parse(before.out) as RiskSettings;
    expect(initial.maxOpenOrders).toBeGreaterThan(0);

    const set = await cli([
      'rails',
      'set',
      '--max-order',
      '250',
      '--max-open-orders',
      '7',
      '--max-through',
      '0.05',
    ]);
    expect(set.err).toBe('');
    expect(set.code).toBe(EXIT.ok);
    const shown = await cli(['rails']);
    expect(shown.out).toMatch(/max order\s+250 USDC/);
    expect(shown.out).toMatch(/max open orders\s+7\s/);
    expect(shown.out).toMatch(/max through\s+0\.05\s/);
    expect(shown.out).toMatch(
      new RegExp(`max market\\s+${String(initial.maxMarketNotional / 1e6)} USDC`),
    );

    const json = await cli(['rails', 'set', '--max-market', '900.5', '--json']);
    expect(json.code).toBe(EXIT.ok);
    expect(JSON.parse(json.out)).toEqual({
      maxOrderNotional: 250_000_000,
      maxMarketNotional: 900_500_000,
      maxOpenOrders: 7,
      maxThroughMicroPrice: 50_000,
    });
  });

  it('refuses malformed rails with typed errors, changing nothing', async () => {
    const before = (await cli(['rails', '--json'])).out;
    const nothing = await cli(['rails', 'set']);
    expect(nothing.code).toBe(EXIT.usage);
    const negative = await cli(['rails', 'set', '--max-order', '-5']);
    expect(negative.code).toBe(EXIT.refused);
    expect(negative.err).toMatch(/--max-order: /);
    const band = await cli(['rails', 'set', '--max-through', '2', '--max-order', '10']);
    expect(band.code).toBe(EXIT.refused);
    expect(band.err).toMatch(/--max-through: the price band is between 0.01 and 1/);
    const words = await cli(['rails', 'set', '--max-market', 'lots']);
    expect(words.code).toBe(EXIT.refused);
    expect((await cli(['rails', 'set', '--max-open-orders', '0'])).code).toBe(EXIT.usage);
    expect((await cli(['rails', 'set', '--max-open-orders', '2.5'])).code).toBe(EXIT.usage);
    expect((await cli(['rails', 'set', '--max-order'])).code).toBe(EXIT.usage);
    expect((await cli(['rails', 'extra'])).code).toBe(EXIT.usage);
    expect((await cli(['rails', '--json'])).out).toBe(before);
  });

  it('after a restart in LIVE: locked; a wrong passphrase is UNAUTHORIZED, the right one unlocks', async () => {
    await rig.restart();
    expect(await liveStatus()).toMatchObject({
      mode: 'LIVE',
      address: LIVE_ADDRESS,
      unlocked: false,
      trading: false,
    });
    expect((await cli(['live', 'status'])).out).toMatch(/key\s+locked \(polydesk live unlock\)/);

    const wrong = await cli(['live', 'unlock'], {
      env: { POLYDESK_KEYSTORE_PASSPHRASE: 'not the passphrase at all' },
    });
    expect(wrong.code).toBe(EXIT.refused);
    expect(wrong.err).toMatch(/Wrong passphrase/);
    expect(wrong.err).not.toContain('not the passphrase');

    const none = await cli(['live', 'unlock']);
    expect(none.code).toBe(EXIT.refused);
    expect(none.err).toMatch(/passphrase is needed/);

    const badName = await cli(['live', 'unlock', '--passphrase-env', PASSPHRASE]);
    expect(badName.code).toBe(EXIT.usage);
    expect(badName.err).not.toContain(PASSPHRASE);

    expect((await liveStatus()).unlocked).toBe(false);
    const right = await cli(['live', 'unlock', '--passphrase-env', 'MY_PASS'], {
      env: { MY_PASS: PASSPHRASE },
    });
    expect(right.err).toBe('');
    expect(right.code).toBe(EXIT.ok);
    expect(right.out).toMatch(new RegExp(`unlocked ${LIVE_ADDRESS}; trading yes`));
    expect(await liveStatus()).toMatchObject({ mode: 'LIVE', unlocked: true, trading: true });

    const twice = await cli(['live', 'unlock']);
    expect(twice.code).toBe(EXIT.ok);
    expect(twice.out).toMatch(/already unlocked/);
  });

  it('switches back to PAPER', async () => {
    const run = await cli(['live', 'disable']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.out).toMatch(/mode\s+PAPER/);
    expect(await liveStatus()).toMatchObject({ mode: 'PAPER', trading: false });
    expect((await cli(['status', '--json'])).out).toMatch(/"mode": "PAPER"/);
  });

  it('on a terminal: asks to type LIVE and the passphrase, hidden; a refusal changes nothing', async () => {
    await rig.restart();
    expect(await liveStatus()).toMatchObject({ mode: 'PAPER', unlocked: false });

    const declined = terminal(['live\r']);
    const no = await cli(['live', 'enable'], { input: declined });
    expect(no.code).toBe(EXIT.refused);
    expect(no.err).toMatch(/Not confirmed/);
    expect(declined.shown()).toContain(rig.polymarket.restUrl);
    expect((await liveStatus()).mode).toBe('PAPER');

    const cancelled = terminal(['\x03']);
    expect((await cli(['live', 'enable'], { input: cancelled })).code).toBe(EXIT.refused);

    const tty = terminal(['LIVE\r', `${PASSPHRASE}\r`]);
    const yes = await cli(['live', 'enable'], { input: tty });
    expect(yes.err).toBe('');
    expect(yes.code).toBe(EXIT.ok);
    expect(tty.shown()).toMatch(/Type LIVE to switch: .*LIVE/);
    expect(tty.shown()).toMatch(/Keystore passphrase \(hidden\): \n/);
    expect(tty.shown()).not.toContain(PASSPHRASE);
    expect(await liveStatus()).toMatchObject({ mode: 'LIVE', trading: true });
    expect((await cli(['live', 'disable'])).code).toBe(EXIT.ok);
  });

  it('on a terminal: setup asks for the key and the passphrase twice, all hidden', async () => {
    const differ = terminal([`${LIVE_KEY}\r`, `${PASSPHRASE}\r`, `${PASSPHRASE}!\r`]);
    const mismatch = await cli(['live', 'setup'], { input: differ });
    expect(mismatch.code).toBe(EXIT.refused);
    expect(mismatch.err).toMatch(/passphrases differ/);

    const tty = terminal([`${LIVE_KEY}\r`, `${PASSPHRASE}\r`, `${PASSPHRASE}\r`]);
    const run = await cli(['live', 'setup', '--json'], { input: tty });
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.out)).toMatchObject({ address: LIVE_ADDRESS, unlocked: true });
    expect(tty.shown()).toMatch(/Private key \(64 hex digits, hidden\): \n/);
    expect(tty.shown()).toMatch(/Repeat the passphrase: \n/);
    for (const text of [tty.shown(), run.out, run.err, differ.shown(), mismatch.err]) {
      expect(text).not.toContain(KEY_HEX);
      expect(text).not.toContain(PASSPHRASE);
    }
  });

  it('forgets the key: asked on a terminal, --yes otherwise; then nothing to unlock or enable', async () => {
    expect((await cli(['live', 'forget'])).code).toBe(EXIT.usage);
    const kept = await cli(['live', 'forget'], { input: terminal(['no\r']) });
    expect(kept.code).toBe(EXIT.refused);
    expect((await liveStatus()).address).toBe(LIVE_ADDRESS);

    const gone = await cli(['live', 'forget'], { input: terminal(['yes\r']) });
    expect(gone.code).toBe(EXIT.ok);
    expect(gone.out).toContain(`deleted the key of ${LIVE_ADDRESS}`);
    expect(await liveStatus()).toMatchObject({ address: null, unlocked: false });
    expect((await cli(['live', 'forget', '--yes'])).code).toBe(EXIT.ok);

    const enable = await cli(['live', 'enable', '--yes']);
    expect(enable.code).toBe(EXIT.refused);
    expect(enable.err).toMatch(/No live key/);
    expect((await cli(['live', 'unlock'])).code).toBe(EXIT.refused);
  });

  it('survives arbitrary live and rails arguments: defined exit codes, the host stays up', async () => {
    // A key again, so that enable, unlock and forget reach the host too.
    const setup = await cli(['live', 'setup', '--key-stdin'], {
      input: piped(`${LIVE_KEY}\n${PASSPHRASE}\n`),
    });
    expect(setup.code).toBe(EXIT.ok);
    const words = fc.constantFrom(
      'live',
      'rails',
      'status',
      'setup',
      'unlock',
      'enable',
      'disable',
      'forget',
      'set',
      '--yes',
      '--json',
      '--key-stdin',
      '--signature-type',
      '--funder',
      '--passphrase-env',
      '--max-order',
      '--max-market',
      '--max-open-orders',
      '--max-through',
      '0',
      '1',
      '2',
      '-1',
      '0.5',
      '1e9',
      'NaN',
      '',
      LIVE_ADDRESS,
      '0xdead',
      'POLYDESK_KEYSTORE_PASSPHRASE',
      'not a name',
      '\u0000',
    );
    const codes = new Set<number>(Object.values(EXIT));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(words, fc.string()), { maxLength: 7 }),
        fc.constantFrom('', `${LIVE_KEY}\n${PASSPHRASE}\n`, 'garbage\n\n'),
        async (args, stdin) => {
          const run = await cli(args, { input: piped(stdin) });
          return codes.has(run.code) && !run.err.includes(KEY_HEX) && !run.out.includes(KEY_HEX);
        },
      ),
      { numRuns: 120 },
    );
    const after = await cli(['live', 'status', '--json']);
    expect(after.code).toBe(EXIT.ok);
    expect((await cli(['status'])).code).toBe(EXIT.ok);
    expect((await cli(['rails'])).code).toBe(EXIT.ok);
  }, 60_000);
});
