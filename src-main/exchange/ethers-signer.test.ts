import { Chain, ClobClient, getContractConfig, OrderType, Side } from '@polymarket/clob-client-v2';
import { Wallet, verifyTypedData } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../emulator/index';
import { toClobSigner } from './ethers-signer';
import { ORDER_V2_FIELDS } from '@shared/protocol/order-digest';
import { seededRandom } from '../strategies/iceberg-strategy';

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

describe('fast V2 order signing', () => {
  const random = seededRandom(20260512);
  const hex = (bytes: number) =>
    '0x' +
    Array.from({ length: bytes }, () =>
      Math.floor(random() * 256)
        .toString(16)
        .padStart(2, '0'),
    ).join('');
  const uint256 = () => BigInt(hex(1 + Math.floor(random() * 32))).toString();
  const contracts = [137, 80002].map((chainId) => ({
    chainId,
    ...getContractConfig(chainId),
  }));

  it('is byte-identical to ethers signTypedData on 600 random orders', async () => {
    const types = { Order: ORDER_V2_FIELDS.map((f) => ({ ...f })) };
    for (let i = 0; i < 600; i++) {
      const wallet = new Wallet(hex(32));
      const other = i % 7 === 0 ? Wallet.createRandom().address : wallet.address;
      const c = contracts[i % 2] as (typeof contracts)[number];
      const domain = {
        name: 'Polymarket CTF Exchange',
        version: '2',
        chainId: c.chainId,
        verifyingContract: (i >> 1) % 2 === 0 ? c.exchangeV2 : c.negRiskExchangeV2,
      };
      const value = {
        salt: i % 5 === 0 ? 0 : String(Math.round(random() * Date.now())),
        maker: i % 3 === 0 ? other.toLowerCase() : other,
        signer: wallet.address,
        tokenId: uint256(),
        makerAmount: String(Math.floor(random() * 1e12)),
        takerAmount: i % 11 === 0 ? '0' : String(Math.floor(random() * 1e12)),
        timestamp: String(1_700_000_000_000 + Math.floor(random() * 1e11)),
        side: i % 2,
        signatureType: i % 4 === 3 ? 2 : i % 3,
        metadata: i % 4 === 0 ? hex(32) : '0x' + '0'.repeat(64),
        builder: i % 6 === 0 ? hex(32).toUpperCase().replace('0X', '0x') : '0x' + '0'.repeat(64),
      };
      const fast = await toClobSigner(wallet)._signTypedData(domain, types, value);
      const reference = await wallet.signTypedData(domain, types, value);
      expect(fast, `order ${i}`).toBe(reference);
    }
  });

  it('falls back to ethers (and its errors) for values it does not handle itself', async () => {
    const wallet = new Wallet(HARDHAT_0);
    const types = { Order: ORDER_V2_FIELDS.map((f) => ({ ...f })) };
    const domain = {
      name: 'Polymarket CTF Exchange',
      version: '2',
      chainId: 137,
      verifyingContract: contracts[0]?.exchangeV2 ?? '',
    };
    const base = {
      salt: '0x1f',
      maker: wallet.address,
      signer: wallet.address,
      tokenId: 12345n,
      makerAmount: '1000000',
      takerAmount: '2000000',
      timestamp: '1',
      side: 1,
      signatureType: 0,
      metadata: '0x' + '0'.repeat(64),
      builder: '0x' + '0'.repeat(64),
    };
    const fast = toClobSigner(wallet);
    expect(await fast._signTypedData(domain, types, base)).toBe(
      await wallet.signTypedData(domain, types, base),
    );
    const badChecksum = { ...base, maker: wallet.address.replace('f39F', 'F39f') };
    await expect(fast._signTypedData(domain, types, badChecksum)).rejects.toThrow();
    const negative = { ...base, makerAmount: '-1' };
    await expect(fast._signTypedData(domain, types, negative)).rejects.toThrow();
  });

  describe('orders signed through the official client', () => {
    let emulator: EmulatorHandle;
    beforeAll(async () => {
      emulator = await startEmulator({ seed: 3, syntheticFlow: false, timing: 'prompt' });
    });
    afterAll(async () => {
      await emulator.stop();
    });

    it('are accepted by the paper exchange, on both exchange contracts', async () => {
      const wallet = new Wallet(HARDHAT_0);
      const chain = emulator.chainId === 80002 ? Chain.AMOY : Chain.POLYGON;
      const l1 = new ClobClient({ host: emulator.restUrl, chain, signer: toClobSigner(wallet) });
      const creds = await l1.createOrDeriveApiKey();
      const client = new ClobClient({
        host: emulator.restUrl,
        chain,
        signer: toClobSigner(wallet),
        creds,
      });
      const markets = [
        emulator.markets.find((m) => !m.negRisk),
        emulator.markets.find((m) => m.negRisk),
      ].filter((m) => m !== undefined);
      expect(markets.length).toBe(2);
      for (const market of markets) {
        for (let i = 0; i < 10; i++) {
          const order = {
            tokenID: market.yesTokenId,
            price: 0.1 + (i % 5) * 0.01,
            size: 5 + i,
            side: Side.BUY,
          };
          const reply = (await client.createAndPostOrder(order, undefined, OrderType.GTC)) as {
            status?: unknown;
          };
          expect(reply.status, `${market.slug}: ${JSON.stringify(reply)}`).toBe('live');
        }
        // The client's order, re-signed with ethers, gives the same bytes.
        const signed = await client.createOrder({
          tokenID: market.yesTokenId,
          price: 0.2,
          size: 7,
          side: Side.BUY,
        });
        const c = getContractConfig(emulator.chainId);
        const domain = {
          name: 'Polymarket CTF Exchange',
          version: '2',
          chainId: emulator.chainId,
          verifyingContract: market.negRisk ? c.negRiskExchangeV2 : c.exchangeV2,
        };
        const o = signed as unknown as Record<string, unknown>;
        const value = {
          ...Object.fromEntries(ORDER_V2_FIELDS.map((f) => [f.name, o[f.name]])),
          side: o.side === 'BUY' ? 0 : 1,
        };
        const types = { Order: ORDER_V2_FIELDS.map((f) => ({ ...f })) };
        expect(signed.signature).toBe(await wallet.signTypedData(domain, types, value));
      }
      await client.cancelAll();
    });
  });
});
