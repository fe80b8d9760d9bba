import { describe, expect, it } from 'vitest';
import type { FillSlippage } from './slippage-histogram';
import { chooseBinWidth, fillSlippages, slippageHistogram } from './slippage-histogram';
import { icebergOrder, microOrder } from './report-fixture';

const ice = (ticks: number): FillSlippage => ({ strategyType: 'iceberg', ticks });
const micro = (ticks: number): FillSlippage => ({ strategyType: 'micro_price', ticks });
const kelly = (ticks: number): FillSlippage => ({ strategyType: 'kelly', ticks });

describe('slippage histogram', () => {
  it('bins half-open [from, to) by half a tick, counted per strategy, without gaps', () => {
    const h = slippageHistogram([ice(0.5), ice(0.99), micro(0.5), kelly(1.5), ice(-1)], 0.5);
    expect(h.binWidth).toBe(0.5);
    expect(h.fills).toBe(5);
    expect(h.bins.map((b) => [b.fromTicks, b.toTicks])).toEqual([
      [-1, -0.5],
      [-0.5, 0],
      [0, 0.5],
      [0.5, 1],
      [1, 1.5],
      [1.5, 2],
    ]);
    expect(h.bins.map((b) => b.total)).toEqual([1, 0, 0, 3, 0, 1]);
    expect(h.bins[3]).toMatchObject({ iceberg: 2, micro_price: 1, kelly: 0, label: '0.5…1' });
    expect(h.bins[5]).toMatchObject({ iceberg: 0, micro_price: 0, kelly: 1 });
    expect(h.bins[0]?.label).toBe('-1…-0.5');
  });

  it('puts a value that rounding left a hair below an edge into the bin above', () => {
    // 0.1 + 0.2 + 0.2 is 0.5000000000000001 and 1.1 - 0.6 is 0.5000000000000001; 0.3 / 0.6 is
    // 0.49999999999999994.
    const h = slippageHistogram([ice(0.3 / 0.6), ice(1)], 0.5);
    expect(h.bins.map((b) => [b.fromTicks, b.total])).toEqual([
      [0.5, 1],
      [1, 1],
    ]);
  });

  it('uses bins of one tick (or wider) when half-tick bins would be too many', () => {
    expect(chooseBinWidth([0, 3.2])).toBe(0.5);
    expect(chooseBinWidth([-4, 20])).toBe(1);
    expect(chooseBinWidth([-30, 30])).toBe(5);
    expect(chooseBinWidth([])).toBe(0.5);
    const h = slippageHistogram([ice(-4), ice(20), micro(0.4), micro(0.6)]);
    expect(h.binWidth).toBe(1);
    expect(h.bins).toHaveLength(25);
    expect(h.bins.find((b) => b.fromTicks === 0)).toMatchObject({ micro_price: 2, total: 2 });
  });

  it('is empty without fills, and reads per-fill slippage from the orders (unmeasured left out)', () => {
    expect(slippageHistogram([])).toEqual({ binWidth: 0.5, bins: [], fills: 0 });
    const order = icebergOrder();
    const first = order.fills[0];
    if (!first) throw new Error('fixture has fills');
    const orders = [
      { ...order, fills: [{ ...first, slippageTicks: null }, ...order.fills.slice(1)] },
      microOrder(),
    ];
    expect(fillSlippages(orders)).toEqual([ice(0.5), ice(1.5), micro(-1)]);
  });
});
