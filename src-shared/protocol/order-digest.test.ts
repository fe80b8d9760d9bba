import { TypedDataEncoder } from 'ethers';
import { describe, expect, it } from 'vitest';
import { bytesToHex, ORDER_V2_FIELDS, orderDigest } from './order-digest';

const domain = {
  name: 'Polymarket CTF Exchange',
  version: '2',
  chainId: 137,
  verifyingContract: '0xE111180000d2663C0091e4f400237545B87B996B',
};
const types = { Order: ORDER_V2_FIELDS.map((f) => ({ ...f })) };
const base: Record<string, unknown> = {
  salt: '479249096354',
  maker: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  signer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  tokenId: '71321045679252212594626385532706912750332728571942532289631379312455583992563',
  makerAmount: '5700000',
  takerAmount: '10000000',
  side: 0,
  signatureType: 0,
  timestamp: '1780449126930',
  metadata: '0x' + '0'.repeat(64),
  builder: '0x' + '0'.repeat(64),
};

/** ethers' digest, or null where ethers refuses the value. */
function reference(message: Record<string, unknown>): string | null {
  try {
    return TypedDataEncoder.hash(domain, types, message);
  } catch {
    return null;
  }
}

describe('orderDigest', () => {
  const uints = [
    0,
    1,
    255,
    256,
    2 ** 32 - 1,
    2 ** 32,
    2 ** 40 + 12_345,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 1,
    -1,
    1.5,
    '0',
    '00',
    '01',
    '',
    '255',
    '256',
    '999999999999999',
    '1000000000000000',
    '9007199254740993',
    (2n ** 256n - 1n).toString(),
    (2n ** 256n).toString(),
    '-1',
    '0x10',
    ' 1',
    0n,
    255n,
    256n,
    2n ** 53n + 1n,
    2n ** 256n - 1n,
    2n ** 256n,
    -1n,
  ];

  it('equals ethers on every value it takes, and leaves the rest to ethers', () => {
    for (const field of ['salt', 'tokenId', 'makerAmount', 'timestamp', 'side', 'signatureType']) {
      for (const value of uints) {
        const message = { ...base, [field]: value };
        const fast = orderDigest(domain, message);
        const label = `${field} = ${String(value)} (${typeof value})`;
        if (fast !== null) expect(bytesToHex(fast), label).toBe(reference(message));
      }
    }
  });

  it('takes the plain values a signer produces', () => {
    for (const value of [0, 255, '255', 255n, '0']) {
      const message = { ...base, side: value, signatureType: value };
      expect(orderDigest(domain, message), String(value)).not.toBeNull();
    }
    for (const value of ['1000000000000000', '9007199254740993', 2n ** 200n]) {
      const message = { ...base, makerAmount: value, tokenId: value };
      const fast = orderDigest(domain, message);
      expect(fast && bytesToHex(fast), String(value)).toBe(reference(message));
    }
  });

  it('gives the same digest when called again (scratch buffers are reused)', () => {
    const first = orderDigest(domain, base);
    orderDigest(domain, { ...base, salt: '1' });
    expect(first && bytesToHex(first)).toBe(reference(base));
    expect(bytesToHex(orderDigest(domain, base) as Uint8Array)).toBe(reference(base));
  });
});
