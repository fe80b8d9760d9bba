import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress, Wallet } from 'ethers';
import { z } from 'zod';
import { MIN_PASSPHRASE_LENGTH } from '@shared/domain/live';
import { PolydeskError } from '@shared/errors';
import type { KeyVault } from './key-vault';

const KeystoreHeaderSchema = z.object({ address: z.string().regex(/^(0x)?[0-9a-fA-F]{40}$/) });

/** An ethers (Web3 Secret Storage, scrypt) keystore file in the data directory, owner-only. */
export class KeystoreVault implements KeyVault {
  readonly kind = 'keystore' as const;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'live-key.json');
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  address(): string | null {
    if (!this.exists()) return null;
    const parsed = KeystoreHeaderSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    if (!parsed.success) return null;
    const hex = parsed.data.address;
    return getAddress(hex.startsWith('0x') ? hex : `0x${hex}`);
  }

  async save(privateKey: string, passphrase?: string): Promise<string> {
    checkPassphrase(passphrase);
    const wallet = walletFrom(privateKey);
    const json = await wallet.encrypt(passphrase);
    writeFileSync(this.file, json, { mode: 0o600 });
    return wallet.address;
  }

  async load(passphrase?: string): Promise<string> {
    if (!this.exists()) throw new PolydeskError('NOT_FOUND', 'No live key is set up');
    if (!passphrase) throw new PolydeskError('UNAUTHORIZED', 'The keystore passphrase is needed');
    try {
      const wallet = await Wallet.fromEncryptedJson(readFileSync(this.file, 'utf8'), passphrase);
      return wallet.privateKey;
    } catch {
      throw new PolydeskError('UNAUTHORIZED', 'Wrong passphrase, or the keystore file is damaged');
    }
  }

  remove(): void {
    rmSync(this.file, { force: true });
  }
}

/** A keystore is only as strong as its passphrase: refuses a missing or short one. */
export function checkPassphrase(passphrase: string | undefined): asserts passphrase is string {
  if (!passphrase || passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new PolydeskError(
      'BAD_REQUEST',
      `A keystore passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters is needed: it encrypts the key on disk`,
      [{ path: 'passphrase', message: `at least ${MIN_PASSPHRASE_LENGTH} characters` }],
    );
  }
}

/** Validates a private key without echoing it in any message. */
export function walletFrom(privateKey: string): Wallet {
  const normalized = privateKey.trim().startsWith('0x')
    ? privateKey.trim()
    : `0x${privateKey.trim()}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(normalized)) {
    throw new PolydeskError(
      'BAD_REQUEST',
      'A private key is 32 bytes: 64 hex digits, with or without 0x',
      [{ path: 'privateKey', message: '64 hex digits, with or without 0x' }],
    );
  }
  try {
    return new Wallet(normalized);
  } catch {
    throw new PolydeskError('BAD_REQUEST', 'That is not a valid secp256k1 private key', [
      { path: 'privateKey', message: 'not a valid secp256k1 private key' },
    ]);
  }
}
