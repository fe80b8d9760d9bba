// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '@shared/domain/order';
import { ApiContext } from '../../api/api-context';
import { useMarketStore } from '../../state/market-store';
import { useOrderStore } from '../../state/order-store';
import { fakeApi } from '../../test/fake-api';
import { marketFixture, orderFixture } from '../../test/fixtures';
import { OrdersBlotter } from './OrdersBlotter';

function renderRow(order: Order): HTMLElement {
  useOrderStore.getState().setOrders([order]);
  const fake = fakeApi({ 'order.events': () => ({ ok: true, result: { events: [] } }) });
  render(
    <ApiContext.Provider value={fake.api}>
      <OrdersBlotter />
    </ApiContext.Provider>,
  );
  return screen.getByTestId('order-row');
}

const badgeOf = (row: HTMLElement) =>
  row.querySelector<HTMLElement>('[data-testid="order-condition"]');

beforeEach(() => {
  useMarketStore.setState({ markets: [marketFixture()] });
  useOrderStore.setState({ orders: {}, ids: [], events: {} });
});
afterEach(cleanup);

describe('the condition badge beside the state', () => {
  it('says a working order has used its adjustments, and what it will do when stuck', () => {
    const row = renderRow(
      orderFixture({
        condition: 'ADJUSTMENTS_EXHAUSTED',
        conditionSince: 1_700_000_000_000,
        spec: {
          ...orderFixture().spec,
          microPriceParams: {
            thresholdBps: 50,
            checkIntervalSec: 2,
            maxAdjustments: 2,
            aggressionLimitBps: 100,
            whenStuck: { afterSec: 30, action: 'cancel' },
          },
        },
      }),
    );
    const badge = badgeOf(row);
    expect(badge?.textContent).toBe('NO ADJ LEFT');
    expect(badge?.dataset.condition).toBe('ADJUSTMENTS_EXHAUSTED');
    expect(badge?.title).toContain('used all its replacements');
    expect(badge?.title).toContain('Set to cancel after 30 s stuck.');
    expect(row.querySelector('[data-testid="order-state"]')?.textContent).toBe('ACTIVE');
  });

  it('says a stale book pauses quoting; the default is to wait', () => {
    const badge = badgeOf(renderRow(orderFixture({ condition: 'STALE_BOOK', conditionSince: 1 })));
    expect(badge?.textContent).toBe('STALE BOOK');
    expect(badge?.title).toContain('quoting is paused');
    expect(badge?.title).toContain('Set to wait when stuck (after 60 s');
  });

  it('says a completed order ended with a remainder below the market minimum', () => {
    const badge = badgeOf(
      renderRow(
        orderFixture({
          state: 'COMPLETED',
          condition: 'REMAINDER_BELOW_MINIMUM',
          conditionSince: 1,
          reason: 'filled 97 of 100 shares; the remainder 3 is below the market minimum',
        }),
      ),
    );
    expect(badge?.textContent).toBe('REST < MIN');
    expect(badge?.title).toContain("smaller than the market's minimum order size");
    expect(badge?.title).not.toContain('Set to');
  });

  it('is absent when nothing holds the order', () => {
    expect(badgeOf(renderRow(orderFixture()))).toBeNull();
  });
});
