import {
  AssetType,
  createL2Headers,
  OrderType,
  orderToJsonV2,
  Side,
  type SignedOrder,
} from '@polymarket/clob-client-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle, type EmulatorMarketInfo } from './index.js';
import {
  ethersV6Signer,
  eventually,
  newTrader,
  RecordingSocket,
  type TestTrader,
} from './testing/clob-test-client.js';

let emu: EmulatorHandle;
let fed: EmulatorMarketInfo;
let gpt: EmulatorMarketInfo;
const sockets: RecordingSocket[] = [];

beforeAll(async () => {
  emu = await startEmulator({ syntheticFlow: false, seed: 31, timing: 'prompt' });
  fed = emu.markets.find((m) => m.slug === 'fed-cuts-rates-in-december') as EmulatorMarketInfo;
  gpt = emu.markets.find((m) => m.slug === 'gpt-next-release-before-july') as EmulatorMarketInfo;
});

afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
  emu.faults.reset();
});

afterAll(async () => {
  await emu.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function trader(): Promise<TestTrader> {
  return newTrader(emu.restUrl, emu.chainId);
}

async function best(tokenId: string): Promise<{ bid: number; ask: number }> {
  const book = await (await trader()).client.getOrderBook(tokenId);
  return { bid: Number(book.bids.at(-1)?.price), ask: Number(book.asks.at(-1)?.price) };
}

/** POST /order with the official client's body and headers, keeping the HTTP response. */
async function rawPost(
  t: TestTrader,
  order: SignedOrder,
  orderType: OrderType,
  extra: Record<string, unknown> = {},
): Promise<Response> {
  const payload = orderToJsonV2(
    order as Parameters<typeof orderToJsonV2>[0],
    t.creds.key,
    orderType,
    false,
    false,
  );
  const body = JSON.stringify({ ...payload, order: { ...payload.order, ...extra } });
  const headers = await createL2Headers(ethersV6Signer(t.wallet), t.creds, {
    method: 'POST',
    requestPath: '/order',
    body,
  });
  return fetch(`${emu.restUrl}/order`, {
    method: 'POST',
    body,
    headers: headers as unknown as Record<string, string>,
  });
}

async function control(path: string, body: unknown): Promise<Response> {
  return fetch(`${emu.restUrl}/_emulator/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
}

const TIGHT = {
  tier: 'test',
  order: { ratePerSec: 1, burst: 3 },
  cancel: { ratePerSec: 1, burst: 4 },
  negativeCancelBalance: true,
  warningOnly: false,
};

describe('per-signer rate limits', () => {
  it('refuses a POST /order beyond the order bucket with 429, Retry-After and Poly-RateLimit headers', async () => {
    const res = await control('faults', { signerRateLimits: TIGHT });
    expect(res.status).toBe(200);
    const t = await trader();
    const { bid } = await best(fed.yesTokenId);
    const order = () =>
      t.client.createOrder({ tokenID: fed.yesTokenId, price: bid - 0.05, size: 5, side: Side.BUY });
    for (let i = 0; i < 3; i++) {
      const placed = await t.client.postOrder(await order(), OrderType.GTC);
      expect(placed.status).toBe('live');
    }
    const refused = (await t.client.postOrder(await order(), OrderType.GTC)) as unknown;
    expect(refused).toEqual({ error: 'Too Many Requests', status: 429 });

    const raw = await rawPost(t, await order(), OrderType.GTC);
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(raw.headers.get('poly-ratelimit-tier')).toBe('test');
    expect(raw.headers.get('poly-ratelimit-remaining')).toBe('0');
    expect(Number(raw.headers.get('poly-ratelimit-reset'))).toBeGreaterThanOrEqual(
      Math.floor(Date.now() / 1000),
    );

    // The cancel bucket is separate: cancels still go through, and cancel-all costs 1 + each cancelled.
    const open = await t.client.getOpenOrders({ market: fed.conditionId });
    expect(open).toHaveLength(3);
    const all = await t.client.cancelAll();
    expect(all.canceled).toHaveLength(3);
    const afterCancelAll = await fetch(`${emu.restUrl}/_emulator/faults`);
    expect(afterCancelAll.status).toBe(200);
    const cancelOne = (await t.client.cancelOrder({ orderID: open[0]?.id ?? '' })) as unknown;
    expect(cancelOne).toEqual({ error: 'Too Many Requests', status: 429 });

    // Tokens come back at the tier's rate.
    await sleep(1_100);
    const again = await t.client.postOrder(await order(), OrderType.GTC);
    expect(again.status).toBe('live');
  });

  it('admits a batch only whole, and says what a warning-mode limiter would refuse', async () => {
    emu.faults.set({ signerRateLimits: TIGHT });
    const t = await trader();
    const { bid } = await best(fed.yesTokenId);
    const orders = [];
    for (let i = 0; i < 4; i++) {
      orders.push({
        order: await t.client.createOrder({
          tokenID: fed.yesTokenId,
          price: bid - 0.05,
          size: 5 + i,
          side: Side.BUY,
        }),
        orderType: OrderType.GTC,
      });
    }
    const refused = (await t.client.postOrders(orders)) as unknown;
    expect(refused).toEqual({ error: 'Too Many Requests', status: 429 });
    expect(await t.client.getOpenOrders({ market: fed.conditionId })).toHaveLength(0);

    emu.faults.set({ signerRateLimits: { ...TIGHT, warningOnly: true } });
    const w = await trader();
    for (let i = 0; i < 3; i++) {
      await w.client.createAndPostOrder({
        tokenID: fed.yesTokenId,
        price: bid - 0.05,
        size: 5,
        side: Side.BUY,
      });
    }
    const warned = await rawPost(
      w,
      await w.client.createOrder({
        tokenID: fed.yesTokenId,
        price: bid - 0.05,
        size: 6,
        side: Side.BUY,
      }),
      OrderType.GTC,
    );
    expect(warned.status).toBe(200);
    expect(warned.headers.get('poly-ratelimit-warning')).toBe('true');
    await w.client.cancelAll();
  });
});

describe('amount precision and market-order minimum', () => {
  it("refuses FOK/FAK amounts beyond 2 / 4 decimals and market orders under $1, accepts the client's limit orders", async () => {
    emu.faults.set({ amountPrecision: 'polymarket', marketOrderMinUsdc: 1 });
    const t = await trader();
    const fedAsk = (await best(fed.yesTokenId)).ask;
    // A limit-built FOK BUY: 10.13 × price has 4 decimals on the maker side.
    const fok = await t.client.createOrder({
      tokenID: fed.yesTokenId,
      price: fedAsk,
      size: 10.13,
      side: Side.BUY,
    });
    expect(await t.client.postOrder(fok, OrderType.FOK)).toEqual({
      error:
        'invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals',
      status: 400,
    });
    // The official market BUY on a 0.001 tick: taker = $10 / price has 5 decimals.
    const gptAsk = (await best(gpt.yesTokenId)).ask;
    const price = Math.round(gptAsk * 1000 + 7) / 1000;
    const market = (await t.client.createAndPostMarketOrder(
      { tokenID: gpt.yesTokenId, amount: 10, side: Side.BUY, price },
      undefined,
      OrderType.FAK,
    )) as unknown as { error?: string };
    expect(market.error).toMatch(/market buy orders maker amount supports a max accuracy of 2/);
    const tiny = (await t.client.createAndPostMarketOrder(
      { tokenID: fed.yesTokenId, amount: 0.5, side: Side.BUY },
      undefined,
      OrderType.FOK,
    )) as unknown as { error?: string };
    expect(tiny.error).toBe('invalid amount for a marketable BUY order ($0.5), min size: $1');
    const limit = await t.client.createAndPostOrder({
      tokenID: gpt.yesTokenId,
      price: Math.round((gptAsk - 0.05) * 1000) / 1000,
      size: 10.13,
      side: Side.BUY,
    });
    expect(limit.status).toBe('live');
    const ok = await t.client.createAndPostMarketOrder(
      { tokenID: fed.yesTokenId, amount: 5, side: Side.BUY },
      undefined,
      OrderType.FOK,
    );
    expect(ok.status).toBe('matched');
    await t.client.cancelAll();
  });
});

describe('delayed and unmatched placements', () => {
  it('answers a marketable order `delayed`, shows it DELAYED, then matches it', async () => {
    emu.faults.set({ delayedRate: 1, delayedMs: { min: 300, max: 300 } });
    const t = await trader();
    const { ask } = await best(fed.yesTokenId);
    const r = await t.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: ask,
      size: 5,
      side: Side.BUY,
    });
    expect(r).toMatchObject({ success: true, status: 'delayed', takingAmount: '', tradeIDs: [] });
    expect((await t.client.getOrder(r.orderID)).status).toBe('DELAYED');
    const open = await t.client.getOpenOrders({ market: fed.conditionId });
    expect(open.map((o) => o.status)).toEqual(['DELAYED']);
    const matched = await eventually(async () => {
      const o = await t.client.getOrder(r.orderID);
      return o?.status === 'MATCHED' ? o : undefined;
    });
    expect(matched.size_matched).toBe('5');
    expect(await t.client.getTrades({ market: fed.conditionId })).toHaveLength(1);

    // A delayed order can be cancelled before it reaches the book.
    const second = await t.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: (await best(fed.yesTokenId)).ask,
      size: 5,
      side: Side.BUY,
    });
    expect(second.status).toBe('delayed');
    expect((await t.client.cancelOrder({ orderID: second.orderID })).canceled).toEqual([
      second.orderID,
    ]);
    await sleep(400);
    expect((await t.client.getOrder(second.orderID)).status).toBe('CANCELED');
    // Resting orders are not delayed.
    const resting = await t.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: (await best(fed.yesTokenId)).bid - 0.05,
      size: 5,
      side: Side.BUY,
    });
    expect(resting.status).toBe('live');
    await t.client.cancelAll();
  });

  it('answers `unmatched`: accepted, never matched, never on the book', async () => {
    emu.faults.set({ unmatchedRate: 1 });
    const t = await trader();
    const before = await best(fed.yesTokenId);
    const r = await t.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: before.ask,
      size: 5,
      side: Side.BUY,
    });
    expect(r).toMatchObject({ success: true, errorMsg: '', status: 'unmatched', tradeIDs: [] });
    expect((await t.client.getOrder(r.orderID)).status).toBe('UNMATCHED');
    expect(await t.client.getTrades({ market: fed.conditionId })).toHaveLength(0);
    expect(await best(fed.yesTokenId)).toEqual(before);
  });
});

describe('replies without transaction hashes', () => {
  it('lists trade ids only; the client polls the trade until it is MINED', async () => {
    emu.faults.set({
      omitTransactionHashesRate: 1,
      minedAfterMs: { min: 400, max: 400 },
      confirmedAfterMs: { min: 600, max: 600 },
    });
    const t = await trader();
    const { ask } = await best(fed.yesTokenId);
    const deferred = await t.client.postOrder(
      await t.client.createOrder({ tokenID: fed.yesTokenId, price: ask, size: 5, side: Side.BUY }),
      OrderType.FOK,
      false,
      true,
    );
    expect(deferred.status).toBe('matched');
    expect(deferred.tradeIDs).toHaveLength(1);
    expect(deferred.transactionsHashes).toEqual([]);
    const [early] = await t.client.getTrades({ id: deferred.tradeIDs?.[0] ?? '' });
    expect(early?.transaction_hash).toBe('');

    const started = Date.now();
    const next = (await best(fed.yesTokenId)).ask;
    const polled = await t.client.postOrder(
      await t.client.createOrder({ tokenID: fed.yesTokenId, price: next, size: 5, side: Side.BUY }),
      OrderType.FOK,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(polled.transactionsHashes?.[0]).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

describe('settlement lag', () => {
  it('credits bought shares only at CONFIRMED, seconds later: selling them earlier is refused', async () => {
    emu.faults.set({
      minedAfterMs: { min: 300, max: 300 },
      confirmedAfterMs: { min: 900, max: 900 },
    });
    const t = await trader();
    const { ask } = await best(fed.yesTokenId);
    const bought = await t.client.postOrder(
      await t.client.createOrder({ tokenID: fed.yesTokenId, price: ask, size: 5, side: Side.BUY }),
      OrderType.FOK,
    );
    expect(bought.status).toBe('matched');
    const shares = async (): Promise<string> =>
      (
        await t.client.getBalanceAllowance({
          asset_type: AssetType.CONDITIONAL,
          token_id: fed.yesTokenId,
        })
      ).balance;
    expect(await shares()).toBe('0');
    const { bid } = await best(fed.yesTokenId);
    const early = await t.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: bid + 0.2,
      size: 5,
      side: Side.SELL,
    });
    expect(early).toEqual({ error: 'not enough balance / allowance', status: 400 });
    const tradeId = bought.tradeIDs?.[0] ?? '';
    await sleep(450);
    expect((await t.client.getTrades({ id: tradeId }))[0]?.status).toBe('MINED');
    expect(await shares()).toBe('0');
    await eventually(async () =>
      (await t.client.getTrades({ id: tradeId }))[0]?.status === 'CONFIRMED' ? true : undefined,
    );
    expect(await shares()).toBe('5000000');
    const later = await t.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: bid + 0.2,
      size: 5,
      side: Side.SELL,
    });
    expect(later.status).toBe('live');
    await t.client.cancelAll();
  });
});

describe('idle WebSocket sockets', () => {
  it('closes a socket that sends no PING, keeps one that does', async () => {
    emu.faults.set({ wsIdleTimeoutMs: 300 });
    const silent = await new RecordingSocket(`${emu.wsUrl}/ws/market`).open();
    const pinging = await new RecordingSocket(`${emu.wsUrl}/ws/market`).open();
    sockets.push(silent, pinging);
    for (const s of [silent, pinging]) s.send({ assets_ids: [fed.yesTokenId], type: 'market' });
    const timer = setInterval(() => pinging.send('PING'), 100);
    try {
      expect(await silent.closed(2_000)).toBe(1001);
      await sleep(300);
      expect(pinging.closeCode).toBeNull();
      expect(pinging.messages).toContain('PONG');
    } finally {
      clearInterval(timer);
    }
  });
});

describe('market resolution', () => {
  it('announces market_resolved, cancels open orders and closes the market', async () => {
    const local = await startEmulator({ syntheticFlow: false, seed: 32 });
    try {
      const lander = local.markets.find(
        (m) => m.slug === 'lunar-lander-touchdown-2027',
      ) as EmulatorMarketInfo;
      const t = await newTrader(local.restUrl, local.chainId);
      const book = await t.client.getOrderBook(lander.yesTokenId);
      const resting = await t.client.createAndPostOrder({
        tokenID: lander.yesTokenId,
        price: Number(book.bids.at(-1)?.price) - 0.02,
        size: 5,
        side: Side.BUY,
      });
      expect(resting.status).toBe('live');
      const s = await new RecordingSocket(`${local.wsUrl}/ws/market`).open();
      sockets.push(s);
      s.send({ assets_ids: [lander.noTokenId], type: 'market', custom_feature_enabled: true });
      await s.waitFor(() => s.events('book').length > 0);

      const res = await fetch(`${local.restUrl}/_emulator/resolve`, {
        method: 'POST',
        body: JSON.stringify({ conditionId: lander.conditionId, winner: 'No' }),
      });
      expect(res.status).toBe(200);
      await s.waitFor(() => s.events('market_resolved').length > 0);
      expect(s.events('market_resolved')[0]).toMatchObject({
        market: lander.conditionId,
        assets_ids: [lander.yesTokenId, lander.noTokenId],
        winning_asset_id: lander.noTokenId,
        winning_outcome: 'No',
      });
      expect((await t.client.getOrder(resting.orderID)).status).toBe('CANCELED_MARKET_RESOLVED');
      const market = (await t.client.getMarket(lander.conditionId)) as {
        closed: boolean;
        accepting_orders: boolean;
        tokens: { winner: boolean }[];
      };
      expect(market).toMatchObject({ closed: true, accepting_orders: false });
      expect(market.tokens.map((tk) => tk.winner)).toEqual([false, true]);
      const refused = await t.client.createAndPostOrder({
        tokenID: lander.yesTokenId,
        price: 0.5,
        size: 5,
        side: Side.BUY,
      });
      expect(refused).toEqual({ error: 'the market is closed: it has resolved', status: 400 });
      const twice = await fetch(`${local.restUrl}/_emulator/resolve`, {
        method: 'POST',
        body: JSON.stringify({ conditionId: lander.conditionId, winner: 'Yes' }),
      });
      expect(twice.status).toBe(400);
    } finally {
      await local.stop();
    }
  });
});

describe('order bodies of third-party V2 clients', () => {
  it('accepts an empty or zero `taker` in a V2 body, refuses a real one as V1', async () => {
    const t = await trader();
    const { bid } = await best(fed.yesTokenId);
    const order = () =>
      t.client.createOrder({ tokenID: fed.yesTokenId, price: bid - 0.05, size: 5, side: Side.BUY });
    const empty = await rawPost(t, await order(), OrderType.GTC, { taker: '' });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toMatchObject({ success: true, status: 'live' });
    const zero = await rawPost(t, await order(), OrderType.GTC, { taker: `0x${'0'.repeat(40)}` });
    expect(zero.status).toBe(200);
    const real = await rawPost(t, await order(), OrderType.GTC, { taker: `0x${'1'.repeat(40)}` });
    expect(real.status).toBe(400);
    expect(await real.json()).toEqual({ error: 'order_version_mismatch' });
    await t.client.cancelAll();
  });
});

describe('price improvement of market buys', () => {
  it('spends the whole amount and credits the better price as shares (by-amount), or saves pUSD (by-size)', async () => {
    const { ask } = await best(fed.yesTokenId);
    const limit = Math.round((ask + 0.03) * 100) / 100;
    const bySize = await (
      await trader()
    ).client.createAndPostMarketOrder(
      { tokenID: fed.yesTokenId, amount: 10, side: Side.BUY, price: limit },
      undefined,
      OrderType.FAK,
    );
    expect(Number(bySize.makingAmount)).toBeLessThan(10);
    expect(Number(bySize.takingAmount)).toBeCloseTo(10 / limit, 3);

    emu.faults.set({ marketBuyFill: 'by-amount' });
    const t = await trader();
    const ask2 = (await best(fed.yesTokenId)).ask;
    const byAmount = await t.client.createAndPostMarketOrder(
      {
        tokenID: fed.yesTokenId,
        amount: 10,
        side: Side.BUY,
        price: Math.round((ask2 + 0.03) * 100) / 100,
      },
      undefined,
      OrderType.FAK,
    );
    expect(Number(byAmount.makingAmount)).toBeCloseTo(10, 5);
    expect(Number(byAmount.takingAmount)).toBeGreaterThan(10 / (ask2 + 0.03) + 0.01);
    const balance = await t.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(Number(balance.balance)).toBeCloseTo(10_000_000_000 - 10_000_000, -1);
  });
});
