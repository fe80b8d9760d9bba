import { afterEach, describe, expect, it } from 'vitest';
import type { OrderSpec } from '@shared/domain/order-request';
import { DEFAULT_MICRO_PRICE_PARAMS } from '@shared/domain/order-request';
import { PolydeskError } from '@shared/errors';
import { ConfigSchema } from '../host/config';
import { createLogger, silentLogger } from '../host/logger';
import type { Logger } from '../host/logger';
import { MemoryStore } from '../store/memory-store';
import { FakeMarketPort } from '../tests/fake-market-port';
import { FakeTradingExchange, testMarket } from '../tests/fake-trading-exchange';
import { waitFor } from '../tests/wait-for';
import { OrderDaemon } from './order-daemon';
import {
  checkRiskLimits,
  DEFAULT_RISK_LIMITS,
  placementBreach,
  riskLimitsFromConfig,
  RiskRails,
  submitBreaches,
  usd,
} from './risk-rails';
import type { Exposure, Placement, RiskLimits } from './risk-rails';

const SHARE = 1_000_000;
const USD = 1_000_000;
const TOKEN = '111';
const NONE: Exposure = { filledBuys: 0, openBuys: 0, openOrders: 0 };

const micro: OrderSpec = {
  tokenId: TOKEN,
  side: 'BUY',
  strategyType: 'micro_price',
  totalSize: 2_000 * SHARE,
  maxPrice: 500_000,
  minPrice: 100_000,
  urgency: 'MEDIUM',
  microPriceParams: { ...DEFAULT_MICRO_PRICE_PARAMS, checkIntervalSec: 0.1 },
};

const iceberg: OrderSpec = {
  tokenId: TOKEN,
  side: 'BUY',
  strategyType: 'iceberg',
  totalSize: 20 * SHARE,
  maxPrice: 600_000,
  minPrice: 100_000,
  urgency: 'MEDIUM',
  icebergParams: { clipSize: 10 * SHARE, clipJitterPct: 0 },
};

const kelly: OrderSpec = {
  tokenId: TOKEN,
  side: 'BUY',
  strategyType: 'kelly',
  maxPrice: 500_000,
  minPrice: 100_000,
  urgency: 'MEDIUM',
  kellyParams: {
    winProbability: 0.7,
    kellyFraction: 0.25,
    maxPositionSize: 2_500 * SHARE,
    recalculateIntervalSec: 5,
    resizeThreshold: 0.1,
    microPriceParams: DEFAULT_MICRO_PRICE_PARAMS,
  },
};

function messages(
  spec: OrderSpec,
  exposure = NONE,
  microPrice: number | null = null,
  limits = DEFAULT_RISK_LIMITS,
): string[] {
  return submitBreaches(spec, limits, exposure, microPrice).map((b) => b.message);
}

describe('risk rails: the numbers', () => {
  it('formats dollars exactly', () => {
    expect(usd(1_250 * USD)).toBe('$1,250.00');
    expect(usd(123_450_000)).toBe('$123.45');
    expect(usd(1)).toBe('$0.000001');
    expect(usd(1_234_567 * USD)).toBe('$1,234,567.00');
  });

  it('takes its defaults from the config, amounts in USDC and the band in price units', () => {
    expect(riskLimitsFromConfig(ConfigSchema.parse({}).risk)).toEqual(DEFAULT_RISK_LIMITS);
    expect(
      riskLimitsFromConfig({
        maxOrderNotional: 250.5,
        maxMarketNotional: 0.000001,
        maxOpenOrders: 7,
        maxThroughMicroPrice: 0.05,
      }),
    ).toEqual({
      maxOrderNotional: 250_500_000,
      maxMarketNotional: 1,
      maxOpenOrders: 7,
      maxThroughMicroPrice: 50_000,
    });
    expect(ConfigSchema.safeParse({ risk: { maxOpenOrders: 0 } }).success).toBe(false);
    expect(ConfigSchema.safeParse({ risk: { maxOrderUsd: 5 } }).success).toBe(false);
  });
});

describe('risk rails: new limits', () => {
  it('takes positive integers (micro units; at least 1 open order) and keeps a copy', () => {
    const limits: RiskLimits = {
      maxOrderNotional: 1,
      maxMarketNotional: Number.MAX_SAFE_INTEGER,
      maxOpenOrders: 1,
      maxThroughMicroPrice: 1,
    };
    const checked = checkRiskLimits(limits);
    expect(checked).toEqual(limits);
    expect(checked).not.toBe(limits);
    expect(checkRiskLimits({ ...DEFAULT_RISK_LIMITS, extra: 1 } as RiskLimits)).toEqual(
      DEFAULT_RISK_LIMITS,
    );
  });

  it('refuses with BAD_REQUEST naming every field that is not a positive integer', () => {
    const bad = {
      maxOrderNotional: 0,
      maxMarketNotional: 12.5,
      maxOpenOrders: 0,
      maxThroughMicroPrice: Number.NaN,
    };
    expect(() => checkRiskLimits(bad)).toThrow(
      expect.objectContaining({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/^Invalid risk limits: maxOrderNotional: /),
        issues: [
          expect.objectContaining({ path: 'maxOrderNotional' }),
          expect.objectContaining({ path: 'maxMarketNotional' }),
          expect.objectContaining({ path: 'maxOpenOrders' }),
          expect.objectContaining({ path: 'maxThroughMicroPrice' }),
        ],
      }),
    );
    const oneBad = (patch: Record<string, unknown>): string[] => {
      try {
        checkRiskLimits({ ...DEFAULT_RISK_LIMITS, ...patch } as RiskLimits);
      } catch (err) {
        expect(err).toBeInstanceOf(PolydeskError);
        return ((err as PolydeskError).issues ?? []).map((issue) => issue.path);
      }
      return [];
    };
    expect(oneBad({ maxOrderNotional: -5 })).toEqual(['maxOrderNotional']);
    expect(oneBad({ maxMarketNotional: '5000000000' })).toEqual(['maxMarketNotional']);
    expect(oneBad({ maxOpenOrders: 1.5 })).toEqual(['maxOpenOrders']);
    expect(oneBad({ maxThroughMicroPrice: Infinity })).toEqual(['maxThroughMicroPrice']);
    expect(oneBad({ maxOrderNotional: 2 ** 53 })).toEqual(['maxOrderNotional']);
    expect(oneBad({ maxOpenOrders: undefined })).toEqual(['maxOpenOrders']);
    expect(() => checkRiskLimits(null as unknown as RiskLimits)).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
  });

  it('holds the next submit and the next reservation to the new limits', () => {
    const rails = new RiskRails(DEFAULT_RISK_LIMITS, () => ({ ...NONE, openOrders: 1 }));
    const placement: Placement = {
      conditionId: 'c',
      side: 'BUY',
      priceMicros: 500_000,
      sizeMicros: SHARE,
      microPrice: 500_000,
    };
    const held = rails.reserve(placement);
    expect(held.ok).toBe(true);
    rails.setLimits({ ...DEFAULT_RISK_LIMITS, maxOpenOrders: 2, maxOrderNotional: 10 * USD });
    expect(rails.limits).toMatchObject({ maxOpenOrders: 2, maxOrderNotional: 10 * USD });
    expect(() => rails.checkSubmit(micro, 'c', null)).toThrow(
      expect.objectContaining({ code: 'RISK_LIMIT' }),
    );
    expect(rails.reserve(placement)).toMatchObject({
      ok: false,
      breach: { rail: 'open-order cap' },
    });
    if (held.ok) held.release();
    expect(rails.reserve(placement).ok).toBe(true);
    expect(() => rails.setLimits({ ...DEFAULT_RISK_LIMITS, maxOpenOrders: 0 })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    expect(rails.limits.maxOpenOrders).toBe(2);
  });
});

describe('risk rails at submit', () => {
  it('per-order notional: exactly at the cap passes, over it is refused with the amounts', () => {
    expect(messages(micro)).toEqual([]);
    expect(messages({ ...micro, totalSize: 2_500 * SHARE })).toEqual([
      "per-order notional cap: this order's worst case is $1,250.00 (2500 shares at 0.5), $250.00 over the $1,000.00 cap",
    ]);
    const oneUnder: RiskLimits = { ...DEFAULT_RISK_LIMITS, maxOrderNotional: 1_000 * USD - 1 };
    expect(messages(micro, NONE, null, oneUnder)).toEqual([
      "per-order notional cap: this order's worst case is $1,000.00 (2000 shares at 0.5), $0.000001 over the $999.999999 cap",
    ]);
  });

  it('per-order notional: Kelly counts maxPositionSize at maxPrice, a sell its size at minPrice', () => {
    const [breach] = submitBreaches(kelly, DEFAULT_RISK_LIMITS, NONE, null);
    expect(breach).toMatchObject({
      rail: 'per-order notional cap',
      path: 'kellyParams.maxPositionSize',
      message: expect.stringContaining('$250.00 over'),
    });
    const sell: OrderSpec = {
      ...micro,
      side: 'SELL',
      totalSize: 10_000 * SHARE,
      maxPrice: 990_000,
    };
    expect(messages(sell)).toEqual([]);
    expect(messages({ ...sell, totalSize: 10_000 * SHARE + 10_000 })).toEqual([
      "per-order notional cap: this order's worst case is $1,000.001 (10000.01 shares at 0.1), $0.001 over the $1,000.00 cap",
    ]);
  });

  it('per-order notional: a Kelly buy with a bankroll is bounded by it', () => {
    const withBankroll = (bankroll: number): OrderSpec => ({
      ...kelly,
      kellyParams: kelly.kellyParams && { ...kelly.kellyParams, bankroll },
    });
    expect(messages(withBankroll(1_000 * USD))).toEqual([]);
    expect(submitBreaches(withBankroll(1_000 * USD + 1), DEFAULT_RISK_LIMITS, NONE, null)).toEqual([
      expect.objectContaining({
        path: 'kellyParams.bankroll',
        message:
          "per-order notional cap: this order's worst case is $1,000.000001 (its bankroll $1,000.000001), $0.000001 over the $1,000.00 cap",
      }),
    ]);
  });

  it('per-market notional: buys open and filled plus the worst case, exactly at the cap passes', () => {
    const atCap: Exposure = { filledBuys: 3_000 * USD, openBuys: 1_000 * USD, openOrders: 3 };
    expect(messages(micro, atCap)).toEqual([]);
    const [breach] = submitBreaches(
      micro,
      DEFAULT_RISK_LIMITS,
      { ...atCap, openBuys: atCap.openBuys + 1 },
      null,
    );
    expect(breach).toMatchObject({
      rail: 'per-market notional cap',
      path: 'totalSize',
      message:
        "per-market notional cap: $4,000.000001 of buys open or filled in this market plus this order's worst case $1,000.00 is $5,000.000001, $0.000001 over the $5,000.00 cap",
    });
    expect(messages({ ...micro, side: 'SELL' }, { ...atCap, filledBuys: 9_000 * USD })).toEqual([]);
  });

  it('price sanity: an iceberg price exactly 0.10 through the micro-price passes, a micro more is refused', () => {
    expect(messages(iceberg, NONE, 500_000)).toEqual([]);
    const [buy] = submitBreaches(iceberg, DEFAULT_RISK_LIMITS, NONE, 499_999);
    expect(buy).toMatchObject({
      rail: 'price sanity',
      path: 'maxPrice',
      message:
        'price sanity: maxPrice 0.6 is 0.100001 above the micro-price 0.499999, 0.000001 more than the 0.1 allowed',
    });
    const sell: OrderSpec = { ...iceberg, side: 'SELL', minPrice: 400_000, maxPrice: 900_000 };
    expect(messages(sell, NONE, 500_000)).toEqual([]);
    expect(submitBreaches(sell, DEFAULT_RISK_LIMITS, NONE, 500_001)[0]).toMatchObject({
      path: 'minPrice',
      message:
        'price sanity: minPrice 0.4 is 0.100001 below the micro-price 0.500001, 0.000001 more than the 0.1 allowed',
    });
    const target = { ...iceberg, maxPrice: 900_000, targetPrice: 610_000 };
    expect(submitBreaches(target, DEFAULT_RISK_LIMITS, NONE, 500_000)[0]?.path).toBe('targetPrice');
  });

  it('price sanity: post-only strategies and unknown micro-prices are left to placement', () => {
    expect(messages({ ...micro, maxPrice: 990_000, totalSize: 20 * SHARE }, NONE, 300_000)).toEqual(
      [],
    );
    expect(messages(iceberg, NONE, null)).toEqual([]);
  });

  it('refuses with RISK_LIMIT naming every rail broken, each as a field issue', () => {
    const rails = new RiskRails(DEFAULT_RISK_LIMITS, () => NONE);
    const spec: OrderSpec = { ...iceberg, totalSize: 2_000 * SHARE, maxPrice: 700_000 };
    let caught: unknown;
    try {
      rails.checkSubmit(spec, 'c', 500_000);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PolydeskError);
    const error = caught as PolydeskError;
    expect(error.code).toBe('RISK_LIMIT');
    expect(error.message).toMatch(/^per-order notional cap: .*; price sanity: maxPrice 0.7/);
    expect(error.issues?.map((issue) => issue.path)).toEqual(['totalSize', 'maxPrice']);
  });
});

describe('risk rails before a placement', () => {
  const buy = (priceMicros: number, sizeMicros: number): Placement => ({
    conditionId: 'c',
    side: 'BUY',
    priceMicros,
    sizeMicros,
    microPrice: 500_000,
  });

  it('open-order cap: the 50th passes, the 51st is refused and may clear by waiting', () => {
    const at = (openOrders: number): ReturnType<typeof placementBreach> =>
      placementBreach(buy(490_000, SHARE), DEFAULT_RISK_LIMITS, { ...NONE, openOrders });
    expect(at(49)).toBeNull();
    expect(at(50)).toEqual({
      rail: 'open-order cap',
      message:
        'open-order cap: this placement would make 51 open exchange orders, 1 over the cap of 50',
      lasting: false,
    });
  });

  it('per-market cap: exactly at the cap passes; lasting only when filled buys alone leave no room', () => {
    const exposure: Exposure = { filledBuys: 4_000 * USD, openBuys: 500 * USD, openOrders: 1 };
    const placement = buy(500_000, 1_000 * SHARE);
    expect(placementBreach(placement, DEFAULT_RISK_LIMITS, exposure)).toBeNull();
    expect(
      placementBreach(placement, DEFAULT_RISK_LIMITS, { ...exposure, openBuys: 500 * USD + 1 }),
    ).toEqual({
      rail: 'per-market notional cap',
      message:
        "per-market notional cap: $4,500.000001 of buys open or filled in this market plus this placement's $500.00 is $5,000.000001, $0.000001 over the $5,000.00 cap",
      lasting: false,
    });
    expect(
      placementBreach(placement, DEFAULT_RISK_LIMITS, { ...exposure, filledBuys: 4_500 * USD + 1 })
        ?.lasting,
    ).toBe(true);
    const sell = { ...placement, side: 'SELL' as const, priceMicros: 400_000 };
    expect(
      placementBreach(sell, DEFAULT_RISK_LIMITS, { ...exposure, filledBuys: 9_000 * USD }),
    ).toBeNull();
  });

  it('price sanity on the price sent: 0.10 through passes, a micro more waits', () => {
    expect(placementBreach(buy(600_000, SHARE), DEFAULT_RISK_LIMITS, NONE)).toBeNull();
    expect(placementBreach(buy(600_001, SHARE), DEFAULT_RISK_LIMITS, NONE)).toEqual({
      rail: 'price sanity',
      message:
        'price sanity: a buy at 0.600001 is 0.100001 above the micro-price 0.5, 0.000001 more than the 0.1 allowed',
      lasting: false,
    });
  });

  it('holds a passed placement in flight until it is released', () => {
    const limits: RiskLimits = { ...DEFAULT_RISK_LIMITS, maxOpenOrders: 1 };
    const rails = new RiskRails(limits, () => NONE);
    const first = rails.reserve(buy(500_000, SHARE));
    expect(first.ok).toBe(true);
    const second = rails.reserve(buy(500_000, SHARE));
    expect(second).toMatchObject({ ok: false, breach: { rail: 'open-order cap' } });
    if (first.ok) first.release();
    expect(rails.reserve(buy(500_000, SHARE)).ok).toBe(true);
  });
});

interface Rig {
  daemon: OrderDaemon;
  exchange: FakeTradingExchange;
  store: MemoryStore;
}

const rigs: Rig[] = [];

async function rig(
  risk: Partial<RiskLimits>,
  start = true,
  logger: Logger = silentLogger(),
): Promise<Rig> {
  const exchange = new FakeTradingExchange();
  const market = new FakeMarketPort([testMarket()]);
  const store = new MemoryStore();
  // Micro-price 0.50; the micro-price strategy bids 0.49.
  market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]] });
  const daemon = new OrderDaemon({
    exchange,
    market,
    store,
    logger,
    timings: { unknownGraceMs: 20, reconcileIntervalMs: 100, pendingPollMs: 20, retryBaseMs: 5 },
    cancelWaitMs: 5_000,
    risk,
  });
  if (start) await daemon.start(2);
  const r = { daemon, exchange, store };
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) await r.daemon.stop('cancel');
});

const small: OrderSpec = { ...micro, totalSize: 20 * SHARE, maxPrice: 600_000 };

function notes(r: Rig, id: string): string[] {
  return r.daemon
    .events(id)
    .filter((e) => e.type === 'note')
    .map((e) => e.reason);
}

describe('the daemon under the rails', () => {
  it('a refusal at submit queues, stores and places nothing', async () => {
    const r = await rig({});
    const refusal = r.daemon.submit({ ...micro, totalSize: 2_500 * SHARE });
    await expect(refusal).rejects.toMatchObject({
      code: 'RISK_LIMIT',
      message:
        "per-order notional cap: this order's worst case is $1,250.00 (2500 shares at 0.5), $250.00 over the $1,000.00 cap",
      issues: [{ path: 'totalSize' }],
    });
    await expect(r.daemon.submit({ ...iceberg, maxPrice: 610_000 })).rejects.toMatchObject({
      code: 'RISK_LIMIT',
      issues: [{ path: 'maxPrice' }],
    });
    expect(r.daemon.list()).toEqual([]);
    expect(await r.store.loadOrders()).toEqual([]);
    expect(r.exchange.orders.size).toBe(0);
    expect(r.daemon.riskLimits).toEqual(DEFAULT_RISK_LIMITS);
  });

  it('open-order cap: the next order waits without placing, and places once room frees', async () => {
    const r = await rig({ maxOpenOrders: 1 });
    const first = await r.daemon.submit(small);
    await waitFor(() => r.exchange.liveOrders()[0], 'the first bid');
    const second = await r.daemon.submit(small);
    await waitFor(() => notes(r, second).find((n) => n.includes('open-order cap')), 'a refusal');
    expect(notes(r, second)).toContain(
      'not placed, waiting: open-order cap: this placement would make 2 open exchange orders, 1 over the cap of 1',
    );
    expect(r.daemon.status(second)).toMatchObject({ state: 'ACTIVE', exchangeOrders: [] });
    expect(r.exchange.orders.size).toBe(1);
    await r.daemon.cancel(first);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'the second bid');
    expect(r.daemon.status(second).exchangeOrders.map((eo) => eo.id)).toEqual([placed.id]);
  });

  it('per-market cap: waits while open buys use the room, ends FAILED once fills do', async () => {
    // Both orders' worst case is exactly the $12 cap, so both pass at submit.
    const r = await rig({ maxMarketNotional: 12 * USD }, false);
    const a = await r.daemon.submit(small);
    const b = await r.daemon.submit(small);
    await r.daemon.start(2);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'one bid');
    const winner = r.daemon.status(a).exchangeOrders.length > 0 ? a : b;
    const waiting = winner === a ? b : a;
    await waitFor(() => notes(r, waiting).length > 0, 'a refusal');
    expect(notes(r, waiting)).toContain(
      "not placed, waiting: per-market notional cap: $9.80 of buys open or filled in this market plus this placement's $9.80 is $19.60, $7.60 over the $12.00 cap",
    );
    expect(r.daemon.status(waiting).state).toBe('ACTIVE');
    r.exchange.fill(placed.id, 20 * SHARE);
    expect((await r.daemon.whenFinal(winner)).state).toBe('COMPLETED');
    const ended = await r.daemon.whenFinal(waiting);
    expect(ended).toMatchObject({ state: 'FAILED', filled: 0, exchangeOrders: [] });
    expect(r.daemon.events(waiting).at(-1)?.reason).toMatch(
      /^stopped by a risk rail: per-market notional cap: \$9\.80 of buys open or filled .* \$7\.60 over the \$12\.00 cap; filled 0 of 20 shares$/,
    );
    expect(r.exchange.orders.size).toBe(1);
  });
});

describe('the daemon with risk limits changed while running', () => {
  it('holds the next submit to the new limits, logs the change once, refuses bad limits', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (l) => lines.push(l) } });
    const r = await rig({}, true, logger);
    const lower: RiskLimits = { ...DEFAULT_RISK_LIMITS, maxOrderNotional: 5 * USD };
    r.daemon.setRiskLimits(lower);
    expect(r.daemon.riskLimits).toEqual(lower);
    await expect(r.daemon.submit(small)).rejects.toMatchObject({
      code: 'RISK_LIMIT',
      message:
        "per-order notional cap: this order's worst case is $12.00 (20 shares at 0.6), $7.00 over the $5.00 cap",
    });
    const changes = lines
      .map((line) => JSON.parse(line) as { msg: string; risk?: RiskLimits })
      .filter((line) => line.msg === 'risk limits changed');
    expect(changes).toEqual([expect.objectContaining({ risk: lower })]);

    expect(() => r.daemon.setRiskLimits({ ...lower, maxMarketNotional: -1 })).toThrow(
      expect.objectContaining({
        code: 'BAD_REQUEST',
        issues: [{ path: 'maxMarketNotional', message: expect.any(String) }],
      }),
    );
    expect(r.daemon.riskLimits).toEqual(lower);
    expect(lines.filter((line) => line.includes('risk limits changed'))).toHaveLength(1);

    r.daemon.setRiskLimits(DEFAULT_RISK_LIMITS);
    const id = await r.daemon.submit(small);
    await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    expect(r.daemon.status(id).state).toBe('ACTIVE');
  });

  it('a lower open-order cap cancels nothing working; the next placement waits until room frees', async () => {
    const r = await rig({});
    const first = await r.daemon.submit(small);
    const resting = await waitFor(() => r.exchange.liveOrders()[0], 'the first bid');
    r.daemon.setRiskLimits({ ...DEFAULT_RISK_LIMITS, maxOpenOrders: 1 });
    const second = await r.daemon.submit(small);
    await waitFor(() => notes(r, second).find((n) => n.includes('open-order cap')), 'a refusal');
    expect(r.exchange.liveOrders().map((eo) => eo.id)).toEqual([resting.id]);
    expect(r.exchange.cancelCalls).toEqual([]);
    expect(r.daemon.status(first)).toMatchObject({
      state: 'ACTIVE',
      exchangeOrders: [{ id: resting.id, state: 'LIVE' }],
    });
    expect(r.daemon.status(second)).toMatchObject({ state: 'ACTIVE', exchangeOrders: [] });
    r.daemon.setRiskLimits({ ...DEFAULT_RISK_LIMITS, maxOpenOrders: 2 });
    await waitFor(() => r.exchange.liveOrders().length === 2 || undefined, 'the second bid');
    expect(r.daemon.status(second).exchangeOrders).toHaveLength(1);
    expect(r.daemon.status(first).exchangeOrders.map((eo) => eo.id)).toEqual([resting.id]);
  });
});
