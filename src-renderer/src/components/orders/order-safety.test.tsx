// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeOrderView, Order, OrderEvent } from '@shared/domain/order';
import { ApiContext } from '../../api/api-context';
import { useMarketStore } from '../../state/market-store';
import { useOrderStore } from '../../state/order-store';
import { fakeApi } from '../../test/fake-api';
import { marketFixture, orderFixture } from '../../test/fixtures';
import { OrdersBlotter } from './OrdersBlotter';

const exchangeOrder = (over: Partial<ExchangeOrderView>): ExchangeOrderView => ({
  id: '0xaaa',
  state: 'CANCELLED',
  side: 'BUY',
  price: 510_000,
  size: 20_000_000,
  filled: 0,
  pendingFilled: 0,
  createdAt: 1_700_000_000_000,
  ...over,
});

const event = (seq: number, type: OrderEvent['type'], reason: string): OrderEvent => ({
  seq,
  orderId: 'ord-1',
  at: 1_700_000_000_000 + seq,
  type,
  state: 'ACTIVE',
  reason,
});

function renderBlotter(order: Order, events: OrderEvent[] = []) {
  useOrderStore.getState().setOrders([order]);
  const fake = fakeApi({ 'order.events': () => ({ ok: true, result: { events } }) });
  render(
    <ApiContext.Provider value={fake.api}>
      <OrdersBlotter />
    </ApiContext.Provider>,
  );
  return screen.getByTestId('order-row');
}

beforeEach(() => {
  useMarketStore.setState({ markets: [marketFixture()] });
  useOrderStore.setState({ orders: {}, ids: [], events: {} });
});
afterEach(cleanup);

describe('held-back shares beside the state and in the progress bar', () => {
  it('sums heldBack over the exchange orders and draws it after the pending part', () => {
    const row = renderBlotter(
      orderFixture({
        filled: 25_000_000,
        pendingFilled: 10_000_000,
        exchangeOrders: [
          exchangeOrder({ id: '0xaaa', heldBack: 4_000_000 }),
          exchangeOrder({ id: '0xbbb', heldBack: 2_000_000 }),
          exchangeOrder({ id: '0xccc', state: 'LIVE' }),
        ],
      }),
    );
    const text = row.querySelector<HTMLElement>('[data-testid="order-held-back"]');
    expect(text?.textContent).toBe('HELD 6');
    expect(text?.title).toContain('counted as filled until the exchange says');
    expect(text?.title).toContain('nothing is placed for them');
    const bar = row.querySelector<HTMLElement>('[data-testid="order-held-back-bar"]');
    expect(bar?.style.left).toBe('35%');
    expect(bar?.style.width).toBe('6%');
    expect(row.querySelector('[data-testid="order-filled"]')?.textContent).toBe('25/100');
  });

  it('shows nothing held back when no exchange order holds shares back', () => {
    const row = renderBlotter(orderFixture({ exchangeOrders: [exchangeOrder({})] }));
    expect(row.querySelector('[data-testid="order-held-back"]')).toBeNull();
    expect(row.querySelector('[data-testid="order-held-back-bar"]')).toBeNull();
  });
});

describe('the overfill badge', () => {
  it('says by how much late trades took the order beyond its size', () => {
    const row = renderBlotter(
      orderFixture({ targetSize: 10_000_000, filled: 16_000_000, overfilled: 6_000_000 }),
    );
    const badge = row.querySelector<HTMLElement>('[data-testid="order-overfill"]');
    expect(badge?.textContent).toBe('OVERFILL +6');
    expect(badge?.title).toContain('matched 6 shares beyond');
    expect(badge?.title).toContain('size of 10');
    expect(row.querySelector('[data-testid="order-state"]')?.textContent).toBe('ACTIVE');
    expect(row.querySelector('[data-testid="order-avg"]')?.textContent).toBe('0.5150');
  });

  it('is absent when the order is not overfilled', () => {
    const row = renderBlotter(orderFixture());
    expect(row.querySelector('[data-testid="order-overfill"]')).toBeNull();
  });
});

describe('settle and overfill events in the log', () => {
  it('give their rows the event-settle and event-overfill classes', async () => {
    const row = renderBlotter(orderFixture(), [
      event(1, 'placed', 'quote near micro-price'),
      event(2, 'settle', 'waiting up to 1.5 s before placing: the last fills of 0xaaa …'),
      event(3, 'overfill', 'OVERFILL: trade t-9 brings the order to 16 of 10 shares (6 over)'),
    ]);
    fireEvent.click(row);
    await waitFor(() => expect(screen.getAllByTestId('event-row')).toHaveLength(3));
    const rows = screen.getAllByTestId('event-row');
    expect(rows.map((r) => r.className)).toEqual([
      'event-placed',
      'event-settle',
      'event-overfill',
    ]);
  });
});
