import { describe, expect, it } from 'vitest';
import type { Order } from '@shared/domain/order';
import { conditionText, ordersTable } from './format';

const order = (extra: Partial<Order> = {}): Order => ({
  id: 'ord-1',
  spec: {
    tokenId: '123',
    side: 'BUY',
    strategyType: 'micro_price',
    totalSize: 20_000_000,
    maxPrice: 600_000,
    minPrice: 400_000,
    urgency: 'MEDIUM',
  },
  state: 'ACTIVE',
  createdAt: 0,
  updatedAt: 0,
  targetSize: 20_000_000,
  filled: 0,
  pendingFilled: 0,
  avgPrice: null,
  adjustments: 10,
  arrivalMicroPrice: null,
  exchangeOrders: [],
  ...extra,
});

describe('the orders table', () => {
  it('shows the condition beside the state, with how long a working order has been in it', () => {
    const stuck = order({ condition: 'ADJUSTMENTS_EXHAUSTED', conditionSince: 1_000 });
    expect(conditionText(stuck, 43_500)).toBe('ADJUSTMENTS_EXHAUSTED 42s');
    const ended = order({
      state: 'COMPLETED',
      condition: 'REMAINDER_BELOW_MINIMUM',
      conditionSince: 1_000,
    });
    expect(conditionText(ended, 99_000)).toBe('REMAINDER_BELOW_MINIMUM');
    expect(conditionText(order())).toBe('');
    const lines = ordersTable([stuck, order({ id: 'ord-2' })], 43_500).split('\n');
    expect(lines[0]).toMatch(/^id\s+state\s+condition\s+strategy/);
    expect(lines[1]).toMatch(/^ord-1\s+ACTIVE\s+ADJUSTMENTS_EXHAUSTED 42s\s+micro_price/);
    expect(lines[2]).toMatch(/^ord-2\s+ACTIVE\s+micro_price/);
  });
});
