import { expect, test } from './fixtures';

test('the shell opens on the paper exchange with a live status bar', async ({ appPage, shot }) => {
  const badge = appPage.getByTestId('mode-badge');
  await expect(badge).toHaveText('PAPER');
  await expect(appPage.getByTestId('link-state')).toHaveText('host connected');
  for (const area of ['markets', 'book', 'chart', 'entry', 'orders']) {
    await expect(appPage.getByTestId(`panel-${area}`)).toBeVisible();
  }
  const uptime = appPage.getByTestId('uptime');
  const first = await uptime.textContent();
  await expect(uptime).not.toHaveText(first ?? '', { timeout: 5_000 });
  await shot('shell');
});

test('the token leaves the address bar once read', async ({ appPage }, testInfo) => {
  test.skip(testInfo.project.metadata.target === 'electron', 'the desktop window has no token');
  await expect(appPage.getByTestId('link-state')).toHaveText('host connected');
  expect(appPage.url()).not.toContain('token=');
});
