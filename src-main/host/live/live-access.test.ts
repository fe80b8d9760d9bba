import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { KeystoreVault } from '../secrets/keystore-vault';
import { LiveAccess, profileFor } from './live-access';
import type { LiveCredentials } from './live-access';

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const SAFE = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const PASSPHRASE = 'correct horse battery staple';

function access(): LiveAccess {
  return new LiveAccess(
    new KeystoreVault(mkdtempSync(join(tmpdir(), 'polydesk-live-'))),
    silentLogger(),
  );
}

describe('profileFor', () => {
  it('type 0 trades from the key’s own wallet', () => {
    expect(profileFor(ADDRESS, 0, undefined)).toEqual({ signatureType: 0 });
    expect(profileFor(ADDRESS, 0, ADDRESS.toLowerCase())).toEqual({ signatureType: 0 });
    expect(() => profileFor(ADDRESS, 0, SAFE)).toThrow(/leave the funder/);
  });

  it('types 1 and 2 need a funder that is not the key’s address', () => {
    expect(profileFor(ADDRESS, 2, SAFE)).toEqual({ signatureType: 2, funderAddress: SAFE });
    expect(() => profileFor(ADDRESS, 1, undefined)).toThrow(/give its address as the funder/);
    expect(() => profileFor(ADDRESS, 1, ADDRESS)).toThrow(/not the key’s own address/);
  });
});

describe('LiveAccess', () => {
  it('saves only what the exchange accepted, and hands the key to the adapter only', async () => {
    const live = access();
    const refused = live.setup({ privateKey: KEY, passphrase: PASSPHRASE, signatureType: 0 }, () =>
      Promise.reject(new Error('exchange said no')),
    );
    await expect(refused).rejects.toThrow('exchange said no');
    expect(live.vault.exists()).toBe(false);
    expect(live.unlocked).toBe(false);

    const seen: LiveCredentials[] = [];
    const profile = await live.setup(
      { privateKey: KEY.slice(2), passphrase: PASSPHRASE, signatureType: 2, funderAddress: SAFE },
      (credentials) => {
        seen.push(credentials);
        return Promise.resolve({ at: 1, collateral: 5 });
      },
    );
    expect(seen).toEqual([{ privateKey: KEY, signatureType: 2, funderAddress: SAFE }]);
    expect(profile).toEqual({ signatureType: 2, funderAddress: SAFE });
    expect(live.address).toBe(ADDRESS);
    expect(live.verified).toEqual({ at: 1, collateral: 5 });
    expect(live.credentials(profile)).toEqual({ privateKey: KEY, ...profile });
  });

  it('needs the passphrase after a restart, and forgets on request', async () => {
    const first = access();
    await first.setup({ privateKey: KEY, passphrase: PASSPHRASE, signatureType: 0 }, () =>
      Promise.resolve({ at: 1, collateral: null }),
    );
    const again = new LiveAccess(first.vault, silentLogger());
    expect(again.unlocked).toBe(false);
    expect(again.credentials({ signatureType: 0 })).toBeNull();
    await expect(again.unlock('wrong passphrase')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await again.unlock(PASSPHRASE);
    expect(again.credentials({ signatureType: 0 })?.privateKey).toBe(KEY);
    again.forget();
    expect(again.address).toBeNull();
    expect(again.unlocked).toBe(false);
  });
});
