import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MarketSnapshot } from '@shared/domain/market';
import type { OrderEvent } from '@shared/domain/order';
import { coalescedSender } from './event-coalescer';

function snapshot(tokenId: string, bestBid: number): MarketSnapshot {
  return {
    tokenId,
    conditionId: '0x1',
    timestamp: 1,
    ageMs: 0,
    stale: false,
    source: 'stream',
    tickMicros: 10_000,
    bestBid,
    bestAsk: 600_000,
    spread: 600_000 - bestBid,
    bidDepth: 1,
    askDepth: 1,
    microPrice: null,
    microPriceUpperBand: null,
    microPriceLowerBand: null,
    bids: [],
    asks: [],
    lastTradePrice: null,
    ourOrders: [],
  };
}

const orderEvent = (seq: number): OrderEvent => ({
  seq,
  orderId: 'o1',
  at: seq,
  type: 'fill',
  state: 'ACTIVE',
  reason: 'fill',
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('coalescedSender', () => {
  it('keeps only the newest snapshot per token, and passes order events at once, all of them', () => {
    const sent: [string, unknown][] = [];
    const sender = coalescedSender((name, payload) => sent.push([name, payload]), {
      intervalMs: 30,
    });
    for (let i = 1; i <= 100; i++) {
      sender.listener('market.snapshot', snapshot('A', 400_000 + i * 10));
      sender.listener('market.snapshot', snapshot('B', 300_000 + i * 10));
      sender.listener('order.event', orderEvent(i));
    }
    expect(sent.filter(([n]) => n === 'order.event')).toHaveLength(100);
    expect(sent.filter(([n]) => n === 'market.snapshot')).toHaveLength(0);
    vi.advanceTimersByTime(30);
    const snaps = sent.filter(([n]) => n === 'market.snapshot').map(([, p]) => p as MarketSnapshot);
    expect(snaps.map((s) => [s.tokenId, s.bestBid])).toEqual([
      ['A', 401_000],
      ['B', 301_000],
    ]);
  });

  it('holds snapshots back while the transport is congested, without losing the newest', () => {
    const sent: unknown[] = [];
    let ready = false;
    const sender = coalescedSender((_n, p) => sent.push(p), { intervalMs: 10, ready: () => ready });
    sender.listener('market.snapshot', snapshot('A', 410_000));
    vi.advanceTimersByTime(50);
    expect(sent).toHaveLength(0);
    sender.listener('market.snapshot', snapshot('A', 420_000));
    ready = true;
    vi.advanceTimersByTime(10);
    expect(sent).toEqual([snapshot('A', 420_000)]);
    sender.close();
  });
});
