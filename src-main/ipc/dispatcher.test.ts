import { describe, expect, it } from 'vitest';
import { PolydeskError } from '@shared/errors';
import type { AppInfo, DaemonHealth } from '@shared/ipc/contract';
import { silentLogger } from '../host/logger';
import { Dispatcher } from './dispatcher';
import type { CallHandlers } from './dispatcher';

const info: AppInfo = {
  name: 'Polydesk',
  version: '1.2.3',
  mode: 'PAPER',
  startedAt: 1,
  uptimeMs: 5,
  exchangeUrl: 'http://127.0.0.1:1',
  readOnly: false,
  problems: [],
};
const health: DaemonHealth = {
  status: 'ok',
  mode: 'PAPER',
  uptimeMs: 5,
  connection: 'connected',
  clients: 1,
  workers: null,
  queueDepth: 0,
  activeOrders: 0,
  stream: 'idle',
  oldestBookAgeMs: null,
  canTrade: true,
  heartbeat: 'off',
  switching: false,
};
const context = { transport: 'web', client: 'test' } as const;

function refuse(): never {
  throw new PolydeskError('EXCHANGE_UNAVAILABLE', 'no exchange in this test');
}

function dispatcher(overrides: Partial<CallHandlers> = {}): Dispatcher {
  const handlers: CallHandlers = {
    'app.info': () => info,
    'daemon.health': () => health,
    'account.summary': refuse,
    'market.list': refuse,
    'market.watch': refuse,
    'market.unwatch': refuse,
    'market.snapshot': refuse,
    'order.submit': refuse,
    'order.cancel': refuse,
    'order.cancelAll': refuse,
    'order.list': refuse,
    'order.events': refuse,
    'live.status': refuse,
    'live.setup': refuse,
    'live.unlock': refuse,
    'live.enable': refuse,
    'live.disable': refuse,
    'live.forget': refuse,
    'settings.risk': refuse,
    'settings.updateRisk': refuse,
    'logs.tail': refuse,
    'portfolio.get': refuse,
    'portfolio.trades': refuse,
    'market.events': refuse,
    'market.event': refuse,
    'portfolio.redeem': refuse,
    'report.get': refuse,
  };
  return new Dispatcher({ ...handlers, ...overrides }, silentLogger());
}

describe('Dispatcher', () => {
  it('runs a known call and returns its validated result', async () => {
    await expect(dispatcher().dispatch('app.info', {}, context)).resolves.toEqual({
      ok: true,
      result: info,
    });
  });

  it('treats missing params as an empty object', async () => {
    await expect(dispatcher().dispatch('daemon.health', undefined, context)).resolves.toMatchObject(
      { ok: true },
    );
  });

  it('refuses an unknown method with UNKNOWN_METHOD', async () => {
    const outcome = await dispatcher().dispatch('orders.dropTable', {}, context);
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: 'Unknown method: "orders.dropTable"' },
    });
  });

  it('refuses a method name that is not a string, or an inherited property', async () => {
    for (const method of [42, null, { x: 1 }, 'toString', '__proto__']) {
      const outcome = await dispatcher().dispatch(method, {}, context);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.code).toBe('UNKNOWN_METHOD');
    }
  });

  it('refuses params that break the schema with field-level issues', async () => {
    const outcome = await dispatcher().dispatch('app.info', { surprise: true }, context);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('BAD_REQUEST');
      expect(outcome.error.issues?.length).toBeGreaterThan(0);
    }
    const notObject = await dispatcher().dispatch('app.info', 'hello', context);
    expect(notObject.ok ? null : notObject.error.code).toBe('BAD_REQUEST');
  });

  it('passes a handler PolydeskError through with its code', async () => {
    const d = dispatcher({
      'app.info': () => {
        throw new PolydeskError('READ_ONLY', 'read-only mode');
      },
    });
    await expect(d.dispatch('app.info', {}, context)).resolves.toEqual({
      ok: false,
      error: { code: 'READ_ONLY', message: 'read-only mode' },
    });
  });

  it('turns an unexpected throw or an invalid reply into INTERNAL without throwing', async () => {
    const throwing = dispatcher({
      'app.info': () => {
        throw new Error('boom');
      },
    });
    const thrown = await throwing.dispatch('app.info', {}, context);
    expect(thrown.ok ? null : thrown.error.code).toBe('INTERNAL');
    const invalid = dispatcher({ 'app.info': () => ({ ...info, uptimeMs: -1 }) });
    const bad = await invalid.dispatch('app.info', {}, context);
    expect(bad.ok ? null : bad.error.code).toBe('INTERNAL');
  });
});
