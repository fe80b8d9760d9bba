import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, expect, hostUrl, test } from './fixtures';

/** What a browser without the token, or a script without it, gets from the web transport (browser mode only). */
test.describe('web transport refusals', () => {
  test('a page opened without the token is told it is not authorised', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const origin = new URL(hostUrl()).origin;
    await page.goto(`${origin}/`);
    await expect(page.getByTestId('link-state')).toContainText('not authorised');
    await browser.close();
  });

  test('HTTP calls need the bearer token and valid JSON', async ({ request }) => {
    const url = new URL(hostUrl());
    const token = url.searchParams.get('token') ?? '';
    const call = `${url.origin}/api/call/app.info`;
    const noToken = await request.post(call, { data: {} });
    expect(noToken.status()).toBe(401);
    const badJson = await request.post(call, {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      data: '{not json',
    });
    expect(badJson.status()).toBe(400);
    expect((await badJson.json()).error.code).toBe('BAD_REQUEST');
    const ok = await request.post(call, {
      headers: { authorization: `Bearer ${token}` },
      data: {},
    });
    expect(ok.status()).toBe(200);
    expect((await ok.json()).result.mode).toBe('PAPER');
  });
});
