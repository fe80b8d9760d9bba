import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { test as base, chromium, _electron } from '@playwright/test';
import type { Page } from '@playwright/test';

export const CHROMIUM_PATH = process.env.POLYDESK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const SCREENSHOT_DIR = resolve('test-results/screens');

export function hostUrl(): string {
  const url = process.env.POLYDESK_E2E_URL;
  if (!url) throw new Error('POLYDESK_E2E_URL not set: global setup did not run');
  return url;
}

/** The Electron binary if this machine has one (it is fetched on first use on a normal desktop). */
export function electronBinary(): string | null {
  if (process.env.POLYDESK_ELECTRON)
    return existsSync(process.env.POLYDESK_ELECTRON) ? process.env.POLYDESK_ELECTRON : null;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : null;
}

interface Fixtures {
  /** The Polydesk UI: a Chromium page in browser mode, the desktop window in the Electron project. */
  appPage: Page;
  shot: (name: string) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  appPage: async ({}, use, testInfo) => {
    if (testInfo.project.metadata.target === 'electron') {
      const binary = electronBinary();
      test.skip(
        !binary,
        'No Electron binary on this machine (it cannot be downloaded here); browser mode covers these specs',
      );
      const app = await _electron.launch({
        executablePath: binary ?? '',
        args: ['out/main/index.js'],
      });
      const page = await app.firstWindow();
      await use(page);
      await app.close();
      return;
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(hostUrl());
    await use(page);
    await browser.close();
  },
  shot: async ({ appPage }, use, testInfo) => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await use(async (name: string) => {
      const file = join(SCREENSHOT_DIR, `${testInfo.project.name}-${name}.png`);
      await appPage.screenshot({ path: file });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
    });
  },
});

export { expect } from '@playwright/test';
