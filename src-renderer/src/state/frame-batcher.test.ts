import { describe, expect, it } from 'vitest';
import { orderFixture, snapshotFixture } from '../test/fixtures';
import { FrameBatcher } from './frame-batcher';
import type { FrameBatch } from './frame-batcher';

function manualFrames() {
  const pending: (() => void)[] = [];
  return {
    schedule: (flush: () => void) => pending.push(flush),
    runFrame: () => pending.splice(0).forEach((f) => f()),
    scheduled: () => pending.length,
  };
}

describe('FrameBatcher', () => {
  it('delivers one batch per frame with the newest snapshot of each token', () => {
    const frames = manualFrames();
    const batches: FrameBatch[] = [];
    const batcher = new FrameBatcher((b) => batches.push(b), frames.schedule);
    batcher.pushSnapshot(snapshotFixture({ bestBid: 500_000 }));
    batcher.pushSnapshot(snapshotFixture({ bestBid: 510_000 }));
    batcher.pushSnapshot(snapshotFixture({ tokenId: '999', bestBid: 300_000 }));
    expect(frames.scheduled()).toBe(1);
    expect(batches).toHaveLength(0);
    frames.runFrame();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.snapshots.map((s) => [s.tokenId, s.bestBid])).toEqual([
      ['1111111111', 510_000],
      ['999', 300_000],
    ]);
  });

  it('never drops order updates or events, and keeps their order', () => {
    const frames = manualFrames();
    const batches: FrameBatch[] = [];
    const batcher = new FrameBatcher((b) => batches.push(b), frames.schedule);
    for (let i = 0; i < 5; i++) {
      batcher.pushOrder(orderFixture({ updatedAt: i }));
      batcher.pushEvent({
        seq: i,
        orderId: 'ord-1',
        at: i,
        type: 'note',
        state: 'ACTIVE',
        reason: `e${i}`,
      });
    }
    frames.runFrame();
    expect(batches[0]?.orders.map((o) => o.updatedAt)).toEqual([0, 1, 2, 3, 4]);
    expect(batches[0]?.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    frames.runFrame();
    expect(batches).toHaveLength(1);
  });

  it('a frame scheduled twice (frame and backstop timer) flushes once', () => {
    const batches: FrameBatch[] = [];
    let flushes: (() => void)[] = [];
    const batcher = new FrameBatcher(
      (b) => batches.push(b),
      (f) => (flushes = [f, f]),
    );
    batcher.pushOrder(orderFixture());
    flushes.forEach((f) => f());
    expect(batches).toHaveLength(1);
  });
});
