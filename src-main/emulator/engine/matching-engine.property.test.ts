import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLLATERAL } from './ledger.js';
import { MatchingEngine } from './matching-engine.js';
import type { MarketSpec, OrderType, Side } from './types.js';

const YES = '1';
const NO = '2';
const ACCOUNTS = ['0xa1', '0xa2', '0xa3', '0xa4'];
const FEE = '0xfee';

const SPEC: MarketSpec = {
  conditionId: '0x' + '11'.repeat(32),
  questionId: '0x' + '22'.repeat(32),
  question: 'Property?',
  slug: 'property',
  description: '',
  yesTokenId: YES,
  noTokenId: NO,
  tickMicros: 10_000,
  minSizeMicros: 1_000_000n,
  negRisk: false,
  fee: { r: 0.05, e: 1, to: true },
};

type Op =
  | {
      kind: 'place';
      account: number;
      yes: boolean;
      side: Side;
      priceTicks: number;
      shares: number;
      type: OrderType;
      postOnly: boolean;
    }
  | { kind: 'cancel'; pick: number }
  | { kind: 'settle' }
  | { kind: 'fail'; n: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      account: fc.integer({ min: 0, max: ACCOUNTS.length - 1 }),
      yes: fc.boolean(),
      side: fc.constantFrom<Side>('BUY', 'SELL'),
      priceTicks: fc.integer({ min: 1, max: 99 }),
      shares: fc.integer({ min: 1, max: 60 }),
      type: fc.constantFrom<OrderType>('GTC', 'GTC', 'FOK', 'FAK'),
      postOnly: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'settle' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('fail' as const), n: fc.integer({ min: 0, max: 2 }) }),
  },
);

function total(engine: MatchingEngine, asset: string): bigint {
  return [...ACCOUNTS, FEE].reduce((s, a) => s + engine.ledger.balance(a, asset), 0n);
}

describe('MatchingEngine invariants under random flow', () => {
  it('conserves value, never crosses, never overdraws, never overfills', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        let now = 1_900_000_000_000;
        const engine = new MatchingEngine({ now: () => now, autoFundMicros: 0n, feeAccount: FEE });
        engine.addMarket(SPEC);
        for (const a of ACCOUNTS) {
          engine.fund(a, 200_000_000n);
          engine.fundTokens(a, YES, 50_000_000n);
          engine.fundTokens(a, NO, 50_000_000n);
        }
        engine.ledger.open(FEE);
        const value = (): bigint => total(engine, COLLATERAL) + total(engine, YES);
        const startValue = value();
        let n = 0;
        for (const op of ops) {
          now += 10;
          if (op.kind === 'place') {
            engine.place({
              id: `o${++n}`,
              account: ACCOUNTS[op.account] as string,
              owner: 'k',
              tokenId: op.yes ? YES : NO,
              side: op.side,
              priceMicros: op.priceTicks * 10_000,
              sizeMicros: BigInt(op.shares) * 1_000_000n,
              orderType: op.type,
              postOnly: op.postOnly && (op.type === 'GTC' || op.type === 'GTD'),
            });
          } else if (op.kind === 'cancel') {
            const live = engine.openOrders();
            const target = live[op.pick % Math.max(1, live.length)];
            if (target) engine.cancel(target.id);
          } else if (op.kind === 'settle') {
            now += 1_000;
            engine.advanceSettlement(now);
          } else {
            engine.failNextTrades(op.n);
          }
          const { bid, ask } = engine.bestBidAsk(YES);
          if (bid !== null && ask !== null) expect(bid).toBeLessThan(ask);
          for (const a of ACCOUNTS) {
            for (const asset of [COLLATERAL, YES, NO]) {
              expect(engine.ledger.reserved(a, asset)).toBeGreaterThanOrEqual(0n);
              expect(engine.ledger.available(a, asset)).toBeGreaterThanOrEqual(0n);
            }
          }
          for (const o of engine.openOrders()) {
            expect(o.matched).toBeLessThan(o.originalSize);
          }
          const view = engine.bookView(YES);
          const resting = engine.openOrders().reduce((s, o) => s + o.originalSize - o.matched, 0n);
          const levels = [...(view?.bids ?? []), ...(view?.asks ?? [])].reduce(
            (s, l) => s + l.sizeMicros,
            0n,
          );
          expect(levels).toBe(resting);
        }
        now += 10_000;
        engine.advanceSettlement(now);
        expect(engine.hasUnsettled()).toBe(false);
        expect(total(engine, YES)).toBe(total(engine, NO));
        expect(value()).toBe(startValue);
      }),
      { numRuns: 150 },
    );
  });
});
