import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SignedOrder } from '@polymarket/clob-client-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClobExchange } from './clob-adapter';
import type { Exchange, OrderRequest } from './exchange-port';
import { orderIdOf } from './order-signing';
import { must, waitFor } from './ws-test-server';

const HARDHAT_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const CREDS = {
  key: 'key-1',
  secret: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  passphrase: 'pp',
};
const TOKEN = '1234';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A loopback HTTP server answering what each test sets per "METHOD /path". */
class FakeRest {
  readonly requests: Array<{ method: string; path: string; query: string; body: string }> = [];
  readonly handlers = new Map<string, Handler>();
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        this.requests.push({
          method: req.method ?? '',
          path: url.pathname,
          query: url.search,
          body,
        });
        const handler = this.handlers.get(`${req.method} ${url.pathname}`);
        if (handler) handler(req, body, res);
        else json(res, 404, { error: 'not found' });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  count(key: string): number {
    return this.requests.filter((r) => `${r.method} ${r.path}` === key).length;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const book = {
  market: '0xmarket',
  asset_id: TOKEN,
  timestamp: '1700000000000',
  hash: 'not-checked-here',
  bids: [
    { price: '0.48', size: '10' },
    { price: '0.5', size: '5' },
  ],
  asks: [{ price: '0.52', size: '7' }],
  min_order_size: '5',
  tick_size: '0.01',
  neg_risk: false,
  last_trade_price: '0.5',
};

const buy: OrderRequest = {
  tokenId: TOKEN,
  side: 'BUY',
  priceMicros: 500_000,
  sizeMicros: 10_000_000,
  timeInForce: 'GTC',
};

let rest: FakeRest;
let url: string;
let exchange: Exchange | undefined;

async function trading(): Promise<Exchange> {
  exchange = await createClobExchange({
    restUrl: url,
    wsUrl: 'ws://127.0.0.1:9',
    chainId: 137,
    privateKey: HARDHAT_0,
    creds: CREDS,
    placeTimeoutMs: 1_500,
    requestTimeoutMs: 1_500,
  });
  return exchange;
}

beforeEach(async () => {
  rest = new FakeRest();
  url = await rest.start();
  rest.handlers.set('GET /book', (_req, _body, res) => json(res, 200, book));
});

afterEach(async () => {
  await exchange?.close();
  exchange = undefined;
  await rest.stop();
});

describe('ClobExchange orders', () => {
  it('knows the order id before sending, and it is the hash of the order it sends', async () => {
    const ex = await trading();
    rest.handlers.set('POST /order', (_req, body, res) => {
      const sent = JSON.parse(body) as { order: Record<string, unknown> };
      const id = orderIdOf(
        { ...sent.order, salt: String(sent.order.salt) } as unknown as SignedOrder,
        137,
        false,
      );
      json(res, 200, {
        success: true,
        errorMsg: '',
        orderID: id,
        status: 'live',
        takingAmount: '',
        makingAmount: '',
      });
    });
    const prepared = await ex.prepareOrder(buy);
    expect(prepared.orderId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(rest.count('POST /order')).toBe(0);
    expect(prepared).toMatchObject({
      makerAmountMicros: 5_000_000,
      takerAmountMicros: 10_000_000,
      tickSize: '0.01',
    });
    const result = await ex.submitPrepared(prepared);
    expect(result).toMatchObject({ kind: 'accepted', orderId: prepared.orderId, status: 'live' });
    const sent = JSON.parse(must(rest.requests.find((r) => r.path === '/order')).body) as Record<
      string,
      unknown
    >;
    expect(sent).toMatchObject({
      owner: 'key-1',
      orderType: 'GTC',
      postOnly: false,
      deferExec: false,
    });
    // Tick and neg-risk came from the book: no /tick-size, /neg-risk or /version calls.
    expect(rest.requests.map((r) => r.path)).toEqual(['/book', '/order']);
  });

  it('a 503 is an unknown outcome, posted exactly once', async () => {
    const ex = await trading();
    rest.handlers.set('POST /order', (_req, _body, res) =>
      json(res, 503, { error: 'Service Unavailable' }),
    );
    const result = await ex.submitPrepared(await ex.prepareOrder(buy));
    expect(result).toMatchObject({ kind: 'unknown', httpStatus: 503 });
    expect(rest.count('POST /order')).toBe(1);
    expect(ex.connectionState().rest).toBe('degraded');
  });

  it('no reply within the timeout is an unknown outcome, not a reject', async () => {
    const ex = await trading();
    rest.handlers.set('POST /order', () => undefined);
    const result = await ex.submitPrepared(await ex.prepareOrder(buy));
    expect(result).toMatchObject({ kind: 'unknown' });
  });

  it('a 400 with the exchange message is a rejection', async () => {
    const ex = await trading();
    rest.handlers.set('POST /order', (_req, _body, res) =>
      json(res, 400, { error: 'not enough balance / allowance' }),
    );
    const result = await ex.submitPrepared(await ex.prepareOrder(buy));
    expect(result).toMatchObject({
      kind: 'rejected',
      httpStatus: 400,
      message: 'not enough balance / allowance',
    });
  });

  it('refuses to submit the same prepared order twice', async () => {
    const ex = await trading();
    rest.handlers.set('POST /order', (_req, _body, res) => json(res, 500, { error: 'boom' }));
    const prepared = await ex.prepareOrder(buy);
    await ex.submitPrepared(prepared);
    await expect(ex.submitPrepared(prepared)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(rest.count('POST /order')).toBe(1);
  });

  it('refuses off-grid prices before signing', async () => {
    const ex = await trading();
    await expect(ex.prepareOrder({ ...buy, priceMicros: 505_000 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('createClobExchange', () => {
  it('creates or derives API credentials with the wallet', async () => {
    rest.handlers.set('GET /time', (_req, _body, res) => json(res, 200, 1_700_000_000));
    rest.handlers.set('POST /auth/api-key', (_req, _body, res) =>
      json(res, 400, { error: 'Could not create api key' }),
    );
    rest.handlers.set('GET /auth/derive-api-key', (req, _body, res) => {
      expect(req.headers.poly_address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
      json(res, 200, { apiKey: 'derived', secret: CREDS.secret, passphrase: 'p' });
    });
    rest.handlers.set('GET /data/orders', (req, _body, res) => {
      expect(req.headers.poly_api_key).toBe('derived');
      json(res, 200, { limit: 0, count: 0, next_cursor: 'LTE=', data: [] });
    });
    exchange = await createClobExchange({
      restUrl: url,
      wsUrl: 'ws://127.0.0.1:9',
      chainId: 137,
      privateKey: HARDHAT_0,
    });
    expect(exchange.signerAddress).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(await exchange.getOpenOrders()).toEqual([]);
  });

  it('tells an unreachable exchange from one that refuses the key', async () => {
    const config = { wsUrl: 'ws://127.0.0.1:9', chainId: 137 as const, privateKey: HARDHAT_0 };
    await expect(
      createClobExchange({ ...config, restUrl: 'http://127.0.0.1:9' }),
    ).rejects.toMatchObject({
      code: 'EXCHANGE_UNAVAILABLE',
    });
    rest.handlers.set('GET /time', (_req, _body, res) => json(res, 200, 1_700_000_000));
    rest.handlers.set('POST /auth/api-key', (_req, _body, res) =>
      json(res, 401, { error: 'Invalid L1 Request headers' }),
    );
    rest.handlers.set('GET /auth/derive-api-key', (_req, _body, res) =>
      json(res, 401, { error: 'Invalid L1 Request headers' }),
    );
    await expect(createClobExchange({ ...config, restUrl: url })).rejects.toMatchObject({
      code: 'EXCHANGE_REJECTED',
    });
  });
});

describe('ClobExchange reads', () => {
  it('normalises a REST book best-first', async () => {
    exchange = await createClobExchange({ restUrl: url, wsUrl: 'ws://127.0.0.1:9', chainId: 137 });
    const snapshot = await exchange.getBook(TOKEN);
    expect(snapshot.bids).toEqual([
      { price: 500_000, size: 5_000_000 },
      { price: 480_000, size: 10_000_000 },
    ]);
    expect(snapshot).toMatchObject({
      source: 'rest',
      tickMicros: 10_000,
      minOrderSizeMicros: 5_000_000,
    });
  });

  it('without a private key it is read-only', async () => {
    exchange = await createClobExchange({ restUrl: url, wsUrl: 'ws://127.0.0.1:9', chainId: 137 });
    expect(exchange.readOnly).toBe(true);
    await expect(exchange.prepareOrder(buy)).rejects.toMatchObject({ code: 'READ_ONLY' });
    await expect(exchange.getOpenOrders()).rejects.toMatchObject({ code: 'READ_ONLY' });
  });

  it('maps an error page of a paginated helper to a typed error', async () => {
    const ex = await trading();
    rest.handlers.set('GET /data/orders', (_req, _body, res) =>
      json(res, 401, { error: 'Unauthorized/Invalid api key' }),
    );
    await expect(ex.getOpenOrders()).rejects.toMatchObject({ code: 'EXCHANGE_UNAVAILABLE' });
    rest.handlers.set('GET /data/trades', (_req, _body, res) =>
      json(res, 401, { error: 'Unauthorized/Invalid api key' }),
    );
    await expect(ex.getFills()).rejects.toMatchObject({ code: 'EXCHANGE_REJECTED' });
  });

  it('walks trade pages until LTE=', async () => {
    const ex = await trading();
    const makerTrade = (id: string) => ({
      id,
      taker_order_id: '0xt',
      market: '0xmarket',
      asset_id: TOKEN,
      side: 'SELL',
      size: '5',
      price: '0.5',
      status: 'CONFIRMED',
      match_time: '1700000000',
      owner: 'other',
      maker_address: '0x2',
      maker_orders: [
        {
          order_id: '0xmine',
          owner: 'key-1',
          maker_address: '',
          matched_amount: '5',
          price: '0.5',
          asset_id: TOKEN,
        },
      ],
    });
    rest.handlers.set('GET /data/trades', (req, _body, res) => {
      const cursor = new URL(req.url ?? '', 'http://x').searchParams.get('next_cursor');
      if (cursor === 'MA==')
        json(res, 200, { limit: 1, count: 1, next_cursor: 'MQ==', data: [makerTrade('a')] });
      else json(res, 200, { limit: 1, count: 1, next_cursor: 'LTE=', data: [makerTrade('b')] });
    });
    const fills = await ex.getFills({ conditionId: '0xmarket' });
    expect(fills.map((f) => f.fillKey)).toEqual(['a:0xmine', 'b:0xmine']);
    expect(fills[0]).toMatchObject({
      role: 'MAKER',
      side: 'BUY',
      status: 'CONFIRMED',
      final: true,
    });
  });

  it('a trade with an unreadable amount is a typed error, not a crash', async () => {
    const ex = await trading();
    rest.handlers.set('GET /data/trades', (_req, _body, res) =>
      json(res, 200, {
        next_cursor: 'LTE=',
        data: [
          {
            id: 'x',
            taker_order_id: '0xt',
            market: '0xm',
            asset_id: TOKEN,
            side: 'BUY',
            size: 'lots',
            price: '0.5',
            status: 'MATCHED',
            owner: 'key-1',
          },
        ],
      }),
    );
    await expect(ex.getFills()).rejects.toMatchObject({ code: 'EXCHANGE_UNAVAILABLE' });
  });

  it('reads balances in micros and cancel results', async () => {
    const ex = await trading();
    rest.handlers.set('GET /balance-allowance', (_req, _body, res) =>
      json(res, 200, {
        balance: '449814548',
        allowances: { '0xE111180000d2663C0091e4f400237545B87B996B': '1' },
      }),
    );
    expect(await ex.getCollateralBalance()).toEqual({
      balanceMicros: 449_814_548,
      allowances: { '0xE111180000d2663C0091e4f400237545B87B996B': '1' },
    });
    rest.handlers.set('DELETE /orders', (_req, body, res) =>
      json(res, 200, {
        canceled: [JSON.parse(body)[0]],
        not_canceled: { '0xb': 'order not found' },
      }),
    );
    expect(await ex.cancelOrders(['0xa', '0xb'])).toEqual({
      canceled: ['0xa'],
      notCanceled: { '0xb': 'order not found' },
    });
  });

  it('chains heartbeat ids and adopts the id the exchange expects', async () => {
    const ex = await trading();
    const seen: string[] = [];
    rest.handlers.set('POST /v1/heartbeats', (_req, body, res) => {
      const id = (JSON.parse(body) as { heartbeat_id: string }).heartbeat_id;
      seen.push(id);
      if (seen.length === 2)
        json(res, 400, { error_msg: 'Invalid Heartbeat ID', heartbeat_id: 'expected' });
      else json(res, 200, { heartbeat_id: `hb-${seen.length}` });
    });
    ex.startHeartbeat({ intervalMs: 20 });
    await waitFor(() => seen.length >= 4, 'heartbeats');
    ex.stopHeartbeat();
    expect(seen.slice(0, 4)).toEqual(['', 'hb-1', 'expected', 'hb-3']);
  });
});
