// @vitest-environment happy-dom
import { Profiler } from 'react';
import type { ReactNode } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiContext } from '../api/api-context';
import { OrderBookLadder } from '../components/book/OrderBookLadder';
import { OrderEntryForm } from '../components/entry/OrderEntryForm';
import { OrdersBlotter } from '../components/orders/OrdersBlotter';
import { fakeApi } from '../test/fake-api';
import {
  CONDITION,
  marketFixture,
  orderFixture,
  snapshotFixture,
  YES_TOKEN,
} from '../test/fixtures';
import { useMarketStore } from './market-store';
import { useOrderStore } from './order-store';
import { applyFrame } from './use-trading-sync';

let renders: Record<string, number> = {};
function Counted({ id, children }: { id: string; children: ReactNode }) {
  return (
    <Profiler id={id} onRender={() => (renders[id] = (renders[id] ?? 0) + 1)}>
      {children}
    </Profiler>
  );
}

beforeEach(() => {
  renders = {};
  useMarketStore.setState({
    markets: [marketFixture()],
    selectedConditionId: CONDITION,
    outcome: 'YES',
    snapshots: { [YES_TOKEN]: snapshotFixture() },
  });
  useOrderStore.setState({ orders: {}, ids: [], events: {} });
  useOrderStore.getState().setOrders([orderFixture()]);
});
afterEach(cleanup);

describe('narrow subscriptions', () => {
  it('a book update redraws the ladder but not the blotter or the order form', () => {
    const { api } = fakeApi();
    render(
      <ApiContext.Provider value={api}>
        <Counted id="ladder">
          <OrderBookLadder />
        </Counted>
        <Counted id="blotter">
          <OrdersBlotter />
        </Counted>
        <Counted id="form">
          <OrderEntryForm />
        </Counted>
      </ApiContext.Provider>,
    );
    const before = { ...renders };
    act(() =>
      applyFrame({
        snapshots: [
          snapshotFixture({ bestBid: 500_000, bids: [{ price: 500_000, size: 9_000_000 }] }),
        ],
        orders: [],
        events: [],
      }),
    );
    expect(screen.getByTestId('best-bid').textContent).toBe('0.50');
    expect(renders.ladder).toBeGreaterThan(before.ladder ?? 0);
    expect(renders.blotter).toBe(before.blotter);
    expect(renders.form).toBe(before.form);

    act(() =>
      applyFrame({
        snapshots: [],
        orders: [orderFixture({ filled: 50_000_000, updatedAt: 2e12 })],
        events: [],
      }),
    );
    expect(renders.blotter).toBeGreaterThan(before.blotter ?? 0);
    expect(screen.getByTestId('order-filled').textContent).toBe('50/100');
  });
});
