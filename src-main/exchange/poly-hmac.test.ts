import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createL2Headers as stockL2Headers } from '@polymarket/clob-client-v2';
import type { ApiKeyCreds } from '@polymarket/clob-client-v2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../strategies/iceberg-strategy';
import { configureClientTransport } from './client-transport';
import { Chain, ClobClient, createL2Headers, fastHmac } from './official-client';

// The client's ESM build is left as published: its createL2Headers signs with the client's own
// WebCrypto HMAC, the reference for the desk's (CommonJS build, fast HMAC).

const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const signer = {
  _signTypedData: () => Promise.resolve('0x'),
  getAddress: () => Promise.resolve(ADDRESS),
};

type Args = Parameters<typeof stockL2Headers>[2];

function randomCase(random: () => number): { creds: ApiKeyCreds; args: Args; ts: number } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const raw = randomBytes(Math.floor(random() * 48) + 1);
  const encodings = [
    raw.toString('base64'),
    raw.toString('base64url'),
    raw.toString('base64').replace(/=+$/, ''),
  ];
  const bodies = [
    undefined,
    '',
    JSON.stringify({ orderID: `0x${randomBytes(32).toString('hex')}` }),
    JSON.stringify({ note: 'prix ≥ 0,55 — 市场 🚀', n: random() }),
    `{"half":"\ud800${random()}"}`,
  ];
  return {
    creds: { key: 'k', passphrase: 'p', secret: pick(encodings) },
    args: {
      method: pick(['GET', 'POST', 'DELETE']),
      requestPath: pick(['/order', '/orders', '/data/orders?market=0xabc&next_cursor=MA==', '/ok']),
      ...((b) => (b === undefined ? {} : { body: b }))(pick(bodies)),
    },
    ts: 1_700_000_000 + Math.floor(random() * 100_000_000),
  };
}

describe('the desk client signs its L2 headers exactly as the official client does', () => {
  it('is installed in the client the desk uses', () => {
    expect(fastHmac).toBe(true);
  });

  it('gives byte-identical headers on 600 random secrets, timestamps, methods, paths and bodies', async () => {
    const random = seededRandom(11);
    for (let i = 0; i < 600; i++) {
      const { creds, args, ts } = randomCase(random);
      const expected = await stockL2Headers(signer, creds, args, ts);
      expect(await createL2Headers(signer, creds, args, ts)).toEqual(expected);
    }
  });

  it('fails as the official client does on an empty or undecodable secret', async () => {
    const args = { method: 'GET', requestPath: '/ok' };
    for (const secret of ['', 'a', 'abc=====', 'not base64!']) {
      const creds = { key: 'k', passphrase: 'p', secret };
      const stock = await stockL2Headers(signer, creds, args, 1).then(String, (e: unknown) => e);
      const fast = await createL2Headers(signer, creds, args, 1).then(String, (e: unknown) => e);
      expect(stock).toBeInstanceOf(Error);
      expect(fast).toEqual(stock);
    }
  });
});

describe('the desk client on the wire', () => {
  let server: Server | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('sends a cancel whose signature is the official one, without WebCrypto on the way', async () => {
    const seen: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ canceled: ['0x1'], not_canceled: {} }));
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const creds = {
      key: 'key-1',
      passphrase: 'pass',
      secret: randomBytes(32).toString('base64url'),
    };
    configureClientTransport();
    const client = new ClobClient({ host, chain: Chain.POLYGON, signer, creds });
    const sign = vi.spyOn(globalThis.crypto.subtle, 'sign');
    await client.cancelOrder({ orderID: '0x1' });
    expect(sign).not.toHaveBeenCalled();
    const [request] = seen;
    const ts = Number(request?.headers.poly_timestamp);
    const official = await stockL2Headers(
      signer,
      creds,
      { method: 'DELETE', requestPath: '/order', body: request?.body ?? '' },
      ts,
    );
    expect(request?.body).toBe('{"orderID":"0x1"}');
    expect(request?.headers.poly_signature).toBe(official.POLY_SIGNATURE);
    expect(request?.headers.poly_api_key).toBe('key-1');
  });
});
