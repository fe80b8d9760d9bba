import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { z } from 'zod';
import { PolydeskError } from '@shared/errors';
import type { KeyVault } from '../host/secrets/key-vault';
import { walletFrom } from '../host/secrets/keystore-vault';

const SealedKeySchema = z.object({ address: z.string(), sealed: z.string().min(1) });

/** The desktop app's vault: the key sealed by the OS keychain through Electron's safeStorage. */
export class SafeStorageVault implements KeyVault {
  readonly kind = 'safe-storage' as const;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'live-key.sealed.json');
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  address(): string | null {
    return this.read()?.address ?? null;
  }

  save(privateKey: string): Promise<string> {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new PolydeskError(
        'READ_ONLY',
        'The OS keychain is not available: use the headless keystore (polydesk live setup)',
      );
    }
    const wallet = walletFrom(privateKey);
    const sealed = safeStorage.encryptString(wallet.privateKey).toString('base64');
    writeFileSync(this.file, JSON.stringify({ address: wallet.address, sealed }), { mode: 0o600 });
    return Promise.resolve(wallet.address);
  }

  load(): Promise<string> {
    const content = this.read();
    if (!content) throw new PolydeskError('NOT_FOUND', 'No live key is set up');
    try {
      return Promise.resolve(safeStorage.decryptString(Buffer.from(content.sealed, 'base64')));
    } catch {
      throw new PolydeskError('UNAUTHORIZED', 'The OS keychain could not unseal the live key');
    }
  }

  remove(): void {
    rmSync(this.file, { force: true });
  }

  private read(): z.infer<typeof SealedKeySchema> | null {
    if (!this.exists()) return null;
    const parsed = SealedKeySchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    return parsed.success ? parsed.data : null;
  }
}
