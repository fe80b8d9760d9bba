import { describe, expect, it } from 'vitest';
import type { OrderSpec } from '@shared/domain/order-request';
import { ConfigSchema } from './config';
import { Host } from './host';
import type { ExchangeLink } from './host';
import { silentLogger } from './logger';
import type { TradingServices } from './trading-services';

const context = { transport: 'web', client: 'test' } as const;
const REASON = 'Read-only: config.json could not be used (mode: invalid).';

/** An exchange link whose trading layer records the calls that change orders. */
function fakeExchange(changed: string[]): ExchangeLink {
  const trading: TradingServices = {
    accountSummary: () => Promise.resolve({ collateral: null, positions: [] }),
    listMarkets: () => Promise.resolve([]),
    watch: () => Promise.resolve(null),
    unwatch: () => [],
    snapshot: () => {
      throw new Error('no snapshot');
    },
    submit: (spec: OrderSpec) => {
      changed.push(`submit ${spec.tokenId}`);
      return Promise.resolve({ orderId: 'o-1' });
    },
    cancel: (orderId: string) => {
      changed.push(`cancel ${orderId}`);
      return Promise.reject(new Error('not in this test'));
    },
    cancelAll: () => {
      changed.push('cancelAll');
      return Promise.resolve([]);
    },
    listOrders: () => [],
    orderEvents: () => [],
    health: () => ({
      workers: null,
      queueDepth: 0,
      activeOrders: 0,
      stream: 'idle',
      oldestBookAgeMs: null,
    }),
    subscribe: () => () => undefined,
    setRiskLimits: () => undefined,
  };
  return {
    url: 'http://127.0.0.1:1',
    trading,
    canTrade: true,
    readOnly: null,
    heartbeat: () => 'off',
    state: () => 'connected',
    onStateChange: () => () => undefined,
    stop: () => Promise.resolve(),
  };
}

const order = {
  tokenId: '1111',
  side: 'BUY',
  strategyType: 'micro_price',
  totalSize: '10',
  maxPrice: '0.6',
  minPrice: '0.4',
};

async function start(readOnly: string | null, changed: string[]): Promise<Host> {
  return Host.start({
    config: ConfigSchema.parse({}),
    logger: silentLogger(),
    connectExchange: () => Promise.resolve(fakeExchange(changed)),
    readOnly,
    problems: ['/data/config.json:mode: Invalid option'],
  });
}

describe('Host in read-only mode', () => {
  it('says so in app.info and refuses new orders with READ_ONLY, but still cancels', async () => {
    const changed: string[] = [];
    const host = await start(REASON, changed);
    const info = await host.dispatcher.dispatch('app.info', {}, context);
    expect(info).toMatchObject({
      ok: true,
      result: { readOnly: true, problems: [REASON, '/data/config.json:mode: Invalid option'] },
    });
    const refused = await host.dispatcher.dispatch('order.submit', order, context);
    expect(refused).toEqual({ ok: false, error: { code: 'READ_ONLY', message: REASON } });
    expect(changed).toEqual([]);
    // Stopping what is already working must always be possible.
    const killed = await host.dispatcher.dispatch('order.cancelAll', {}, context);
    expect(killed.ok).toBe(true);
    expect(changed).toEqual(['cancelAll']);
    // Reading still works: the user can look at markets and orders.
    await expect(host.dispatcher.dispatch('order.list', {}, context)).resolves.toMatchObject({
      ok: true,
    });
    await host.stop();
  });

  it('trades normally when the config was fine', async () => {
    const changed: string[] = [];
    const host = await start(null, changed);
    const info = await host.dispatcher.dispatch('app.info', {}, context);
    expect(info).toMatchObject({ ok: true, result: { readOnly: false } });
    const outcome = await host.dispatcher.dispatch('order.submit', order, context);
    expect(outcome.ok).toBe(true);
    await host.dispatcher.dispatch('order.cancelAll', {}, context);
    expect(changed).toEqual(['submit 1111', 'cancelAll']);
    await host.stop();
  });
});
