import { recoverAddress, TypedDataEncoder, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import {
  exchangeDomainV2,
  ORDER_TYPES_V2,
  orderHashV2,
  recoverOrderSigner,
  type SignedOrderV2,
} from './order-signature';

const N = BigInt('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');

/** A small seeded generator, so a failure names an order that can be made again. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function ethersRecover(digest: string, signature: string): string | null {
  try {
    return recoverAddress(digest, signature);
  } catch {
    return null;
  }
}

describe('the paper exchange checks order signatures', () => {
  const random = generator(20261203);
  const hex = (bytes: number): string =>
    '0x' +
    Array.from({ length: bytes }, () =>
      Math.floor(random() * 256)
        .toString(16)
        .padStart(2, '0'),
    ).join('');
  const wallets = Array.from({ length: 8 }, () => new Wallet(hex(32)));

  function randomOrder(i: number): { order: SignedOrderV2; wallet: Wallet } {
    const wallet = wallets[i % wallets.length] as Wallet;
    const order: SignedOrderV2 = {
      salt: BigInt(hex(1 + (i % 32))),
      maker: i % 3 === 0 ? wallet.address.toLowerCase() : wallet.address,
      signer: wallet.address,
      tokenId: BigInt(hex(1 + ((i * 7) % 32))),
      makerAmount: BigInt(Math.floor(random() * 1e12)),
      takerAmount: i % 11 === 0 ? 0n : BigInt(Math.floor(random() * 1e12)),
      side: (i % 2) as 0 | 1,
      signatureType: i % 3,
      timestamp: BigInt(1_700_000_000_000 + Math.floor(random() * 1e11)),
      metadata: i % 4 === 0 ? hex(32) : '0x' + '0'.repeat(64),
      builder: i % 5 === 0 ? hex(32) : '0x' + '0'.repeat(64),
      signature: '',
    };
    return { order, wallet };
  }

  it('computes the order id exactly as ethers does, on 400 random orders and both exchanges', () => {
    for (let i = 0; i < 400; i++) {
      const { order } = randomOrder(i);
      const chainId = i % 2 === 0 ? 137 : 80002;
      const negRisk = (i >> 1) % 2 === 0;
      const { signature: _, ...message } = order;
      expect(orderHashV2(order, chainId, negRisk), `order ${i}`).toBe(
        TypedDataEncoder.hash(exchangeDomainV2(chainId, negRisk), ORDER_TYPES_V2, message),
      );
    }
  });

  it('recovers the same signer as ethers, and refuses what ethers refuses, on 300 orders', () => {
    for (let i = 0; i < 300; i++) {
      const { order, wallet } = randomOrder(i);
      const digest = orderHashV2(order, 137, false);
      const good = wallet.signingKey.sign(digest).serialized;
      const r = good.slice(2, 66);
      const s = BigInt('0x' + good.slice(66, 130));
      const v = good.slice(130);
      const otherV = v === '1b' ? '1c' : '1b';
      const highS = (N - s).toString(16).padStart(64, '0');
      const variants = [
        good,
        `0x${r}${good.slice(66, 130)}${otherV}`, // the other recovery bit: another address
        `0x${r}${highS}${otherV}`, // the same point with a high s
        `0x${r}${good.slice(66, 130)}${v === '1b' ? '00' : '01'}`, // v as 0 or 1
        `0x${'0'.repeat(64)}${good.slice(66, 130)}${v}`, // r = 0
        `0x${r}${'f'.repeat(64)}${v}`, // s beyond the group order
        good.slice(0, 120), // too short
        `0x${r}${good.slice(66, 128)}zz${v}`, // not hex
      ];
      for (const [k, signature] of variants.entries()) {
        const fast = recoverOrderSigner({ ...order, signature }, 137, false, digest);
        expect(fast, `order ${i}, variant ${k}`).toBe(ethersRecover(digest, signature));
      }
      expect(recoverOrderSigner({ ...order, signature: good }, 137, false)).toBe(wallet.address);
    }
  });
});
