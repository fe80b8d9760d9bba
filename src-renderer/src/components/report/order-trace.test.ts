import { describe, expect, it } from 'vitest';
import { fillRadius, orderTrace, priceTicks } from './order-trace';
import { icebergOrder, microOrder, reportFixture, T0 } from './report-fixture';

describe('order trace', () => {
  it('cuts the token trace to the order: from 5 s before arrival to 60 s after the last fill', () => {
    const trace = orderTrace(reportFixture(), icebergOrder());
    expect(trace.points.map((p) => p.t - T0)).toEqual([-1_000, 1_000, 4_000, 30_000]);
    expect(trace.points[0]?.micro).toBeCloseTo(0.514, 9);
    expect(trace.arrival).toBeCloseTo(0.515, 9);
    expect(trace.arrivalMs).toBe(T0);
    expect(trace.fills.map((f) => [f.t - T0, f.price])).toEqual([
      [850, 0.52],
      [2_000, 0.52],
      [4_200, 0.53],
    ]);
    // Lowest micro 0.488 and highest fill 0.53: out to the tick grid, then a tick of room.
    expect(trace.domain).toEqual([0.47, 0.54]);
    expect(trace.priceTicks).toEqual([0.48, 0.5, 0.52, 0.54]);
    const onGrid = orderTrace(reportFixture({ traces: [] }), icebergOrder());
    // Without a trace: the arrival 0.515 and the fills up to 0.53.
    expect(onGrid.domain).toEqual([0.5, 0.54]);
  });

  it('sizes the dots by area, and falls back to the whole trace when the window is thin', () => {
    expect(fillRadius(10, 10)).toBe(9);
    expect(fillRadius(2.5, 10)).toBe(4.5);
    expect(fillRadius(0.01, 10)).toBe(3);
    const late = microOrder({ arrivalMs: T0 + 500_000, fills: [] });
    expect(orderTrace(reportFixture(), late).points).toHaveLength(6);
    const elsewhere = orderTrace(reportFixture(), microOrder({ tokenId: '999' }));
    expect(elsewhere.points).toEqual([]);
    expect(elsewhere.fills).toHaveLength(1);
  });

  it('labels the price axis on the tick grid, a round number of ticks apart', () => {
    expect(priceTicks([0.29, 0.32], 10_000)).toEqual([0.29, 0.3, 0.31, 0.32]);
    expect(priceTicks([0.29, 0.35], 10_000)).toEqual([0.3, 0.32, 0.34]);
    expect(priceTicks([0.4, 0.9], 10_000)).toEqual([0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(priceTicks([0.944, 0.951], 1_000)).toEqual([0.944, 0.946, 0.948, 0.95]);
  });
});
