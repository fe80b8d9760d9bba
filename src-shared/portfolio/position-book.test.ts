import { describe, expect, it } from 'vitest';
import { PolydeskError } from '@shared/errors';
import { buyCostMicros, sellProceedsMicros } from './average-cost';
import type { Position } from './position';
import { computePositions, PositionBook } from './position-book';
import { fillKeyOf } from './portfolio-fill';
import type { PortfolioFill, PortfolioFillInput, TradeStatus } from './portfolio-fill';

const SHARE = 1_000_000;
const TOKEN = '111';

let seq = 0;
function fill(
  side: 'BUY' | 'SELL',
  shares: number,
  price: number,
  extra: Partial<PortfolioFillInput> = {},
): PortfolioFillInput {
  seq += 1;
  return {
    tokenId: TOKEN,
    tradeId: `t${seq}`,
    side,
    priceMicros: Math.round(price * SHARE),
    sizeMicros: Math.round(shares * SHARE),
    status: 'MATCHED',
    timeMs: seq * 1_000,
    ...extra,
  };
}

function bookOf(reports: PortfolioFillInput[]): PositionBook {
  const book = new PositionBook();
  for (const report of reports) book.apply(report);
  return book;
}

function only(book: PositionBook): Position {
  const position = book.position(TOKEN);
  if (!position) throw new Error('no position');
  return position;
}

describe('average cost, by hand', () => {
  it('buy 10 @ 0.40, buy 10 @ 0.60, sell 5 @ 0.70 → avg 0.50, realized +1.00, 15 left', () => {
    // Basis 4.00 + 6.00 = 10.00 for 20 shares: avg 0.50. The sale brings 3.50 and takes
    // 10.00·5/20 = 2.50 of basis: realized 1.00; 15 shares keep 7.50 of basis, avg still 0.50.
    const p = only(bookOf([fill('BUY', 10, 0.4), fill('BUY', 10, 0.6), fill('SELL', 5, 0.7)]));
    expect(p.heldMicros).toBe(15 * SHARE);
    expect(p.costBasisMicros).toBe(7_500_000);
    expect(p.avgCostMicros).toBe(500_000);
    expect(p.realizedPnlMicros).toBe(1_000_000);
    expect(p.pendingBuyMicros).toBe(20 * SHARE);
    expect(p.pendingSellMicros).toBe(5 * SHARE);
    expect(p.confirmedMicros).toBe(0);
    expect(p.pendingSellProceedsMicros).toBe(3_500_000);
  });

  it('order matters: buy 10 @ 0.40, sell 5 @ 0.70, buy 10 @ 0.60 → realized 1.50, avg 0.533333', () => {
    // After the first buy: 10 shares, basis 4.00. The sale brings 3.50, takes 2.00: realized
    // 1.50, 5 shares at basis 2.00. The second buy adds 6.00: basis 8.00 for 15 shares,
    // avg 8/15 = 0.5333333… → 533 333 micros (half-to-even).
    const p = only(bookOf([fill('BUY', 10, 0.4), fill('SELL', 5, 0.7), fill('BUY', 10, 0.6)]));
    expect(p.realizedPnlMicros).toBe(1_500_000);
    expect(p.costBasisMicros).toBe(8_000_000);
    expect(p.avgCostMicros).toBe(533_333);
    expect(p.heldMicros).toBe(15 * SHARE);
  });

  it('fees go into the basis on a buy and out of the proceeds on a sell', () => {
    // Buy 10 @ 0.40 + fee 0.10: basis 4.10, avg 0.41. Sell 10 @ 0.50 − fee 0.05: proceeds
    // 4.95, the whole basis goes: realized 0.85, flat, fees 0.15.
    const book = bookOf([fill('BUY', 10, 0.4, { feeMicros: 100_000 })]);
    expect(only(book).avgCostMicros).toBe(410_000);
    book.apply(fill('SELL', 10, 0.5, { feeMicros: 50_000 }));
    const p = only(book);
    expect(p.realizedPnlMicros).toBe(850_000);
    expect(p.heldMicros).toBe(0);
    expect(p.costBasisMicros).toBe(0);
    expect(p.avgCostMicros).toBeNull();
    expect(p.feesMicros).toBe(150_000);
  });

  it('rounds a buy up, a sale down, and the basis taken out half-to-even', () => {
    // Buy 1.234567 @ 0.55: 679 011.85 → 679 012 (up). Sell 1 @ 0.60: 600 000 in; basis out
    // 679 012·1/1.234567 = 550 000.12 → 550 000; realized 50 000. Left: 0.234567 shares,
    // basis 129 012, avg 129 012/0.234567 = 550 000.64 → 550 001.
    const book = bookOf([fill('BUY', 1.234567, 0.55)]);
    expect(only(book).costBasisMicros).toBe(679_012);
    book.apply(fill('SELL', 1, 0.6));
    const p = only(book);
    expect(p.realizedPnlMicros).toBe(50_000);
    expect(p.costBasisMicros).toBe(129_012);
    expect(p.avgCostMicros).toBe(550_001);
    expect(
      sellProceedsMicros({
        side: 'SELL',
        priceMicros: 550_000,
        sizeMicros: 1_234_567,
        feeMicros: 0,
      }),
    ).toBe(679_011);
    expect(
      buyCostMicros({ side: 'BUY', priceMicros: 550_000, sizeMicros: 1_234_567, feeMicros: 1 }),
    ).toBe(679_013);
  });

  it('a tie in the basis taken out goes to the even micro', () => {
    // Buy 2 @ 0.40 + fee 1 micro: basis 800 001. Selling half takes 400 000.5 → 400 000 (even);
    // 1 share keeps 400 001. A basis of 800 003 would give 400 001.5 → 400 002.
    const book = bookOf([fill('BUY', 2, 0.4, { feeMicros: 1 })]);
    book.apply(fill('SELL', 1, 0.5));
    expect(only(book).costBasisMicros).toBe(400_001);
    expect(only(book).realizedPnlMicros).toBe(100_000);
    const odd = bookOf([fill('BUY', 2, 0.4, { feeMicros: 3 })]);
    odd.apply(fill('SELL', 1, 0.5));
    expect(only(odd).costBasisMicros).toBe(400_001);
    expect(only(odd).realizedPnlMicros).toBe(500_000 - 400_002);
  });

  it('a sale of more than our fills hold keeps the excess apart, out of realized P&L', () => {
    // Buy 2 @ 0.40 (basis 0.80), sell 5 @ 0.50 (2.50 in): 2 shares match, their 2/5 of the
    // proceeds (1.00) realize 0.20; 3 shares and 1.50 are of unknown cost.
    const p = only(bookOf([fill('BUY', 2, 0.4), fill('SELL', 5, 0.5)]));
    expect(p.heldMicros).toBe(0);
    expect(p.realizedPnlMicros).toBe(200_000);
    expect(p.unknownCostSoldMicros).toBe(3 * SHARE);
    expect(p.unknownCostProceedsMicros).toBe(1_500_000);
  });
});

describe('fill reports', () => {
  it('counts a trade reported twice once', () => {
    const first = fill('BUY', 10, 0.4);
    const book = new PositionBook();
    expect(book.apply(first).outcome).toBe('added');
    expect(book.apply({ ...first }).outcome).toBe('duplicate');
    expect(only(book).heldMicros).toBe(10 * SHARE);
    expect(only(book).liveFills).toBe(1);
  });

  it('MATCHED → MINED → CONFIRMED moves shares from pending to confirmed, P&L unchanged', () => {
    const buy = fill('BUY', 10, 0.4);
    const book = bookOf([buy]);
    const before = only(book);
    expect(book.apply({ ...buy, status: 'MINED' }).outcome).toBe('status_changed');
    expect(book.apply({ ...buy, status: 'CONFIRMED' }).outcome).toBe('status_changed');
    const after = only(book);
    expect(after.confirmedMicros).toBe(10 * SHARE);
    expect(after.pendingBuyMicros).toBe(0);
    expect({ ...after, confirmedMicros: 0, pendingBuyMicros: 10 * SHARE }).toEqual(before);
  });

  it('FAILED undoes a fill and re-accounts what came after it', () => {
    // Without the first buy: buy 10 @ 0.60 (basis 6.00), sell 5 @ 0.70 → 3.50 in, 3.00 out:
    // realized 0.50, 5 left at basis 3.00, avg 0.60.
    const first = fill('BUY', 10, 0.4);
    const book = bookOf([first, fill('BUY', 10, 0.6), fill('SELL', 5, 0.7)]);
    expect(only(book).realizedPnlMicros).toBe(1_000_000);
    const result = book.apply({ ...first, status: 'FAILED' });
    expect(result.outcome).toBe('status_changed');
    expect(result.position.realizedPnlMicros).toBe(500_000);
    expect(result.position.costBasisMicros).toBe(3_000_000);
    expect(result.position.avgCostMicros).toBe(600_000);
    expect(result.position.heldMicros).toBe(5 * SHARE);
    expect(result.position.failedFills).toBe(1);
    expect(result.position.liveFills).toBe(2);
  });

  it('final statuses stick: no MATCHED after CONFIRMED, no revival after FAILED', () => {
    const buy = fill('BUY', 10, 0.4, { status: 'CONFIRMED' });
    const failed = fill('BUY', 3, 0.5, { status: 'FAILED' });
    const book = bookOf([buy, failed]);
    expect(book.apply({ ...buy, status: 'MATCHED' }).outcome).toBe('stale_status');
    expect(book.apply({ ...failed, status: 'CONFIRMED' }).outcome).toBe('stale_status');
    expect(only(book).confirmedMicros).toBe(10 * SHARE);
    expect(only(book).heldMicros).toBe(10 * SHARE);
    expect(book.fill(failed.tradeId)?.status).toBe('FAILED');
  });

  it('RETRYING → MINED is a move between pending statuses', () => {
    const buy = fill('BUY', 1, 0.4, { status: 'RETRYING' });
    const book = bookOf([buy]);
    expect(book.apply({ ...buy, status: 'MINED' }).outcome).toBe('status_changed');
    expect(only(book).pendingBuyMicros).toBe(SHARE);
  });

  it('accounts fills in time order whatever order they arrive in', () => {
    const reports = [fill('BUY', 10, 0.4), fill('SELL', 5, 0.7), fill('BUY', 10, 0.6)];
    const reversed = bookOf([...reports].reverse());
    expect(only(reversed)).toEqual(only(bookOf(reports)));
    expect(only(reversed).realizedPnlMicros).toBe(1_500_000);
  });

  it('a reused key with other figures is a conflict and changes nothing', () => {
    const buy = fill('BUY', 10, 0.4);
    const book = bookOf([buy]);
    const result = book.apply({ ...buy, sizeMicros: 11 * SHARE });
    expect(result.outcome).toBe('conflict');
    expect(only(book).heldMicros).toBe(10 * SHARE);
    expect(book.conflicts()).toHaveLength(1);
    expect(book.apply({ ...buy, tokenId: '222' }).outcome).toBe('conflict');
    expect(book.position('222')).toBeUndefined();
  });

  it('one trade carrying two of our orders is two fills', () => {
    const base = fill('BUY', 1, 0.4);
    const book = bookOf([
      { ...base, orderId: '0xa' },
      { ...base, orderId: '0xb' },
      { ...base, orderId: '0xa' },
    ]);
    expect(only(book).heldMicros).toBe(2 * SHARE);
  });

  it('rejects malformed reports', () => {
    const book = new PositionBook();
    expect(() => book.apply({ ...fill('BUY', 1, 0.4), priceMicros: 1_000_000 })).toThrow(
      PolydeskError,
    );
    expect(() => book.apply({ ...fill('BUY', 1, 0.4), sizeMicros: 0 })).toThrow(PolydeskError);
    expect(() => book.apply({ ...fill('BUY', 1, 0.4), sizeMicros: 1.5 })).toThrow(PolydeskError);
  });
});

/** mulberry32: a small seeded generator, so a failing sequence can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const STATUSES: TradeStatus[] = ['MATCHED', 'MINED', 'CONFIRMED', 'RETRYING', 'FAILED'];

function randomReports(seed: number): PortfolioFill[] {
  const random = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const tokens = ['1', '2', '3'].slice(0, int(1, 3));
  const reports: PortfolioFill[] = [];
  const count = int(5, 60);
  for (let i = 0; i < count; i += 1) {
    const roll = random();
    const earlier = reports.length > 0 ? pick(reports) : undefined;
    if (earlier && roll < 0.15) {
      reports.push({ ...earlier });
    } else if (earlier && roll < 0.45) {
      reports.push({ ...earlier, status: pick(STATUSES) });
    } else if (earlier && roll < 0.5) {
      reports.push({ ...earlier, sizeMicros: earlier.sizeMicros + 1 });
    } else {
      reports.push({
        tokenId: pick(tokens),
        tradeId: `trade-${i}`,
        ...(random() < 0.3 && { orderId: `order-${int(0, 2)}` }),
        side: random() < 0.6 ? 'BUY' : 'SELL',
        priceMicros: int(1, 999) * 1_000 + (random() < 0.2 ? int(1, 999) : 0),
        sizeMicros: int(1, 5_000) * 10_000 + (random() < 0.2 ? int(1, 9_999) : 0),
        feeMicros: random() < 0.3 ? int(0, 50_000) : 0,
        status: pick(STATUSES),
        // Few distinct times: ties and out-of-order arrivals are common.
        timeMs: int(0, 20),
      });
    }
  }
  return reports;
}

describe('incremental equals full recompute', () => {
  it('on 500 random report sequences, after every report', () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const reports = randomReports(seed);
      const book = new PositionBook();
      for (let i = 0; i < reports.length; i += 1) {
        const report = reports[i] as PortfolioFill;
        book.apply(report);
        const full = computePositions(reports.slice(0, i + 1));
        expect(book.positions(), `seed ${seed}, report ${i}`).toEqual(full.positions);
        expect(book.conflicts()).toEqual(full.conflicts);
      }
    }
  });

  it('keeps the cash identity: Σ sale proceeds − Σ purchase costs = realized + unknown − basis', () => {
    for (let seed = 1000; seed < 1200; seed += 1) {
      const reports = randomReports(seed);
      const book = bookOf(reports);
      for (const position of book.positions()) {
        let flow = 0;
        let shares = 0;
        const live = new Map<string, PortfolioFill>();
        for (const report of reports) {
          const key = fillKeyOf(report);
          const known = book.fill(key);
          if (known && known.tokenId === position.tokenId) live.set(key, known);
        }
        for (const known of live.values()) {
          if (known.status === 'FAILED') continue;
          flow += known.side === 'BUY' ? -buyCostMicros(known) : sellProceedsMicros(known);
          shares += known.side === 'BUY' ? known.sizeMicros : -known.sizeMicros;
        }
        expect(flow).toBe(
          position.realizedPnlMicros +
            position.unknownCostProceedsMicros -
            position.costBasisMicros,
        );
        expect(position.heldMicros).toBe(shares + position.unknownCostSoldMicros);
        expect(position.costBasisMicros).toBeGreaterThanOrEqual(0);
        if (position.heldMicros === 0) expect(position.costBasisMicros).toBe(0);
      }
    }
  });

  it('takes thousands of fills one at a time', () => {
    const book = new PositionBook();
    for (let i = 0; i < 5_000; i += 1) {
      book.apply({
        tokenId: TOKEN,
        tradeId: `bulk-${i}`,
        side: i % 3 === 2 ? 'SELL' : 'BUY',
        priceMicros: 500_000,
        sizeMicros: SHARE,
        status: 'MATCHED',
        timeMs: i,
      });
    }
    // 3 334 buys and 1 666 sells of 1 share at 0.50: 1 668 shares left at avg 0.50, no P&L.
    const p = only(book);
    expect(p.heldMicros).toBe(1_668 * SHARE);
    expect(p.avgCostMicros).toBe(500_000);
    expect(p.realizedPnlMicros).toBe(0);
  });
});
