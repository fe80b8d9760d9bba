import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeystoreVault, walletFrom } from './keystore-vault';

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('KeystoreVault', () => {
  it('keeps the key encrypted on disk, owner-only, and gives it back with the passphrase', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polydesk-vault-'));
    const vault = new KeystoreVault(dir);
    expect(vault.exists()).toBe(false);
    expect(await vault.save(KEY, 'correct horse battery')).toBe(ADDRESS);
    const file = join(dir, 'live-key.json');
    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain(KEY.slice(2));
    expect(raw.toLowerCase()).not.toContain(KEY.slice(2, 20).toLowerCase());
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(vault.address()?.toLowerCase()).toBe(ADDRESS.toLowerCase());
    expect(await vault.load('correct horse battery')).toBe(KEY);
  });

  it('refuses a wrong or missing passphrase, and a short one at save', async () => {
    const vault = new KeystoreVault(mkdtempSync(join(tmpdir(), 'polydesk-vault-')));
    await expect(vault.save(KEY, 'short')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await vault.save(KEY, 'correct horse battery');
    await expect(vault.load('wrong passphrase!')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(vault.load()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    vault.remove();
    await expect(vault.load('correct horse battery')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('validates keys without echoing them', () => {
    expect(walletFrom(KEY.slice(2)).address).toBe(ADDRESS);
    for (const bad of ['', '0x1234', 'zz'.repeat(32), `0x${'0'.repeat(64)}`]) {
      let message = '';
      try {
        walletFrom(bad);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).not.toBe('');
      if (bad.length > 4) expect(message).not.toContain(bad);
    }
  });
});
