import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exchangeOrderView, type Order } from '@shared/domain/order';
import type { Fill, TradeStatus } from '../exchange/exchange-port';
import { DUST_MICROS } from './dust';
import { heldBackOf, isFinalExchangeState, isUnsettled, OrderLedger } from './order-ledger';
import type { EventDraft } from './order-ledger';

const SHARE = 1_000_000;

function newOrder(total = 100 * SHARE): Order {
  return {
    id: 'o1',
    spec: {
      tokenId: '111',
      side: 'BUY',
      strategyType: 'micro_price',
      totalSize: total,
      maxPrice: 550_000,
      minPrice: 450_000,
      urgency: 'MEDIUM',
    },
    state: 'QUEUED',
    createdAt: 0,
    updatedAt: 0,
    targetSize: total,
    filled: 0,
    pendingFilled: 0,
    avgPrice: null,
    adjustments: 0,
    arrivalMicroPrice: null,
    exchangeOrders: [],
  };
}

function ledger(total = 100 * SHARE): { ledger: OrderLedger; events: EventDraft[] } {
  const events: EventDraft[] = [];
  const l = new OrderLedger(
    newOrder(total),
    total,
    (draft) => events.push(draft),
    () => 1_000,
  );
  l.activate('go', 500_000);
  return { ledger: l, events };
}

let trade = 0;
function fill(
  orderId: string,
  size: number,
  status: TradeStatus = 'CONFIRMED',
  tradeId?: string,
): Fill {
  const id = tradeId ?? `t${++trade}`;
  return {
    fillKey: `${id}:${orderId}`,
    tradeId: id,
    orderId,
    role: 'MAKER',
    conditionId: '0xc0',
    tokenId: '111',
    side: 'BUY',
    priceMicros: 500_000,
    sizeMicros: size,
    status,
    rawStatus: status,
    final: status === 'CONFIRMED' || status === 'FAILED',
    matchTimeSec: 0,
    lastUpdateSec: 0,
    feeRateBps: 0,
    transactionHash: undefined,
    bucketIndex: 0,
    outcome: 'Yes',
  };
}

function pick<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('empty');
  return item;
}

const place = (l: OrderLedger, id: string, size: number): void => {
  l.recordPlaced({ id, tokenId: '111', side: 'BUY', price: 500_000, size }, 'test');
};

// Steps of the property tests below: place an order of 1–40 shares, settle a fill reported
// before (CONFIRMED or FAILED), close an order as gone from the book.
const placeOp = fc.record({
  kind: fc.constant('place' as const),
  size: fc.integer({ min: 1, max: 40 }),
});
const settleOp = fc.record({
  kind: fc.constant('settle' as const),
  which: fc.nat(),
  ok: fc.boolean(),
});
const closeOp = fc.record({ kind: fc.constant('close' as const), which: fc.nat() });

describe('OrderLedger', () => {
  it('walks an exchange order PENDING_NEW → LIVE → PARTIALLY_FILLED → FILLED, one event each', () => {
    const { ledger: l, events } = ledger();
    place(l, 'e1', 100 * SHARE);
    expect(l.exchangeOrder('e1')?.state).toBe('PENDING_NEW');
    l.acknowledge('e1');
    expect(l.exchangeOrder('e1')?.state).toBe('LIVE');
    l.applyFill(fill('e1', 40 * SHARE));
    expect(l.exchangeOrder('e1')?.state).toBe('PARTIALLY_FILLED');
    l.applyFill(fill('e1', 60 * SHARE));
    expect(l.exchangeOrder('e1')?.state).toBe('FILLED');
    expect(l.order.filled).toBe(100 * SHARE);
    expect(l.order.avgPrice).toBe(500_000);
    expect(events.map((event) => event.type)).toEqual([
      'state',
      'placed',
      'acknowledged',
      'fill',
      'fill',
    ]);
    l.finish('COMPLETED', 'done');
    expect(l.state).toBe('COMPLETED');
  });

  it('refuses to place more than the limit allows, counting open and pending size', () => {
    const { ledger: l } = ledger(10 * SHARE);
    place(l, 'e1', 6 * SHARE);
    expect(() => place(l, 'e2', 5 * SHARE)).toThrow(/exceed the limit/);
    place(l, 'e2', 4 * SHARE);
    expect(l.committed()).toBe(10 * SHARE);
  });

  it('applies each fill once: the same trade from the stream, REST and a reconnect counts once', () => {
    const { ledger: l } = ledger();
    place(l, 'e1', 100 * SHARE);
    l.acknowledge('e1');
    const f = fill('e1', 10 * SHARE, 'CONFIRMED', 'dup');
    expect(l.applyFill(f)).toBe('applied');
    expect(l.applyFill({ ...f })).toBe('duplicate');
    expect(l.applyFill({ ...f })).toBe('duplicate');
    expect(l.order.filled).toBe(10 * SHARE);
  });

  it('keeps a MATCHED fill pending until CONFIRMED, and undoes it on FAILED', () => {
    const { ledger: l, events } = ledger();
    place(l, 'e1', 100 * SHARE);
    l.acknowledge('e1');
    const a = fill('e1', 30 * SHARE, 'MATCHED');
    const b = fill('e1', 20 * SHARE, 'MATCHED');
    l.applyFill(a);
    l.applyFill(b);
    expect(l.order).toMatchObject({ filled: 0, pendingFilled: 50 * SHARE });
    l.applyFill({ ...a, status: 'MINED' });
    expect(l.order.pendingFilled).toBe(50 * SHARE);
    l.applyFill({ ...a, status: 'CONFIRMED' });
    l.applyFill({ ...b, status: 'FAILED' });
    expect(l.order).toMatchObject({ filled: 30 * SHARE, pendingFilled: 0 });
    expect(l.openSize()).toBe(70 * SHARE);
    expect(events.at(-1)?.type).toBe('fill_failed');
    expect(l.applyFill({ ...b, status: 'CONFIRMED' })).toBe('duplicate');
  });

  it('refuses a fill beyond what its exchange order has left (a bad reply, not a trade)', () => {
    const { ledger: l } = ledger();
    place(l, 'e1', 10 * SHARE);
    l.acknowledge('e1');
    l.applyFill(fill('e1', 10 * SHARE));
    expect(l.applyFill(fill('e1', 1 * SHARE))).toBe('refused');
    expect(l.order.filled).toBe(10 * SHARE);
  });

  it('treats dust in both directions the same way: a little short is filled, a little over is accepted', () => {
    const short = ledger();
    place(short.ledger, 'e1', 10 * SHARE);
    short.ledger.acknowledge('e1');
    short.ledger.applyFill(fill('e1', 10 * SHARE - 2_290));
    expect(short.ledger.exchangeOrder('e1')?.state).toBe('FILLED');
    const over = ledger(10 * SHARE);
    place(over.ledger, 'e1', 10 * SHARE);
    over.ledger.acknowledge('e1');
    expect(over.ledger.applyFill(fill('e1', 10 * SHARE + DUST_MICROS))).toBe('applied');
    expect(over.ledger.applyFill(fill('e1', 1))).toBe('refused');
    const notDust = ledger();
    place(notDust.ledger, 'e1', 10 * SHARE);
    notDust.ledger.acknowledge('e1');
    notDust.ledger.applyFill(fill('e1', 10 * SHARE - DUST_MICROS - 1));
    expect(notDust.ledger.exchangeOrder('e1')?.state).toBe('PARTIALLY_FILLED');
  });

  it('closes a vanished order as FILLED when its fills cover it, else CANCELLED with what filled', () => {
    const { ledger: l } = ledger();
    place(l, 'e1', 10 * SHARE);
    l.acknowledge('e1');
    l.applyFill(fill('e1', 10 * SHARE));
    l.closeOut('e1', 'gone');
    expect(l.exchangeOrder('e1')?.state).toBe('FILLED');
    place(l, 'e2', 10 * SHARE);
    l.acknowledge('e2');
    l.requestCancel('e2', 'user');
    expect(l.exchangeOrder('e2')?.state).toBe('PENDING_CANCEL');
    l.applyFill(fill('e2', 3 * SHARE));
    expect(l.exchangeOrder('e2')?.state).toBe('PENDING_CANCEL');
    l.closeOut('e2', 'cancelled');
    expect(l.exchangeOrder('e2')).toMatchObject({ state: 'CANCELLED', filled: 3 * SHARE });
    expect(l.openSize()).toBe(0);
  });

  it('guards transitions: no reject after acknowledge, no finish with open orders', () => {
    const { ledger: l } = ledger();
    place(l, 'e1', 10 * SHARE);
    l.acknowledge('e1');
    expect(() => l.reject('e1', 'x')).toThrow();
    expect(() => l.finish('COMPLETED', 'x')).toThrow(/open exchange orders/);
    expect(() => l.requestCancel('nope', 'x')).toThrow(/not part of/);
  });

  // Beyond the limit only by trades the exchange reported on an order after it had closed it
  // (late reports): those are real, kept and recorded as an overfill, never placed into.
  it('keeps filled + pending + open within the limit for any sequence of fills and statuses', () => {
    const op = fc.oneof(
      placeOp,
      fc.record({
        kind: fc.constant('fill' as const),
        size: fc.integer({ min: 1, max: 40 }),
        status: fc.constantFrom<TradeStatus>('MATCHED', 'CONFIRMED', 'FAILED'),
        which: fc.nat(),
        repeat: fc.boolean(),
      }),
      settleOp,
      closeOp,
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const { ledger: l } = ledger(100 * SHARE);
        const ids: string[] = [];
        const fills: Fill[] = [];
        const closed = new Set<string>();
        /** Counted trades first reported on an order after it was closed, by fillKey. */
        const late = new Map<string, number>();
        for (const step of ops) {
          if (step.kind === 'place') {
            const size = Math.min(step.size * SHARE, 100 * SHARE - l.committed());
            if (size <= 0) continue;
            const id = `e${ids.length}`;
            place(l, id, size);
            l.acknowledge(id);
            ids.push(id);
          } else if (step.kind === 'fill' && ids.length > 0) {
            const f = fill(pick(ids, step.which), step.size * SHARE, step.status);
            const outcome = l.applyFill(f);
            if (outcome === 'applied' && closed.has(f.orderId) && f.status !== 'FAILED') {
              late.set(f.fillKey, f.sizeMicros);
            }
            if (step.repeat) l.applyFill(f);
            fills.push(f);
          } else if (step.kind === 'settle' && fills.length > 0) {
            const f = pick(fills, step.which);
            l.applyFill({ ...f, status: step.ok ? 'CONFIRMED' : 'FAILED' });
            if (!step.ok) late.delete(f.fillKey);
          } else if (step.kind === 'close' && ids.length > 0) {
            const id = pick(ids, step.which);
            l.closeOut(id, 'gone');
            closed.add(id);
          }
          const lateMicros = [...late.values()].reduce((a, b) => a + b, 0);
          expect(l.order.filled + l.order.pendingFilled + l.openSize()).toBeLessThanOrEqual(
            100 * SHARE + DUST_MICROS + lateMicros,
          );
          expect(l.order.pendingFilled).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('holds back the whole unfilled size of an order that left the book without a final word', () => {
    const { ledger: l, events } = ledger(20 * SHARE);
    place(l, 'e1', 20 * SHARE);
    l.acknowledge('e1');
    l.applyFill(fill('e1', 2 * SHARE));
    l.closeOut('e1', 'cancelled');
    // 2 filled, 18 unaccounted: all of it counts as filled, so nothing is left to place.
    expect(l.heldBack()).toBe(18 * SHARE);
    expect(l.committed()).toBe(20 * SHARE);
    expect(l.unsettled().map((eo) => eo.id)).toEqual(['e1']);
    expect(l.order.exchangeOrders[0]?.heldBack).toBe(18 * SHARE);
    expect(events.at(-1)).toMatchObject({ type: 'settle', size: 18 * SHARE });
    // The exchange says 8 matched in all: 6 unreported stay held back, 12 are free again.
    l.reportMatched('e1', 8 * SHARE, true, 'the exchange order record');
    expect(l.heldBack()).toBe(6 * SHARE);
    expect(l.committed()).toBe(8 * SHARE);
    expect(events.at(-1)?.reason).toBe(
      'final matched size 8 from the exchange order record: 12 shares no longer held back',
    );
    // The late trade of 6 arrives: counted once, nothing held back any more.
    l.applyFill(fill('e1', 6 * SHARE));
    expect(l.heldBack()).toBe(0);
    expect(l.committed()).toBe(8 * SHARE);
  });

  it('takes the trades as final past the horizon, never below what the exchange reported', () => {
    const { ledger: l } = ledger(20 * SHARE);
    place(l, 'e1', 20 * SHARE);
    l.acknowledge('e1');
    l.reportMatched('e1', 5 * SHARE, false, 'the user stream');
    l.applyFill(fill('e1', 3 * SHARE));
    l.closeOut('e1', 'vanished');
    expect(l.heldBack()).toBe(17 * SHARE);
    l.settleFromTrades('e1', 20_000);
    // 3 in trades, but the stream said 5 matched: 2 stay held back until their trade arrives.
    expect(l.heldBack()).toBe(2 * SHARE);
    expect(l.unsettled()).toEqual([]);
  });

  it('does not hold back shares of a trade that failed', () => {
    const { ledger: l } = ledger(20 * SHARE);
    place(l, 'e1', 20 * SHARE);
    l.acknowledge('e1');
    const matched = fill('e1', 4 * SHARE, 'MATCHED');
    l.applyFill(matched);
    l.applyFill({ ...matched, status: 'FAILED' });
    l.reportMatched('e1', 4 * SHARE, true, 'the exchange order record');
    l.closeOut('e1', 'cancelled');
    // size_matched still says 4, but that trade failed: nothing was bought, nothing is held back.
    expect(l.heldBack()).toBe(0);
    expect(l.committed()).toBe(0);
  });

  it('records a late trade beyond the order size as an overfill, never absorbing it', () => {
    const { ledger: l, events } = ledger(10 * SHARE);
    place(l, 'e1', 10 * SHARE);
    l.acknowledge('e1');
    l.closeOut('e1', 'cancelled');
    l.settleFromTrades('e1', 20_000);
    place(l, 'e2', 10 * SHARE);
    l.acknowledge('e2');
    l.applyFill(fill('e2', 10 * SHARE));
    // The exchange matched 6 of e1 after all, reported only now: the shares are the user's.
    expect(l.applyFill(fill('e1', 6 * SHARE))).toBe('applied');
    expect(l.order.filled).toBe(16 * SHARE);
    expect(l.order.overfilled).toBe(6 * SHARE);
    expect(events.at(-2)).toMatchObject({ type: 'overfill', size: 6 * SHARE });
  });

  it("holds back every share of the exchange's final figure the trades lack, dust too", () => {
    // Dust dropped at each replacement would add up: 0.01 unreported here, 0.01 at the next
    // replacement, and the order ends 0.02 over its size.
    const { ledger: l } = ledger(34 * SHARE);
    place(l, 'e1', 34 * SHARE);
    l.acknowledge('e1');
    l.applyFill(fill('e1', 4 * SHARE));
    l.reportMatched('e1', 4 * SHARE + DUST_MICROS, true, 'the exchange order record');
    l.closeOut('e1', 'cancelled');
    expect(l.unsettled()).toEqual([]);
    expect(l.heldBack()).toBe(DUST_MICROS);
    expect(l.committed()).toBe(4 * SHARE + DUST_MICROS);
  });

  it('has nothing to wait for once fills cover the order, dust included', () => {
    const { ledger: l } = ledger(20 * SHARE);
    place(l, 'e1', 10 * SHARE);
    l.acknowledge('e1');
    l.applyFill(fill('e1', 10 * SHARE - 2_290, 'MATCHED'));
    expect(l.exchangeOrder('e1')?.state).toBe('FILLED');
    expect(l.unsettled()).toEqual([]);
    // The 2,290 micro-shares its trades lack are held back, without anything to wait for.
    expect(l.heldBack()).toBe(2_290);
    place(l, 'e2', 10 * SHARE);
    l.acknowledge('e2');
    l.applyFill(fill('e2', 4 * SHARE - 5_000));
    l.closeOut('e2', 'cancelled');
    // 6 shares may have matched unreported; the 5,000 micro-shares short of 4 are dust.
    expect(l.heldBack()).toBe(2_290 + 6 * SHARE + 5_000);
  });

  it('keeps its totals, views and open / held-back / unsettled sets equal to a recomputation from every exchange order', () => {
    // The ledger updates these per changed exchange order; here they are rebuilt from scratch
    // after every step of random placements, fills, reports, cancels and closes.
    const op = fc.oneof(
      placeOp,
      fc.record({
        kind: fc.constant('fill' as const),
        size: fc.integer({ min: 1, max: 40 }),
        status: fc.constantFrom<TradeStatus>('MATCHED', 'MINED', 'CONFIRMED', 'FAILED'),
        which: fc.nat(),
      }),
      settleOp,
      fc.record({ kind: fc.constant('cancel' as const), which: fc.nat(), fails: fc.boolean() }),
      closeOp,
      fc.record({
        kind: fc.constant('report' as const),
        which: fc.nat(),
        size: fc.integer({ min: 0, max: 40 }),
        final: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('horizon' as const), which: fc.nat() }),
    );
    const check = (l: OrderLedger): void => {
      const all = l.allExchangeOrders();
      let filled = 0;
      let pending = 0;
      let notional = 0n;
      for (const eo of all) {
        filled += eo.filled;
        pending += eo.pendingFilled;
        for (const f of eo.fills.values()) {
          if (f.status === 'CONFIRMED') notional += BigInt(f.price) * BigInt(f.size);
        }
      }
      expect(l.order.filled).toBe(filled);
      expect(l.order.pendingFilled).toBe(pending);
      expect(l.order.avgPrice).toBe(
        filled > 0 ? Number((notional + BigInt(filled) / 2n) / BigInt(filled)) : null,
      );
      expect(l.order.exchangeOrders).toEqual(
        all.map((eo) => exchangeOrderView({ ...eo, heldBack: heldBackOf(eo) })),
      );
      const ids = (orders: ReadonlyArray<{ id: string }>) => orders.map((o) => o.id);
      expect(ids(l.openOrders())).toEqual(ids(all.filter((eo) => !isFinalExchangeState(eo.state))));
      expect(ids(l.unsettled())).toEqual(ids(all.filter(isUnsettled)));
      expect(l.heldBack()).toBe(all.reduce((sum, eo) => sum + heldBackOf(eo), 0));
    };
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { ledger: l } = ledger(100 * SHARE);
        const ids: string[] = [];
        const fills: Fill[] = [];
        for (const step of ops) {
          const id = ids.length > 0 ? pick(ids, 'which' in step ? step.which : 0) : undefined;
          const eo = id === undefined ? undefined : l.exchangeOrder(id);
          if (step.kind === 'place') {
            const size = Math.min(step.size * SHARE, 100 * SHARE - l.committed());
            if (size <= 0) continue;
            const next = `e${ids.length}`;
            place(l, next, size);
            l.acknowledge(next);
            ids.push(next);
          } else if (step.kind === 'fill' && id !== undefined) {
            const f = fill(id, step.size * SHARE, step.status);
            l.applyFill(f);
            fills.push(f);
          } else if (step.kind === 'settle' && fills.length > 0) {
            const f = pick(fills, step.which);
            l.applyFill({ ...f, status: step.ok ? 'CONFIRMED' : 'FAILED' });
          } else if (
            step.kind === 'cancel' &&
            eo &&
            ['LIVE', 'PARTIALLY_FILLED'].includes(eo.state)
          ) {
            l.requestCancel(eo.id, 'test');
            if (step.fails) l.cancelFailed(eo.id, 'still resting');
          } else if (step.kind === 'close' && id !== undefined) {
            l.closeOut(id, 'gone');
          } else if (step.kind === 'report' && id !== undefined) {
            l.reportMatched(id, step.size * SHARE, step.final, 'test');
          } else if (step.kind === 'horizon' && eo && isUnsettled(eo)) {
            l.settleFromTrades(eo.id, 0);
          }
          check(l);
        }
        // A restore from the same records gives the same figures.
        const restored = ledger(100 * SHARE).ledger;
        restored.restore(
          l.allExchangeOrders().map((eo) => ({ ...eo, fills: undefined })) as never,
          l
            .fillRecords()
            .map(({ exchangeOrderId, fill: f }) => ({ ...f, exchangeOrderId })) as never,
        );
        check(restored);
      }),
      { numRuns: 300 },
    );
  });
});
