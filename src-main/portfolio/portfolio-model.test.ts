import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePositions, summarizePortfolio } from '@shared/portfolio';
import type { PortfolioFillInput } from '@shared/portfolio';
import { PortfolioModel } from './portfolio-model';

const TOKENS = ['11', '22', '33'];
const origin = { exchangeOrderId: 'e', userOrderId: null, role: null };

const reportArb = fc.record({
  token: fc.constantFrom(...TOKENS),
  trade: fc.integer({ min: 1, max: 12 }),
  side: fc.constantFrom('BUY' as const, 'SELL' as const),
  price: fc.integer({ min: 1, max: 99 }),
  shares: fc.integer({ min: 1, max: 500 }),
  status: fc.constantFrom('MATCHED' as const, 'CONFIRMED' as const, 'FAILED' as const),
});

describe('PortfolioModel', () => {
  it('gives, after every step, the summary a full recompute gives', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            reportArb.map((r) => ({ kind: 'fill' as const, ...r })),
            fc.record({
              kind: fc.constant('mark' as const),
              token: fc.constantFrom(...TOKENS),
              bid: fc.option(fc.integer({ min: 1, max: 98 }), { nil: null }),
            }),
          ),
          { maxLength: 40 },
        ),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        (steps, cash) => {
          const model = new PortfolioModel();
          model.setBalances({ cashMicros: cash, tokens: {}, at: 0 });
          const reports: PortfolioFillInput[] = [];
          const marks: Record<
            string,
            { microPriceMicros: number | null; bestBidMicros: number | null }
          > = {};
          steps.forEach((step, i) => {
            if (step.kind === 'mark') {
              const bid = step.bid === null ? null : step.bid * 10_000;
              const micro = bid === null ? null : bid + 5_000;
              model.setMark({ tokenId: step.token, microPrice: micro, bestBid: bid, stale: false });
              marks[step.token] = { microPriceMicros: micro, bestBidMicros: bid };
            } else {
              const report: PortfolioFillInput = {
                tokenId: step.token,
                tradeId: `t${step.trade}`,
                side: step.side,
                priceMicros: step.price * 10_000,
                sizeMicros: step.shares * 10_000,
                status: step.status,
                timeMs: i,
              };
              reports.push(report);
              model.applyFill(report, origin);
            }
            const snapshot = model.snapshot(i);
            const { positions } = computePositions(reports);
            const held = new Set(TOKENS.filter((t) => positions.some((p) => p.tokenId === t)));
            const expected = summarizePortfolio({
              positions,
              marks: Object.fromEntries(Object.entries(marks).filter(([t]) => held.has(t))),
              cashMicros: cash,
            });
            expect(snapshot.totals).toEqual(expected.totals);
            expect(snapshot.cash).toEqual(expected.cash);
            expect(snapshot.equityAtMicroMicros).toBe(expected.equityAtMicroMicros);
            expect(snapshot.equityAtBidMicros).toBe(expected.equityAtBidMicros);
            for (const p of expected.positions) {
              expect(snapshot.positions.find((v) => v.tokenId === p.tokenId)).toMatchObject(p);
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
