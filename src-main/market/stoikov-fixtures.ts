import type { TopOfBookState } from '@shared/math/stoikov';

/** Three buckets on one-tick books: small enough to fit from a few dozen hand-made states. */
export const SMALL_STOIKOV_FIT = {
  imbalanceBuckets: 3,
  maxSpreadTicks: 1,
  minTransitions: 40,
  minMidMoves: 4,
};

const TICK = 10_000;
const SHARE = 1_000_000;

function top(level: number, bidShares: number, askShares: number): TopOfBookState {
  const bid = 300_000 + level * TICK;
  return {
    bidPriceMicros: bid,
    bidSizeMicros: bidShares * SHARE,
    askPriceMicros: bid + TICK,
    askSizeMicros: askShares * SHARE,
    tickMicros: TICK,
  };
}

/**
 * For tests: one-tick books at 0.30 + `level` ticks whose bid-heavy tops are followed by the mid
 * ticking up, each state unlike the one before; nine states (eight transitions) per cycle.
 */
export function leaningCycle(level: number): TopOfBookState[] {
  return [
    top(level, 90, 10),
    top(level, 88, 12),
    top(level, 86, 14),
    top(level, 84, 16),
    top(level + 1, 50, 50),
    top(level + 1, 90, 10),
    top(level + 1, 50, 50),
    top(level + 1, 89, 11),
    top(level + 1, 51, 49),
  ];
}
