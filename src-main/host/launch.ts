import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHeadless } from './run-headless';
import { startupFailure } from './startup-failure';

/**
 * `npm start`: opens the desktop window when an Electron runtime is present (fetching it once on a
 * normal desktop), and otherwise serves the same UI to a browser. `--browser` or
 * POLYDESK_BROWSER=1 forces browser mode.
 */
const localRequire = createRequire(import.meta.url);

function electronBinary(): string | null {
  let packageDir: string;
  try {
    packageDir = dirname(localRequire.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron';
    const candidate = join(override, name);
    return existsSync(candidate) ? candidate : null;
  }
  if (!existsSync(pathFile)) {
    // Electron 42+ fetches its runtime on first use; do that once, here, without a throw.
    const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
      stdio: 'ignore',
      timeout: 300_000,
    });
    if (result.status !== 0 || !existsSync(pathFile)) return null;
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : null;
}

function main(): void {
  const forceBrowser = process.argv.includes('--browser') || process.env.POLYDESK_BROWSER === '1';
  const binary = forceBrowser ? null : electronBinary();
  if (binary) {
    const entry = join(dirname(fileURLToPath(import.meta.url)), 'index.js');
    const child = spawn(binary, [entry], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  if (!forceBrowser) {
    console.log('No Electron runtime is available here: serving the Polydesk UI to a browser.');
  }
  runHeadless().catch((err: unknown) => {
    console.error(startupFailure(err));
    process.exit(1);
  });
}

main();
