import { afterEach, describe, expect, it } from 'vitest';
import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';
import type { Order, OrderEvent } from '@shared/domain/order';
import type { PortfolioSnapshot } from '@shared/ipc/contract';
import { PortfolioSnapshotSchema } from '@shared/ipc/contract';
import type { TradeStatus } from '@shared/portfolio';
import { PolydeskError } from '@shared/errors';
import { silentLogger } from '../host/logger';
import { MemoryStore } from '../store/memory-store';
import type { StoredExchangeOrder } from '../store/store-port';
import { PortfolioService } from './portfolio-service';
import type {
  PortfolioMarkets,
  PortfolioOrders,
  PortfolioServiceOptions,
} from './portfolio-service';
import { LIVE_REDEEM_MESSAGE, RedeemNotSubmittedError } from '../exchange/redeem';

const SHARE = 1_000_000;
const YES = '1001';
const NO = '1002';

const MARKET: MarketListItem = {
  conditionId: '0xc1',
  question: 'Will it rain?',
  slug: 'rain',
  tokens: [
    { tokenId: YES, outcome: 'Yes' },
    { tokenId: NO, outcome: 'No' },
  ],
  tickMicros: 10_000,
  minOrderSizeMicros: 5 * SHARE,
  negRisk: false,
  bestBid: null,
  bestAsk: null,
  lastPrice: null,
};

function book(tokenId: string, bid: number, ask: number): MarketSnapshot {
  return {
    tokenId,
    conditionId: MARKET.conditionId,
    timestamp: 0,
    ageMs: 0,
    stale: false,
    source: 'stream',
    tickMicros: 10_000,
    bestBid: bid,
    bestAsk: ask,
    spread: ask - bid,
    bidDepth: 100 * SHARE,
    askDepth: 100 * SHARE,
    // Equal depths: the micro-price is the mid.
    microPrice: (bid + ask) / 2,
    microPriceUpperBand: null,
    microPriceLowerBand: null,
    bids: [],
    asks: [],
    lastTradePrice: null,
    ourOrders: [],
  };
}

class FakeMarkets implements PortfolioMarkets {
  readonly books = new Map<string, MarketSnapshot>();
  readonly watching = new Map<string, number>();
  private readonly listeners = new Set<(s: MarketSnapshot) => void>();
  getSnapshot(tokenId: string): MarketSnapshot | undefined {
    return this.books.get(tokenId);
  }
  onSnapshot(listener: (s: MarketSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  startMonitoring(tokenId: string): Promise<unknown> {
    this.watching.set(tokenId, (this.watching.get(tokenId) ?? 0) + 1);
    return Promise.resolve(this.books.get(tokenId) ?? null);
  }
  stopMonitoring(tokenId: string): void {
    const n = (this.watching.get(tokenId) ?? 0) - 1;
    if (n <= 0) this.watching.delete(tokenId);
    else this.watching.set(tokenId, n);
  }
  listMarkets(): Promise<MarketListItem[]> {
    return Promise.resolve([MARKET]);
  }
  fees = { ratePpm: 0, exponent: 1, takerOnly: true };
  marketInfo(): Promise<{ fees: { ratePpm: number; exponent: number; takerOnly: boolean } }> {
    return Promise.resolve({ fees: this.fees });
  }
  push(snapshot: MarketSnapshot): void {
    this.books.set(snapshot.tokenId, snapshot);
    for (const listener of this.listeners) listener(snapshot);
  }
}

class FakeOrders implements PortfolioOrders {
  open: Order[] = [];
  private readonly listeners = new Set<{ onOrderEvent?(e: OrderEvent): void }>();
  list(): Order[] {
    return this.open;
  }
  subscribe(listener: { onOrderEvent?(e: OrderEvent): void }): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  persist(): Promise<void> {
    return Promise.resolve();
  }
  fillEvent(orderId: string, type: OrderEvent['type'] = 'fill'): void {
    const event: OrderEvent = { seq: 1, orderId, at: 0, type, state: 'ACTIVE', reason: '' };
    for (const listener of this.listeners) listener.onOrderEvent?.(event);
  }
}

interface Balances {
  cash: number;
  tokens: Record<string, number>;
  failCash?: boolean;
}

function fakeExchange(balances: Balances) {
  return {
    readOnly: false,
    getCollateralBalance: () =>
      balances.failCash
        ? Promise.reject(new PolydeskError('EXCHANGE_UNAVAILABLE', 'balance timed out'))
        : Promise.resolve({ balanceMicros: balances.cash, allowances: {} }),
    getConditionalBalance: (tokenId: string) =>
      Promise.resolve({ balanceMicros: balances.tokens[tokenId] ?? 0, allowances: {} }),
  };
}

const exchangeOrder = (
  id: string,
  side: 'BUY' | 'SELL',
  tokenId = YES,
  userOrderId = 'u1',
): StoredExchangeOrder => ({
  id,
  userOrderId,
  tokenId,
  side,
  state: 'FILLED',
  price: 500_000,
  size: 10 * SHARE,
  filled: 0,
  pendingFilled: 0,
  createdAt: 0,
  updatedAt: 0,
  reportedMatched: 0,
  matchedFinal: false,
});

async function saveFill(
  store: MemoryStore,
  tradeId: string,
  exchangeOrderId: string,
  shares: number,
  price: number,
  status: TradeStatus,
  at: number,
  userOrderId = 'u1',
): Promise<void> {
  await store.saveFill({
    fillKey: `${tradeId}:${exchangeOrderId}`,
    tradeId,
    exchangeOrderId,
    userOrderId,
    price: Math.round(price * SHARE),
    size: shares * SHARE,
    status,
    role: 'TAKER',
    at,
  });
}

let running: PortfolioService[] = [];
afterEach(() => {
  for (const service of running) service.stop();
  running = [];
});

async function setup(
  balances: Balances = { cash: 100 * SHARE, tokens: {} },
  extra: Pick<PortfolioServiceOptions, 'redeemer'> = {},
) {
  const store = new MemoryStore();
  const markets = new FakeMarkets();
  const orders = new FakeOrders();
  const start = () =>
    PortfolioService.start({
      store,
      exchange: fakeExchange(balances),
      markets,
      orders,
      logger: silentLogger(),
      ...extra,
      // Nothing fires by itself in these tests: each step is driven by hand.
      timings: {
        balancePollMs: 3_600_000,
        balanceAfterFillMs: 3_600_000,
        confirmReadMs: 3_600_000,
        fillSyncDelayMs: 1,
        emitIntervalMs: 1,
      },
    }).then((service) => {
      running.push(service);
      return service;
    });
  return { store, markets, orders, balances, start };
}

function position(snapshot: PortfolioSnapshot, tokenId = YES) {
  const found = snapshot.positions.find((p) => p.tokenId === tokenId);
  if (!found) throw new Error(`no position in ${tokenId}`);
  return found;
}

describe('PortfolioService', () => {
  it('turns stored fills into positions valued at the marks, with cash free and reserved', async () => {
    const rig = await setup({ cash: 96 * SHARE, tokens: { [YES]: 10 * SHARE } });
    await rig.store.saveExchangeOrder(exchangeOrder('e1', 'BUY'));
    await rig.store.saveExchangeOrder(exchangeOrder('e2', 'SELL'));
    // Buy 10 @ 0.40 (confirmed), sell 4 @ 0.55 (matched, pending).
    await saveFill(rig.store, 't1', 'e1', 10, 0.4, 'CONFIRMED', 1_000);
    await saveFill(rig.store, 't2', 'e2', 4, 0.55, 'MATCHED', 2_000);
    rig.markets.books.set(YES, book(YES, 500_000, 520_000));
    rig.balances.tokens[YES] = 6 * SHARE;
    rig.orders.open = [openBuy('o1', 300_000, 20 * SHARE)];
    const service = await rig.start();
    const snapshot = PortfolioSnapshotSchema.parse(service.snapshot());
    const yes = position(snapshot);
    // 6 shares left, basis 4.00 − 4.00·4/10 = 2.40, avg 0.40; realized 2.20 − 1.60 = 0.60.
    expect(yes).toMatchObject({
      question: 'Will it rain?',
      outcome: 'Yes',
      heldMicros: 6 * SHARE,
      confirmedMicros: 10 * SHARE,
      pendingSellMicros: 4 * SHARE,
      avgCostMicros: 400_000,
      costBasisMicros: 2_400_000,
      realizedPnlMicros: 600_000,
      microPriceMicros: 510_000,
      bestBidMicros: 500_000,
      // At the micro 0.51: 3.06 − 2.40; at the bid 0.50: 3.00 − 2.40.
      unrealizedAtMicroMicros: 660_000,
      unrealizedAtBidMicros: 600_000,
      exchangeMicros: 6 * SHARE,
      minOrderSizeMicros: 5 * SHARE,
    });
    // An open BUY of 20 @ 0.30 holds 6.00 of the 96.00.
    expect(snapshot.cash).toMatchObject({
      balanceMicros: 96 * SHARE,
      reservedMicros: 6 * SHARE,
      freeMicros: 90 * SHARE,
      pendingSellProceedsMicros: 2_200_000,
    });
    expect(snapshot.warnings).toEqual([]);
    expect(rig.markets.watching.get(YES)).toBe(1);
    const { trades, total } = service.trades({ limit: 10 });
    expect(total).toBe(2);
    expect(trades.map((t) => [t.tradeId, t.side, t.status])).toEqual([
      ['t2', 'SELL', 'MATCHED'],
      ['t1', 'BUY', 'CONFIRMED'],
    ]);
  });

  it('follows fills as the daemon reports them: pending, then confirmed, and FAILED undoes', async () => {
    const rig = await setup();
    await rig.store.saveExchangeOrder(exchangeOrder('e1', 'BUY'));
    const service = await rig.start();
    const seen: PortfolioSnapshot[] = [];
    service.subscribe((s) => seen.push(s));
    expect(service.snapshot().positions).toEqual([]);

    await saveFill(rig.store, 't1', 'e1', 10, 0.4, 'MATCHED', 1_000);
    await saveFill(rig.store, 't2', 'e1', 5, 0.6, 'MATCHED', 2_000);
    rig.orders.fillEvent('u1');
    await waitFor(() => seen.at(-1)?.positions.length === 1);
    let yes = position(service.snapshot());
    expect(yes).toMatchObject({
      heldMicros: 15 * SHARE,
      confirmedMicros: 0,
      pendingBuyMicros: 15 * SHARE,
      costBasisMicros: 7 * SHARE,
    });

    await saveFill(rig.store, 't1', 'e1', 10, 0.4, 'CONFIRMED', 3_000);
    await saveFill(rig.store, 't2', 'e1', 5, 0.6, 'FAILED', 3_000);
    rig.orders.fillEvent('u1', 'fill_failed');
    await waitFor(() => position(service.snapshot()).failedFills === 1);
    yes = position(service.snapshot());
    expect(yes).toMatchObject({
      heldMicros: 10 * SHARE,
      confirmedMicros: 10 * SHARE,
      pendingBuyMicros: 0,
      costBasisMicros: 4 * SHARE,
      avgCostMicros: 400_000,
      liveFills: 1,
    });
    expect(service.trades({ limit: 5 }).trades.map((t) => [t.tradeId, t.status])).toEqual([
      ['t2', 'FAILED'],
      ['t1', 'CONFIRMED'],
    ]);
  });

  it('takes the fee of a taker fill from the market schedule into cost and P&L', async () => {
    const rig = await setup();
    rig.markets.fees = { ratePpm: 20_000, exponent: 1, takerOnly: true };
    await rig.store.saveExchangeOrder(exchangeOrder('e1', 'BUY'));
    // 10 @ 0.40 as taker: fee 0.02·10·0.24 = 0.048, basis 4.048.
    await saveFill(rig.store, 't1', 'e1', 10, 0.4, 'CONFIRMED', 1_000);
    const service = await rig.start();
    expect(position(service.snapshot())).toMatchObject({
      feesMicros: 48_000,
      costBasisMicros: 4_048_000,
    });
    expect(service.trades({ limit: 1 }).trades[0]?.feeMicros).toBe(48_000);
  });

  it('counts a trade reported twice once', async () => {
    const rig = await setup();
    await rig.store.saveExchangeOrder(exchangeOrder('e1', 'BUY'));
    await saveFill(rig.store, 't1', 'e1', 10, 0.4, 'MATCHED', 1_000);
    const service = await rig.start();
    await service.syncFills(['u1']);
    rig.orders.fillEvent('u1');
    await service.syncFills();
    expect(position(service.snapshot()).heldMicros).toBe(10 * SHARE);
    expect(service.trades({ limit: 10 }).total).toBe(1);
  });

  it('warns when the exchange balance disagrees over two readings, naming both figures', async () => {
    const rig = await setup({ cash: 100 * SHARE, tokens: { [YES]: 7 * SHARE } });
    await rig.store.saveExchangeOrder(exchangeOrder('e1', 'BUY'));
    await saveFill(rig.store, 't1', 'e1', 10, 0.4, 'CONFIRMED', 1_000);
    const service = await rig.start();
    // One reading (at start) is not enough: it may fall between the exchange's credit and the
    // CONFIRMED report.
    expect(service.snapshot().warnings).toEqual([]);
    await service.refreshBalances();
    const [warning] = service.snapshot().warnings;
    expect(warning).toMatchObject({
      tokenId: YES,
      exchangeMicros: 7 * SHARE,
      expectedMicros: 10 * SHARE,
      differenceMicros: -3 * SHARE,
    });
    expect(warning?.message).toContain('the exchange reports 7 shares');
    expect(warning?.message).toContain('our confirmed fills give 10 shares');
    // Never written over: our position stays what our fills say.
    expect(position(service.snapshot())).toMatchObject({
      heldMicros: 10 * SHARE,
      exchangeMicros: 7 * SHARE,
    });
    rig.balances.tokens[YES] = 10 * SHARE;
    await service.refreshBalances();
    expect(service.snapshot().warnings).toEqual([]);
  });

  it('keeps the last cash figure and says why when a balance read fails', async () => {
    const rig = await setup({ cash: 50 * SHARE, tokens: {} });
    const service = await rig.start();
    expect(service.snapshot().cash?.balanceMicros).toBe(50 * SHARE);
    rig.balances.failCash = true;
    await service.refreshBalances();
    const snapshot = service.snapshot();
    expect(snapshot.cash?.balanceMicros).toBe(50 * SHARE);
    expect(snapshot.balanceError).toBe('balance timed out');
  });

  it('marks move with the book, and a flat position stops watching it', async () => {
    const rig = await setup();
    await rig.store.saveExchangeOrder(exchangeOrder('e1', 'BUY'));
    await rig.store.saveExchangeOrder(exchangeOrder('e2', 'SELL'));
    await saveFill(rig.store, 't1', 'e1', 10, 0.4, 'CONFIRMED', 1_000);
    const service = await rig.start();
    rig.markets.push(book(YES, 600_000, 620_000));
    expect(position(service.snapshot()).unrealizedAtBidMicros).toBe(2 * SHARE);
    await saveFill(rig.store, 't2', 'e2', 10, 0.6, 'MATCHED', 2_000);
    await service.syncFills(['u1']);
    const flat = position(service.snapshot());
    expect(flat).toMatchObject({ heldMicros: 0, realizedPnlMicros: 2 * SHARE });
    expect(rig.markets.watching.has(YES)).toBe(false);
  });
});

function openBuy(id: string, price: number, size: number): Order {
  return {
    id,
    spec: {
      tokenId: NO,
      side: 'BUY',
      strategyType: 'micro_price',
      totalSize: size,
      maxPrice: price,
      minPrice: 10_000,
      urgency: 'MEDIUM',
    },
    state: 'ACTIVE',
    createdAt: 0,
    updatedAt: 0,
    targetSize: size,
    filled: 0,
    pendingFilled: 0,
    avgPrice: null,
    adjustments: 0,
    arrivalMicroPrice: null,
    exchangeOrders: [
      {
        id: `${id}-e`,
        state: 'LIVE',
        side: 'BUY',
        price,
        size,
        filled: 0,
        pendingFilled: 0,
        createdAt: 0,
      },
    ],
  };
}

async function waitFor(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('PortfolioService in live mode, after a resolution', () => {
  it('says how to redeem, refuses to, and counts shares redeemed elsewhere as paid', async () => {
    const rig = await setup(
      { cash: 96 * SHARE, tokens: { [YES]: 10 * SHARE } },
      {
        redeemer: {
          route: { via: 'not-submitted', note: LIVE_REDEEM_MESSAGE },
          redeem: () => Promise.reject(new RedeemNotSubmittedError()),
        },
      },
    );
    await rig.store.saveExchangeOrder(exchangeOrder('e1', 'BUY'));
    await saveFill(rig.store, 't1', 'e1', 10, 0.4, 'CONFIRMED', 1);
    const service = await rig.start();
    service.applyResolutions([
      {
        conditionId: MARKET.conditionId,
        tokenIds: [YES, NO],
        winningTokenId: YES,
        winningOutcome: 'Yes',
      },
    ]);
    expect(position(service.snapshot()).resolution).toEqual({
      winningOutcome: 'Yes',
      won: true,
      payoutMicros: 10 * SHARE,
      redeemable: true,
      redeemVia: 'not-submitted',
      note: LIVE_REDEEM_MESSAGE,
    });
    await expect(service.redeem(MARKET.conditionId)).rejects.toThrow(LIVE_REDEEM_MESSAGE);
    // Redeemed on polymarket.com: the shares are gone and the cash came in.
    rig.balances.cash = 106 * SHARE;
    rig.balances.tokens[YES] = 0;
    await service.refreshBalances();
    const after = service.snapshot();
    expect(position(after)).toMatchObject({
      heldMicros: 0,
      realizedPnlMicros: 6 * SHARE,
      resolution: { redeemable: false },
    });
    expect(after.warnings).toEqual([]);
    expect(after.cash?.balanceMicros).toBe(106 * SHARE);
  });
});
