import type { SignedOrder } from '@polymarket/clob-client-v2';
import { describe, expect, it } from 'vitest';
import type { OrderRequest } from './exchange-port';
import { expectedAmounts, orderIdOf, validateRequest } from './order-signing';

/** The doc's V2.4 vector (Hardhat key #0, produced by the package's own V2 builder). */
const vectorOrder = {
  salt: '479249096354',
  maker: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  signer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  tokenId: '1234',
  makerAmount: '5700000',
  takerAmount: '10000000',
  side: 'BUY',
  signatureType: 0,
  timestamp: '1780449126930',
  metadata: '0x0000000000000000000000000000000000000000000000000000000000000000',
  builder: '0x0000000000000000000000000000000000000000000000000000000000000000',
  expiration: '0',
  signature: '0x',
} as unknown as SignedOrder;

const request: OrderRequest = {
  tokenId: '1',
  side: 'BUY',
  priceMicros: 570_000,
  sizeMicros: 10_000_000,
  timeInForce: 'GTC',
};

describe('orderIdOf', () => {
  it('is the EIP-712 digest of the documented vectors', () => {
    expect(orderIdOf(vectorOrder, 137, false)).toBe(
      '0x4603ba6624cab88a8dce38b205cae0be979caeebca82a79f5d86755071252d20',
    );
    expect(orderIdOf(vectorOrder, 137, true)).toBe(
      '0xb0ea59ea2c82ba58b9b0119e1dd55e99ea4ea489105cdb337ce81eb64a9973a1',
    );
    expect(orderIdOf(vectorOrder, 80002, false)).toBe(
      '0x1be0e2e8a181b0ea950a8e18a62846e240869e15efeb7b1562071b3799204819',
    );
  });
});

describe('expectedAmounts', () => {
  it('matches the captured amounts of the doc (V2.6)', () => {
    expect(expectedAmounts(request)).toEqual({ maker: 5_700_000n, taker: 10_000_000n });
    expect(
      expectedAmounts({ ...request, side: 'SELL', sizeMicros: 10_120_000, priceMicros: 570_000 }),
    ).toEqual({ maker: 10_120_000n, taker: 5_768_400n });
    expect(expectedAmounts({ ...request, sizeMicros: 10_120_000, priceMicros: 332_500 })).toEqual({
      maker: 3_364_900n,
      taker: 10_120_000n,
    });
  });
});

describe('validateRequest', () => {
  it('accepts a request on the grids', () => {
    expect(() => validateRequest(request, '0.01')).not.toThrow();
    expect(() => validateRequest({ ...request, priceMicros: 332_500 }, '0.0025')).not.toThrow();
  });

  it.each<[string, Partial<OrderRequest>]>([
    ['off the tick grid', { priceMicros: 575_000 }],
    ['price at 0', { priceMicros: 0 }],
    ['price at 1', { priceMicros: 1_000_000 }],
    ['size below the share grid', { sizeMicros: 10_005_000 }],
    ['zero size', { sizeMicros: 0 }],
    ['GTD without expiry', { timeInForce: 'GTD' }],
    ['expiry on GTC', { expiresAtSec: 2_000_000_000 }],
    ['postOnly FOK', { timeInForce: 'FOK', postOnly: true }],
  ])('refuses %s', (_name, change) => {
    expect(() => validateRequest({ ...request, ...change }, '0.01')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
  });
});
