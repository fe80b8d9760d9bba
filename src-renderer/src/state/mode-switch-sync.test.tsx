// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '@shared/ipc/contract';
import type { CallOutcome } from '@shared/ipc/wire';
import { fakeApi } from '../test/fake-api';
import {
  CONDITION,
  liveStatusFixture,
  marketFixture,
  orderFixture,
  snapshotFixture,
  YES_TOKEN,
} from '../test/fixtures';
import { useAppStore } from './app-store';
import { useMarketStore } from './market-store';
import { useOrderStore } from './order-store';
import { useToastStore } from './toast-store';
import { useHostSync } from './use-host-sync';
import { useTradingSync } from './use-trading-sync';

const info = (mode: 'PAPER' | 'LIVE'): AppInfo => ({
  name: 'Polydesk',
  version: '1',
  mode,
  startedAt: 0,
  uptimeMs: 0,
  exchangeUrl: mode === 'LIVE' ? 'https://clob.example' : 'http://127.0.0.1:1',
  readOnly: false,
  problems: [],
});

const ok = (result: unknown): CallOutcome => ({ ok: true, result });

function setup(liveMarkets: ReturnType<typeof marketFixture>[]) {
  const fake = fakeApi({
    'market.list': () => ok({ markets: liveMarkets }),
    'order.list': () => ok({ orders: [] }),
    'account.summary': () => ok({ collateral: 7_000_000, positions: [] }),
    'market.watch': () => ok(snapshotFixture({ bestBid: 100_000 })),
    'live.status': () => ok(liveStatusFixture({ mode: 'LIVE', address: '0xabc', unlocked: true })),
  });
  renderHook(() => {
    useHostSync(fake.api);
    useTradingSync(fake.api);
  });
  return fake;
}

beforeEach(() => {
  useToastStore.setState({ toasts: [] });
  useAppStore.setState({ info: info('PAPER'), live: null, account: null });
  useMarketStore.setState({
    markets: [marketFixture()],
    selectedConditionId: CONDITION,
    outcome: 'YES',
    snapshots: { [YES_TOKEN]: snapshotFixture() },
  });
  useOrderStore.getState().reset();
  useOrderStore.getState().setOrders([orderFixture()]);
});
afterEach(cleanup);

describe('a switch between PAPER and LIVE (app.info)', () => {
  it('reloads markets, orders, account and the watched book for the new mode', async () => {
    const fake = setup([marketFixture()]);
    act(() => fake.emit('app.info', info('LIVE')));
    expect(useOrderStore.getState().ids).toEqual([]);
    expect(useAppStore.getState().info?.mode).toBe('LIVE');
    await waitFor(() =>
      expect(useMarketStore.getState().snapshots[YES_TOKEN]?.bestBid).toBe(100_000),
    );
    const methods = fake.calls.map((c) => c.method);
    expect(methods).toEqual(
      expect.arrayContaining(['market.list', 'order.list', 'account.summary', 'live.status']),
    );
    expect(fake.calls.find((c) => c.method === 'market.watch')?.params).toEqual({
      tokenId: YES_TOKEN,
    });
    expect(useMarketStore.getState().selectedConditionId).toBe(CONDITION);
    await waitFor(() => expect(useAppStore.getState().live?.mode).toBe('LIVE'));
    expect(useAppStore.getState().account?.collateral).toBe(7_000_000);
    expect(useToastStore.getState().toasts[0]?.title).toMatch(/^LIVE trading/);
  });

  it('clears a selected market the new exchange does not list', async () => {
    const fake = setup([marketFixture({ conditionId: '0xother' })]);
    act(() => fake.emit('app.info', info('LIVE')));
    await waitFor(() => expect(useMarketStore.getState().selectedConditionId).toBeNull());
    expect(useMarketStore.getState().snapshots).toEqual({});
    expect(fake.calls.some((c) => c.method === 'market.watch')).toBe(false);
  });
});
