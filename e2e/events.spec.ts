import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import type { Browser, Locator, Page } from '@playwright/test';
import { decimalToMicros, microsToDecimal } from '../src-shared/math';
import { CHROMIUM_ARGS, CHROMIUM_PATH, SCREENSHOT_DIR } from './fixtures';

/**
 * A neg-risk event on the paper exchange, as a new user meets it: find it by a word of its title,
 * open the event view (books, Σ of YES prices, Kelly across the outcomes), buy two outcomes from
 * it, see both positions, resolve the event through the paper exchange's control endpoint, see
 * the positions redeemable, redeem: the cash goes up and the positions go flat.
 */

/*
 * This spec resolves markets, which cannot be undone: it runs its own browser-mode host (with
 * its own paper exchange and data directory), so the other specs keep a host where every market
 * trades and no fills but theirs are listed.
 */

const TICK = 10_000;
const BELIEFS = ['50', '40', '5', '3', '2'];

let host: ChildProcess | undefined;
let hostUrl = '';
let browser: Browser | undefined;

async function startHost(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'polydesk-e2e-events-'));
  const child = spawn(process.execPath, ['out/main/launch.js', '--browser'], {
    env: { ...process.env, POLYDESK_DATA_DIR: dataDir, POLYDESK_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  host = child;
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not print its URL: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${out}`)));
  });
}

// eslint-disable-next-line no-empty-pattern
test.beforeAll(async ({}, testInfo) => {
  test.skip(
    testInfo.project.metadata.target !== 'browser',
    'Runs against its own browser-mode host',
  );
  hostUrl = await startHost();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

test.afterAll(async () => {
  await browser?.close();
  const child = host;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

/** The host's app.info over its HTTP transport: in paper mode exchangeUrl is the emulator's. */
async function paperExchangeUrl(page: Page): Promise<string> {
  const url = new URL(hostUrl);
  const res = await page.request.post(`${url.origin}/api/call/app.info`, {
    headers: { authorization: `Bearer ${url.searchParams.get('token') ?? ''}` },
    data: {},
  });
  const body = (await res.json()) as { result: { exchangeUrl: string; mode: string } };
  expect(body.result.mode).toBe('PAPER');
  return body.result.exchangeUrl;
}

function cashMicros(text: string): number {
  return decimalToMicros(text.replace(/[$,]/g, ''));
}

/** Buys the Kelly-prefilled YES of one outcome: an iceberg that takes, two ticks through the ask. */
async function buyOutcome(page: Page, outcome: Locator): Promise<void> {
  await outcome.getByTestId('event-buy').click();
  await expect(page.getByTestId('side-BUY')).toHaveAttribute('aria-pressed', 'true');
  const size = await page.getByTestId('field-totalSize').inputValue();
  expect(Number(size)).toBeGreaterThanOrEqual(5);
  const ask = await page.getByTestId('field-maxPrice').inputValue();
  const limit = microsToDecimal(decimalToMicros(ask) + 2 * TICK);
  await page.getByTestId('strategy-iceberg').click();
  await page.getByTestId('field-totalSize').fill(size);
  await page.getByTestId('field-clipSize').fill(size);
  await page.getByTestId('field-targetPrice').fill(limit);
  await page.getByTestId('field-maxPrice').fill(limit);
  await page.getByTestId('field-minPrice').fill('0.01');
  await page.getByTestId('field-allowTaking').check();
  await page.getByTestId('order-submit').click();
  await expect(page.getByTestId('toast-success').last()).toBeVisible();
}

// eslint-disable-next-line no-empty-pattern
test('find the neg-risk event, buy two outcomes, see it resolve, redeem', async ({}, testInfo) => {
  test.setTimeout(120_000);
  if (!browser) throw new Error('no browser');
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const shot = async (name: string): Promise<void> => {
    const file = join(SCREENSHOT_DIR, `${testInfo.project.name}-${name}.png`);
    await page.screenshot({ path: file });
    await testInfo.attach(name, { path: file, contentType: 'image/png' });
  };
  await page.goto(hostUrl);
  await expect(page.getByTestId('link-state')).toHaveText('host connected');
  await expect(page.getByTestId('market-row').first()).toBeVisible({ timeout: 30_000 });

  // A word of the event's title finds its five outcomes, with Gamma's figures beside them.
  await page.getByTestId('market-search').fill('council');
  const rows = page.getByTestId('market-row');
  await expect(rows).toHaveCount(5);
  await expect(rows.first().getByTestId('market-event-title')).toContainText('city council');
  await expect(rows.first()).toContainText('neg-risk');
  await expect(rows.first().getByTestId('market-context')).toContainText('vol $');
  await page.getByTestId('market-sort').selectOption('liquidity');
  await shot('events-search');

  await page.getByTestId('event-open').first().click();
  const view = page.getByTestId('event-view');
  await expect(view.getByTestId('event-title')).toContainText('city council majority');
  const outcomes = view.getByTestId('event-outcome');
  await expect(outcomes).toHaveCount(5);
  for (let i = 0; i < 5; i++) {
    await expect(outcomes.nth(i).getByTestId('event-ask')).toHaveText(/^0\.\d+$/, {
      timeout: 20_000,
    });
  }
  await expect(view.getByTestId('event-sum-micro')).toHaveText(/^(0\.9|1\.0)\d\d$/);
  await expect(view.getByTestId('event-sum-deviation')).toContainText('from 1');

  // Beliefs of 50/40/5/3/2 %: Kelly buys the two outcomes priced well below their belief, and
  // one of the long shots too when its ask has drifted under its belief (the books move).
  const beliefs = view.getByTestId('event-belief');
  for (const [i, belief] of BELIEFS.entries()) await beliefs.nth(i).fill(belief);
  await view.getByTestId('event-bankroll').fill('40');
  await expect(view.getByTestId('event-kelly-summary')).toContainText(/buy [2-5] of 5/);
  await expect(view.getByTestId('event-kelly-note')).toHaveCount(0);
  await beliefs.nth(4).fill('7');
  await expect(view.getByTestId('event-kelly-note')).toContainText('sum to 105.0%');
  await beliefs.nth(4).fill('2');
  await expect(outcomes.nth(0).getByTestId('event-stake')).toContainText('sh');
  await expect(outcomes.nth(1).getByTestId('event-stake')).toContainText('sh');
  await shot('events-kelly');

  const conditionIds = await outcomes.evaluateAll((els) =>
    els.map((el) => el.getAttribute('data-condition-id') ?? ''),
  );
  const tokens = await outcomes.evaluateAll((els) =>
    els.slice(0, 2).map((el) => el.getAttribute('data-token-id') ?? ''),
  );
  await buyOutcome(page, outcomes.nth(0));
  await buyOutcome(page, outcomes.nth(1));

  await page.getByTestId('tab-positions').click();
  const positions = tokens.map((token) =>
    page.locator(`[data-testid="position-row"][data-token-id="${token}"]`),
  );
  for (const position of positions) {
    await expect(position.getByTestId('position-held')).not.toHaveText('flat', {
      timeout: 20_000,
    });
    await expect(position.getByTestId('position-pending')).toHaveText('—', { timeout: 30_000 });
    await expect(position.getByTestId('position-unrealized')).toHaveText(
      /\$\d+\.\d\d \/ [+-]?\$\d/,
    );
  }
  await shot('events-positions');

  // The paper exchange's control endpoint resolves the event: the first outcome wins.
  const exchange = await paperExchangeUrl(page);
  for (const [i, conditionId] of conditionIds.entries()) {
    const res = await page.request.post(`${exchange}/_emulator/resolve`, {
      data: { conditionId, winner: i === 0 ? 'Yes' : 'No' },
    });
    expect(res.status()).toBe(200);
  }
  const [winner, loser] = positions as [Locator, Locator];
  await expect(winner.getByTestId('position-resolution')).toHaveText('redeemable', {
    timeout: 20_000,
  });
  await expect(loser.getByTestId('position-resolution')).toHaveText('redeemable');
  await expect(winner.getByTestId('position-mark')).toHaveText('pays 1');
  await expect(loser.getByTestId('position-mark')).toHaveText('pays 0');
  await expect(loser.getByTestId('position-redeem')).toHaveAttribute('title', /pays \$0\.00/);
  await expect(outcomes.nth(0).getByTestId('event-outcome-resolved')).toHaveText('resolved Yes', {
    timeout: 20_000,
  });
  await shot('events-resolved');

  // Each winning share pays 1: the payout is the shares held.
  const shares = Number(await winner.getByTestId('position-held').innerText());
  const payout = shares * 1_000_000;
  await expect(winner.getByTestId('position-redeem')).toHaveAttribute(
    'title',
    new RegExp(`pays \\$${shares}\\.00`),
  );
  expect(payout).toBeGreaterThan(0);
  const before = cashMicros(await page.getByTestId('cash-balance').innerText());
  await winner.getByTestId('position-redeem').click();
  await expect(page.getByTestId('toast-success').last()).toContainText('Redeemed');
  await expect
    .poll(async () => cashMicros(await page.getByTestId('cash-balance').innerText()), {
      timeout: 15_000,
    })
    .toBe(before + payout);
  await loser.getByTestId('position-redeem').click();
  for (const position of positions) {
    await expect(position.getByTestId('position-held')).toHaveText('flat', { timeout: 15_000 });
    await expect(position.getByTestId('position-redeem')).toHaveCount(0);
  }
  await expect(winner.getByTestId('position-resolution')).toHaveText('resolved Yes');
  await expect(page.getByTestId('reconcile-warning')).toHaveCount(0);
  await shot('events-redeemed');
});
