import { describe, expect, it } from 'vitest';
import { snapshotFixture } from '../../test/fixtures';
import { buildLadder } from './ladder-rows';

describe('buildLadder', () => {
  it('lists every tick from the worst ask to the worst bid, gaps included', () => {
    const ladder = buildLadder(snapshotFixture());
    expect(ladder.rows.map((r) => r.priceMicros)).toEqual([
      540_000, 530_000, 520_000, 510_000, 500_000,
    ]);
    const gap = ladder.rows[1];
    expect(gap).toMatchObject({ bidMicros: 0, askMicros: 0 });
    expect(ladder.maxSizeMicros).toBe(500_000_000);
    expect(ladder.rows.filter((r) => r.bestAsk).map((r) => r.priceMicros)).toEqual([520_000]);
    expect(ladder.rows.filter((r) => r.bestBid).map((r) => r.priceMicros)).toEqual([510_000]);
  });

  it('marks the band, the micro-price row and our orders', () => {
    const ladder = buildLadder(
      snapshotFixture({
        ourOrders: [{ orderId: 'a', side: 'BUY', price: 500_000, size: 7_000_000 }],
      }),
    );
    expect(ladder.rows.filter((r) => r.inBand).map((r) => r.priceMicros)).toEqual([
      520_000, 510_000,
    ]);
    const micro = ladder.rows.filter((r) => r.microOffset !== null);
    expect(micro.map((r) => r.priceMicros)).toEqual([520_000]);
    expect(micro[0]?.microOffset).toBeCloseTo(-0.4);
    expect(ladder.rows.find((r) => r.priceMicros === 500_000)?.ourBuyMicros).toBe(7_000_000);
    expect(ladder.offLadder).toEqual([]);
    const far = buildLadder(
      snapshotFixture({
        ourOrders: [{ orderId: 'b', side: 'BUY', price: 50_000, size: 5_000_000 }],
      }),
      10,
    );
    expect(far.offLadder.map((o) => o.orderId)).toEqual(['b']);
    expect(far.rows.some((r) => r.priceMicros === 510_000)).toBe(true);
  });

  it('keeps the rows around the middle of a book wider than maxRows', () => {
    const ladder = buildLadder(
      snapshotFixture({
        bids: [
          { price: 510_000, size: 1_000_000 },
          { price: 10_000, size: 1_000_000 },
        ],
        asks: [
          { price: 520_000, size: 1_000_000 },
          { price: 990_000, size: 1_000_000 },
        ],
      }),
      10,
    );
    expect(ladder.rows).toHaveLength(10);
    expect(ladder.offLadder).toEqual([]);
    expect(ladder.rows[0]?.priceMicros).toBe(560_000);
    expect(ladder.rows.at(-1)?.priceMicros).toBe(470_000);
  });
});
