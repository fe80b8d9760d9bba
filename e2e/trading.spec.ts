import type { Locator, Page } from '@playwright/test';
import { decimalToMicros, kellyPlan } from '../src-shared/math';
import { expect, test } from './fixtures';
import { orderIds, submitAndFindRow } from './order-rows';

/**
 * The terminal against the real host on its built-in paper exchange: markets, the moving ladder,
 * ladder-to-form, a micro-price order to completion, cancel, kill switch, field errors, Kelly.
 */

const LIQUID = 'fed-cuts-rates-in-december';
/** Four ticks wide and busy: a passive bid inside the spread is hit within seconds. */
const WIDE = 'champions-league-final-winner-home';

async function selectMarket(page: Page, slug: string): Promise<void> {
  await page.locator(`[data-testid="market-row"][data-slug="${slug}"]`).click();
  await expect(page.getByTestId('ladder-row').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.ladder-row.best-bid')).toHaveCount(1);
  await expect(page.locator('.ladder-row.best-ask')).toHaveCount(1);
}

/** A BUY far below the market: it rests and never fills. */
async function restingBuy(page: Page): Promise<Locator> {
  await page.getByTestId('strategy-micro_price').click();
  await page.getByTestId('side-BUY').click();
  await page.getByTestId('field-totalSize').fill('5');
  await page.getByTestId('field-maxPrice').fill('0.05');
  await page.getByTestId('field-minPrice').fill('0.01');
  return submitAndFindRow(page);
}

test.beforeEach(async ({ appPage }) => {
  await expect(appPage.getByTestId('link-state')).toHaveText('host connected');
  await expect(appPage.getByTestId('market-row').first()).toBeVisible({ timeout: 30_000 });
});

test('search, pick a market and watch the ladder move', async ({ appPage, shot }) => {
  await appPage.keyboard.press('/');
  await expect(appPage.getByTestId('market-search')).toBeFocused();
  await appPage.keyboard.type('fed');
  await expect(appPage.getByTestId('market-row')).toHaveCount(1);
  await selectMarket(appPage, LIQUID);
  await expect(appPage.getByTestId('micro-price')).not.toHaveText('—');
  await expect(appPage.getByTestId('micro-marker')).toHaveCount(1);
  const ladder = appPage.getByTestId('ladder');
  const first = await ladder.innerText();
  await expect.poll(() => ladder.innerText(), { timeout: 30_000 }).not.toBe(first);
  await expect(appPage.getByTestId('stream-state')).toContainText('live');
  await expect
    .poll(async () => Number(await appPage.getByTestId('price-chart').getAttribute('data-points')))
    .toBeGreaterThan(3);
  await shot('ladder');
  await appPage.getByTestId('outcome-NO').click();
  await expect(appPage.getByTestId('outcome-NO')).toHaveAttribute('aria-pressed', 'true');
  await expect(appPage.getByTestId('ladder-row').first()).toBeVisible();
});

test('clicking a price fills the order form', async ({ appPage, shot }) => {
  await selectMarket(appPage, LIQUID);
  const bidRow = appPage.locator('.ladder-row.best-bid');
  const bid = (await bidRow.getAttribute('data-price')) ?? '';
  // The book moves: click the row of the price read, wherever the best bid is by then.
  await appPage
    .locator(`[data-testid="ladder-row"][data-price="${bid}"]`)
    .getByTestId('ladder-bid')
    .click();
  await expect(appPage.getByTestId('field-maxPrice')).toHaveValue(bid);
  await expect(appPage.getByTestId('side-BUY')).toHaveAttribute('aria-pressed', 'true');
  const askRow = appPage.locator('.ladder-row.best-ask');
  const ask = (await askRow.getAttribute('data-price')) ?? '';
  await appPage
    .locator(`[data-testid="ladder-row"][data-price="${ask}"]`)
    .getByTestId('ladder-ask')
    .click();
  await expect(appPage.getByTestId('field-minPrice')).toHaveValue(ask);
  await expect(appPage.getByTestId('side-SELL')).toHaveAttribute('aria-pressed', 'true');
  await appPage.getByTestId('field-totalSize').fill('10');
  await expect(appPage.getByTestId('order-preview')).toContainText(`Sell 10 Yes`);
  await expect(appPage.getByTestId('order-preview')).toContainText(`never below ${ask}`);
  await shot('prefilled');
});

test('a micro-price order works in the blotter to a final state', async ({ appPage, shot }) => {
  await selectMarket(appPage, WIDE);
  // A BUY inside the spread: the quote improves the bid and gets hit. The limit is left wide
  // so that the quote follows the market if it trends away meanwhile.
  const rows = appPage.getByTestId('ladder-row');
  const askIndex = await rows.evaluateAll((all) =>
    all.findIndex((r) => r.classList.contains('best-ask')),
  );
  await rows
    .nth(askIndex + 1)
    .getByTestId('ladder-bid')
    .click();
  await expect(appPage.getByTestId('side-BUY')).toHaveAttribute('aria-pressed', 'true');
  await appPage.getByTestId('field-maxPrice').fill('0.99');
  await appPage.getByTestId('field-totalSize').fill('5');
  await appPage.getByTestId('field-checkIntervalSec').fill('0.5');
  const row = await submitAndFindRow(appPage);
  await expect(row.getByTestId('order-state')).toHaveText(/QUEUED|ACTIVE|COMPLETED/);
  await row.click();
  await expect(appPage.getByTestId('event-row').first()).toBeVisible();
  await shot('order-working');
  await expect(row.getByTestId('order-state')).toHaveText(/COMPLETED|CANCELLED|FAILED/, {
    timeout: 45_000,
  });
  await expect(row.getByTestId('order-state')).toHaveText('COMPLETED');
  await expect(row.getByTestId('order-filled')).toHaveText('5/5');
  await expect(
    appPage.locator('[data-testid="event-row"][data-type="fill"]').first(),
  ).toBeVisible();
  await shot('order-completed');
});

test('cancel one order', async ({ appPage, shot }) => {
  await selectMarket(appPage, LIQUID);
  const row = await restingBuy(appPage);
  await expect(row.getByTestId('order-state')).toHaveText('ACTIVE', { timeout: 20_000 });
  await expect(appPage.getByTestId('off-ladder')).toContainText('BUY 5 at 0.05');
  await row.getByTestId('order-cancel').click();
  await expect(row.getByTestId('order-state')).toHaveText('CANCELLED', { timeout: 20_000 });
  await expect(row.getByTestId('order-cancel')).toHaveCount(0);
  await shot('cancelled');
});

test('the kill switch cancels every working order after a confirmation', async ({
  appPage,
  shot,
}) => {
  await selectMarket(appPage, LIQUID);
  const first = await restingBuy(appPage);
  const second = await restingBuy(appPage);
  await expect(first.getByTestId('order-state')).toHaveText(/QUEUED|ACTIVE/);
  await expect(second.getByTestId('order-state')).toHaveText(/QUEUED|ACTIVE/);
  await appPage.getByTestId('kill-switch').click();
  await expect(appPage.getByTestId('confirm-kill')).toBeVisible();
  await appPage.keyboard.press('Escape');
  await expect(appPage.getByTestId('confirm-kill')).toBeHidden();
  await expect(first.getByTestId('order-state')).toHaveText(/QUEUED|ACTIVE/);
  await appPage.getByTestId('kill-switch').click();
  await shot('kill-switch');
  await appPage.getByTestId('confirm-kill-submit').click();
  await expect(first.getByTestId('order-state')).toHaveText('CANCELLED', { timeout: 20_000 });
  await expect(second.getByTestId('order-state')).toHaveText('CANCELLED', { timeout: 20_000 });
  await expect(appPage.getByTestId('kill-switch')).toBeDisabled();
});

test('invalid input shows field errors and submits nothing', async ({ appPage, shot }) => {
  await selectMarket(appPage, LIQUID);
  const before = await orderIds(appPage);
  await appPage.getByTestId('field-totalSize').fill('10.001');
  await appPage.getByTestId('field-maxPrice').fill('1.2');
  await appPage.getByTestId('field-minPrice').fill('0.4');
  await appPage.getByTestId('field-thresholdBps').fill('0');
  await appPage.getByTestId('field-minPrice').press('Enter');
  await expect(appPage.getByTestId('error-totalSize')).toContainText('at most 2 decimals');
  await expect(appPage.getByTestId('error-maxPrice')).toContainText('less than 1');
  await expect(appPage.getByTestId('error-thresholdBps')).toBeVisible();
  await appPage.getByTestId('strategy-kelly').click();
  await appPage.getByTestId('field-winProbability').fill('1.4');
  await appPage.getByTestId('order-submit').click();
  await expect(appPage.getByTestId('error-winProbability')).toBeVisible();
  await expect(appPage.getByTestId('error-maxPositionSize')).toHaveText('required');
  await shot('field-errors');
  await appPage.waitForTimeout(1_000);
  expect(await orderIds(appPage)).toEqual(before);
  await expect(appPage.getByTestId('toast-success')).toHaveCount(0);
});

test('the Kelly calculator shows what the shared kellyPlan computes', async ({ appPage, shot }) => {
  await selectMarket(appPage, LIQUID);
  await appPage.getByTestId('tab-kelly').click();
  await appPage.getByTestId('kelly-belief').fill('0.7');
  await appPage.getByTestId('kelly-cap').fill('5000');
  // Live: the ask and the account balance as the calculator shows them.
  await expect(appPage.getByTestId('kelly-shares')).not.toHaveText('—');
  const check = async (): Promise<void> => {
    // Inputs and outputs read in one go from the page: React commits a render at once, so what
    // is read belongs to one render, however fast the live price moves.
    const shown = await appPage.evaluate(() => {
      const value = (id: string): string =>
        (document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | null)?.value ?? '';
      const text = (id: string): string =>
        (document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null)?.innerText ?? '';
      const calculator = document.querySelector('[data-testid="kelly-calculator"]');
      return {
        // Shares of the token already held (earlier tests may have bought some) count, as in
        // the strategy.
        heldMicros: Number(calculator?.getAttribute('data-held-micros') ?? '0'),
        price: value('kelly-price'),
        bankroll: value('kelly-bankroll'),
        full: text('kelly-full'),
        fraction: text('kelly-fraction'),
        growth: text('kelly-growth'),
      };
    });
    const plan = kellyPlan({
      belief: 0.7,
      kellyFraction: 0.25,
      bankrollMicros: decimalToMicros(shown.bankroll),
      maxPositionMicros: 5_000_000_000,
      priceMicros: decimalToMicros(shown.price),
      heldYesMicros: shown.heldMicros,
    });
    expect(shown.full).toBe(`${(plan.fullFraction * 100).toFixed(2)}%`);
    expect(shown.fraction).toBe(`${(plan.fraction * 100).toFixed(2)}%`);
    expect(shown.growth).toBe(plan.expLogGrowth.toFixed(5));
  };
  // Until the calculator has its first live price and balance.
  await expect(check).toPass({ timeout: 15_000 });
  await expect(appPage.getByTestId('kelly-walk-avg')).toBeVisible();
  await expect(appPage.getByTestId('kelly-last-edge')).toBeVisible();

  // Typed: the worked case of lessons §4 (p 0.40, q 0.60, W 1000, quarter Kelly).
  await appPage.getByTestId('kelly-price-mode').click();
  await appPage.getByTestId('kelly-bankroll-mode').click();
  await appPage.getByTestId('kelly-price').fill('0.40');
  await appPage.getByTestId('kelly-bankroll').fill('1000');
  await appPage.getByTestId('kelly-belief').fill('0.6');
  const worked = kellyPlan({
    belief: 0.6,
    kellyFraction: 0.25,
    bankrollMicros: 1_000_000_000,
    maxPositionMicros: 5_000_000_000,
    priceMicros: 400_000,
  });
  await expect(appPage.getByTestId('kelly-full')).toHaveText('33.33%');
  await expect(appPage.getByTestId('kelly-fraction')).toHaveText('8.33%');
  await expect(appPage.getByTestId('kelly-shares')).toHaveText(
    (worked.sharesMicros / 1e6).toLocaleString('en-US', { maximumFractionDigits: 2 }),
  );
  await expect(appPage.getByTestId('growth-chart')).toBeVisible();
  await shot('kelly');

  await appPage.getByTestId('kelly-use').click();
  await expect(appPage.getByTestId('strategy-kelly')).toHaveAttribute('aria-pressed', 'true');
  await expect(appPage.getByTestId('field-winProbability')).toHaveValue('0.6');
  await expect(appPage.getByTestId('field-maxPositionSize')).toHaveValue('5000');
  await expect(appPage.getByTestId('field-bankroll')).toHaveValue('1000');
  await expect(appPage.getByTestId('field-maxPrice')).toHaveValue('0.40');
  await expect(appPage.getByTestId('order-preview')).toContainText('sized by Kelly (belief 0.6');
  await shot('kelly-order');
  const row = await submitAndFindRow(appPage);
  await expect(row).toContainText('Kelly');
  await expect(row.getByTestId('order-state')).toHaveText(/QUEUED|ACTIVE|COMPLETED|CANCELLED/);
  if ((await row.getByTestId('order-cancel').count()) > 0) {
    await row.getByTestId('order-cancel').click();
    await expect(row.getByTestId('order-state')).toHaveText(/CANCELLED|COMPLETED/);
  }
});

test('an iceberg order shows its clips in the event log', async ({ appPage, shot }) => {
  await selectMarket(appPage, WIDE);
  await appPage.getByTestId('strategy-iceberg').click();
  const rows = appPage.getByTestId('ladder-row');
  const askIndex = await rows.evaluateAll((all) =>
    all.findIndex((r) => r.classList.contains('best-ask')),
  );
  await rows
    .nth(askIndex + 1)
    .getByTestId('ladder-bid')
    .click();
  await appPage.getByTestId('field-totalSize').fill('15');
  await appPage.getByTestId('field-clipSize').fill('5');
  await expect(appPage.getByTestId('order-preview')).toContainText('in clips of 5');
  const row = await submitAndFindRow(appPage);
  await expect(row).toContainText('iceberg');
  await row.click();
  await expect(
    appPage.locator('[data-testid="event-row"][data-type="placed"]').first(),
  ).toBeVisible({
    timeout: 20_000,
  });
  await shot('iceberg');
  // The clips may fill the order at any moment, taking its Cancel button away mid-click.
  const cancel = row.getByTestId('order-cancel');
  if ((await cancel.count()) > 0) {
    await cancel.click({ timeout: 5_000 }).catch(async (err: unknown) => {
      if ((await cancel.count()) > 0) throw err;
    });
  }
  await expect(row.getByTestId('order-state')).toHaveText(/CANCELLED|COMPLETED/, {
    timeout: 20_000,
  });
});
