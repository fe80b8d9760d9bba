import { describe, expect, it } from 'vitest';
import type { PricePoint } from '../../state/price-history';
import { priceDomain } from './price-domain';

const point = (bid: number, ask: number, our: number | null): PricePoint => ({
  t: 0,
  bid,
  ask,
  mid: (bid + ask) / 2,
  micro: (bid + ask) / 2,
  stoikov: null,
  band: [bid, ask],
  our,
});

describe('priceDomain', () => {
  it('fits the book and band, not an order resting far away', () => {
    const [low, high] = priceDomain([point(0.52, 0.53, 0.05), point(0.5, 0.51, 0.05)]);
    expect(low).toBeCloseTo(0.49);
    expect(high).toBeCloseTo(0.54);
    expect(priceDomain([])).toEqual([0, 1]);
  });
});
