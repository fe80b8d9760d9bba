import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { microPriceOf } from './micro-price';
import {
  fitStoikov,
  fitStoikovSeries,
  imbalanceBucket,
  StoikovEstimator,
  stoikovMicroPrice,
  type StoikovFit,
  type StoikovFitResult,
  type TopOfBookState,
} from './stoikov';

const TICK = 10_000;
const SH = 1_000_000;
/** Small thresholds for hand-built sequences. */
const LOOSE = { minTransitions: 1, minMidMoves: 1, minStateCount: 1 };

/** A one-tick-wide book whose bid is `level` ticks above 0.10, with the given best sizes. */
function top(level: number, bidShares: number, askShares: number, spread = 1): TopOfBookState {
  const bid = 100_000 + level * TICK;
  return {
    bidPriceMicros: bid,
    bidSizeMicros: bidShares * SH,
    askPriceMicros: bid + spread * TICK,
    askSizeMicros: askShares * SH,
    tickMicros: TICK,
  };
}

/** Bid-heavy books (bucket 2 of 3) in a few sizes, so that consecutive ones differ. */
const heavyBid = (level: number, variant = 0): TopOfBookState =>
  top(level, 90 - 2 * variant, 10 + 2 * variant);
const balanced = (level: number): TopOfBookState => top(level, 50, 50);

function expectFit(result: StoikovFitResult): StoikovFit {
  if (result.kind !== 'fit') throw new Error(`expected a fit, got: ${result.reason}`);
  return result;
}

/**
 * From a bid-heavy book (bucket 2 of 3): half the time it stays, a sixth of the time the mid goes
 * up a tick and the book turns balanced, a third of the time it turns balanced without a move. A
 * balanced book always turns bid-heavy without a move (and, mirrored, ask-heavy as often).
 * By hand: G¹(heavy) = (1/6 · 1 tick + 1/3 · G¹(balanced)) / (1 − 1/2) = 1/3 tick, G¹(balanced) = 0
 * by symmetry, and every mid move lands on a balanced book, so the later terms vanish: G* = G¹.
 */
function thirdOfATickSequence(cycles: number): TopOfBookState[] {
  const states: TopOfBookState[] = [];
  let level = 0;
  for (let c = 0; c < cycles; c++) {
    states.push(heavyBid(level, 0), heavyBid(level, 1), heavyBid(level, 2), heavyBid(level, 3));
    level += 1;
    states.push(
      balanced(level),
      heavyBid(level),
      balanced(level),
      heavyBid(level),
      balanced(level),
    );
  }
  return states;
}

describe('imbalanceBucket', () => {
  it('cuts [0, 1] into n equal buckets, the top one closed', () => {
    expect(imbalanceBucket(1, 1, 3)).toBe(1);
    expect(imbalanceBucket(9, 1, 3)).toBe(2);
    expect(imbalanceBucket(1, 9, 3)).toBe(0);
    expect(imbalanceBucket(1, 2, 3)).toBe(1); // I = 1/3 exactly: the upper bucket
    expect(imbalanceBucket(5, 5, 11)).toBe(5); // odd n: balance has a bucket of its own
  });
});

describe('fitStoikov', () => {
  it('matches a hand-solved chain: G* = +1/3 tick bid-heavy, 0 balanced, −1/3 ask-heavy', () => {
    const fit = expectFit(
      fitStoikov(thirdOfATickSequence(40), { imbalanceBuckets: 3, maxSpreadTicks: 1, ...LOOSE }),
    );
    const row = fit.cells[0];
    expect(row?.map((cell) => cell.rawTicks)).toEqual([
      expect.closeTo(-1 / 3, 12),
      expect.closeTo(0, 12),
      expect.closeTo(1 / 3, 12),
    ]);
    expect(row?.map((cell) => cell.adjustmentTicks)).toEqual([
      expect.closeTo(-1 / 3, 12),
      expect.closeTo(0, 12),
      expect.closeTo(1 / 3, 12),
    ]);
    expect(fit.converged).toBe(true);
    // 40 cycles of 9 states: 359 transitions, 40 of them up a tick.
    expect(fit.transitions).toBe(359);
    expect(fit.midMoves).toBe(40);
    // Symmetrised counts: every observation also counted mirrored.
    expect(row?.[0]?.count).toBe(row?.[2]?.count);
    expect(row?.[0]?.observed).toBe(0);
    expect(row?.[2]?.observed).toBe(240);
  });

  it('prices the hand-solved chain at mid + 1/3 tick, in integer micros', () => {
    const fit = fitStoikov(thirdOfATickSequence(40), {
      imbalanceBuckets: 3,
      maxSpreadTicks: 1,
      ...LOOSE,
    });
    // bid 0.50 / ask 0.51, bid-heavy: 0.505 + 0.01/3 = 0.508333…
    const price = stoikovMicroPrice(fit, top(40, 90, 10));
    expect(price).toEqual({
      source: 'stoikov',
      priceMicros: 508_333,
      adjustmentTicks: expect.closeTo(1 / 3, 12),
      spreadTicks: 1,
      bucket: 2,
    });
    expect(stoikovMicroPrice(fit, top(40, 10, 90)).priceMicros).toBe(501_667);
    expect(stoikovMicroPrice(fit, top(40, 50, 50)).priceMicros).toBe(505_000);
  });

  it('clamps the adjustment to half the spread', () => {
    // Bid-heavy: half the time it stays, half the time the mid goes up a tick to a balanced
    // book, which turns bid-heavy again. G* = 1 tick, beyond the half tick of a 1-tick spread.
    const states: TopOfBookState[] = [];
    for (let level = 0; level < 50; level++) {
      states.push(heavyBid(level), heavyBid(level), balanced(level + 1));
    }
    const fit = expectFit(fitStoikov(states, { imbalanceBuckets: 3, maxSpreadTicks: 1, ...LOOSE }));
    expect(fit.cells[0]?.[2]?.rawTicks).toBeCloseTo(1, 12);
    expect(fit.cells[0]?.[2]?.adjustmentTicks).toBe(0.5);
    expect(fit.cells[0]?.[0]?.adjustmentTicks).toBe(-0.5);
    // At the clamp the price is the ask (0.50 / 0.51 → 0.51).
    expect(stoikovMicroPrice(fit, top(40, 90, 10)).priceMicros).toBe(510_000);
  });

  it('is antisymmetric in the imbalance, 0 for a balanced book, inside the spread', () => {
    const step = fc.record({
      move: fc.integer({ min: -1, max: 1 }),
      spread: fc.integer({ min: 1, max: 3 }),
      bid: fc.integer({ min: 1, max: 100 }),
      ask: fc.integer({ min: 1, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 50, maxLength: 300 }), (steps) => {
        let level = 40;
        const states = steps.map((s) => {
          level = Math.max(0, Math.min(70, level + s.move));
          return top(level, s.bid, s.ask, s.spread);
        });
        const result = fitStoikov(states, { imbalanceBuckets: 5, maxSpreadTicks: 3, ...LOOSE });
        if (result.kind !== 'fit') return;
        for (const row of result.cells) {
          for (const cell of row) {
            const mirror = row[row.length - 1 - cell.bucket];
            expect(mirror?.count).toBe(cell.count);
            expect(cell.rawTicks + (mirror?.rawTicks ?? NaN)).toBeCloseTo(0, 6);
            if (cell.adjustmentTicks !== null) {
              expect(Math.abs(cell.adjustmentTicks)).toBeLessThanOrEqual(cell.spreadTicks / 2);
            }
          }
          expect(row[2]?.rawTicks).toBeCloseTo(0, 6);
        }
        for (const state of states) {
          const price = stoikovMicroPrice(result, state);
          expect(price.priceMicros).toBeGreaterThanOrEqual(state.bidPriceMicros);
          expect(price.priceMicros).toBeLessThanOrEqual(state.askPriceMicros);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('learns that a heavy bid pushes the mid up when the data says so', () => {
    // Each step: a random imbalance; the mid then moves up with probability I·0.4, down with
    // (1 − I)·0.4 (a deterministic generator, so the test always sees the same data).
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const states: TopOfBookState[] = [];
    let level = 40;
    for (let i = 0; i < 20_000; i++) {
      const bid = 1 + Math.floor(random() * 99);
      const ask = 1 + Math.floor(random() * 99);
      states.push(top(level, bid, ask));
      const imbalance = bid / (bid + ask);
      const u = random();
      if (u < imbalance * 0.4) level += 1;
      else if (u < 0.4) level -= 1;
      level = Math.max(5, Math.min(80, level));
    }
    const fit = expectFit(fitStoikov(states, { maxSpreadTicks: 1 }));
    const adjustments = fit.cells[0]?.map((cell) => cell.adjustmentTicks ?? NaN) ?? [];
    expect(adjustments).toHaveLength(11);
    for (let b = 1; b < adjustments.length; b++) {
      expect(adjustments[b]).toBeGreaterThan(adjustments[b - 1] ?? Infinity);
    }
    expect(adjustments[10]).toBeGreaterThan(0.1);
    expect(adjustments[5]).toBeCloseTo(0, 9);
  });

  it('says so when there is too little data', () => {
    const few = thirdOfATickSequence(3);
    const result = fitStoikov(few, { imbalanceBuckets: 3, maxSpreadTicks: 1 });
    expect(result).toEqual({
      kind: 'insufficient',
      reason: '26 usable transitions, fewer than the 200 needed',
      transitions: 26,
      midMoves: 3,
      dropped: 0,
    });
    const still = fitStoikov(
      Array.from({ length: 300 }, () => balanced(1)),
      { imbalanceBuckets: 3 },
    );
    expect(still).toMatchObject({
      kind: 'insufficient',
      reason: expect.stringMatching(/^0 mid moves/),
    });
    expect(fitStoikov([])).toMatchObject({ kind: 'insufficient', reason: 'no book states' });
  });

  it('leaves out empty sides, off-grid books, other ticks, wide spreads and jumps', () => {
    const states = thirdOfATickSequence(40);
    const polluted: TopOfBookState[] = [
      { ...balanced(0), tickMicros: 1_000 }, // an older grid
      ...states.slice(0, 100),
      { ...balanced(0), bidSizeMicros: 0 },
      { ...balanced(0), bidPriceMicros: 100_005 },
      top(0, 50, 50, 4),
      top(30, 50, 50), // valid, but a jump of 20+ ticks to the next state
      ...states.slice(100),
    ];
    // Five states or pairs dropped; the one transition lost is states[99] → states[100].
    const clean = expectFit(
      fitStoikov(states, { imbalanceBuckets: 3, maxSpreadTicks: 1, ...LOOSE }),
    );
    const fit = expectFit(
      fitStoikov(polluted, { imbalanceBuckets: 3, maxSpreadTicks: 1, ...LOOSE }),
    );
    expect(fit.dropped).toBe(5);
    expect(fit.transitions).toBe(clean.transitions - 1);
    expect(fit.cells[0]?.[2]?.rawTicks).toBeCloseTo(1 / 3, 2);
  });
});

describe('fitStoikovSeries', () => {
  it('counts transitions within each sequence, never across two', () => {
    const a = thirdOfATickSequence(20);
    // The second market trades 30 ticks away: a pair across the two would be a jump.
    const b = thirdOfATickSequence(20).map((s) => ({
      ...s,
      bidPriceMicros: s.bidPriceMicros + 30 * TICK,
      askPriceMicros: s.askPriceMicros + 30 * TICK,
    }));
    const options = { imbalanceBuckets: 3, maxSpreadTicks: 1, ...LOOSE };
    const both = expectFit(fitStoikovSeries([a, b], options));
    const one = expectFit(fitStoikov(a, options));
    expect(both.transitions).toBe(2 * one.transitions);
    expect(both.dropped).toBe(0);
    expect(both.cells[0]?.[2]?.rawTicks).toBeCloseTo(1 / 3, 12);
    expect(expectFit(fitStoikov([...a, ...b], options)).dropped).toBe(1);
    expect(fitStoikovSeries([[], []])).toMatchObject({ reason: 'no book states' });
  });
});

describe('stoikovMicroPrice fallbacks', () => {
  const state = top(40, 70, 30);
  const weighted = microPriceOf(
    state.bidPriceMicros,
    state.bidSizeMicros,
    state.askPriceMicros,
    state.askSizeMicros,
  );
  const fit = fitStoikov(thirdOfATickSequence(40), {
    imbalanceBuckets: 3,
    maxSpreadTicks: 2,
    ...LOOSE,
  });

  it('uses the weighted mid without a fit, and says why', () => {
    expect(stoikovMicroPrice(null, state)).toEqual({
      source: 'weighted-mid',
      priceMicros: weighted,
      reason: 'no-fit',
      detail: 'no Stoikov fit for this market yet',
    });
    const none = fitStoikov(thirdOfATickSequence(2));
    expect(stoikovMicroPrice(none, state)).toMatchObject({
      source: 'weighted-mid',
      priceMicros: weighted,
      reason: 'no-fit',
      detail: expect.stringContaining('fewer than the 200 needed'),
    });
  });

  it('uses the weighted mid in a state the fit never saw', () => {
    // Fitted on one-tick spreads only: a two-tick book has no estimate.
    expect(stoikovMicroPrice(fit, top(40, 70, 30, 2))).toMatchObject({
      source: 'weighted-mid',
      reason: 'unseen-state',
      priceMicros: microPriceOf(500_000, 70 * SH, 520_000, 30 * SH),
    });
  });

  it('uses the weighted mid beyond the spreads modelled, off the grid, on another tick', () => {
    expect(stoikovMicroPrice(fit, top(40, 70, 30, 3))).toMatchObject({
      reason: 'spread-out-of-range',
    });
    expect(stoikovMicroPrice(fit, { ...state, askPriceMicros: 512_345 })).toMatchObject({
      reason: 'off-grid',
    });
    expect(stoikovMicroPrice(fit, { ...state, tickMicros: 1_000 })).toMatchObject({
      reason: 'tick-mismatch',
      priceMicros: weighted,
    });
  });
});

describe('StoikovEstimator', () => {
  it('refits every refitEvery top-of-book changes, ignoring unchanged tops', () => {
    const estimator = new StoikovEstimator({
      imbalanceBuckets: 3,
      maxSpreadTicks: 1,
      refitEvery: 100,
      window: 200,
      ...LOOSE,
    });
    expect(estimator.price(top(40, 90, 10))).toMatchObject({ reason: 'no-fit' });
    const states = thirdOfATickSequence(40);
    let refits = 0;
    for (const s of states) {
      if (estimator.observe(s)) refits += 1;
      estimator.observe(s); // the same top again: not an event
    }
    expect(refits).toBe(3);
    expect(estimator.fit).toMatchObject({ kind: 'fit', transitions: 199 });
    expect(estimator.price(top(40, 90, 10))).toMatchObject({
      source: 'stoikov',
      priceMicros: 508_333,
    });
  });
});
