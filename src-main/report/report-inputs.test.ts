import { describe, expect, it } from 'vitest';
import type { Order, OrderEvent } from '@shared/domain/order';
import type { StoredFill } from '../store/store-port';
import { reportFills, selectOrders } from './report-inputs';

const fill: StoredFill = {
  fillKey: 't1:e1',
  tradeId: 't1',
  exchangeOrderId: 'e1',
  userOrderId: 'o1',
  price: 500_000,
  size: 1_000_000,
  status: 'CONFIRMED',
  role: 'MAKER',
  // Saved again when it was confirmed.
  at: 9_000,
};

const fillEvent = (at: number, reason: string): OrderEvent => ({
  seq: at,
  orderId: 'o1',
  at,
  type: 'fill',
  state: 'ACTIVE',
  exchangeOrderId: 'e1',
  reason,
});

describe('report inputs', () => {
  it('dates a fill by the first event of its trade (the match), not its last save', () => {
    const events = [
      fillEvent(5_000, 'fill matched, pending (trade t1)'),
      fillEvent(9_000, 'fill confirmed (trade t1)'),
      fillEvent(4_000, 'fill matched, pending (trade t2)'),
    ];
    expect(reportFills([fill], events)).toEqual([
      {
        fillKey: 't1:e1',
        timeMs: 5_000,
        priceMicros: 500_000,
        sizeMicros: 1_000_000,
        role: 'MAKER',
        status: 'CONFIRMED',
      },
    ]);
    expect(reportFills([fill], [])[0]?.timeMs).toBe(9_000);
  });

  it('selects by id, time and strategy, and names unknown ids', () => {
    const order = (id: string, createdAt: number, strategyType: string) =>
      ({ id, createdAt, spec: { strategyType } }) as unknown as Order;
    const orders = [
      order('b', 2_000, 'kelly'),
      order('a', 1_000, 'iceberg'),
      order('c', 3_000, 'kelly'),
    ];
    expect(selectOrders(orders, {}).selected.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    expect(
      selectOrders(orders, { sinceMs: 2_000, strategyType: 'kelly' }).selected.map((o) => o.id),
    ).toEqual(['b', 'c']);
    expect(selectOrders(orders, { orderIds: ['c', 'zz'] })).toMatchObject({
      selected: [{ id: 'c' }],
      unknown: ['zz'],
    });
  });
});
