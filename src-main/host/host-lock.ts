import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { PolydeskError } from '@shared/errors';

/**
 * One host per data directory (and so per wallet): two engines quoting one wallet double-order.
 * The lock file holds the owner's pid; a lock whose process is gone is taken over.
 */
export class HostLock {
  private constructor(private readonly file: string) {}

  static acquire(dataDir: string): HostLock {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'host.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new HostLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
        if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
          throw new PolydeskError(
            'CONFLICT',
            `Another Polydesk host (pid ${owner}) is already running with ${dataDir}. ` +
              'Stop it first, or use another POLYDESK_DATA_DIR.',
          );
        }
        rmSync(file, { force: true });
      }
    }
    throw new PolydeskError('CONFLICT', `Could not take the host lock in ${dataDir}`);
  }

  release(): void {
    rmSync(this.file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
