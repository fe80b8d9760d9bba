import type { Page } from '@playwright/test';
import { decimalToMicros, microsToDecimal } from '../src-shared/math';
import { expect, test } from './fixtures';

/**
 * Positions on the paper exchange: buy through the order form, see the position and its P&L,
 * close it with one click (the form is filled with a SELL at the bid), send that, go flat.
 */

const LIQUID = 'fed-cuts-rates-in-december';
const TICK = 10_000;

async function selectMarket(page: Page, slug: string): Promise<void> {
  await page.locator(`[data-testid="market-row"][data-slug="${slug}"]`).click();
  await expect(page.locator('.ladder-row.best-ask')).toHaveCount(1, { timeout: 20_000 });
  await expect(page.locator('.ladder-row.best-bid')).toHaveCount(1);
}

test.beforeEach(async ({ appPage }) => {
  await expect(appPage.getByTestId('link-state')).toHaveText('host connected');
  await expect(appPage.getByTestId('market-row').first()).toBeVisible({ timeout: 30_000 });
});

test('buy, see the position with P&L, close it from the Positions panel, go flat', async ({
  appPage,
  shot,
}) => {
  const page = appPage;
  await selectMarket(page, LIQUID);

  // An iceberg that takes: one clip of 5, sent two ticks through the ask so it fills even if
  // the ask moves up a little meanwhile (the match is at the resting asks' prices).
  const ask = (await page.locator('.ladder-row.best-ask').getAttribute('data-price')) ?? '';
  const limit = microsToDecimal(decimalToMicros(ask) + 2 * TICK);
  await page.getByTestId('strategy-iceberg').click();
  await page.getByTestId('side-BUY').click();
  await page.getByTestId('field-totalSize').fill('5');
  await page.getByTestId('field-clipSize').fill('5');
  await page.getByTestId('field-targetPrice').fill(limit);
  await page.getByTestId('field-maxPrice').fill(limit);
  await page.getByTestId('field-minPrice').fill('0.01');
  await page.getByTestId('field-allowTaking').check();
  await page.getByTestId('order-submit').click();
  await expect(page.getByTestId('toast-success').last()).toBeVisible();

  await page.getByTestId('tab-positions').click();
  const row = page.getByTestId('position-row').first();
  await expect(row.getByTestId('position-held')).toHaveText('5', { timeout: 20_000 });
  await expect(row).toContainText('Yes');
  await expect(row.getByTestId('position-unrealized')).toHaveText(/\$\d+\.\d\d \/ [+-]?\$\d/);
  await expect(page.getByTestId('cash-free')).toHaveText(/^\$[\d,]+\.\d\d$/);
  // Shares are sellable once the exchange has CONFIRMED the trade.
  await expect(row.getByTestId('position-close')).toBeEnabled({ timeout: 30_000 });
  await expect(row.getByTestId('position-confirmed')).toHaveText('5');
  await expect(row.getByTestId('position-pending')).toHaveText('—');
  await expect(row.getByTestId('position-avg')).toHaveText(/^0\.\d+$/);
  await shot('positions-held');

  // The close is prefilled at the bid of the moment of the click: the bid shown just before or
  // just after it (the book keeps moving).
  const markBid = async (): Promise<string> =>
    ((await row.getByTestId('position-mark').innerText()).split('/')[1] ?? '').trim();
  const before = await markBid();
  await row.getByTestId('position-close').click();
  const after = await markBid();
  await expect(page.getByTestId('side-SELL')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('field-totalSize')).toHaveValue('5');
  const bid = await page.getByTestId('field-minPrice').inputValue();
  expect([before, after]).toContain(bid);
  await expect(page.getByTestId('field-targetPrice')).toHaveValue(bid);
  await expect(page.getByTestId('order-preview')).toContainText('Sell 5 Yes');
  await shot('positions-close-prefilled');

  await page.getByTestId('order-submit').click();
  await expect(row.getByTestId('position-held')).toHaveText('flat', { timeout: 30_000 });
  await expect(row.getByTestId('position-close')).toHaveCount(0);
  await expect(row.getByTestId('position-realized')).toHaveText(/\$\d+\.\d\d/);
  await shot('positions-flat');

  await page.getByTestId('tab-trades').click();
  const trades = page.getByTestId('trade-row');
  await expect(trades).toHaveCount(2);
  await expect(trades.nth(0)).toContainText('SELL');
  await expect(trades.nth(1)).toContainText('BUY');
  await shot('positions-trades');
});
