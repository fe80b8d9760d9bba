import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../host/logger';
import { GammaClient, gammaUnavailableNotice } from './gamma-client';

/** A Gamma stand-in: `total` events of one market each, offset paging, and switchable faults. */
class FakeGamma {
  total = 250;
  status = 200;
  delayMs = 0;
  body: unknown = undefined;
  readonly requests: string[] = [];
  private server: Server | undefined;

  event(n: number): Record<string, unknown> {
    return {
      id: String(n),
      slug: `event-${n}`,
      title: `Event ${n}`,
      volume24hr: n,
      tags: [{ id: '1', label: 'Sports', slug: 'sports' }],
      markets: [
        {
          id: String(10_000 + n),
          conditionId: `0x${n.toString(16).padStart(64, '0')}`,
          question: `Question ${n}?`,
          outcomes: '["Yes", "No"]',
          outcomePrices: '["0.4", "0.6"]',
          clobTokenIds: `["${n}1", "${n}2"]`,
          active: true,
          closed: false,
          acceptingOrders: true,
          enableOrderBook: true,
        },
      ],
    };
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gamma');
    this.requests.push(`${url.pathname}${url.search}`);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (this.status !== 200) return send(this.status, { error: 'down' });
    if (this.body !== undefined) return send(200, this.body);
    if (url.pathname === '/events') {
      const limit = Number(url.searchParams.get('limit'));
      const offset = Number(url.searchParams.get('offset'));
      const count = Math.max(0, Math.min(limit, this.total - offset));
      return send(
        200,
        Array.from({ length: count }, (_, i) => this.event(offset + i + 1)),
      );
    }
    const byId = /^\/events\/(\d+)$/.exec(url.pathname);
    const bySlug = /^\/events\/slug\/event-(\d+)$/.exec(url.pathname);
    const n = Number(byId?.[1] ?? bySlug?.[1] ?? 0);
    if (n >= 1 && n <= this.total) return send(200, this.event(n));
    return send(404, { error: 'not found' });
  }
}

let gamma: FakeGamma;
let url: string;

beforeEach(async () => {
  gamma = new FakeGamma();
  url = await gamma.start();
});
afterEach(async () => {
  await gamma.stop();
});

function client(timeoutMs = 500): GammaClient {
  return new GammaClient({ gammaUrl: `${url}/`, logger: silentLogger(), timeoutMs });
}

describe('GammaClient', () => {
  it('follows offset pages to the end and normalizes the events', async () => {
    const result = await client().listEvents({ closed: false, tagId: '1' });
    if (result.kind !== 'ok') throw new Error(result.reason);
    expect(result.value.events).toHaveLength(250);
    expect(result.value.markets).toHaveLength(250);
    expect(result.value.markets[0]).toMatchObject({
      question: 'Question 1?',
      eventTitle: 'Event 1',
      tags: [{ id: '1', label: 'Sports', slug: 'sports' }],
    });
    expect(gamma.requests).toEqual([
      '/events?limit=100&offset=0&closed=false&tag_id=1',
      '/events?limit=100&offset=100&closed=false&tag_id=1',
      '/events?limit=100&offset=200&closed=false&tag_id=1',
    ]);
  });

  it('asks once more after an exactly full last page, and counts malformed entries', async () => {
    gamma.total = 200;
    const result = await client().listEvents();
    expect(result.kind === 'ok' && result.value.events.length).toBe(200);
    expect(gamma.requests).toHaveLength(3);
    gamma.body = [{ title: 'no id' }, gamma.event(1)];
    const mixed = await client().listEvents();
    expect(mixed.kind === 'ok' && mixed.value.rejectedEvents).toBe(1);
  });

  it('answers unavailable, with the notice, when Gamma is down', async () => {
    gamma.status = 503;
    const result = await client().listEvents();
    expect(result).toEqual({
      kind: 'unavailable',
      reason: 'HTTP 503',
      notice: gammaUnavailableNotice('HTTP 503'),
    });
    expect(gammaUnavailableNotice('HTTP 503')).toContain("exchange's own market data");
  });

  it('answers unavailable when Gamma is slower than the timeout', async () => {
    gamma.delayMs = 400;
    const started = Date.now();
    const result = await client(100).listEvents();
    expect(result).toMatchObject({ kind: 'unavailable', reason: 'no answer within 100 ms' });
    expect(Date.now() - started).toBeLessThan(350);
  });

  it('answers unavailable for a reply that is not a list, or no server at all', async () => {
    gamma.body = { error: 'maintenance' };
    expect(await client().listEvents()).toMatchObject({
      kind: 'unavailable',
      reason: 'GET /events did not answer a list',
    });
    await gamma.stop();
    const refused = await client().listEvents();
    expect(refused.kind).toBe('unavailable');
    expect(refused.kind === 'unavailable' && refused.reason).toMatch(/^unreachable: /);
  });

  it('reads one event by id or slug; an unknown one is null, not unavailable', async () => {
    const byId = await client().getEvent('7');
    expect(byId.kind === 'ok' && byId.value?.title).toBe('Event 7');
    const bySlug = await client().getEvent('event-8');
    expect(bySlug.kind === 'ok' && bySlug.value?.markets[0]?.question).toBe('Question 8?');
    expect(await client().getEvent('nope')).toEqual({ kind: 'ok', value: null });
    expect(gamma.requests).toEqual(['/events/7', '/events/slug/event-8', '/events/slug/nope']);
    gamma.status = 500;
    expect((await client().getEvent('7')).kind).toBe('unavailable');
  });

  it('stops a list that never ends', async () => {
    gamma.total = 1_000_000;
    const capped = new GammaClient({
      gammaUrl: url,
      logger: silentLogger(),
      pageSize: 10,
      maxPages: 3,
    });
    expect(await capped.listEvents()).toMatchObject({
      kind: 'unavailable',
      reason: 'more than 3 pages',
    });
  });
});
