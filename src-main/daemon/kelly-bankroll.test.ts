import { describe, expect, it } from 'vitest';
import type { ExchangeOrderView, Order, OrderState } from '@shared/domain/order';
import { KellyParamsSchema } from '@shared/domain/order-request';
import type { OrderSpec, StrategyType } from '@shared/domain/order-request';
import { PolydeskError } from '@shared/errors';
import { kellyTarget } from '../strategies/kelly-strategy';
import type { KellyTarget } from '../strategies/kelly-strategy';
import {
  filledNotionalMicros,
  KellyBankroll,
  kellyClaimOf,
  pendingAndPromised,
  walletState,
} from './kelly-bankroll';
import type { WalletView } from './kelly-bankroll';

const SH = 1_000_000;
const USD = 1_000_000;

interface Market {
  conditionId: string;
  yes: string;
  no: string;
}
const M1: Market = { conditionId: '0xm1', yes: '11', no: '12' };
const M2: Market = { conditionId: '0xm2', yes: '21', no: '22' };

function order(
  id: string,
  tokenId: string,
  side: 'BUY' | 'SELL',
  exchangeOrders: ExchangeOrderView[] = [],
  strategyType: StrategyType = 'kelly',
  state: OrderState = 'ACTIVE',
): Order {
  const spec: OrderSpec = {
    tokenId,
    side,
    strategyType,
    maxPrice: side === 'BUY' ? 450_000 : 900_000,
    minPrice: side === 'BUY' ? 100_000 : 550_000,
    urgency: 'MEDIUM',
  };
  return {
    id,
    spec,
    state,
    createdAt: 0,
    updatedAt: 0,
    targetSize: 0,
    filled: exchangeOrders.reduce((sum, eo) => sum + eo.filled, 0),
    pendingFilled: exchangeOrders.reduce((sum, eo) => sum + eo.pendingFilled, 0),
    avgPrice: null,
    adjustments: 0,
    arrivalMicroPrice: null,
    exchangeOrders,
  };
}

function eo(
  id: string,
  side: 'BUY' | 'SELL',
  price: number,
  size: number,
  pendingFilled = 0,
  filled = 0,
): ExchangeOrderView {
  return { id, state: 'LIVE', side, price, size, filled, pendingFilled, createdAt: 0 };
}

/**
 * A wallet on the paper exchange's terms (payers debited at the match, credits at CONFIRMED,
 * open orders' reserves inside the balances) with Kelly orders working on it through one
 * KellyBankroll, as the daemon will wire it.
 */
class Desk {
  readonly bankroll = new KellyBankroll();
  readonly positions = new Map<string, number>();
  private readonly orders = new Map<string, { order: Order; market: Market; belief: number }>();
  private seq = 0;

  constructor(public collateral: number) {}

  add(id: string, market: Market, side: 'BUY' | 'SELL', belief: number, tokenId = market.yes) {
    const o = order(id, tokenId, side);
    this.orders.set(id, { order: o, market, belief });
    this.bankroll.join(id, () => kellyClaimOf(o, market.conditionId));
    return o;
  }

  view(id: string): WalletView {
    const { order: o, market } = this.require(id);
    const other = o.spec.tokenId === market.yes ? market.no : market.yes;
    const all = [...this.orders.values()].map((entry) => ({
      order: entry.order,
      inBankroll: true,
    }));
    return {
      collateralMicros: this.collateral,
      positionMicros: this.positions.get(o.spec.tokenId) ?? 0,
      otherPositionMicros: this.positions.get(other) ?? 0,
      ...pendingAndPromised(all, o.spec.tokenId, other),
    };
  }

  /** The order recalculates at `price` (λ = 1/4 for a BUY, 1 for a SELL) and rests the rest. */
  decide(id: string, price = 400_000): KellyTarget {
    const { order: o, belief } = this.require(id);
    const side = o.spec.side;
    const share = this.bankroll.share(id, walletState(this.view(id)));
    const result = kellyTarget({
      side,
      params: KellyParamsSchema.parse({
        winProbability: belief,
        kellyFraction: side === 'BUY' ? 0.25 : 1,
        maxPositionSize: '100000',
      }),
      quotePriceMicros: price,
      share,
      doneMicros: o.filled + o.pendingFilled,
      doneNotionalMicros: filledNotionalMicros(o),
    });
    o.targetSize = result.targetMicros;
    for (const x of o.exchangeOrders) if (x.state === 'LIVE') x.state = 'CANCELLED';
    const rest = o.targetSize - o.filled - o.pendingFilled;
    if (rest > 0) o.exchangeOrders.push(eo(`e${++this.seq}`, side, price, rest));
    return result;
  }

  /** Shares of the order's resting exchange order match, or their match confirms. */
  fill(id: string, shares: number, status: 'MATCHED' | 'CONFIRMED'): void {
    const { order: o } = this.require(id);
    const x = o.exchangeOrders.find(
      (candidate) => candidate.pendingFilled > 0 || candidate.state === 'LIVE',
    );
    if (!x) throw new Error(`${id} has nothing to fill`);
    const cash = (shares * x.price) / USD;
    const token = o.spec.tokenId;
    const position = this.positions.get(token) ?? 0;
    if (status === 'MATCHED') {
      x.pendingFilled += shares;
      if (x.side === 'BUY') this.collateral -= cash;
      else this.positions.set(token, position - shares);
    } else {
      x.pendingFilled -= shares;
      x.filled += shares;
      if (x.side === 'BUY') this.positions.set(token, position + shares);
      else this.collateral += cash;
    }
    if (x.filled + x.pendingFilled >= x.size) x.state = 'FILLED';
    o.filled = o.exchangeOrders.reduce((sum, e) => sum + e.filled, 0);
    o.pendingFilled = o.exchangeOrders.reduce((sum, e) => sum + e.pendingFilled, 0);
  }

  /** What the Kelly BUYs stake together: paid for fills plus reserved, micro-USDC. */
  staked(): number {
    let total = 0;
    for (const { order: o, market } of this.orders.values()) {
      if (!this.bankroll.has(o.id)) continue;
      const claim = kellyClaimOf(o, market.conditionId);
      total += claim.notionalMicros + claim.reservedMicros;
    }
    return total;
  }

  end(id: string): void {
    this.require(id).order.state = 'COMPLETED';
    this.bankroll.leave(id);
  }

  private require(id: string) {
    const entry = this.orders.get(id);
    if (!entry) throw new Error(`no order ${id}`);
    return entry;
  }
}

// Worked numbers (lessons §4) for every vector below: price c = 0.40, quarter Kelly λ = 1/4.
//   q = 0.60: q_λ = 0.40 + 0.25·0.20 = 0.45,  f = 0.05/0.60 = 1/12 = 8.33%
//   q = 0.70: q_λ = 0.475,                     f = 0.075/0.60 = 12.5%
//   q = 0.80: q_λ = 0.50,                      f = 0.10/0.60 = 1/6 = 16.67%
// On $1000 alone: 1000·f/0.40 shares, floored to 0.01: 208.33 ($83.332), 312.50 ($125),
// 416.66 ($166.664).

describe('KellyBankroll: Kelly orders working at once share one Kelly stake', () => {
  it('two orders on the same token: together one Kelly bet, before and during the fills', () => {
    const desk = new Desk(1000 * USD);
    desk.add('a', M1, 'BUY', 0.6);
    desk.add('b', M1, 'BUY', 0.6);
    expect(desk.decide('a')).toMatchObject({ targetMicros: 208_330_000, cappedBy: 'kelly' });
    // b: budget = 1000 − 83.332 reserved by a = 916.668. Alone it would stake $83.332; a's stake
    // is $83.332 → 83.332 − 83.332 = 0 left. (Sizing from the budget instead, b would buy
    // 916.668/12/0.40 = 190.97 more: $159.72 together, 16% of the wallet.)
    const share = desk.bankroll.share('b', walletState(desk.view('b')));
    expect(share.budgetMicros).toBe(916_668_000);
    expect(share.othersStakeMicros).toBe(83_332_000);
    expect(desk.decide('b')).toMatchObject({ targetMicros: 0, cappedBy: 'shared_bankroll' });
    expect(desk.staked()).toBe(83_332_000);

    // 100 of a's shares match at 0.40: collateral 960, the shares pending.
    // b: wallet C = 960, Y = 100; base undoes a's fills: C = 960 + 40 = 1000, Y = 100 − 100 = 0;
    // a's stake = 40 paid + 108.33·0.40 = 43.332 reserved = 83.332 → still 0 for b.
    desk.fill('a', 100 * SH, 'MATCHED');
    expect(desk.decide('b').targetMicros).toBe(0);
    // a itself: C = 960, Y = 100 → x* = 0.45·960/0.4 − 0.55·1060/0.6 = 1080 − 971.67 = 108.33,
    // target 100 + 108.33 = 208.33: the fill changed nobody's target.
    expect(desk.decide('a').targetMicros).toBe(208_330_000);
    desk.fill('a', 100 * SH, 'CONFIRMED');
    expect(desk.decide('b').targetMicros).toBe(0);
    expect(desk.decide('a').targetMicros).toBe(208_330_000);
    expect(desk.staked()).toBe(83_332_000);
  });

  it('two orders in different markets: the second gets what the first leaves of its stake', () => {
    const equal = new Desk(1000 * USD);
    equal.add('a', M1, 'BUY', 0.6);
    equal.add('b', M2, 'BUY', 0.6);
    expect(equal.decide('a').targetMicros).toBe(208_330_000);
    // b alone: $83.332; a stakes $83.332 → nothing left. Together 8.33% of the wallet.
    expect(equal.decide('b')).toMatchObject({ targetMicros: 0, cappedBy: 'shared_bankroll' });

    const surer = new Desk(1000 * USD);
    surer.add('a', M1, 'BUY', 0.6);
    surer.add('b', M2, 'BUY', 0.7);
    expect(surer.decide('a').targetMicros).toBe(208_330_000);
    // b alone: 312.50 shares, $125; 125 − 83.332 = $41.668 left → 41.668/0.40 = 104.17 shares.
    // Together 83.332 + 41.668 = $125 = 12.5%, b's Kelly fraction of the wallet.
    expect(surer.decide('b')).toMatchObject({
      targetMicros: 104_170_000,
      cappedBy: 'shared_bankroll',
    });
    expect(surer.staked()).toBe(125 * USD);
  });

  it('three orders, two markets: never more than the largest Kelly fraction', () => {
    const desk = new Desk(1000 * USD);
    desk.add('a', M1, 'BUY', 0.6);
    desk.add('b', M2, 'BUY', 0.7);
    desk.add('c', M1, 'BUY', 0.8);
    // a: 208.33 ($83.332). b: 125 − 83.332 = $41.668 → 104.17 shares.
    expect(desk.decide('a').targetMicros).toBe(208_330_000);
    expect(desk.decide('b').targetMicros).toBe(104_170_000);
    // c alone: 416.66 shares, $166.664; the others stake 83.332 + 41.668 = $125
    // → $41.664 left → 104.16 shares. Together 83.332 + 41.668 + 41.664 = $166.664 = 16.67%.
    expect(desk.decide('c')).toMatchObject({
      targetMicros: 104_160_000,
      cappedBy: 'shared_bankroll',
    });
    expect(desk.staked()).toBe(166_664_000);
    // Each one deciding again keeps the total: a and b still fit under their own stakes.
    expect(desk.decide('a').targetMicros).toBe(0);
    expect(desk.decide('c').targetMicros).toBe(312_490_000);
    expect(desk.staked()).toBe(166_664_000);
  });

  it('an order that ends releases its stake; its fills stay as a position', () => {
    const desk = new Desk(1000 * USD);
    desk.add('a', M1, 'BUY', 0.6);
    desk.add('b', M2, 'BUY', 0.6);
    expect(desk.decide('a').targetMicros).toBe(208_330_000);
    expect(desk.decide('b').targetMicros).toBe(0);
    // a fills completely ($83.332 paid, collateral 916.668) but still works until confirmed:
    // its $83.332 now counts as paid, not reserved, and b still gets nothing.
    desk.fill('a', 208_330_000, 'MATCHED');
    expect(desk.decide('b').targetMicros).toBe(0);
    desk.fill('a', 208_330_000, 'CONFIRMED');
    desk.end('a');
    // b sizes on what is left: 916.668/12 = $76.389 → 76.389/0.40 = 190.97 shares ($76.388).
    expect(desk.decide('b')).toMatchObject({ targetMicros: 190_970_000, cappedBy: 'kelly' });
  });

  it('SELLs reserve shares, not cash: zero cash sells, and two sellers sell one Kelly size', () => {
    // C = 0, YES = 300, NO = 600; selling YES at 0.60 with belief 0.40, full Kelly:
    // x* = 0.6·300/0.4 − 0.4·600/0.6 = 450 − 400 = 50 (A 300 → 280, L 600 → 630).
    const desk = new Desk(0);
    desk.positions.set(M1.yes, 300 * SH);
    desk.positions.set(M1.no, 600 * SH);
    desk.add('s1', M1, 'SELL', 0.4);
    desk.add('s2', M1, 'SELL', 0.4);
    desk.add('buy', M2, 'BUY', 0.6);
    desk.collateral = 0;
    expect(desk.decide('s1', 600_000)).toMatchObject({ targetMicros: 50 * SH, cappedBy: 'kelly' });
    // s2 alone would also sell 50; s1 may still sell 50 → 0 left.
    expect(desk.decide('s2', 600_000)).toMatchObject({
      targetMicros: 0,
      cappedBy: 'shared_bankroll',
    });
    // 20 of s1's match: YES 280, $12 pending. s2's base puts them back (YES 300, C 0):
    // 50 − (20 sold + 30 still to sell) = 0. s1: A = 292, L = 612 → 30 more, target 50.
    desk.fill('s1', 20 * SH, 'MATCHED');
    const share = desk.bankroll.share('s2', walletState(desk.view('s2')));
    expect(share.sellableMicros).toBe(250 * SH);
    expect(share.othersSellingMicros).toBe(50 * SH);
    expect(desk.decide('s2', 600_000).targetMicros).toBe(0);
    expect(desk.decide('s1', 600_000).targetMicros).toBe(50 * SH);
    // The BUY in M2 has $12 of pending proceeds to size from and takes no shares from the sells.
    expect(desk.bankroll.share('buy', walletState(desk.view('buy'))).budgetMicros).toBe(12 * USD);
  });

  it('rebuilds the same shares after a restart: claims come from the ledgers', () => {
    const desk = new Desk(1000 * USD);
    const a = desk.add('a', M1, 'BUY', 0.6);
    const b = desk.add('b', M2, 'BUY', 0.7);
    desk.decide('a');
    desk.fill('a', 100 * SH, 'MATCHED');
    desk.decide('b');
    const restarted = new KellyBankroll();
    for (const [o, market] of [
      [structuredClone(a), M1],
      [structuredClone(b), M2],
    ] as const) {
      restarted.join(o.id, () => kellyClaimOf(o, market.conditionId));
    }
    for (const id of ['a', 'b']) {
      const wallet = walletState(desk.view(id));
      expect(restarted.share(id, wallet)).toEqual(desk.bankroll.share(id, wallet));
    }
  });

  it('refuses a share to an order that never joined', () => {
    const wallet = { cashMicros: 0, heldMicros: 0, heldOtherMicros: 0 };
    expect(() => new KellyBankroll().share('x', wallet)).toThrow(PolydeskError);
  });
});

describe('kellyClaimOf', () => {
  it('reserves what rests at its price and what is not placed yet at the limit', () => {
    // 208.33 rest at 0.40, 100 of them matched; the target was raised to 250.
    const o = order('k', M1.yes, 'BUY', [eo('e1', 'BUY', 400_000, 208_330_000, 100 * SH)]);
    o.targetSize = 250 * SH;
    // resting 108.33·0.40 = 43.332; not placed 250 − 100 − 108.33 = 41.67 at the 0.45 limit
    // = 18.7515; reserved 62.0835. Paid: 100·0.40 = $40.
    expect(kellyClaimOf(o, M1.conditionId)).toEqual({
      conditionId: M1.conditionId,
      tokenId: M1.yes,
      side: 'BUY',
      doneMicros: 100 * SH,
      notionalMicros: 40 * USD,
      reservedMicros: 62_083_500,
      reservedSharesMicros: 0,
    });
    // Target cut to 150 while 108.33 still rest: they may fill until replaced, so they count.
    o.targetSize = 150 * SH;
    expect(kellyClaimOf(o, M1.conditionId).reservedMicros).toBe(43_332_000);
  });

  it('a SELL reserves the shares still to sell and no cash', () => {
    const o = order('s', M1.yes, 'SELL', [eo('e1', 'SELL', 600_000, 50 * SH, 20 * SH)]);
    o.targetSize = 50 * SH;
    expect(kellyClaimOf(o, M1.conditionId)).toMatchObject({
      doneMicros: 20 * SH,
      notionalMicros: 12 * USD,
      reservedMicros: 0,
      reservedSharesMicros: 30 * SH,
    });
  });
});

describe('pendingAndPromised', () => {
  it('counts pending fills of working orders and the open BUYs outside the bankroll', () => {
    const orders = [
      // A Kelly BUY of M1 YES: 100 pending, its open BUY is in its own reservation.
      {
        order: order('k', M1.yes, 'BUY', [eo('e1', 'BUY', 400_000, 200 * SH, 100 * SH)]),
        inBankroll: true,
      },
      // A micro-price BUY of M1 NO: 10 pending, (50 − 10)·0.50 = $20 promised.
      {
        order: order(
          'm',
          M1.no,
          'BUY',
          [eo('e2', 'BUY', 500_000, 50 * SH, 10 * SH)],
          'micro_price',
        ),
        inBankroll: false,
      },
      // An iceberg BUY in M2: 20·0.30 = $6 promised.
      {
        order: order('i', M2.yes, 'BUY', [eo('e3', 'BUY', 300_000, 20 * SH)], 'iceberg'),
        inBankroll: false,
      },
      // A SELL in M2: 20 pending at 0.60 → $12 to be credited.
      {
        order: order('s', M2.yes, 'SELL', [eo('e4', 'SELL', 600_000, 50 * SH, 20 * SH)]),
        inBankroll: true,
      },
      // A cancelled order is not reconciled any more: its pending fill is left out.
      {
        order: order(
          'x',
          M1.yes,
          'BUY',
          [eo('e5', 'BUY', 400_000, 5 * SH, 5 * SH)],
          'kelly',
          'CANCELLED',
        ),
        inBankroll: false,
      },
    ];
    expect(pendingAndPromised(orders, M1.yes, M1.no)).toEqual({
      pending: { buyMicros: 100 * SH, otherBuyMicros: 10 * SH, sellProceedsMicros: 12 * USD },
      promisedMicros: 26 * USD,
    });
  });
});
