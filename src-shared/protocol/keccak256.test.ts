import { keccak_256 } from '@noble/hashes/sha3';
import { describe, expect, it } from 'vitest';
import { keccak256 } from './keccak256';

describe('keccak256', () => {
  it('matches @noble/hashes on every length around the block edges', () => {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed & 0xff;
    };
    for (let length = 0; length <= 3 * 136 + 2; length++) {
      const data = Uint8Array.from({ length }, next);
      expect(keccak256(data)).toEqual(keccak_256(data));
    }
  });

  it('has the empty-input vector and writes at an offset', () => {
    const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
    expect(hex(keccak256(new Uint8Array(0)))).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    const out = new Uint8Array(40).fill(0xee);
    keccak256(new TextEncoder().encode('abc'), out, 4);
    expect(hex(out.subarray(4, 36))).toBe(
      '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    );
    expect(out[3]).toBe(0xee);
    expect(out[36]).toBe(0xee);
  });
});
