import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface AppPackage {
  root: string;
  version: string;
}

/**
 * Polydesk's own package.json, found upwards from this module: the same answer from the sources
 * (tsx), from out/main and from a bundled chunk under it.
 */
function findAppPackage(): AppPackage {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'polydesk') {
        return { root: dir, version: typeof pkg.version === 'string' ? pkg.version : '0.0.0' };
      }
    }
    dir = dirname(dir);
  }
  return { root: process.cwd(), version: '0.0.0' };
}

const app = findAppPackage();

export const APP_ROOT: string = app.root;
export const APP_VERSION: string = app.version;
