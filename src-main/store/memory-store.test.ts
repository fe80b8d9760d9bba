import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '@shared/domain/order';
import { MemoryStore } from './memory-store';

const event = (seq: number, orderId = 'o1'): OrderEvent => ({
  seq,
  orderId,
  at: seq,
  type: 'note',
  state: 'ACTIVE',
  reason: `event ${seq}`,
});

describe('MemoryStore', () => {
  it('appends events in sequence and refuses a seq that goes back', async () => {
    const store = new MemoryStore();
    expect(await store.lastSeq()).toBe(-1);
    await store.appendEvent(event(0));
    await store.appendEvent(event(1, 'o2'));
    await expect(store.appendEvent(event(1))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await store.events('o1')).map((e) => e.seq)).toEqual([0]);
    expect(await store.lastSeq()).toBe(1);
  });

  it('upserts exchange orders by id and fills by fillKey', async () => {
    const store = new MemoryStore();
    const eo = {
      id: 'e1',
      userOrderId: 'o1',
      tokenId: '1',
      side: 'BUY' as const,
      state: 'PENDING_NEW' as const,
      price: 500_000,
      size: 10_000_000,
      filled: 0,
      pendingFilled: 0,
      createdAt: 1,
      updatedAt: 1,
      reportedMatched: 0,
      matchedFinal: false,
    };
    await store.saveExchangeOrder(eo);
    await store.saveExchangeOrder({ ...eo, state: 'LIVE' });
    expect(await store.exchangeOrders('o1')).toEqual([{ ...eo, state: 'LIVE' }]);
    const fill = {
      fillKey: 't1:e1',
      tradeId: 't1',
      exchangeOrderId: 'e1',
      userOrderId: 'o1',
      price: 500_000,
      size: 1_000_000,
      status: 'MATCHED' as const,
      role: 'MAKER' as const,
      at: 1,
    };
    await store.saveFill(fill);
    await store.saveFill({ ...fill, status: 'CONFIRMED' });
    expect(await store.fills('o1')).toEqual([{ ...fill, status: 'CONFIRMED' }]);
    expect(await store.fills('o2')).toEqual([]);
  });
});
