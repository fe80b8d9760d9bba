import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { deriveCredentials, l2Signature, recoverClobAuthSigner } from './auth-signatures.js';
import { bookHash, withHash } from './book-summary.js';
import { orderHashV2, recoverOrderSigner, type SignedOrderV2 } from './order-signature.js';

const HARDHAT0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ADDRESS0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const SECRET = 'A'.repeat(43) + '=';
const ZERO32 = '0x' + '00'.repeat(32);

describe('L1 ClobAuth vectors', () => {
  it('recovers the documented signatures to Hardhat #0', () => {
    expect(
      recoverClobAuthSigner(
        80002,
        ADDRESS0,
        '10000000',
        23n,
        '0xf62319a987514da40e57e2f4d7529f7bac38f0355bd88bb5adbb3768d80de6c1682518e0af677d5260366425f4361e7b70c25ae232aff0ab2331e2b164a1aedc1b',
      ),
    ).toBe(ADDRESS0);
    expect(
      recoverClobAuthSigner(
        137,
        ADDRESS0,
        '1700000000',
        0n,
        '0x659ed4b28ae28e0f038fdf0023c00863c9559caacb9ebc83f44eea87059a099a36f1e1dee110e7faa1c4f65d17489b2da1333ebef78bbe2116d81207b975052d1c',
      ),
    ).toBe(ADDRESS0);
  });

  it('recovers someone else for a different nonce and nothing for garbage', () => {
    const sig =
      '0x659ed4b28ae28e0f038fdf0023c00863c9559caacb9ebc83f44eea87059a099a36f1e1dee110e7faa1c4f65d17489b2da1333ebef78bbe2116d81207b975052d1c';
    expect(recoverClobAuthSigner(137, ADDRESS0, '1700000000', 1n, sig)).not.toBe(ADDRESS0);
    expect(recoverClobAuthSigner(137, ADDRESS0, '1700000000', 0n, '0x1234')).toBeNull();
  });
});

describe('L2 HMAC vectors', () => {
  it('matches the documented signatures', () => {
    expect(l2Signature(SECRET, '1000000', 'test-sign', '/orders', '{"hash": "0x123"}')).toBe(
      'ZwAdJKvoYRlEKDkNMwd5BuwNNtg93kNaR_oU2HrfVvc=',
    );
    expect(l2Signature(SECRET, '1795479779', 'GET', '/data/orders')).toBe(
      'tnlOlq5dbgGFkEjQENK7NdMJd5Z8D2iZAP6m48CQtpg=',
    );
    expect(l2Signature(SECRET, '1795479779', 'DELETE', '/orders', '["0xabc","0xdef"]')).toBe(
      'XnHoO9MYWkwTZBxpdFRqKbboxW2_g1VuIb6_IRlCaKA=',
    );
    expect(
      l2Signature(SECRET, '1795479779', 'POST', '/v1/heartbeats', '{"heartbeat_id":null}'),
    ).toBe('7Ij2OOtRVC55MfkexqAFy4sljQCd7w-I1z_rLHJwqIE=');
    expect(l2Signature(SECRET, '1795479779', 'POST', '/v1/heartbeats', '{"heartbeat_id":""}')).toBe(
      'uYIciozcMWPxsq082njii46H61ARjCzMPaakPbK-5Y8=',
    );
  });
});

describe('V2 order signature vectors', () => {
  const order: SignedOrderV2 = {
    salt: 479249096354n,
    maker: ADDRESS0,
    signer: ADDRESS0,
    tokenId: 1234n,
    makerAmount: 5_700_000n,
    takerAmount: 10_000_000n,
    side: 0,
    signatureType: 0,
    timestamp: 1780449126930n,
    metadata: ZERO32,
    builder: ZERO32,
    signature: '',
  };
  const cases = [
    {
      chainId: 137,
      negRisk: false,
      sig: '0xedd6f7dec3a7b4f3c73baa86896f915c1379975ecd7e9b5ce8aae74e44796d1e76af4b54e836e6e1752594c92d1addf758fedbdafa6b38e2e8c39b62eb77e73a1c',
      digest: '0x4603ba6624cab88a8dce38b205cae0be979caeebca82a79f5d86755071252d20',
    },
    {
      chainId: 137,
      negRisk: true,
      sig: '0x8e549c04dfa37e2d2d60bfcb4d7523bea6292af12745913a601e88879f5b391f3f35cef5cff45621a690a728bcd13d49a73512cfa99d4afe7a9d9be83c07984f1c',
      digest: '0xb0ea59ea2c82ba58b9b0119e1dd55e99ea4ea489105cdb337ce81eb64a9973a1',
    },
    {
      chainId: 80002,
      negRisk: false,
      sig: '0xd0279f83d6944736baed38f86c849a1f60b60f2e7624abe753c91efdcb7444af3844aae9cad6d28d63914842f5b81b8b4c8f15e1619f6020830d42659177b3cc1c',
      digest: '0x1be0e2e8a181b0ea950a8e18a62846e240869e15efeb7b1562071b3799204819',
    },
  ];
  for (const c of cases) {
    it(`recovers and hashes the ${c.chainId}${c.negRisk ? ' neg-risk' : ''} vector`, () => {
      const signed = { ...order, signature: c.sig };
      expect(recoverOrderSigner(signed, c.chainId, c.negRisk)).toBe(ADDRESS0);
      expect(orderHashV2(signed, c.chainId, c.negRisk)).toBe(c.digest);
      expect(recoverOrderSigner(signed, c.chainId, !c.negRisk)).not.toBe(ADDRESS0);
    });
  }
});

describe('book hash', () => {
  it('matches the client test vector (hash key last, no last_trade_price)', () => {
    const summary = {
      market: '0xaabbcc',
      asset_id: '100',
      timestamp: '123456789',
      bids: [
        { price: '0.3', size: '100' },
        { price: '0.4', size: '100' },
      ],
      asks: [
        { price: '0.6', size: '100' },
        { price: '0.7', size: '100' },
      ],
      min_order_size: '15',
      tick_size: '0.001',
      neg_risk: false,
      hash: '',
    };
    expect(bookHash({ ...summary, hash: 'stale' })).toBe(
      '36f56998e26d9a7c553446f35b240481efb271a3',
    );
  });

  it('puts the hash of the summary into the summary', () => {
    const s = withHash({
      market: '0xaabbcc',
      asset_id: '100',
      timestamp: '1',
      bids: [],
      asks: [],
      min_order_size: '5',
      tick_size: '0.01',
      neg_risk: false,
      last_trade_price: '0.5',
    });
    expect(Object.keys(s)).toEqual([
      'market',
      'asset_id',
      'timestamp',
      'hash',
      'bids',
      'asks',
      'min_order_size',
      'tick_size',
      'neg_risk',
      'last_trade_price',
    ]);
    expect(bookHash(s)).toBe(s.hash);
  });
});

describe('credentials', () => {
  it('are deterministic per (address, nonce) and differ across nonces', () => {
    const a = deriveCredentials('s', 137, ADDRESS0, 0n);
    expect(deriveCredentials('s', 137, ADDRESS0.toLowerCase(), 0n)).toEqual(a);
    expect(deriveCredentials('s', 137, ADDRESS0, 1n).apiKey).not.toBe(a.apiKey);
    expect(a.apiKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Wallet(HARDHAT0).address).toBe(ADDRESS0);
  });
});
