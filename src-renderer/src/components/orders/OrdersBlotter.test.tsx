// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderEvent } from '@shared/domain/order';
import { ApiContext } from '../../api/api-context';
import { useMarketStore } from '../../state/market-store';
import { useOrderStore } from '../../state/order-store';
import { fakeApi } from '../../test/fake-api';
import { marketFixture, orderFixture } from '../../test/fixtures';
import { OrdersBlotter } from './OrdersBlotter';

const event = (seq: number, type: OrderEvent['type'], reason: string): OrderEvent => ({
  seq,
  orderId: 'ord-1',
  at: 1_700_000_000_000 + seq,
  type,
  state: 'ACTIVE',
  reason,
});

function setup() {
  const fake = fakeApi({
    'order.events': () => ({
      ok: true,
      result: {
        events: [
          event(1, 'placed', 'quote near micro-price'),
          event(2, 'replace', 'out_of_band: micro moved'),
        ],
      },
    }),
    'order.cancel': () => ({
      ok: true,
      result: orderFixture({
        state: 'CANCELLED',
        reason: 'cancelled by the user',
        updatedAt: 2e12,
      }),
    }),
    'order.cancelAll': () => ({ ok: true, result: { cancelled: ['ord-1', 'ord-2'] } }),
  });
  render(
    <ApiContext.Provider value={fake.api}>
      <OrdersBlotter />
    </ApiContext.Provider>,
  );
  return fake;
}

beforeEach(() => {
  useMarketStore.setState({ markets: [marketFixture()] });
  useOrderStore.setState({ orders: {}, ids: [], events: {} });
  useOrderStore.getState().setOrders([
    orderFixture(),
    orderFixture({
      id: 'ord-2',
      createdAt: 1_700_000_001_000,
      state: 'QUEUED',
      filled: 0,
      avgPrice: null,
    }),
    orderFixture({
      id: 'ord-3',
      createdAt: 1_699_000_000_000,
      state: 'COMPLETED',
      filled: 100_000_000,
    }),
  ]);
});
afterEach(cleanup);

describe('OrdersBlotter', () => {
  it('lists orders newest first with state, progress, average and adjustments', () => {
    setup();
    const rows = screen.getAllByTestId('order-row');
    expect(rows.map((r) => r.dataset.orderId)).toEqual(['ord-2', 'ord-1', 'ord-3']);
    expect(rows[1]?.textContent).toContain('Yes · Will the Fed cut rates');
    expect(rows[1]?.querySelector('[data-testid="order-filled"]')?.textContent).toBe('25/100');
    expect(rows[1]?.querySelector('[data-testid="order-avg"]')?.textContent).toBe('0.5150');
    expect(rows[2]?.querySelector('[data-testid="order-cancel"]')).toBeNull();
    expect(screen.getByTestId('kill-switch').textContent).toBe('Cancel all (2)');
  });

  it('expands a row to its event log, kept live by order events', async () => {
    const fake = setup();
    fireEvent.click(screen.getAllByTestId('order-row')[1] as HTMLElement);
    await waitFor(() => expect(screen.getAllByTestId('event-row')).toHaveLength(2));
    expect(fake.calls.find((c) => c.method === 'order.events')?.params).toEqual({
      orderId: 'ord-1',
    });
    expect(screen.getAllByTestId('event-row')[1]?.textContent).toContain(
      'out_of_band: micro moved',
    );
    act(() =>
      useOrderStore
        .getState()
        .applyEvents([
          event(2, 'replace', 'out_of_band: micro moved'),
          event(3, 'fill', 'maker fill'),
        ]),
    );
    expect(screen.getAllByTestId('event-row').map((r) => r.dataset.type)).toEqual([
      'placed',
      'replace',
      'fill',
    ]);
  });

  it('cancels one order, and all of them only after the kill switch is confirmed', async () => {
    const fake = setup();
    const row = screen.getAllByTestId('order-row')[1] as HTMLElement;
    fireEvent.click(row.querySelector('[data-testid="order-cancel"]') as HTMLElement);
    await waitFor(() => expect(row.dataset.state).toBe('CANCELLED'));
    expect(screen.queryAllByTestId('event-row')).toHaveLength(0);

    fireEvent.click(screen.getByTestId('kill-switch'));
    expect(screen.getByTestId('confirm-kill').textContent).toContain('Cancel all 1 working order');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('confirm-kill')).toBeNull();
    expect(fake.calls.some((c) => c.method === 'order.cancelAll')).toBe(false);
    fireEvent.click(screen.getByTestId('kill-switch'));
    fireEvent.click(screen.getByTestId('confirm-kill-submit'));
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'order.cancelAll')).toBe(true));
  });
});
