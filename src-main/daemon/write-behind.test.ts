import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '@shared/domain/order';
import { MemoryStore } from '../store/memory-store';
import type { StoreBatch, StoredExchangeOrder } from '../store/store-port';
import { WriteBehind } from './write-behind';

const event = (seq: number): OrderEvent => ({
  seq,
  orderId: 'o1',
  at: seq,
  type: 'note',
  state: 'ACTIVE',
  reason: `event ${seq}`,
});

const exchangeOrder = (id: string, filled = 0): StoredExchangeOrder => ({
  id,
  userOrderId: 'o1',
  tokenId: '1',
  side: 'BUY',
  state: 'LIVE',
  price: 400_000,
  size: 10_000_000,
  filled,
  pendingFilled: 0,
  createdAt: 1,
  updatedAt: 1 + filled,
  reportedMatched: 0,
  matchedFinal: false,
});

/** A MemoryStore whose commits are recorded and finish only when released. */
class GatedStore extends MemoryStore {
  readonly batches: StoreBatch[] = [];
  private gates: Array<() => void> = [];
  override async commit(batch: StoreBatch): Promise<void> {
    this.batches.push(batch);
    await new Promise<void>((resolve) => this.gates.push(resolve));
    return super.commit(batch);
  }
  release(): void {
    for (const open of this.gates.splice(0)) open();
  }
}

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Long enough for a commit to start: it waits for one setImmediate after the writes. */
const tick = async (): Promise<void> => {
  await immediate();
  await immediate();
};

describe('WriteBehind', () => {
  it('commits one synchronous burst at once, and what comes while it commits in the next', async () => {
    const store = new GatedStore();
    const writes = new WriteBehind(store, (err) => {
      throw err;
    });
    writes.event(event(0));
    writes.exchangeOrder(exchangeOrder('e1'));
    writes.event(event(1));
    await tick();
    expect(store.batches).toHaveLength(1);
    // Queued while the first commit is on its way: all of it goes into one second commit.
    writes.event(event(2));
    writes.exchangeOrder(exchangeOrder('e1', 1));
    writes.exchangeOrder(exchangeOrder('e2'));
    writes.exchangeOrder(exchangeOrder('e1', 2));
    const barrier = writes.settled();
    let settled = false;
    void barrier.then(() => (settled = true));
    await tick();
    expect(store.batches).toHaveLength(1);
    store.release();
    await tick();
    expect(settled).toBe(false);
    expect(store.batches).toHaveLength(2);
    store.release();
    await barrier;
    expect(store.batches.map((b) => b.events.map((e) => e.seq))).toEqual([[0, 1], [2]]);
    // Written twice before its commit: written once, as it last was.
    expect(store.batches[1]?.exchangeOrders.map((o) => [o.id, o.filled])).toEqual([
      ['e1', 2],
      ['e2', 0],
    ]);
    expect((await store.exchangeOrders('o1')).map((o) => [o.id, o.filled])).toEqual([
      ['e1', 2],
      ['e2', 0],
    ]);
    await writes.settled();
  });

  it('settles only after everything queued before it, and at once when nothing is', async () => {
    const store = new GatedStore();
    const writes = new WriteBehind(store, () => undefined);
    await writes.settled();
    writes.event(event(0));
    const first = writes.settled();
    let done = false;
    void first.then(() => (done = true));
    await tick();
    expect(done).toBe(false);
    store.release();
    await first;
    expect(await store.lastSeq()).toBe(0);
    await writes.settled();
  });

  it('reports a failed commit and goes on with the next', async () => {
    const store = new MemoryStore();
    const errors: unknown[] = [];
    const writes = new WriteBehind(store, (err) => errors.push(err));
    writes.event(event(5));
    await writes.settled();
    writes.event(event(3));
    await writes.settled();
    writes.event(event(6));
    await writes.settled();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'CONFLICT' });
    expect((await store.events('o1')).map((e) => e.seq)).toEqual([5, 6]);
  });

  it('starts a commit only after the work the writing burst set off in its microtasks', async () => {
    // A cancel's event is written, then the client signs and sends the DELETE a few awaits later:
    // the store's synchronous commit must not run in between.
    const order: string[] = [];
    const store = new (class extends MemoryStore {
      override commit(batch: StoreBatch): Promise<void> {
        order.push('commit');
        return super.commit(batch);
      }
    })();
    const writes = new WriteBehind(store, (err) => {
      throw err;
    });
    writes.event(event(0));
    void (async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
      order.push('request sent');
    })();
    await writes.settled();
    expect(order).toEqual(['request sent', 'commit']);
  });
});
