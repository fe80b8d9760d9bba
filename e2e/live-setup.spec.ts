import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, expect, test as base } from './fixtures';

/**
 * The guided live setup end to end, with no internet and no real funds: a standalone emulator
 * stands in for Polymarket (config live.restUrl), and this spec runs its own host on a fresh data
 * directory (not the shared one of global setup). A public Hardhat test key is set up in the
 * Settings dialog, the terminal switches to LIVE with the typed confirmation, rests an order on
 * the "live" exchange, meets the working-orders refusal with the kill switch beside it, and goes
 * back to PAPER. Browser mode only.
 */

/** Hardhat account #1: a public test key, never to hold real funds. */
const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const PASSPHRASE = 'correct horse battery staple';

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** Starts a process and waits until its stdout matches `ready`; rejects if it exits first. */
function start(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  what: string,
): Promise<Started & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), 60_000);
    const check = (): void => {
      const match = ready.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve({ child, output: () => out, match });
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${out}`));
    });
  });
}

async function stop(started: Started | undefined): Promise<void> {
  const child = started?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The environment of a child, without overrides that would change what this spec sets up. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('POLYDESK_')),
  );
  return { ...env, ...extra };
}

let emulator: Started | undefined;
let host: Started | undefined;
let restUrl = '';
let hostUrl = '';
let dataDir = '';
let slugs: string[] = [];

function configFile(): { mode?: string; live?: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as {
    mode?: string;
    live?: Record<string, unknown>;
  };
}

const test = base.extend({
  // This spec's own host: a Chromium page on the URL it printed.
  // eslint-disable-next-line no-empty-pattern
  appPage: async ({}, use, testInfo) => {
    test.skip(
      testInfo.project.metadata.target === 'electron',
      'the live setup runs against its own headless host in browser mode',
    );
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(hostUrl);
    await use(page);
    await browser.close();
  },
});

// eslint-disable-next-line no-empty-pattern
test.beforeAll(async ({}, testInfo) => {
  if (testInfo.project.metadata.target === 'electron') return;
  test.setTimeout(120_000);
  emulator = await start(
    ['--import', 'tsx', 'src-main/emulator/standalone.ts', '--port', '0', '--seed', '7'],
    cleanEnv({}),
    /Ctrl-C to stop\./,
    'the emulator',
  );
  const printed = emulator.output();
  restUrl = /REST\s+(http:\/\/\S+)/.exec(printed)?.[1] ?? '';
  const wsUrl = /WebSocket\s+(ws:\/\/\S+)\/ws\/market/.exec(printed)?.[1] ?? '';
  const marketLines = printed.split('Markets\n')[1]?.split('\n\n')[0] ?? '';
  slugs = marketLines
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((slug) => slug !== '');
  expect(restUrl).not.toBe('');
  expect(wsUrl).not.toBe('');
  expect(slugs.length).toBeGreaterThan(0);

  dataDir = mkdtempSync(join(tmpdir(), 'polydesk-e2e-live-'));
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      paper: { syntheticFlow: false },
      live: { restUrl, wsUrl, chainId: 137 },
    }),
  );
  host = await startHost();
});

test.afterAll(async () => {
  await stop(host);
  await stop(emulator);
});

// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('host output', { body: host?.output() ?? '', contentType: 'text/plain' });
    await testInfo.attach('emulator output', {
      body: emulator?.output() ?? '',
      contentType: 'text/plain',
    });
  }
});

/** This spec's host on its data directory; its URL (a new token each start) in `hostUrl`. */
async function startHost(): Promise<Started> {
  const started = await start(
    ['out/main/launch.js', '--browser'],
    cleanEnv({ POLYDESK_DATA_DIR: dataDir, POLYDESK_LOG_LEVEL: 'debug' }),
    /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/,
    'the host',
  );
  hostUrl = started.match[1] ?? '';
  return started;
}

async function openLiveSettings(page: Page): Promise<void> {
  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('settings')).toBeVisible();
  await page.getByTestId('settings-tab-live').click();
  await expect(page.getByTestId('live-status')).toBeVisible();
}

/** The YES token of a market on the emulator, from its own REST API. */
async function yesToken(slug: string): Promise<string> {
  const conditionId = new RegExp(`^\\s*${slug}\\s.*\\s(0x[0-9a-fA-F]+)\\s*$`, 'm').exec(
    emulator?.output() ?? '',
  )?.[1];
  const market = (await (await fetch(`${restUrl}/markets/${conditionId ?? ''}`)).json()) as {
    tokens: { token_id: string }[];
  };
  return market.tokens[0]?.token_id ?? '';
}

test('set up a key, trade LIVE on the stand-in exchange, and go back to PAPER', async ({
  appPage: page,
  shot,
}) => {
  test.setTimeout(180_000);
  await expect(page.getByTestId('link-state')).toHaveText('host connected');
  await expect(page.getByTestId('mode-badge')).toHaveText('PAPER');
  await expect(page.getByTestId('market-row').first()).toBeVisible({ timeout: 30_000 });

  await test.step('the settings open from the status bar and close with Esc', async () => {
    await openLiveSettings(page);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('settings')).toHaveCount(0);
    await page.getByTestId('mode-badge').click();
    await expect(page.getByTestId('live-status')).toBeVisible();
    await expect(page.getByTestId('live-address')).toHaveText('no key set up');
    await expect(page.getByTestId('live-rest-url')).toContainText(restUrl);
  });

  await test.step('the key is checked with the exchange, then kept encrypted', async () => {
    await page.getByTestId('live-privateKey').fill(KEY);
    await page.getByTestId('live-passphrase').fill(PASSPHRASE);
    await page.getByTestId('live-passphraseRepeat').fill(`${PASSPHRASE}!`);
    await page.getByTestId('live-setup-submit').click();
    await expect(page.getByTestId('live-error-passphraseRepeat')).toHaveText(
      'the two passphrases differ',
    );
    await page.getByTestId('live-passphraseRepeat').fill(PASSPHRASE);
    await page.getByTestId('live-signatureType').selectOption('0');
    await shot('live-setup-form');
    await page.getByTestId('live-setup-submit').click();
    await expect(page.getByTestId('live-address')).toHaveText(ADDRESS, { timeout: 30_000 });
    await expect(page.getByTestId('live-verified')).toContainText('$10,000.00');
    await expect(page.getByTestId('live-lock')).toContainText('unlocked');
    await shot('live-key-saved');

    const keystore = readFileSync(join(dataDir, 'live-key.json'), 'utf8').toLowerCase();
    expect(keystore).not.toContain(KEY.slice(2).toLowerCase());
    expect(JSON.stringify(configFile()).toLowerCase()).not.toContain(KEY.slice(2).toLowerCase());
    const html = (await page.content()).toLowerCase();
    expect(html).not.toContain(KEY.slice(2, 30).toLowerCase());
  });

  await test.step('the switch to LIVE waits for the typed confirmation', async () => {
    await page.getByTestId('live-enable').click();
    await expect(page.getByTestId('live-confirm')).toContainText('Real money');
    await expect(page.getByTestId('live-confirm')).toContainText('about 10 seconds');
    await expect(page.getByTestId('live-confirm-rails')).toContainText('per order');
    const submit = page.getByTestId('live-confirm-submit');
    await expect(submit).toBeDisabled();
    await page.getByTestId('live-confirm-input').fill('live');
    await expect(submit).toBeDisabled();
    await page.getByTestId('live-confirm-input').fill('LIVE');
    await expect(submit).toBeEnabled();
    await shot('live-confirm');
    await submit.click();
    await expect(page.getByTestId('live-mode')).toHaveText('LIVE', { timeout: 30_000 });
    await expect(page.getByTestId('mode-badge')).toHaveText('LIVE');
    await expect(page.getByTestId('heartbeat')).toHaveText('dead-man switch on', {
      timeout: 20_000,
    });
    await expect(page.getByTestId('live-heartbeat')).toContainText('on');
    expect(configFile().mode).toBe('LIVE');
    await shot('live-settings-live');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('settings')).toHaveCount(0);
  });

  const slug = slugs[0] ?? '';
  let tokenId = '';
  await test.step('the emulator’s markets are listed, and a LIVE order rests on its book', async () => {
    await expect(page.getByTestId('trade-block')).toHaveCount(0);
    for (const s of slugs) {
      await expect(page.locator(`[data-testid="market-row"][data-slug="${s}"]`)).toHaveCount(1);
    }
    await page.locator(`[data-testid="market-row"][data-slug="${slug}"]`).click();
    await expect(page.getByTestId('ladder-row').first()).toBeVisible({ timeout: 20_000 });
    await page.getByTestId('strategy-micro_price').click();
    await page.getByTestId('side-BUY').click();
    await page.getByTestId('field-totalSize').fill('5');
    await page.getByTestId('field-maxPrice').fill('0.05');
    await page.getByTestId('field-minPrice').fill('0.01');
    await expect(page.getByTestId('order-submit')).toBeEnabled();
    await expect(page.getByTestId('order-submit')).toContainText('(LIVE)');
    await page.getByTestId('order-submit').click();
    await expect(page.getByTestId('confirm-order')).toBeVisible();
    await page.getByTestId('confirm-order-submit').click();
    await expect(page.getByTestId('order-row')).toHaveCount(1, { timeout: 20_000 });
    await expect(page.getByTestId('order-row').first()).toHaveAttribute('data-state', 'ACTIVE');
    tokenId = await yesToken(slug);
    expect(tokenId).not.toBe('');
    await expect
      .poll(
        async () => {
          const book = (await (await fetch(`${restUrl}/book?token_id=${tokenId}`)).json()) as {
            bids: { price: string; size: string }[];
          };
          return book.bids.some((b) => b.price === '0.05' && Number(b.size) >= 5);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await shot('live-terminal');
  });

  await test.step('going back to PAPER meets the working order, and the kill switch beside it', async () => {
    await openLiveSettings(page);
    await page.getByTestId('live-disable').click();
    await expect(page.getByTestId('live-conflict')).toContainText('1 order is working');
    await shot('live-conflict');
    await page.getByTestId('live-kill').click();
    await expect(page.getByTestId('live-conflict')).toHaveCount(0);
    await expect
      .poll(
        async () => {
          const book = (await (await fetch(`${restUrl}/book?token_id=${tokenId}`)).json()) as {
            bids: { price: string; size: string }[];
          };
          return book.bids.some((b) => b.price === '0.05');
        },
        { timeout: 20_000 },
      )
      .toBe(false);
    await page.keyboard.press('Escape');
  });

  await test.step('a restart in LIVE comes back locked: market data only until unlocked', async () => {
    await stop(host);
    host = await startHost();
    await page.goto(hostUrl);
    await expect(page.getByTestId('link-state')).toHaveText('host connected');
    await expect(page.getByTestId('mode-badge')).toHaveText('LIVE');
    await expect(page.getByTestId('trade-block')).toHaveText('LIVE · locked: market data only');
    await expect(page.getByTestId('problems-banner')).toContainText('locked key');
    await expect(page.getByTestId('heartbeat')).toHaveCount(0);
    await page.locator(`[data-testid="market-row"][data-slug="${slug}"]`).click();
    await expect(page.getByTestId('ladder-row').first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('order-submit')).toBeDisabled();
    await expect(page.getByTestId('trade-note')).toContainText('locked key');
    await shot('live-locked');

    await page.getByTestId('trade-block').click();
    await expect(page.getByTestId('live-lock')).toContainText('locked');
    await page.getByTestId('live-unlock').click();
    await page.getByTestId('live-unlock-passphrase').fill('not the passphrase');
    await page.getByTestId('live-unlock-submit').click();
    await expect(page.getByTestId('live-error-unlock-passphrase')).toContainText(
      'Wrong passphrase',
    );
    await page.getByTestId('live-unlock-passphrase').fill(PASSPHRASE);
    await page.getByTestId('live-unlock-submit').click();
    await expect(page.getByTestId('live-lock')).toContainText('unlocked', { timeout: 30_000 });
    await expect(page.getByTestId('heartbeat')).toHaveText('dead-man switch on', {
      timeout: 20_000,
    });
    await expect(page.getByTestId('trade-block')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('order-submit')).toBeEnabled();
  });

  await test.step('back to PAPER: its own markets and order history', async () => {
    await openLiveSettings(page);
    await page.getByTestId('live-disable').click();
    await expect(page.getByTestId('live-mode')).toHaveText('PAPER', { timeout: 30_000 });
    await expect(page.getByTestId('mode-badge')).toHaveText('PAPER');
    await expect(page.getByTestId('heartbeat')).toHaveCount(0);
    expect(configFile().mode).toBe('PAPER');
    await page.keyboard.press('Escape');
    // PAPER has its own order history: the LIVE order is not in it.
    await expect(page.getByTestId('order-row')).toHaveCount(0);
    await expect(page.getByTestId('market-row').first()).toBeVisible();
    await shot('back-to-paper');
  });

  await test.step('the saved key can be deleted in PAPER, after a confirmation', async () => {
    await openLiveSettings(page);
    await page.getByTestId('live-forget').click();
    await expect(page.getByTestId('live-forget-confirm')).toContainText(ADDRESS);
    await page.getByTestId('live-forget-submit').click();
    await expect(page.getByTestId('live-address')).toHaveText('no key set up');
    expect(existsSync(join(dataDir, 'live-key.json'))).toBe(false);
  });
});

test('the safety rails are edited in the settings and saved to config.json', async ({
  appPage: page,
  shot,
}) => {
  await expect(page.getByTestId('link-state')).toHaveText('host connected');
  await page.getByTestId('settings-open').click();
  await page.getByTestId('settings-tab-rails').click();
  await expect(page.getByTestId('rails-maxOrderNotional')).toHaveValue('1000');
  await page.getByTestId('rails-maxThroughMicroPrice').fill('2');
  await page.getByTestId('rails-save').click();
  await expect(page.getByTestId('rails-error-maxThroughMicroPrice')).toContainText('0.01 and 1');
  await page.getByTestId('rails-maxThroughMicroPrice').fill('0.08');
  await page.getByTestId('rails-maxOpenOrders').fill('20');
  await shot('rails');
  await page.getByTestId('rails-save').click();
  await expect(page.getByTestId('toast-success').last()).toContainText('Safety rails saved');
  const risk = (configFile() as { risk?: Record<string, unknown> }).risk;
  expect(risk).toMatchObject({ maxOpenOrders: 20, maxThroughMicroPrice: 0.08 });
});
