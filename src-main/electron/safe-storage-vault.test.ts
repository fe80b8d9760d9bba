import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/** safeStorage replaced by a reversible transform, to check what lands on disk. */
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: (text: string) => Buffer.from([...text].reverse().join(''), 'utf8'),
    decryptString: (sealed: Buffer) => [...sealed.toString('utf8')].reverse().join(''),
  },
}));

const { SafeStorageVault } = await import('./safe-storage-vault');
const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';

describe('SafeStorageVault', () => {
  it('stores only the sealed key and the public address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polydesk-sealed-'));
    const vault = new SafeStorageVault(dir);
    const address = await vault.save(KEY);
    expect(address).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
    const raw = readFileSync(join(dir, 'live-key.sealed.json'), 'utf8');
    expect(raw).not.toContain(KEY.slice(2));
    expect(vault.address()).toBe(address);
    expect(await vault.load()).toBe(KEY);
    vault.remove();
    expect(vault.exists()).toBe(false);
  });
});
