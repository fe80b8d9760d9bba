import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../host/logger';
import type { Fill, UserOrderEvent } from './exchange-port';
import { UserStream } from './user-stream';
import { must, waitFor, WsTestServer } from './ws-test-server';

let server: WsTestServer;
let stream: UserStream | undefined;
const orders: UserOrderEvent[] = [];
const fills: Fill[][] = [];
const reconciles: string[] = [];

beforeEach(async () => {
  server = new WsTestServer();
  const url = await server.start();
  orders.length = 0;
  fills.length = 0;
  reconciles.length = 0;
  stream = new UserStream({
    wsUrl: url,
    creds: { key: 'my-key', secret: 'c2VjcmV0', passphrase: 'pass' },
    markets: ['0xmarket'],
    identity: { apiKey: 'my-key', addresses: [] },
    listener: {
      onOrder: (e) => orders.push(e),
      onFills: (f) => fills.push(f),
      onReconcileNeeded: (reason) => reconciles.push(reason),
    },
    logger: silentLogger(),
    pingIntervalMs: 50,
    pongTimeoutMs: 1_000,
    backoffInitialMs: 20,
    backoffMaxMs: 50,
  });
  stream.start();
});

afterEach(async () => {
  stream?.close();
  await server.stop();
});

describe('UserStream', () => {
  it('authenticates in the first message and delivers order and trade events', async () => {
    await waitFor(() => server.connections[0]?.received.length === 1, 'auth message');
    const first = must(server.connections[0]);
    expect(first.path).toBe('/ws/user');
    expect(JSON.parse(must(first.received[0]))).toEqual({
      auth: { apiKey: 'my-key', secret: 'c2VjcmV0', passphrase: 'pass' },
      type: 'user',
      markets: ['0xmarket'],
      assets_ids: [],
      initial_dump: true,
    });
    server.sendAll({
      event_type: 'order',
      type: 'UPDATE',
      id: '0xo',
      market: '0xmarket',
      asset_id: '111',
      side: 'BUY',
      price: '0.5',
      original_size: '10',
      size_matched: '4',
      status: 'LIVE',
      associate_trades: ['t'],
      timestamp: '1700000000123',
    });
    server.sendAll([
      {
        event_type: 'trade',
        type: 'TRADE',
        id: 't',
        taker_order_id: '0xother',
        market: '0xmarket',
        asset_id: '111',
        side: 'SELL',
        size: '4',
        price: '0.5',
        status: 'MATCHED',
        matchtime: '1700000000',
        owner: 'someone',
        maker_orders: [
          {
            order_id: '0xo',
            owner: 'my-key',
            matched_amount: '4',
            price: '0.5',
            asset_id: '111',
            outcome: 'Yes',
          },
        ],
      },
    ]);
    await waitFor(() => orders.length === 1 && fills.length === 1, 'events');
    expect(orders[0]).toMatchObject({
      orderId: '0xo',
      status: 'LIVE',
      sizeMatchedMicros: 4_000_000,
      timestampMs: 1_700_000_000_123,
    });
    expect(fills[0]).toEqual([
      expect.objectContaining({
        fillKey: 't:0xo',
        role: 'MAKER',
        side: 'BUY',
        sizeMicros: 4_000_000,
        matchTimeSec: 1_700_000_000,
      }),
    ]);
    expect(reconciles).toEqual([]);
  });

  it('asks for reconciliation after a reconnect and authenticates again', async () => {
    await waitFor(() => server.connections[0]?.received.length === 1, 'auth message');
    server.dropAll();
    await waitFor(() => server.connections[1]?.received.length === 1, 'auth after reconnect');
    await waitFor(() => reconciles.length === 1, 'reconcile signal');
    expect(reconciles).toEqual(['user stream reconnected']);
  });

  it('asks for reconciliation when an event cannot be read', async () => {
    await waitFor(() => server.connections[0]?.received.length === 1, 'auth message');
    server.sendAll({ event_type: 'trade', id: 42 });
    await waitFor(() => reconciles.length === 1, 'reconcile signal');
    expect(fills).toEqual([]);
  });
});
