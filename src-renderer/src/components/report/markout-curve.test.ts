import { describe, expect, it } from 'vitest';
import { curveStrategies, markoutAtFill, markoutCurve } from './markout-curve';
import { icebergOrder, microOrder, reportFixture } from './report-fixture';

describe('markout curve', () => {
  it('has the fill itself and the 1, 10, 60 s horizons, per strategy', () => {
    const rows = markoutCurve(reportFixture());
    expect(rows.map((r) => r.label)).toEqual(['0 s', '1 s', '10 s', '60 s']);
    expect(rows.map((r) => r.iceberg)).toEqual([expect.closeTo(-0.36667, 4), -0.25, 0.4, 0.9]);
    expect(rows.map((r) => r.micro_price)).toEqual(
      [0.3, 0.5, null, null].map((v) => (v === null ? null : expect.closeTo(v, 6))),
    );
    expect(rows.map((r) => r.kelly)).toEqual([null, null, null, null]);
    expect(curveStrategies(rows)).toEqual(['iceberg', 'micro_price']);
  });

  it('weighs the at-fill markout by size and signs it for the side', () => {
    // BUY: 5 at 0.52 under a micro of 0.516 (-0.4 ticks), 5 at 0.52 under 0.517 (-0.3), 5 at
    // 0.53 under 0.526 (-0.4).
    expect(markoutAtFill([icebergOrder()], 'iceberg')).toBeCloseTo(-0.36667, 4);
    const order = icebergOrder();
    const [a, b, c] = order.fills;
    if (!a || !b || !c) throw new Error('fixture has three fills');
    const heavy = { ...order, fills: [{ ...a, sizeMicros: 30_000_000 }, b, c] };
    expect(markoutAtFill([heavy], 'iceberg')).toBeCloseTo((-0.4 * 30 - 0.3 * 5 - 0.4 * 5) / 40, 6);
    // SELL 4 at 0.49 with micro 0.487: +0.3 ticks (we sold above the micro-price).
    expect(markoutAtFill([microOrder()], 'micro_price')).toBeCloseTo(0.3, 6);
    expect(markoutAtFill([microOrder()], 'kelly')).toBeNull();
  });
});
