import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Host } from '../host/host';
import { startShellHost } from '../tests/shell-host';
import type { ShellHost } from '../tests/shell-host';
import type { WebServer } from './web-server';

let shell: ShellHost;
let host: Host;
let web: WebServer;

beforeEach(async () => {
  shell = await startShellHost();
  ({ host, web } = shell);
});

afterEach(() => shell.stop());

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${web.origin}${path}`, { method: 'POST', body, headers });
}

function openSocket(query: string, headers: Record<string, string> = {}): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${web.port}/api/ws${query}`, { headers });
}

function nextMessage(
  ws: WebSocket,
  predicate: (m: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (predicate(message)) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
  });
}

function upgradeStatus(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', () => undefined);
  });
}

describe('web transport over HTTP', () => {
  it('answers a call with the bearer token', async () => {
    const res = await post('/api/call/app.info', '{}', { authorization: `Bearer ${web.token}` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; result: { mode: string } };
    expect(body.ok).toBe(true);
    expect(body.result.mode).toBe('PAPER');
  });

  it('refuses a call without or with a wrong token (401)', async () => {
    expect((await post('/api/call/app.info', '{}')).status).toBe(401);
    expect((await post('/api/call/app.info', '{}', { authorization: 'Bearer nope' })).status).toBe(
      401,
    );
  });

  it('refuses a foreign origin (403) even with the token', async () => {
    const res = await post('/api/call/app.info', '{}', {
      authorization: `Bearer ${web.token}`,
      origin: 'https://evil.example',
    });
    expect(res.status).toBe(403);
  });

  it('gives typed errors for malformed JSON, unknown methods and bad params', async () => {
    const auth = { authorization: `Bearer ${web.token}` };
    const bad = await post('/api/call/app.info', '{"unterminated', auth);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    const unknown = await post('/api/call/nope.nothing', '{}', auth);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe(
      'UNKNOWN_METHOD',
    );
    const params = await post('/api/call/daemon.health', '{"x":1}', auth);
    expect(params.status).toBe(400);
    const huge = await post('/api/call/app.info', `"${'x'.repeat(2 * 1024 * 1024)}"`, auth);
    expect(huge.status).toBe(413);
    const after = await post('/api/call/app.info', '{}', auth);
    expect(after.status).toBe(200);
  });
});

describe('web transport over WebSocket', () => {
  it('refuses an upgrade without the token (401) or from a foreign origin (403)', async () => {
    expect(await upgradeStatus(openSocket(''))).toBe(401);
    expect(await upgradeStatus(openSocket('?token=wrong'))).toBe(401);
    expect(
      await upgradeStatus(openSocket(`?token=${web.token}`, { origin: 'https://evil.example' })),
    ).toBe(403);
    expect(await upgradeStatus(openSocket(`?token=${web.token}`, { origin: web.origin }))).toBe(
      101,
    );
  });

  it('answers calls, survives malformed frames and pushes events', async () => {
    const ws = openSocket(`?token=${web.token}`);
    await new Promise((resolve) => ws.once('open', resolve));

    const junk = nextMessage(ws, (m) => m.type === 'reply');
    ws.send('this is not json');
    expect(await junk).toMatchObject({
      id: null,
      outcome: { ok: false, error: { code: 'BAD_REQUEST' } },
    });

    const shape = nextMessage(ws, (m) => m.type === 'reply');
    ws.send(JSON.stringify({ type: 'call', id: 7 }));
    expect(await shape).toMatchObject({
      id: 7,
      outcome: { ok: false, error: { code: 'BAD_REQUEST' } },
    });

    const reply = nextMessage(ws, (m) => m.type === 'reply' && m.id === 8);
    ws.send(JSON.stringify({ type: 'call', id: 8, method: 'daemon.health', params: {} }));
    expect(await reply).toMatchObject({ outcome: { ok: true, result: { mode: 'PAPER' } } });

    const event = nextMessage(ws, (m) => m.type === 'event');
    const status = { ...host.health(), at: 2 };
    host.events.publish('app.status', status);
    expect(await event).toEqual({ type: 'event', name: 'app.status', payload: status });
    ws.close();
  });
});
