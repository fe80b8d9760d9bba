import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { submitAndFindRow } from './order-rows';

/**
 * Stoikov's micro-price in paper mode: chosen in the order form, it is shown on the ladder and
 * the chart ("fitting (n/m transitions)" until the token has a fit, then the price and its
 * line), an order quotes with it, and the order's events say which estimate it used.
 *
 * The host's fitter needs 100 usable top-of-book transitions; the paper exchange's liquid market
 * makes about four a second, so the first fit comes some 30 s after the market is first watched.
 */

const LIQUID = 'fed-cuts-rates-in-december';
const FIT_WAIT_MS = 150_000;

async function selectMarket(page: Page, slug: string): Promise<void> {
  await page.locator(`[data-testid="market-row"][data-slug="${slug}"]`).click();
  await expect(page.getByTestId('ladder-row').first()).toBeVisible({ timeout: 20_000 });
}

test.beforeEach(async ({ appPage }) => {
  await expect(appPage.getByTestId('link-state')).toHaveText('host connected');
  await expect(appPage.getByTestId('market-row').first()).toBeVisible({ timeout: 30_000 });
});

test('Stoikov micro-price: chosen in the form, fitted, drawn, and quoted with', async ({
  appPage,
  shot,
}) => {
  test.setTimeout(FIT_WAIT_MS + 60_000);
  await selectMarket(appPage, LIQUID);
  await appPage.getByTestId('strategy-micro_price').click();
  // Not chosen: nothing of Stoikov on the ladder or the chart.
  await expect(appPage.getByTestId('stoikov-figure')).toHaveCount(0);
  await expect(appPage.getByTestId('chart-stoikov-legend')).toHaveCount(0);

  await appPage.getByTestId('field-estimator').selectOption('stoikov');
  const figure = appPage.getByTestId('stoikov-figure');
  await expect(figure).toBeVisible();
  await expect(figure).toContainText(
    /Stoikov (fitting \(\d+\/100 transitions\)|0\.\d{4}|weighted mid)/,
  );
  await expect(appPage.getByTestId('chart-stoikov-legend')).toBeVisible();

  // A BUY far below the market: it rests (at its limit) and never fills, and keeps Stoikov shown.
  await appPage.getByTestId('side-BUY').click();
  await appPage.getByTestId('field-totalSize').fill('5');
  await appPage.getByTestId('field-maxPrice').fill('0.05');
  await appPage.getByTestId('field-minPrice').fill('0.01');
  await expect(appPage.getByTestId('order-preview')).toContainText(
    "resting near Stoikov's micro-price",
  );
  const row = await submitAndFindRow(appPage);
  await expect(row.getByTestId('order-state')).toHaveText('ACTIVE', { timeout: 20_000 });
  await appPage.getByTestId('field-estimator').selectOption('weighted_mid');
  await expect(figure).toBeVisible();

  await expect(appPage.getByTestId('stoikov-price')).toHaveText(/^0\.\d{4}$/, {
    timeout: FIT_WAIT_MS,
  });
  await expect(appPage.getByTestId('stoikov-marker')).toHaveCount(1);
  await expect
    .poll(
      async () =>
        Number(await appPage.getByTestId('price-chart').getAttribute('data-stoikov-points')),
      { timeout: 20_000 },
    )
    .toBeGreaterThan(2);
  await shot('stoikov');

  // The order said what it quoted at: the weighted mid until the fit, then Stoikov.
  await row.click();
  const notes = appPage.locator('[data-testid="event-row"]', { hasText: 'stoikov:' });
  await expect(notes.first()).toBeVisible({ timeout: 20_000 });
  await expect(
    appPage.locator('[data-testid="event-row"]', {
      hasText: 'stoikov: fitted on',
    }),
  ).toHaveCount(1, { timeout: 45_000 });

  await row.getByTestId('order-cancel').click();
  await expect(row.getByTestId('order-state')).toHaveText('CANCELLED', { timeout: 20_000 });
  await expect(figure).toHaveCount(0);
});
