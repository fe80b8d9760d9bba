import { describe, expect, it } from 'vitest';
import type { TopOfBookState } from '@shared/math/stoikov';
import { estimatorComparison } from './estimator-comparison';

/** A seeded walk of a one-tick-spread book whose imbalance leads the next mid move. */
function walk(count: number, seed = 7): TopOfBookState[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const states: TopOfBookState[] = [];
  let bid = 480_000;
  for (let i = 0; i < count; i++) {
    const bidSize = Math.round(10 + random() * 90) * 1_000_000;
    const askSize = Math.round(10 + random() * 90) * 1_000_000;
    states.push({
      bidPriceMicros: bid,
      bidSizeMicros: bidSize,
      askPriceMicros: bid + 10_000,
      askSizeMicros: askSize,
      tickMicros: 10_000,
    });
    const up = bidSize / (bidSize + askSize);
    if (random() < 0.3) bid += random() < up ? 10_000 : -10_000;
    bid = Math.min(900_000, Math.max(100_000, bid));
  }
  return states;
}

describe('estimatorComparison', () => {
  it('compares the three estimators per horizon, with ratios to the mid', () => {
    const comparison = estimatorComparison([{ tokenId: 'a', states: walk(4_000) }], [1, 5]);
    expect(comparison).not.toBeNull();
    expect(comparison?.trainEvents).toBe(2_000);
    expect(comparison?.testEvents).toBe(2_000);
    const [h1] = comparison?.horizons ?? [];
    expect(h1?.horizonEvents).toBe(1);
    expect(h1?.rows.map((r) => r.estimator)).toEqual(['mid', 'weighted_mid', 'stoikov']);
    expect(h1?.rows[0]?.ratioToMid).toBe(1);
    // The weighted mid leans toward where the mid goes next in this walk.
    expect(h1?.rows[1]?.ratioToMid ?? 2).toBeLessThan(1);
    expect(h1?.rows.every((r) => r.samples > 1_000 && Number.isFinite(r.rmseTicks))).toBe(true);
  });

  it('says so when the data is thin or Stoikov has no fit, and is null without data', () => {
    const thin = estimatorComparison([{ tokenId: 'a', states: walk(40) }], [1, 50]);
    expect(thin?.horizons.map((h) => h.horizonEvents)).toEqual([1]);
    expect(thin?.notes.join(' ')).toMatch(/Too few top-of-book events to test the horizon 50/);
    expect(thin?.notes.join(' ')).toMatch(/Stoikov had no fit for 1 of 1/);
    expect(thin?.notes.join(' ')).toMatch(/Fewer than 200 test points/);
    expect(thin?.horizons[0]?.stoikovFallbacks).toBe(thin?.horizons[0]?.rows[2]?.samples);
    expect(estimatorComparison([])).toBeNull();
    expect(estimatorComparison([{ tokenId: 'a', states: walk(1) }])).toBeNull();
  });
});
