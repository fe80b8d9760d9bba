import { Wallet, verifyTypedData } from 'ethers';
import { describe, expect, it } from 'vitest';
import { toClobSigner } from './ethers-signer';

const HARDHAT_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

describe('toClobSigner', () => {
  it('exposes the address and signs typed data that recovers to it', async () => {
    const signer = toClobSigner(new Wallet(HARDHAT_0));
    expect(await signer.getAddress()).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    const domain = { name: 'ClobAuthDomain', version: '1', chainId: 80002 };
    const types = {
      ClobAuth: [
        { name: 'address', type: 'address' },
        { name: 'timestamp', type: 'string' },
        { name: 'nonce', type: 'uint256' },
        { name: 'message', type: 'string' },
      ],
    };
    const value = {
      address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      timestamp: '10000000',
      nonce: 23,
      message: 'This message attests that I control the given wallet',
    };
    const signature = await signer._signTypedData(domain, types, value);
    // Vector from the protocol doc §2.1.
    expect(signature).toBe(
      '0xf62319a987514da40e57e2f4d7529f7bac38f0355bd88bb5adbb3768d80de6c1682518e0af677d5260366425f4361e7b70c25ae232aff0ab2331e2b164a1aedc1b',
    );
    expect(verifyTypedData(domain, types, value, signature)).toBe(value.address);
  });
});
