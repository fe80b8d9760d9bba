import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '@shared/domain/order';
import { fillPoints } from './fill-points';

const fill = (seq: number, reason: string, type: OrderEvent['type'] = 'fill'): OrderEvent => ({
  seq,
  orderId: 'o',
  at: 1_000 + seq,
  type,
  state: 'ACTIVE',
  price: 540_000,
  size: 5_000_000,
  reason,
});

describe('fillPoints', () => {
  it('draws one dot per trade, hollow until confirmed, gone when the trade fails', () => {
    const points = fillPoints([
      fill(1, 'fill matched, pending (trade a)'),
      fill(2, 'fill confirmed (trade a)'),
      fill(3, 'fill mined, pending (trade b)'),
      fill(4, 'fill matched, pending (trade c)'),
      fill(5, 'matched trade failed: fill undone (trade c)', 'fill_failed'),
      { ...fill(6, 'quote near micro-price'), type: 'placed' },
    ]);
    expect(points).toEqual([
      { t: 1_001, fill: 0.54, confirmed: true },
      { t: 1_003, fill: 0.54, confirmed: false },
    ]);
  });
});
