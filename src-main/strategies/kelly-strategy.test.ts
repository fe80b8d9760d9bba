import { describe, expect, it } from 'vitest';
import type { MarketSnapshot } from '@shared/domain/market';
import type { ExchangeOrderView, Order } from '@shared/domain/order';
import { KellyParamsSchema } from '@shared/domain/order-request';
import type { KellyParams, OrderSpec } from '@shared/domain/order-request';
import { quoteSnapshotFromView } from '@shared/math/quote-rules';
import { aloneShare, pendingAndPromised, walletState } from '../daemon/kelly-bankroll';
import type { KellyShare, WalletView } from '../daemon/kelly-bankroll';
import { KellyStrategy, kellyTarget, targetMoved } from './kelly-strategy';
import type { ExecutionContext } from './strategy';

const SH = 1_000_000;
const USD = 1_000_000;

const params = (overrides: Partial<KellyParams> = {}): KellyParams => ({
  ...KellyParamsSchema.parse({ winProbability: 0.6, maxPositionSize: '100000' }),
  ...overrides,
});

/** The share of an order alone on a wallet of `cash` USDC, `yes` and `no` shares. */
function alone(cash: number, yes = 0, no = 0): KellyShare {
  return aloneShare({ cashMicros: cash * USD, heldMicros: yes * SH, heldOtherMicros: no * SH });
}

describe('kellyTarget, buying with inventory', () => {
  it('sizes the worked example: p = 0.40, q = 0.60, full Kelly stakes a third of the bankroll', () => {
    // f* = (0.60 − 0.40)/(1 − 0.40) = 1/3 → $333.33 at 0.40 = 833.33 shares
    const { targetMicros, plan } = kellyTarget({
      side: 'BUY',
      params: params({ kellyFraction: 1 }),
      quotePriceMicros: 400_000,
      share: alone(1000),
      doneMicros: 0,
      doneNotionalMicros: 0,
    });
    expect(plan.fraction).toBeCloseTo(1 / 3, 6);
    expect(targetMicros).toBe(833_330_000);
  });

  it('quarter Kelly: 8.33% of the wallet, and the target includes the fills', () => {
    // q_λ = 0.40 + 0.25·0.20 = 0.45, f = 0.05/0.60 = 8.33% → $83.33 → 208.33 shares.
    const fresh = kellyTarget({
      side: 'BUY',
      params: params(),
      quotePriceMicros: 400_000,
      share: alone(1000),
      doneMicros: 0,
      doneNotionalMicros: 0,
    });
    expect(fresh.plan.fraction).toBeCloseTo(1 / 12, 12);
    expect(fresh.targetMicros).toBe(208_330_000);
    // After 100 shares at 0.40: C = 960, Y = 100 (A = 1060, L = 960):
    // x* = 0.45·960/0.4 − 0.55·1060/0.6 = 1080 − 971.67 = 108.33 → target 100 + 108.33 = 208.33
    const later = kellyTarget({
      side: 'BUY',
      params: params(),
      quotePriceMicros: 400_000,
      share: alone(960, 100),
      doneMicros: 100 * SH,
      doneNotionalMicros: 40 * USD,
    });
    expect(later.targetMicros).toBe(208_330_000);
  });

  it('counts held YES and held NO (lessons §4 inventory)', () => {
    const buy = (yes: number, no: number) =>
      kellyTarget({
        side: 'BUY',
        params: params({ kellyFraction: 1 }),
        quotePriceMicros: 400_000,
        share: alone(1000, yes, no),
        doneMicros: 0,
        doneNotionalMicros: 0,
      }).targetMicros;
    // Y = 300: x* = 0.6·1000/0.4 − 0.4·1300/0.6 = 1500 − 866.67 = 633.33
    expect(buy(300, 0)).toBe(633_330_000);
    // N = 300: x* = 0.6·1300/0.4 − 0.4·1000/0.6 = 1950 − 666.67 = 1283.33
    expect(buy(0, 300)).toBe(1_283_330_000);
  });

  it('caps by maxPositionSize over what is held now, and has no target without edge', () => {
    // Held 30 (20 before the order, 10 filled): room 50 − 30 = 20 → target 10 + 20 = 30
    const capped = kellyTarget({
      side: 'BUY',
      params: params({ kellyFraction: 1, maxPositionSize: 50 * SH }),
      quotePriceMicros: 400_000,
      share: alone(996, 30),
      doneMicros: 10 * SH,
      doneNotionalMicros: 4 * USD,
    });
    expect(capped).toMatchObject({ targetMicros: 30 * SH, cappedBy: 'max_position' });
    const noEdge = kellyTarget({
      side: 'BUY',
      params: params({ kellyFraction: 1 }),
      quotePriceMicros: 650_000,
      share: alone(1000),
      doneMicros: 0,
      doneNotionalMicros: 0,
    });
    expect(noEdge.targetMicros).toBe(0);
  });

  it('a set bankroll stands for the cash, less what the fills paid', () => {
    // bankroll $100, q = 0.5, p = 0.28, λ = 0.25: q_λ = 0.28 + 0.25·0.22 = 0.335,
    // f = 0.055/0.72 = 7.64% → $7.64 → 27.28 shares (the wallet's $10,000 does not count)
    const set = params({ winProbability: 0.5, bankroll: 100 * USD });
    const first = kellyTarget({
      side: 'BUY',
      params: set,
      quotePriceMicros: 280_000,
      share: alone(10_000),
      doneMicros: 0,
      doneNotionalMicros: 0,
    });
    expect(first.targetMicros).toBe(27_280_000);
    // After 10 shares at 0.28 ($2.80): C = 97.20, Y = 10 (A = 107.20, L = 97.20):
    // x* = 0.335·97.2/0.28 − 0.665·107.2/0.72 = 116.29 − 99.01 = 17.28 → 10 + 17.28 = 27.28
    const later = kellyTarget({
      side: 'BUY',
      params: set,
      quotePriceMicros: 280_000,
      share: alone(9_997.2, 10),
      doneMicros: 10 * SH,
      doneNotionalMicros: 2_800_000,
    });
    expect(later.targetMicros).toBe(27_280_000);
  });
});

describe('kellyTarget, selling as buying the other outcome', () => {
  // Selling YES at 0.60 with belief 0.40 is buying NO at 0.40 with belief 0.60 (f* = 1/3).
  const sell = (share: KellyShare, over: Partial<KellyParams> = {}) =>
    kellyTarget({
      side: 'SELL',
      params: params({ winProbability: 0.4, kellyFraction: 1, ...over }),
      quotePriceMicros: 600_000,
      share,
      doneMicros: 0,
      doneNotionalMicros: 0,
    });

  it('sizes from the outcome-state wealth', () => {
    // C = 120, Y = 300, N = 600: A = 420, L = 720; x* = 0.6·420/0.4 − 0.4·720/0.6 = 630 − 480 = 150
    // Selling 150 YES at 0.60: C = 210, Y = 150 → A = 360, L = 810 (= buying 150 NO at 0.40).
    expect(sell(alone(120, 300, 600)).targetMicros).toBe(150 * SH);
  });

  it('needs no cash: zero cash sells, capped by the shares held', () => {
    // C = 0, Y = 300, N = 600: A = 300, L = 600; x* = 0.6·300/0.4 − 0.4·600/0.6 = 450 − 400 = 50.
    expect(sell(alone(0, 300, 600)).targetMicros).toBe(50 * SH);
    // C = 0, Y = 100, N = 0: x* = 0.6·100/0.4 = 150 > 100 held → sell all 100.
    expect(sell(alone(0, 100))).toMatchObject({ targetMicros: 100 * SH, cappedBy: 'held' });
    // Another Kelly SELL of the token at the same belief may still sell 70 of them: of the 100
    // this order would sell alone, 100 − 70 = 30 are left to it (kelly-bankroll.test.ts).
    const shared = { ...alone(0, 100), othersSellingMicros: 70 * SH, sellableMicros: 30 * SH };
    expect(sell(shared)).toMatchObject({ targetMicros: 30 * SH, cappedBy: 'shared_bankroll' });
    // maxPositionSize caps the order's total: 40 shares.
    expect(sell(alone(0, 100), { maxPositionSize: 40 * SH })).toMatchObject({
      targetMicros: 40 * SH,
      cappedBy: 'max_position',
    });
  });
});

describe('targetMoved', () => {
  it('resizes only past the threshold', () => {
    expect(targetMoved(0, 10, 0.1)).toBe(true);
    expect(targetMoved(100, 109, 0.1)).toBe(false);
    expect(targetMoved(100, 111, 0.1)).toBe(true);
    expect(targetMoved(100, 89, 0.1)).toBe(true);
  });
});

// ── restart equality ─────────────────────────────────────────────────────────

const YES = '111';
const NO = '222';

/** The exchange as the paper one settles: payers debited at the match, credits at CONFIRMED. */
interface FakeExchange {
  collateral: number;
  positions: Map<string, number>;
  /** Quoted around this price (bid one tick below, ask one tick above). */
  mid: number;
}

function book(mid: number): MarketSnapshot {
  const level = (price: number) => [{ price, size: 100 * SH }];
  return {
    tokenId: YES,
    conditionId: '0xc0',
    timestamp: 0,
    ageMs: 0,
    stale: false,
    source: 'stream',
    tickMicros: 10_000,
    bestBid: mid - 10_000,
    bestAsk: mid + 10_000,
    spread: 20_000,
    bidDepth: 100 * SH,
    askDepth: 100 * SH,
    microPrice: mid,
    microPriceUpperBand: null,
    microPriceLowerBand: null,
    bids: level(mid - 10_000),
    asks: level(mid + 10_000),
    lastTradePrice: null,
    ourOrders: [],
  };
}

function kellyOrder(side: 'BUY' | 'SELL', kelly: KellyParams): Order {
  const spec: OrderSpec = {
    tokenId: YES,
    side,
    strategyType: 'kelly',
    maxPrice: side === 'BUY' ? 400_000 : 700_000,
    minPrice: side === 'BUY' ? 300_000 : 600_000,
    urgency: 'MEDIUM',
    kellyParams: kelly,
  };
  return {
    id: 'k1',
    spec,
    state: 'ACTIVE',
    createdAt: 0,
    updatedAt: 0,
    targetSize: 0,
    filled: 0,
    pendingFilled: 0,
    avgPrice: null,
    adjustments: 0,
    arrivalMicroPrice: null,
    exchangeOrders: [],
  };
}

/** A context over one order and the fake exchange; records the targets it is given. */
function context(order: Order, exchange: FakeExchange, clock: { now: number }) {
  const resizes: number[] = [];
  const ctx: ExecutionContext = {
    order,
    spec: order.spec as OrderSpec,
    rules: { conditionId: '0xc0', tickMicros: 10_000, minOrderSizeMicros: 5 * SH, takerFeeRate: 0 },
    now: () => clock.now,
    snapshot: () => book(exchange.mid),
    quoteSnapshot: (snapshot) => quoteSnapshotFromView(snapshot, 5 * SH),
    working: () => [],
    uncommitted: () => 0,
    place: () => Promise.resolve(null),
    replace: () => Promise.resolve(null),
    cancel: () => Promise.resolve(true),
    setTargetSize: (size) => {
      order.targetSize = size;
      resizes.push(size);
    },
    note: () => undefined,
    setCondition: () => undefined,
    stop: () => undefined,
    collateral: () => Promise.resolve(exchange.collateral),
    position: () => Promise.resolve(exchange.positions.get(YES) ?? 0),
    wallet: (): Promise<WalletView> =>
      Promise.resolve({
        collateralMicros: exchange.collateral,
        positionMicros: exchange.positions.get(YES) ?? 0,
        otherPositionMicros: exchange.positions.get(NO) ?? 0,
        ...pendingAndPromised([{ order, inBankroll: true }], YES, NO),
      }),
    kellyShare: (wallet) => aloneShare(wallet),
  };
  return { ctx, resizes };
}

/** The order's one exchange order, resting at `price` for its whole target. */
function rest(order: Order, price: number): ExchangeOrderView {
  const eo: ExchangeOrderView = {
    id: 'e1',
    state: 'LIVE',
    side: order.spec.side,
    price,
    size: order.targetSize,
    filled: 0,
    pendingFilled: 0,
    createdAt: 0,
  };
  order.exchangeOrders = [eo];
  return eo;
}

function fill(
  order: Order,
  eo: ExchangeOrderView,
  shares: number,
  status: 'MATCHED' | 'CONFIRMED',
) {
  if (status === 'MATCHED') eo.pendingFilled += shares;
  else {
    eo.pendingFilled -= shares;
    eo.filled += shares;
  }
  eo.state = 'PARTIALLY_FILLED';
  order.filled = eo.filled;
  order.pendingFilled = eo.pendingFilled;
}

/** A strategy created now (as after a restart) sets the target that `lived` keeps. */
async function freshTarget(order: Order, exchange: FakeExchange, clock: { now: number }) {
  const copy = structuredClone(order);
  copy.targetSize = 0;
  const { ctx, resizes } = context(copy, exchange, clock);
  await new KellyStrategy(copy.spec.kellyParams as KellyParams, 5_000, 1_000).step(ctx);
  return resizes.at(-1);
}

describe('KellyStrategy after a restart', () => {
  it('a BUY: the target of an uninterrupted run, through a match, a confirmation, a move', async () => {
    const kelly = params({ resizeThreshold: 0 });
    const order = kellyOrder('BUY', kelly);
    const exchange: FakeExchange = { collateral: 1000 * USD, positions: new Map(), mid: 400_000 };
    const clock = { now: 0 };
    const lived = new KellyStrategy(kelly, 5_000, 1_000);
    const { ctx, resizes } = context(order, exchange, clock);

    // t = 0: C = 1000 → quarter Kelly at 0.40: 208.33 shares, resting (the reserve stays in C).
    await lived.step(ctx);
    expect(resizes).toEqual([208_330_000]);
    const eo = rest(order, 400_000);

    // 100 shares match: $40 leaves the collateral at once, the shares arrive at CONFIRMED.
    // Wallet: cash 960, YES = 0 + 100 pending → x* = 0.45·960/0.4 − 0.55·1060/0.6 = 108.33,
    // target 100 + 108.33 = 208.33 for both. (Sizing from memory, a fresh strategy took the
    // bankroll 960 and took the $40 off it again: 100 + x*(920, Y = 100) = 200.)
    fill(order, eo, 100 * SH, 'MATCHED');
    exchange.collateral -= 40 * USD;
    clock.now = 5_000;
    await lived.step(ctx);
    expect(resizes).toEqual([208_330_000]);
    expect(await freshTarget(order, exchange, clock)).toBe(208_330_000);

    // CONFIRMED: the position shows the 100 shares, nothing is pending; the same wallet.
    fill(order, eo, 100 * SH, 'CONFIRMED');
    exchange.positions.set(YES, 100 * SH);
    clock.now = 10_000;
    await lived.step(ctx);
    expect(resizes).toEqual([208_330_000]);
    expect(await freshTarget(order, exchange, clock)).toBe(208_330_000);

    // The book moves to 0.38: q_λ = 0.38 + 0.25·(0.60 − 0.38) = 0.435;
    // x* = 0.435·960/0.38 − 0.565·1060/0.62 = 1098.95 − 965.97 = 132.98 → 100 + 132.97 = 232.97.
    exchange.mid = 380_000;
    clock.now = 15_000;
    await lived.step(ctx);
    expect(resizes).toEqual([208_330_000, 232_970_000]);
    expect(await freshTarget(order, exchange, clock)).toBe(232_970_000);
  });

  it('a SELL with no cash sets the same target before and after a restart', async () => {
    const kelly = params({ winProbability: 0.4, kellyFraction: 1, resizeThreshold: 0 });
    const order = kellyOrder('SELL', kelly);
    const exchange: FakeExchange = {
      collateral: 0,
      positions: new Map([
        [YES, 300 * SH],
        [NO, 600 * SH],
      ]),
      mid: 600_000,
    };
    const clock = { now: 0 };
    const lived = new KellyStrategy(kelly, 5_000, 1_000);
    const { ctx, resizes } = context(order, exchange, clock);

    // C = 0, Y = 300, N = 600 at 0.60: 50 shares (see the zero-cash vector above).
    await lived.step(ctx);
    expect(resizes).toEqual([50 * SH]);
    const eo = rest(order, 600_000);

    // 20 match: the 20 YES leave the position at once, the $12 arrive at CONFIRMED.
    // Wallet: cash 0 + 12 pending, Y = 280, N = 600: A = 292, L = 612;
    // x* = 0.6·292/0.4 − 0.4·612/0.6 = 438 − 408 = 30 → target 20 + 30 = 50.
    fill(order, eo, 20 * SH, 'MATCHED');
    exchange.positions.set(YES, 280 * SH);
    clock.now = 5_000;
    await lived.step(ctx);
    expect(resizes).toEqual([50 * SH]);
    expect(await freshTarget(order, exchange, clock)).toBe(50 * SH);

    fill(order, eo, 20 * SH, 'CONFIRMED');
    exchange.collateral = 12 * USD;
    clock.now = 10_000;
    await lived.step(ctx);
    expect(resizes).toEqual([50 * SH]);
    expect(await freshTarget(order, exchange, clock)).toBe(50 * SH);
  });
});

describe('walletState', () => {
  it('adds what matched trades will still credit to the balances', () => {
    // collateral 960 (the $40 of 100 shares paid at the match), 0 YES + 100 pending,
    // 50 NO, $12 of a pending SELL, $25 reserved by a non-Kelly BUY:
    // cash = 960 + 12 − 25 = 947, YES = 100, NO = 50
    const state = walletState({
      collateralMicros: 960 * USD,
      positionMicros: 0,
      otherPositionMicros: 50 * SH,
      pending: { buyMicros: 100 * SH, otherBuyMicros: 0, sellProceedsMicros: 12 * USD },
      promisedMicros: 25 * USD,
    });
    expect(state).toEqual({
      cashMicros: 947 * USD,
      heldMicros: 100 * SH,
      heldOtherMicros: 50 * SH,
    });
  });
});
