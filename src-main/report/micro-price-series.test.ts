import { describe, expect, it } from 'vitest';
import { Coverage, MicroPriceSeries } from './micro-price-series';

describe('MicroPriceSeries', () => {
  // Two sessions: [1 000, 5 000] and [10 000, 20 000].
  const coverage = new Coverage();
  coverage.add({ startMs: 1_000, endMs: 5_000 });
  coverage.add({ startMs: 10_000, endMs: 20_000 });
  const series = new MicroPriceSeries('tok', coverage);
  series.push(1_000, 500_000);
  series.push(2_000, 500_000);
  series.push(3_000, 510_000);
  series.push(4_000, null);
  series.push(12_000, 520_000);

  it('answers the last book at or before t, inside the span the book belongs to', () => {
    expect(series.length).toBe(4);
    expect(series.at(999)).toBeNull();
    expect(series.at(1_000)).toBe(500_000);
    expect(series.at(2_999)).toBe(500_000);
    expect(series.at(3_000)).toBe(510_000);
    // One-sided book.
    expect(series.at(4_500)).toBeNull();
    // Between sessions, and a new session before its first book of the token.
    expect(series.at(7_000)).toBeNull();
    expect(series.at(11_000)).toBeNull();
    expect(series.at(12_000)).toBe(520_000);
    expect(series.at(20_000)).toBe(520_000);
    // Past the recording's end: not known yet.
    expect(series.at(20_001)).toBeNull();
  });

  it('finds the first two-sided book after t within a window', () => {
    expect(series.firstAfter(500, 1_000)).toEqual({ timeMs: 1_000, microPrice: 500_000 });
    expect(series.firstAfter(3_500, 5_000)).toBeNull();
    expect(series.firstAfter(3_500, 9_000)).toEqual({ timeMs: 12_000, microPrice: 520_000 });
  });

  it('lists the points of a span, led by the price in force at its start', () => {
    expect(series.pointsBetween(2_500, 12_000)).toEqual([
      { timeMs: 2_500, microPrice: 500_000 },
      { timeMs: 3_000, microPrice: 510_000 },
      { timeMs: 12_000, microPrice: 520_000 },
    ]);
  });
});
