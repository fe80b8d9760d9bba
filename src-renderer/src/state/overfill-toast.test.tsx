// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderEvent } from '@shared/domain/order';
import type { CallOutcome } from '@shared/ipc/wire';
import { fakeApi } from '../test/fake-api';
import { useOrderStore } from './order-store';
import { useToastStore } from './toast-store';
import { useTradingSync } from './use-trading-sync';

const ok = (result: unknown): CallOutcome => ({ ok: true, result });

const OVERFILL: OrderEvent = {
  seq: 7,
  orderId: 'ord-1',
  at: 1_700_000_000_000,
  type: 'overfill',
  state: 'COMPLETED',
  exchangeOrderId: '0xaaa',
  size: 6_000_000,
  reason: 'OVERFILL: trade t-9 brings the order to 16 of 10 shares (6 over)',
};

function setup() {
  const fake = fakeApi({
    'market.list': () => ok({ markets: [] }),
    'order.list': () => ok({ orders: [] }),
    'account.summary': () => ok({ collateral: 7_000_000, positions: [] }),
  });
  renderHook(() => useTradingSync(fake.api));
  return fake;
}

beforeEach(() => {
  useToastStore.setState({ toasts: [] });
  useOrderStore.getState().reset();
});
afterEach(cleanup);

describe('an overfill event from the host', () => {
  it('raises one error toast with its reason, even when pushed again or reloaded', () => {
    const fake = setup();
    act(() => fake.emit('order.event', OVERFILL));
    act(() => fake.emit('order.event', OVERFILL));
    act(() => useOrderStore.getState().applyEvents([OVERFILL]));
    expect(useToastStore.getState().toasts).toEqual([
      expect.objectContaining({
        kind: 'error',
        title: 'Overfill on an order',
        detail: OVERFILL.reason,
      }),
    ]);
  });

  it('raises a toast for each distinct overfill, and none for other events', () => {
    const fake = setup();
    act(() => fake.emit('order.event', { ...OVERFILL, type: 'settle', reason: 'placing …' }));
    expect(useToastStore.getState().toasts).toHaveLength(0);
    act(() => fake.emit('order.event', OVERFILL));
    act(() => fake.emit('order.event', { ...OVERFILL, seq: 9 }));
    expect(useToastStore.getState().toasts).toHaveLength(2);
  });
});
