import { describe, expect, it } from 'vitest';
import { PolydeskError } from '@shared/errors';
import { proposeClosingOrder } from './closing-order';
import type { Position } from './position';
import { PositionBook } from './position-book';
import { summarizePortfolio, valueAt } from './portfolio-summary';
import { reconcilePositions } from './reconciliation';

const SHARE = 1_000_000;

/** Buy 10 @ 0.40 CONFIRMED, buy 10 @ 0.60 MATCHED, sell 5 @ 0.70 MATCHED on token A. */
function sample(): Position {
  const book = new PositionBook();
  const base = { tokenId: 'A', timeMs: 0 };
  book.apply({
    ...base,
    tradeId: '1',
    side: 'BUY',
    priceMicros: 400_000,
    sizeMicros: 10 * SHARE,
    status: 'CONFIRMED',
    timeMs: 1,
  });
  book.apply({
    ...base,
    tradeId: '2',
    side: 'BUY',
    priceMicros: 600_000,
    sizeMicros: 10 * SHARE,
    status: 'MATCHED',
    timeMs: 2,
  });
  book.apply({
    ...base,
    tradeId: '3',
    side: 'SELL',
    priceMicros: 700_000,
    sizeMicros: 5 * SHARE,
    status: 'MATCHED',
    timeMs: 3,
  });
  const position = book.position('A');
  if (!position) throw new Error('no position');
  return position;
}

describe('summarizePortfolio', () => {
  it('values at micro-price and at the bid, and splits cash into free and reserved', () => {
    // 15 shares, basis 7.50. At micro 0.55: 8.25, unrealized +0.75; at bid 0.52: 7.80, +0.30.
    // Cash 100.00 with 12.00 + 3.00 reserved by open BUYs: 85.00 free. Pending sale proceeds
    // 3.50 arrive at CONFIRMED: equity at micro 100 + 3.50 + 8.25 = 111.75, at bid 111.30.
    const summary = summarizePortfolio({
      positions: [sample()],
      marks: { A: { microPriceMicros: 550_000, bestBidMicros: 520_000 } },
      cashMicros: 100 * SHARE,
      openOrders: [
        { orderId: 'o1', reservedMicros: 12 * SHARE },
        { orderId: 'o2', reservedMicros: 3 * SHARE },
      ],
    });
    const [a] = summary.positions;
    expect(a?.valueAtMicroMicros).toBe(8_250_000);
    expect(a?.unrealizedAtMicroMicros).toBe(750_000);
    expect(a?.valueAtBidMicros).toBe(7_800_000);
    expect(a?.unrealizedAtBidMicros).toBe(300_000);
    expect(summary.totals.realizedPnlMicros).toBe(1_000_000);
    expect(summary.cash).toEqual({
      balanceMicros: 100 * SHARE,
      reservedMicros: 15 * SHARE,
      freeMicros: 85 * SHARE,
      overReservedMicros: 0,
      pendingSellProceedsMicros: 3_500_000,
    });
    expect(summary.equityAtMicroMicros).toBe(111_750_000);
    expect(summary.equityAtBidMicros).toBe(111_300_000);
    expect(summary.totals.unmarkedTokenIds).toEqual([]);
  });

  it('leaves unmarked positions out of the sums and the equity unknown', () => {
    const summary = summarizePortfolio({ positions: [sample()], cashMicros: SHARE });
    expect(summary.positions[0]?.valueAtMicroMicros).toBeNull();
    expect(summary.totals.unmarkedTokenIds).toEqual(['A']);
    expect(summary.totals.valueAtMicroMicros).toBe(0);
    expect(summary.equityAtMicroMicros).toBeNull();
  });

  it('values a flat position at 0 without a mark and rounds a value down', () => {
    expect(valueAt(0, null)).toBe(0);
    // 1.234567 shares at 0.55 = 0.67901185 → 679 011 micros.
    expect(valueAt(1_234_567, 550_000)).toBe(679_011);
  });

  it('reports over-reserved cash instead of a negative free balance', () => {
    const summary = summarizePortfolio({
      positions: [],
      cashMicros: 5 * SHARE,
      openOrders: [{ orderId: 'o', reservedMicros: 7 * SHARE }],
    });
    expect(summary.cash?.freeMicros).toBe(0);
    expect(summary.cash?.overReservedMicros).toBe(2 * SHARE);
  });
});

describe('reconcilePositions', () => {
  it('warns with both figures when the exchange balance differs, and changes neither', () => {
    // Confirmed 10 shares; the pending sell of 5 is already off the exchange balance, so it
    // should report 5. It reports 7.5: a warning of +2.5.
    const position = sample();
    const [warning, ...rest] = reconcilePositions([position], { A: 7_500_000 });
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({
      tokenId: 'A',
      exchangeMicros: 7_500_000,
      confirmedMicros: 10 * SHARE,
      pendingSellMicros: 5 * SHARE,
      expectedMicros: 5 * SHARE,
      differenceMicros: 2_500_000,
    });
    expect(warning?.message).toContain('7.5 shares');
    expect(warning?.message).toContain('10 shares');
    expect(position.heldMicros).toBe(15 * SHARE);
  });

  it('is quiet when the figures agree or differ within the tolerance', () => {
    expect(reconcilePositions([sample()], { A: 5 * SHARE })).toEqual([]);
    expect(reconcilePositions([sample()], { A: 5 * SHARE + 3 }, 5)).toEqual([]);
    expect(reconcilePositions([sample()], {})).toEqual([]);
  });

  it('warns about a token held on the exchange that our fills never traded', () => {
    const warnings = reconcilePositions([], { B: 2 * SHARE });
    expect(warnings.map((w) => [w.tokenId, w.expectedMicros, w.exchangeMicros])).toEqual([
      ['B', 0, 2 * SHARE],
    ]);
  });

  it('comes with the summary when balances are given', () => {
    const summary = summarizePortfolio({ positions: [sample()], exchangeBalances: { A: 0 } });
    expect(summary.warnings).toHaveLength(1);
  });
});

describe('proposeClosingOrder', () => {
  it('sells only settled shares at the bid, and says what it left out', () => {
    // Held 15, but only confirmed 10 − pending sells 5 = 5 shares are on the exchange.
    // 5 @ 0.52 = 2.60 in, basis out 7.50·5/15 = 2.50: +0.10.
    const result = proposeClosingOrder({ position: sample(), bestBidMicros: 520_000 });
    expect(result).toEqual({
      ok: true,
      order: {
        tokenId: 'A',
        side: 'SELL',
        priceMicros: 520_000,
        sizeMicros: 5 * SHARE,
        price: '0.52',
        size: '5',
        estimatedProceedsMicros: 2_600_000,
        estimatedRealizedPnlMicros: 100_000,
        remainingMicros: 10 * SHARE,
        notSellableMicros: 10 * SHARE,
      },
    });
  });

  it('closes a settled position whole, or reduces it by a fraction on the 0.01 grid', () => {
    const position: Position = {
      ...sample(),
      heldMicros: 12_345_678,
      confirmedMicros: 12_345_678,
      pendingBuyMicros: 0,
      pendingSellMicros: 0,
      costBasisMicros: 5_000_000,
    };
    const whole = proposeClosingOrder({ position, bestBidMicros: 500_000 });
    expect(whole.ok && whole.order.sizeMicros).toBe(12_340_000);
    expect(whole.ok && whole.order.remainingMicros).toBe(5_678);
    // A third: 4.115226 shares → 4.11 on the grid.
    const third = proposeClosingOrder({ position, bestBidMicros: 500_000, fraction: 1 / 3 });
    expect(third.ok && third.order.size).toBe('4.11');
    const afterReserve = proposeClosingOrder({
      position,
      bestBidMicros: 500_000,
      reservedSharesMicros: 12 * SHARE,
    });
    expect(afterReserve.ok && afterReserve.order.sizeMicros).toBe(340_000);
  });

  it('refuses without a position, a bid, sellable shares, or the minimum size', () => {
    const flat: Position = { ...sample(), heldMicros: 0 };
    expect(proposeClosingOrder({ position: flat, bestBidMicros: 500_000 })).toMatchObject({
      ok: false,
      reason: 'no_position',
    });
    expect(proposeClosingOrder({ position: sample(), bestBidMicros: null })).toMatchObject({
      ok: false,
      reason: 'no_bid',
    });
    const pendingOnly: Position = { ...sample(), confirmedMicros: 0, pendingSellMicros: 0 };
    expect(proposeClosingOrder({ position: pendingOnly, bestBidMicros: 500_000 })).toMatchObject({
      ok: false,
      reason: 'nothing_sellable',
    });
    expect(
      proposeClosingOrder({
        position: sample(),
        bestBidMicros: 500_000,
        minOrderSizeMicros: 10 * SHARE,
      }),
    ).toMatchObject({ ok: false, reason: 'below_min_size' });
    expect(() =>
      proposeClosingOrder({ position: sample(), bestBidMicros: 1, fraction: 0 }),
    ).toThrow(PolydeskError);
  });
});
