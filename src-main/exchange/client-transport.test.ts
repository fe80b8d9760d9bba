import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { configureClientTransport } from './client-transport';
import { leanHttpAdapter } from './lean-http-adapter';
import { Chain, clientAxios, ClobClient } from './official-client';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

describe('the official client over the configured transport', () => {
  it('does not follow a redirect: the 3xx comes back as an error with its status', async () => {
    const paths: string[] = [];
    const host = await serve((req, res) => {
      paths.push(req.url ?? '');
      if (req.url === '/elsewhere') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('"OK"');
        return;
      }
      res.writeHead(302, { location: '/elsewhere' }).end();
    });
    configureClientTransport();
    const reply: unknown = await new ClobClient({ host, chain: Chain.POLYGON }).getOk();
    expect(reply).toMatchObject({ error: expect.stringContaining('302') as unknown });
    expect(paths).toEqual(['/ok']);
  });

  it('still sends and reads ordinary requests on a kept-alive connection', async () => {
    const ports = new Set<number>();
    const host = await serve((req, res) => {
      ports.add(req.socket.remotePort ?? 0);
      res.writeHead(200, { 'content-type': 'application/json' }).end('"OK"');
    });
    configureClientTransport();
    expect(clientAxios.defaults.adapter).toBe(leanHttpAdapter);
    const client = new ClobClient({ host, chain: Chain.POLYGON });
    for (let i = 0; i < 5; i++) expect(await client.getOk()).toBe('OK');
    expect(ports.size).toBe(1);
  });
});
