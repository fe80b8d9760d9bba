import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** The ids of the orders the blotter lists, in its order. */
export async function orderIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('order-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-id') ?? ''));
}

/** Submits the form and returns the row of the order it created. */
export async function submitAndFindRow(page: Page): Promise<Locator> {
  const before = await orderIds(page);
  await page.getByTestId('order-submit').click();
  await expect(page.getByTestId('toast-success').last()).toBeVisible();
  let created = '';
  await expect
    .poll(async () => {
      created = (await orderIds(page)).find((id) => !before.includes(id)) ?? '';
      return created;
    })
    .not.toBe('');
  return page.locator(`[data-testid="order-row"][data-order-id="${created}"]`);
}
