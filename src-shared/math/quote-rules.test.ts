import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolydeskError } from '@shared/errors';
import { calculateThresholdBands } from './micro-price';
import type { BookSide, Level, OrderBook } from './order-book';
import {
  aggressionAllowanceMicros,
  hasLeftBand,
  isOutOfBand,
  isTooAggressive,
  quoteContext,
  quotePrice,
  quoteSnapshotFromView,
  quoteTarget,
  reviewOrder,
  shouldReplace,
} from './quote-rules';
import type { OwnOrder, QuoteParams, QuoteSnapshot } from './quote-rules';
import { isOnGrid, TICK_SIZES_MICROS } from './tick-grid';

const SH = 1_000_000;
const lvl = (priceMicros: number, sizeMicros: number): Level => ({ priceMicros, sizeMicros });
const snap = (book: OrderBook, tickMicros = 10_000, ownOrders: OwnOrder[] = []): QuoteSnapshot => ({
  book,
  tickMicros,
  ownOrders,
});

describe('quotePrice', () => {
  it('joins the best price in a one-tick market', () => {
    const s = snap({ bids: [lvl(500_000, 100 * SH)], asks: [lvl(510_000, 100 * SH)] });
    expect(quotePrice('BUY', s)).toBe(500_000);
    expect(quotePrice('SELL', s)).toBe(510_000);
  });

  it('improves at most the aggression allowance past the best other order', () => {
    // micro = (0.40·100 + 0.45·1000)/1100 = 0.44545…; 100 bps of 0.40 is below a tick → 0.41
    const s = snap({ bids: [lvl(400_000, 1000 * SH)], asks: [lvl(450_000, 100 * SH)] });
    expect(quoteContext(s).microMicros).toBe(445_455);
    expect(quotePrice('BUY', s)).toBe(410_000);
    expect(quotePrice('BUY', s, { aggressionLimitBps: 1000 })).toBe(440_000);
    expect(quotePrice('SELL', s)).toBe(450_000);
    expect(quotePrice('SELL', s, { aggressionLimitBps: 1000 })).toBe(450_000);
  });

  it('stays inside the user limits, and gives up rather than cross', () => {
    const s = snap({ bids: [lvl(400_000, 1000 * SH)], asks: [lvl(450_000, 100 * SH)] });
    expect(quotePrice('BUY', s, { maxPriceMicros: 385_000 })).toBe(380_000);
    expect(quotePrice('BUY', s, { minPriceMicros: 425_000 })).toBe(430_000);
    expect(quotePrice('BUY', s, { minPriceMicros: 450_000 })).toBeNull();
    expect(quotePrice('SELL', s, { maxPriceMicros: 400_000 })).toBeNull();
    expect(quotePrice('BUY', s, { minPriceMicros: 300_000, maxPriceMicros: 200_000 })).toBeNull();
  });

  it('near 0 on a 0.001 tick', () => {
    // micro = (0.004·100 + 0.006·500)/600 = 0.005667
    const s = snap({ bids: [lvl(4_000, 500 * SH)], asks: [lvl(6_000, 100 * SH)] }, 1_000);
    expect(quotePrice('BUY', s)).toBe(5_000);
    expect(quotePrice('SELL', s)).toBe(6_000);
  });

  it('near 1 on a 0.01 tick', () => {
    const s = snap({ bids: [lvl(980_000, 100 * SH)], asks: [lvl(990_000, 100 * SH)] });
    expect(quotePrice('BUY', s)).toBe(980_000);
    expect(quotePrice('SELL', s)).toBe(990_000);
  });

  it('prices from the book without our own orders', () => {
    // With ours: bid 0.50×1100 → micro 0.5183; without: bid 0.50×100 → micro 0.51.
    const book = { bids: [lvl(500_000, 1100 * SH)], asks: [lvl(520_000, 100 * SH)] };
    const s = snap(book, 10_000, [{ side: 'BUY', priceMicros: 500_000, sizeMicros: 1000 * SH }]);
    expect(quoteContext(s).microMicros).toBe(510_000);
    expect(quoteContext(s).bestOtherBidMicros).toBe(500_000);
  });

  it('has no quote when the other book is one-sided', () => {
    const book = { bids: [lvl(500_000, 100 * SH)], asks: [lvl(520_000, 100 * SH)] };
    const s = snap(book, 10_000, [{ side: 'SELL', priceMicros: 520_000, sizeMicros: 100 * SH }]);
    expect(quotePrice('BUY', s)).toBeNull();
  });
});

describe('quoteSnapshotFromView', () => {
  it('reads a MarketSnapshot-shaped view', () => {
    const view = {
      tickMicros: 10_000,
      bids: [
        { price: 490_000, size: 50 * SH },
        { price: 500_000, size: 100 * SH },
      ],
      asks: [{ price: 510_000, size: 100 * SH }],
      ourOrders: [{ orderId: '0xabc', side: 'BUY' as const, price: 500_000, size: 40 * SH }],
    };
    const s = quoteSnapshotFromView(view, 5 * SH);
    expect(s.book.bids).toEqual([lvl(500_000, 100 * SH), lvl(490_000, 50 * SH)]);
    expect(s.ownOrders).toEqual([{ side: 'BUY', priceMicros: 500_000, sizeMicros: 40 * SH }]);
    expect(s.minSizeMicros).toBe(5 * SH);
    expect(quotePrice('BUY', s)).toBe(500_000);
  });
});

describe('isTooAggressive', () => {
  it('allows at least one tick ahead of the best other order', () => {
    expect(aggressionAllowanceMicros(400_000, 100, 10_000)).toBe(10_000);
    expect(aggressionAllowanceMicros(400_000, 500, 10_000)).toBe(20_000);
    expect(isTooAggressive('BUY', 410_000, 400_000, 100, 10_000)).toBe(false);
    expect(isTooAggressive('BUY', 420_000, 400_000, 100, 10_000)).toBe(true);
    expect(isTooAggressive('SELL', 590_000, 600_000, 100, 10_000)).toBe(false);
    expect(isTooAggressive('SELL', 580_000, 600_000, 100, 10_000)).toBe(true);
    expect(isTooAggressive('SELL', 580_000, 600_000, 500, 10_000)).toBe(false);
    expect(isTooAggressive('BUY', 990_000, null, 100, 10_000)).toBe(false);
  });

  it('near 0: 100 bps of 0.005 is a fiftieth of a tick', () => {
    expect(isTooAggressive('BUY', 6_000, 5_000, 100, 1_000)).toBe(false);
    expect(isTooAggressive('BUY', 7_000, 5_000, 100, 1_000)).toBe(true);
  });
});

describe('isOutOfBand', () => {
  it('judges on the grid band', () => {
    const bands = calculateThresholdBands(505_000, 10_000, 50);
    expect([bands.lowerMicros, bands.upperMicros]).toEqual([500_000, 510_000]);
    expect(isOutOfBand(500_000, bands)).toBe(false);
    expect(isOutOfBand(510_000, bands)).toBe(false);
    expect(isOutOfBand(490_000, bands)).toBe(true);
    expect(isOutOfBand(520_000, bands)).toBe(true);
  });
});

describe('shouldReplace', () => {
  const current = { priceMicros: 500_000, sizeMicros: 100 * SH };

  it('needs a whole tick or more than the size tolerance', () => {
    expect(shouldReplace(current, current, 10_000)).toBe(false);
    expect(shouldReplace(current, { ...current, priceMicros: 505_000 }, 10_000)).toBe(false);
    expect(shouldReplace(current, { ...current, priceMicros: 490_000 }, 10_000)).toBe(true);
    expect(shouldReplace(current, { ...current, sizeMicros: 110 * SH }, 10_000)).toBe(false);
    expect(shouldReplace(current, { ...current, sizeMicros: 111 * SH }, 10_000)).toBe(true);
    expect(shouldReplace(current, { ...current, sizeMicros: 89 * SH }, 10_000)).toBe(true);
    expect(shouldReplace(current, { ...current, sizeMicros: 104 * SH }, 10_000, 0.03)).toBe(true);
    expect(() => shouldReplace(current, current, 10_000, -1)).toThrow(PolydeskError);
  });
});

describe('reviewOrder', () => {
  const book = {
    bids: [lvl(500_000, 100 * SH), lvl(490_000, 50 * SH)],
    asks: [lvl(510_000, 100 * SH)],
  };

  it('keeps a bid at the best price', () => {
    const ours = { side: 'BUY' as const, priceMicros: 500_000, sizeMicros: 40 * SH };
    const review = reviewOrder('BUY', ours, snap(book, 10_000, [ours]));
    expect(review).toMatchObject({ replace: false, reason: 'in_band' });
  });

  it('moves a bid that fell out of the band up to the best price', () => {
    const ours = { side: 'BUY' as const, priceMicros: 490_000, sizeMicros: 50 * SH };
    const review = reviewOrder('BUY', ours, snap(book, 10_000, [ours]));
    expect(review.reason).toBe('out_of_band');
    expect(review.replace).toBe(true);
    expect(review.target).toEqual({ priceMicros: 500_000, sizeMicros: 50 * SH });
  });

  it('pulls back a bid too far ahead of the others', () => {
    const wide = {
      bids: [lvl(430_000, 5 * SH), lvl(400_000, 1000 * SH)],
      asks: [lvl(450_000, 100 * SH)],
    };
    const ours = { side: 'BUY' as const, priceMicros: 430_000, sizeMicros: 5 * SH };
    // A 1000 bps band (0.41 … 0.49 around micro 0.4455) holds 0.43, but it leads 0.40 by 3 ticks.
    const review = reviewOrder('BUY', ours, snap(wide, 10_000, [ours]), { thresholdBps: 1000 });
    expect(review.context.bands).toMatchObject({ lowerMicros: 410_000, upperMicros: 490_000 });
    expect(review.reason).toBe('too_aggressive');
    expect(review.target?.priceMicros).toBe(410_000);
    expect(review.replace).toBe(true);
  });

  it('resizes when asked for a size off by more than the tolerance', () => {
    const ours = { side: 'BUY' as const, priceMicros: 500_000, sizeMicros: 40 * SH };
    const review = reviewOrder('BUY', ours, snap(book, 10_000, [ours]), {}, 60 * SH);
    expect(review).toMatchObject({ replace: true, reason: 'size_changed' });
  });

  it('does not replace an out-of-band order with the same price', () => {
    // Max price 0.45 holds the bid far below the band: nothing better to do, so keep it.
    const ours = { side: 'BUY' as const, priceMicros: 450_000, sizeMicros: 10 * SH };
    const review = reviewOrder('BUY', ours, snap(book, 10_000, [ours]), {
      maxPriceMicros: 450_000,
    });
    expect(review).toMatchObject({ replace: false, reason: 'out_of_band' });
  });
});

describe('quote stability', () => {
  const TICK = 10_000;
  /** A book of other people's levels, plus our own resting bid (in the book and known as ours). */
  const withOurBid = (
    bids: Level[],
    asks: Level[],
    ours: { priceMicros: number; sizeMicros: number },
    minSizeMicros = 0,
  ): QuoteSnapshot => {
    const merged = new Map<number, number>();
    for (const l of [...bids, lvl(ours.priceMicros, ours.sizeMicros)]) {
      merged.set(l.priceMicros, (merged.get(l.priceMicros) ?? 0) + l.sizeMicros);
    }
    return {
      book: {
        bids: [...merged].sort(([a], [b]) => b - a).map(([p, z]) => lvl(p, z)),
        asks,
      },
      tickMicros: TICK,
      ownOrders: [{ side: 'BUY', ...ours }],
      minSizeMicros,
    };
  };

  describe('hysteresis at the tick grid', () => {
    // Two ticks wide: micro = 0.50 + 0.02 · bidSize / (bidSize + askSize).
    const at5099 = { bids: [lvl(500_000, 495 * SH)], asks: [lvl(520_000, 505 * SH)] };
    const at5101 = { bids: [lvl(500_000, 505 * SH)], asks: [lvl(520_000, 495 * SH)] };

    it('a 0.0002 move of micro does not replace a 0.01-tick quote', () => {
      expect(quoteContext(snap(at5099)).microMicros).toBe(509_900);
      expect(quotePrice('BUY', snap(at5099))).toBe(500_000);
      const ours = { priceMicros: 500_000, sizeMicros: 30 * SH };
      const moved = withOurBid(at5101.bids, at5101.asks, ours);
      const context = quoteContext(moved);
      expect(context.microMicros).toBe(510_100);
      // The plain band has already left 0.50 behind (it is one tick wide and micro crossed 0.51)…
      expect(context.bands && isOutOfBand(500_000, context.bands)).toBe(true);
      expect(quotePrice('BUY', moved)).toBe(510_000);
      // …but the quote is kept: micro has not moved past the band by the margin.
      expect(reviewOrder('BUY', ours, moved)).toMatchObject({ replace: false, reason: 'in_band' });
    });

    it('a micro-price wobbling across a grid line keeps either quote where it is', () => {
      for (const price of [500_000, 510_000]) {
        const ours = { priceMicros: price, sizeMicros: 30 * SH };
        for (const book of [at5099, at5101, at5099, at5101]) {
          expect(reviewOrder('BUY', ours, withOurBid(book.bids, book.asks, ours)).replace).toBe(
            false,
          );
        }
      }
    });

    it('on a one-tick book, replaces once micro is half a tick beyond the band, either side', () => {
      // Half-width one tick: a bid at 0.50 is kept up to micro 0.5149…, replaced from 0.515.
      expect(hasLeftBand(500_000, 514_999, TICK, TICK)).toBe(false);
      expect(hasLeftBand(500_000, 515_000, TICK, TICK)).toBe(true);
      expect(hasLeftBand(500_000, 485_001, TICK, TICK)).toBe(false);
      expect(hasLeftBand(500_000, 485_000, TICK, TICK)).toBe(true);
      // Re-placed at floor(0.515) = 0.51, it goes back to 0.50 only below micro 0.495.
      expect(hasLeftBand(510_000, 495_001, TICK, TICK)).toBe(false);
    });

    it('on a wide book the margin is half the spread: size changes at the touch do not replace', () => {
      // 0.27 × 40 / 0.35 × 40: micro 0.31; a bid at micro (an aggression limit that allows it).
      const params = { aggressionLimitBps: 2_000 };
      const ours = { priceMicros: 310_000, sizeMicros: 30 * SH };
      const even = withOurBid([lvl(270_000, 40 * SH)], [lvl(350_000, 40 * SH)], ours);
      expect(quotePrice('BUY', even, params)).toBe(310_000);
      // A taker lifts 25 of the 40 offered: micro jumps to 0.3282, almost two ticks.
      const lifted = withOurBid([lvl(270_000, 40 * SH)], [lvl(350_000, 15 * SH)], ours);
      expect(quoteContext(lifted, params).microMicros).toBe(328_182);
      expect(quoteContext(lifted, params).spreadMicros).toBe(80_000);
      expect(reviewOrder('BUY', ours, lifted, params)).toMatchObject({ replace: false });
      // The whole book moving up six ticks is a real move.
      const up = withOurBid([lvl(330_000, 40 * SH)], [lvl(410_000, 40 * SH)], ours);
      expect(reviewOrder('BUY', ours, up, params)).toMatchObject({
        replace: true,
        reason: 'out_of_band',
        target: { priceMicros: 370_000 },
      });
    });
  });

  it('dust does not move the micro-price used for quoting', () => {
    // 0.50 / 0.54, micro 0.52; an aggression limit wide enough to quote at micro.
    const params = { aggressionLimitBps: 2_000 };
    const book = { bids: [lvl(500_000, 100 * SH)], asks: [lvl(540_000, 100 * SH)] };
    // Half a share bid at 0.53, below the 5-share minimum, appears in front of the book.
    const dusty = { ...book, bids: [lvl(530_000, SH / 2), ...book.bids] };
    const clean = { ...snap(book), minSizeMicros: 5 * SH };
    const withDust = { ...snap(dusty), minSizeMicros: 5 * SH };
    // Counted, it would pull micro up a tick and the quote with it.
    expect(quoteContext(snap(dusty)).microMicros).toBe(530_050);
    expect(quotePrice('BUY', snap(dusty), params)).toBe(530_000);
    expect(quoteContext(withDust)).toMatchObject({
      microMicros: 520_000,
      spreadMicros: 40_000,
      bestOtherBidMicros: 500_000,
    });
    expect(quotePrice('BUY', withDust, params)).toBe(520_000);
    expect(quotePrice('BUY', clean, params)).toBe(520_000);
    const ours = { side: 'BUY' as const, priceMicros: 520_000, sizeMicros: 30 * SH };
    for (const s of [clean, withDust, clean]) {
      expect(reviewOrder('BUY', ours, { ...s, ownOrders: [ours] }, params).replace).toBe(false);
    }
  });

  describe('the aggression cap and the band', () => {
    // The thin market: 0.27 / 0.35, equal sizes, micro 0.31, band [0.30, 0.32].
    const thin = (bid: number, ours: number): QuoteSnapshot =>
      withOurBid([lvl(bid, 40 * SH)], [lvl(bid + 80_000, 40 * SH)], {
        priceMicros: ours,
        sizeMicros: 30 * SH,
      });
    const ours = (price: number) => ({ priceMicros: price, sizeMicros: 30 * SH });

    it('a quote the cap holds outside the micro band is judged against the capped price', () => {
      const s = snap({ bids: [lvl(270_000, 40 * SH)], asks: [lvl(350_000, 40 * SH)] });
      expect(quoteTarget('BUY', s)).toEqual({ priceMicros: 280_000, heldBy: 'aggression' });
      const bands = quoteContext(s).bands;
      expect(bands).toMatchObject({ lowerMicros: 300_000, upperMicros: 320_000 });
      expect(bands && isOutOfBand(280_000, bands)).toBe(true);
      // Where it was placed it is in its band: no replace on the very book it was priced from.
      expect(reviewOrder('BUY', ours(280_000), thin(270_000, 280_000))).toMatchObject({
        replace: false,
        reason: 'in_band',
      });
    });

    it('is not chased on every one-tick move of the best other bid', () => {
      // One tick up: the capped target is 0.29, a tick away; the plain band had it out of band.
      const up = reviewOrder('BUY', ours(280_000), thin(280_000, 280_000));
      expect(up.target?.priceMicros).toBe(290_000);
      expect(up.context.bands && isOutOfBand(280_000, up.context.bands)).toBe(true);
      expect(up).toMatchObject({ replace: false, reason: 'in_band' });
      // Four ticks up it is still kept; five ticks (the band and half the spread) re-target it.
      expect(reviewOrder('BUY', ours(280_000), thin(310_000, 280_000)).replace).toBe(false);
      expect(reviewOrder('BUY', ours(280_000), thin(320_000, 280_000))).toMatchObject({
        replace: true,
        reason: 'out_of_band',
        target: { priceMicros: 330_000 },
      });
    });

    it('still pulls back a quote that the best other bid has left too far behind', () => {
      expect(reviewOrder('BUY', ours(280_000), thin(260_000, 280_000))).toMatchObject({
        replace: true,
        reason: 'too_aggressive',
        target: { priceMicros: 270_000 },
      });
    });
  });
});

interface Scenario {
  tick: number;
  book: OrderBook;
  own: OwnOrder[];
  params: QuoteParams;
  side: BookSide;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    tick: fc.constantFrom(...TICK_SIZES_MICROS),
    a: fc.double({ min: 0, max: 1, noNaN: true }),
    b: fc.double({ min: 0, max: 1, noNaN: true }),
    bidSizes: fc.array(fc.integer({ min: 1, max: 5000 * SH }), { minLength: 1, maxLength: 4 }),
    askSizes: fc.array(fc.integer({ min: 1, max: 5000 * SH }), { minLength: 1, maxLength: 4 }),
    ownShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    lo: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    hi: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    thresholdBps: fc.integer({ min: 0, max: 2000 }),
    aggressionLimitBps: fc.integer({ min: 0, max: 2000 }),
    side: fc.constantFrom<BookSide>('BUY', 'SELL'),
  })
  .map((r) => {
    const n = 1_000_000 / r.tick;
    const bidIdx = 1 + Math.floor(r.a * (n - 2));
    const askIdx = bidIdx + 1 + Math.floor(r.b * (n - 1 - bidIdx - 1 + 1));
    const bids = r.bidSizes
      .map((size, i) => lvl((bidIdx - i) * r.tick, size))
      .filter((l) => l.priceMicros > 0);
    const asks = r.askSizes
      .map((size, i) => lvl((Math.min(askIdx, n - 1) + i) * r.tick, size))
      .filter((l) => l.priceMicros < 1_000_000);
    const level = r.side === 'BUY' ? bids[0] : asks[0];
    const own: OwnOrder[] =
      r.ownShare !== undefined && level
        ? [
            {
              side: r.side,
              priceMicros: level.priceMicros,
              sizeMicros: Math.max(1, Math.floor(level.sizeMicros * r.ownShare)),
            },
          ]
        : [];
    const params: QuoteParams = {
      thresholdBps: r.thresholdBps,
      aggressionLimitBps: r.aggressionLimitBps,
      minPriceMicros: r.lo === undefined ? undefined : Math.floor(r.lo * 1_000_000),
      maxPriceMicros: r.hi === undefined ? undefined : Math.floor(r.hi * 1_000_000),
    };
    return { tick: r.tick, book: { bids, asks }, own, params, side: r.side };
  });

describe('quoting properties', () => {
  it('targets are on the grid, inside the limits, and never cross', () => {
    fc.assert(
      fc.property(scenarioArb, ({ tick, book, own, params, side }) => {
        const target = quotePrice(side, snap(book, tick, own), params);
        if (target === null) return;
        expect(isOnGrid(target, tick)).toBe(true);
        expect(target).toBeGreaterThanOrEqual(Math.max(tick, params.minPriceMicros ?? 0));
        expect(target).toBeLessThanOrEqual(
          Math.min(1_000_000 - tick, params.maxPriceMicros ?? 1_000_000),
        );
        if (side === 'BUY' && book.asks[0]) expect(target).toBeLessThan(book.asks[0].priceMicros);
        if (side === 'SELL' && book.bids[0])
          expect(target).toBeGreaterThan(book.bids[0].priceMicros);
      }),
      { numRuns: 2000 },
    );
  });

  it('without user limits a target is never too aggressive, and sits in band unless held back', () => {
    fc.assert(
      fc.property(scenarioArb, ({ tick, book, own, params, side }) => {
        const free = {
          thresholdBps: params.thresholdBps,
          aggressionLimitBps: params.aggressionLimitBps ?? 100,
        };
        const s = snap(book, tick, own);
        const context = quoteContext(s, free);
        const target = quotePrice(side, s, free);
        if (target === null || context.bands === null || context.microMicros === null) return;
        const other = side === 'BUY' ? context.bestOtherBidMicros : context.bestOtherAskMicros;
        expect(isTooAggressive(side, target, other, free.aggressionLimitBps, tick)).toBe(false);
        const natural =
          side === 'BUY'
            ? Math.floor(context.microMicros / tick) * tick
            : Math.ceil(context.microMicros / tick) * tick;
        if (target === natural) expect(isOutOfBand(target, context.bands)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('after replacing to the target, the same book says keep', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 1000 * SH }), (sc, size) => {
        const { tick, book, own, params, side } = sc;
        const review = reviewOrder(
          side,
          own[0] ?? { priceMicros: 0, sizeMicros: size },
          snap(book, tick, own),
          params,
        );
        if (!review.target) return;
        const placed: OwnOrder = { side, ...review.target };
        const withoutOld = (levels: Level[], bookSide: BookSide): Level[] =>
          levels.map((l) => {
            const old = own.find((o) => o.side === bookSide && o.priceMicros === l.priceMicros);
            return old ? lvl(l.priceMicros, l.sizeMicros - old.sizeMicros) : l;
          });
        const addOurs = (levels: Level[], bookSide: BookSide): Level[] =>
          bookSide === side ? [...levels, lvl(placed.priceMicros, placed.sizeMicros)] : levels;
        const next: OrderBook = {
          bids: addOurs(withoutOld(book.bids, 'BUY'), 'BUY')
            .filter((l) => l.sizeMicros > 0)
            .sort((x, y) => y.priceMicros - x.priceMicros),
          asks: addOurs(withoutOld(book.asks, 'SELL'), 'SELL')
            .filter((l) => l.sizeMicros > 0)
            .sort((x, y) => x.priceMicros - y.priceMicros),
        };
        const merged: OrderBook = {
          bids: mergeSame(next.bids),
          asks: mergeSame(next.asks),
        };
        const again = reviewOrder(side, placed, snap(merged, tick, [placed]), params);
        expect(again.replace).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

function mergeSame(levels: Level[]): Level[] {
  const out: Level[] = [];
  for (const l of levels) {
    const last = out.at(-1);
    if (last && last.priceMicros === l.priceMicros) last.sizeMicros += l.sizeMicros;
    else out.push({ ...l });
  }
  return out;
}
