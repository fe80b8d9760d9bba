import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import type { AxiosError as AxiosErrorType, InternalAxiosRequestConfig } from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { leanHttpAdapter, needsStockAdapter } from './lean-http-adapter';
import { clientAxios as axios } from './official-client';

// The axios the adapter serves: the official client's own.
const { AxiosError } = axios;
type AxiosError = AxiosErrorType;

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  port: number;
}

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(
  reply: (seen: Seen, res: ServerResponse) => void,
): Promise<{ host: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        port: req.socket.remotePort ?? 0,
      };
      seen.push(entry);
      reply(entry, res);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { host: `http://127.0.0.1:${(server?.address() as AddressInfo).port}`, seen };
}

const lean = axios.create({ adapter: leanHttpAdapter, maxRedirects: 0 });
const stock = axios.create({ adapter: 'http', maxRedirects: 0 });

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

describe('leanHttpAdapter', () => {
  it('puts on the wire what the stock adapter does, and reads the JSON answer', async () => {
    const { host, seen } = await serve((_, res) => json(res, 200, { orderID: '0xabc', ok: true }));
    const request = {
      method: 'POST',
      url: `${host}/order`,
      data: { order: { salt: 1, side: 'BUY' }, owner: 'k' },
      headers: { POLY_API_KEY: 'key', POLY_SIGNATURE: 'sig=', 'User-Agent': 'polydesk-test' },
    };
    const viaLean = await lean.request(request);
    await stock.request(request);
    expect(viaLean.status).toBe(200);
    expect(viaLean.data).toEqual({ orderID: '0xabc', ok: true });
    const [a, b] = seen;
    expect(a?.method).toBe('POST');
    expect(a?.body).toBe(b?.body);
    expect(a?.url).toBe(b?.url);
    for (const name of [
      'poly_api_key',
      'poly_signature',
      'user-agent',
      'content-type',
      'content-length',
      'accept-encoding',
    ]) {
      expect(a?.headers[name], name).toBe(b?.headers[name]);
    }
  });

  it('serializes query parameters as axios does', async () => {
    const { host, seen } = await serve((_, res) => json(res, 200, []));
    const params = { market: '0x1', next_cursor: 'MA==', ids: 'a,b', note: 'x y[1]' };
    await lean.get(`${host}/data/trades`, { params });
    await stock.get(`${host}/data/trades`, { params });
    expect(seen[0]?.url).toBe(seen[1]?.url);
    expect(seen[0]?.url).toContain('next_cursor=MA%3D%3D');
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
    ['br', brotliCompressSync],
  ] as const)('decodes a %s body', async (encoding, encode) => {
    const body = JSON.stringify({ bids: Array.from({ length: 200 }, (_, i) => [i, i * 2]) });
    const { host } = await serve((_, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding })
        .end(encode(Buffer.from(body)));
    });
    const reply = await lean.get(host, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(reply.data).toEqual(JSON.parse(body));
    expect(reply.headers['content-encoding']).toBeUndefined();
  });

  it('rejects an error status with the parsed answer attached, as the client reads it', async () => {
    const { host } = await serve((_, res) => json(res, 400, { error: 'not enough balance' }));
    const err: unknown = await lean
      .delete(`${host}/order`, { data: { orderID: '0x1' } })
      .catch((e: unknown) => e);
    expect(axios.isAxiosError(err)).toBe(true);
    const failure = err as AxiosError;
    expect(failure.code).toBe(AxiosError.ERR_BAD_REQUEST);
    expect(failure.response?.status).toBe(400);
    expect(failure.response?.data).toEqual({ error: 'not enough balance' });
  });

  it('reports a refused connection as an AxiosError without a response (transient to the client)', async () => {
    const { host } = await serve((_, res) => json(res, 200, 'OK'));
    server?.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const err: unknown = await lean.get(`${host}/ok`).catch((e: unknown) => e);
    expect(axios.isAxiosError(err)).toBe(true);
    expect((err as AxiosError).code).toBe('ECONNREFUSED');
    expect((err as AxiosError).response).toBeUndefined();
  });

  it('honours timeout and abort signals', async () => {
    const { host } = await serve(() => undefined);
    const timedOut: unknown = await lean.get(host, { timeout: 50 }).catch((e: unknown) => e);
    expect((timedOut as AxiosError).code).toBe(AxiosError.ECONNABORTED);
    expect((timedOut as AxiosError).message).toBe('timeout of 50ms exceeded');
    const controller = new AbortController();
    const pending = lean.get(host, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 20);
    expect(axios.isCancel(await pending)).toBe(true);
  });

  it('refuses an answer over maxContentLength', async () => {
    const { host } = await serve((_, res) => json(res, 200, 'x'.repeat(5_000)));
    const err: unknown = await lean.get(host, { maxContentLength: 1_000 }).catch((e: unknown) => e);
    expect((err as AxiosError).message).toBe('maxContentLength size of 1000 exceeded');
  });

  it('keeps the connection alive between requests', async () => {
    const { host, seen } = await serve((_, res) => json(res, 200, 'OK'));
    for (let i = 0; i < 5; i++) expect((await lean.get(`${host}/ok`)).data).toBe('OK');
    expect(new Set(seen.map((s) => s.port)).size).toBe(1);
  });
});

describe('needsStockAdapter', () => {
  const config = (extra: Partial<InternalAxiosRequestConfig> = {}): InternalAxiosRequestConfig =>
    ({
      url: 'http://127.0.0.1/ok',
      method: 'get',
      maxRedirects: 0,
      headers: {},
      ...extra,
    }) as InternalAxiosRequestConfig;

  it('leaves proxies, streams, binary responses and redirects to the stock adapter', () => {
    expect(needsStockAdapter(config(), {})).toBeNull();
    expect(needsStockAdapter(config(), { HTTPS_PROXY: 'http://proxy:3128' })).toMatch(/proxy/);
    expect(needsStockAdapter(config({ proxy: false }), { HTTPS_PROXY: 'http://p' })).toBeNull();
    expect(needsStockAdapter(config({ proxy: { host: 'p', port: 1 } }), {})).toMatch(/proxy/);
    expect(needsStockAdapter(config({ data: Readable.from(['x']) }), {})).toMatch(/body/);
    expect(needsStockAdapter(config({ responseType: 'arraybuffer' }), {})).toMatch(/responseType/);
    expect(needsStockAdapter(config({ maxRedirects: 5 }), {})).toMatch(/redirects/);
    expect(needsStockAdapter(config({ maxRedirects: undefined }), {})).toMatch(/redirects/);
  });

  it('sends a proxied request through the proxy, as axios does', async () => {
    const { host, seen } = await serve((_, res) => json(res, 200, 'via proxy'));
    const reply = await lean.get('http://exchange.invalid/ok', {
      proxy: { protocol: 'http', host: '127.0.0.1', port: Number(new URL(host).port) },
    });
    expect(reply.data).toBe('via proxy');
    expect(seen[0]?.url).toBe('http://exchange.invalid/ok');
  });
});
