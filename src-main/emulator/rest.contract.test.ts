import {
  AssetType,
  Chain,
  ClobClient,
  OrderType,
  Side,
  createL2Headers,
} from '@polymarket/clob-client-v2';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle, type EmulatorMarketInfo } from './index.js';
import {
  ethersV6Signer,
  eventually,
  newTrader,
  type TestTrader,
} from './testing/clob-test-client.js';

let emu: EmulatorHandle;
let fed: EmulatorMarketInfo; // tick 0.01, books around 0.52
let halfCent: EmulatorMarketInfo; // tick 0.005, neg-risk
let alice: TestTrader;
let bob: TestTrader;

beforeAll(async () => {
  emu = await startEmulator({ syntheticFlow: false, seed: 7, timing: 'prompt' });
  fed = emu.markets.find((m) => m.slug === 'fed-cuts-rates-in-december') as EmulatorMarketInfo;
  halfCent = emu.markets.find((m) => m.tickSize === '0.005') as EmulatorMarketInfo;
  alice = await newTrader(emu.restUrl, emu.chainId);
  bob = await newTrader(emu.restUrl, emu.chainId);
});

afterAll(async () => {
  await emu.stop();
});

/** The `error` of a client reply that is an error object instead of an OrderResponse. */
function errorOf(reply: unknown): unknown {
  return (reply as { error?: unknown }).error;
}

async function bestLevels(tokenId: string) {
  const book = await alice.client.getOrderBook(tokenId);
  const bid = Number(book.bids[book.bids.length - 1]?.price);
  const ask = Number(book.asks[book.asks.length - 1]?.price);
  return { book, bid, ask };
}

describe('keys and health', () => {
  it('creates an API key once and derives the same one afterwards', async () => {
    const wallet = Wallet.createRandom();
    const l1 = new ClobClient({
      host: emu.restUrl,
      chain: Chain.POLYGON,
      signer: ethersV6Signer(wallet as unknown as Wallet),
    });
    const created = await l1.createApiKey();
    expect(created.key).toMatch(/^[0-9a-f-]{36}$/);
    const again = await l1.createOrDeriveApiKey();
    expect(again).toEqual(created);
    expect(await l1.deriveApiKey()).toEqual(created);
    const other = await l1.createApiKey(1);
    expect(other.key).not.toBe(created.key);
  });

  it('answers version, ok and server time', async () => {
    expect(await alice.client.getVersion()).toBe(2);
    expect(await alice.client.getOk()).toBe('OK');
    const t = await alice.client.getServerTime();
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
  });

  it('lists API keys and closed-only status', async () => {
    expect((await alice.client.getApiKeys()).apiKeys).toContain(alice.creds.key);
    expect(await alice.client.getClosedOnlyMode()).toEqual({ closed_only: false });
  });
});

describe('market data', () => {
  it('pages markets and ends with LTE=', async () => {
    const page = await alice.client.getMarkets();
    expect(page.next_cursor).toBe('LTE=');
    expect(page.data.length).toBeGreaterThanOrEqual(6);
    const m = await alice.client.getMarket(fed.conditionId);
    expect(m.tokens.map((t: { token_id: string }) => t.token_id)).toEqual([
      fed.yesTokenId,
      fed.noTokenId,
    ]);
    expect(await alice.client.getMarket('0x' + '0'.repeat(64))).toEqual({
      error: 'market not found',
      status: 404,
    });
  });

  it('serves books best-last with a hash the client reproduces', async () => {
    const { book, bid, ask } = await bestLevels(fed.yesTokenId);
    const bids = book.bids.map((l) => Number(l.price));
    const asks = book.asks.map((l) => Number(l.price));
    expect(bids).toEqual([...bids].sort((a, b) => a - b));
    expect(asks).toEqual([...asks].sort((a, b) => b - a));
    expect(ask).toBeGreaterThan(bid);
    expect(book.tick_size).toBe('0.01');
    expect(book.min_order_size).toBe('5');
    const hash = book.hash;
    expect(await alice.client.getOrderBookHash({ ...book })).toBe(hash);
    const no = await alice.client.getOrderBook(fed.noTokenId);
    expect(Number(no.bids[no.bids.length - 1]?.price)).toBeCloseTo(1 - ask, 9);
    const both = await alice.client.getOrderBooks([
      { token_id: fed.yesTokenId, side: Side.BUY },
      { token_id: fed.noTokenId, side: Side.BUY },
    ]);
    expect(both.map((b) => b.asset_id)).toEqual([fed.yesTokenId, fed.noTokenId]);
  });

  it('answers prices, midpoints, spreads, ticks, neg-risk and market info', async () => {
    const { bid, ask } = await bestLevels(fed.yesTokenId);
    expect(await alice.client.getPrice(fed.yesTokenId, 'BUY')).toEqual({ price: String(bid) });
    expect(await alice.client.getPrice(fed.yesTokenId, 'SELL')).toEqual({ price: String(ask) });
    expect(Number((await alice.client.getMidpoint(fed.yesTokenId)).mid)).toBeCloseTo(
      (bid + ask) / 2,
      9,
    );
    expect(Number((await alice.client.getSpread(fed.yesTokenId)).spread)).toBeCloseTo(ask - bid, 9);
    expect(await alice.client.getPrices([{ token_id: fed.yesTokenId, side: Side.BUY }])).toEqual({
      [fed.yesTokenId]: { BUY: String(bid) },
    });
    expect(
      Object.keys(await alice.client.getMidpoints([{ token_id: fed.yesTokenId, side: Side.BUY }])),
    ).toEqual([fed.yesTokenId]);
    expect(await alice.client.getTickSize(halfCent.yesTokenId)).toBe('0.005');
    expect(await alice.client.getNegRisk(halfCent.yesTokenId)).toBe(true);
    const info = await alice.client.getClobMarketInfo(fed.conditionId);
    expect(info.t.map((t) => t?.t)).toEqual([fed.yesTokenId, fed.noTokenId]);
    const hist = await alice.client.getPricesHistory({
      market: fed.yesTokenId,
      interval: '1d' as never,
    });
    expect(Array.isArray((hist as unknown as { history: unknown[] }).history)).toBe(true);
  });

  it('refuses an unknown token like Polymarket', async () => {
    expect(await alice.client.getOrderBook('123')).toEqual({
      error: 'No orderbook exists for the requested token id',
      status: 404,
    });
    expect(await alice.client.getOrderBook('abc')).toEqual({
      error: 'Invalid token id',
      status: 400,
    });
    await expect(
      alice.client.createOrder({ tokenID: '123', price: 0.5, size: 5, side: Side.BUY }),
    ).rejects.toThrow();
  });
});

describe('orders', () => {
  it('rests a GTC limit order, reads it back and cancels it', async () => {
    const r = await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.3,
      size: 10,
      side: Side.BUY,
    });
    expect(r).toMatchObject({
      success: true,
      errorMsg: '',
      status: 'live',
      takingAmount: '',
      makingAmount: '',
    });
    expect(r.orderID).toMatch(/^0x[0-9a-f]{64}$/);
    const o = await alice.client.getOrder(r.orderID);
    expect(o).toMatchObject({
      id: r.orderID,
      status: 'LIVE',
      side: 'BUY',
      price: '0.3',
      original_size: '10',
      size_matched: '0',
    });
    expect(o.maker_address).toBe(alice.wallet.address);
    const open = await alice.client.getOpenOrders({ market: fed.conditionId });
    expect(open.map((x) => x.id)).toContain(r.orderID);
    expect(await alice.client.cancelOrder({ orderID: r.orderID })).toEqual({
      canceled: [r.orderID],
      not_canceled: {},
    });
    expect(await alice.client.cancelOrder({ orderID: r.orderID })).toEqual({
      canceled: [],
      not_canceled: { [r.orderID]: 'Order not found or already canceled' },
    });
  });

  it('matches a crossing limit order at the maker price and settles it', async () => {
    const { ask } = await bestLevels(fed.yesTokenId);
    const r = await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: ask + 0.02,
      size: 10,
      side: Side.BUY,
    });
    expect(r.status).toBe('matched');
    expect(r.takingAmount).toBe('10');
    expect(Number(r.makingAmount)).toBeCloseTo(10 * ask, 9);
    expect(r.transactionsHashes?.[0]).toMatch(/^0x[0-9a-f]{64}$/);
    const tradeId = r.tradeIDs?.[0] as string;
    const trade = await eventually(async () => {
      const [t] = await alice.client.getTrades({ id: tradeId });
      return t?.status === 'CONFIRMED' ? t : undefined;
    });
    expect(trade).toMatchObject({
      side: 'BUY',
      size: '10',
      trader_side: 'TAKER',
      asset_id: fed.yesTokenId,
    });
    // The seeded maker quotes its ask as a BUY NO at 1 − ask: a MINT, reported in the maker's own terms.
    expect(trade.maker_orders[0]).toMatchObject({
      side: 'BUY',
      asset_id: fed.noTokenId,
      matched_amount: '10',
    });
    expect(Number(trade.maker_orders[0]?.price)).toBeCloseTo(1 - ask, 9);
    const bal = await alice.client.getBalanceAllowance({
      asset_type: AssetType.CONDITIONAL,
      token_id: fed.yesTokenId,
    });
    expect(bal.balance).toBe('10000000');
  });

  it('places GTD orders and refuses an expiration inside the security minute', async () => {
    const soon = Math.floor(Date.now() / 1000) + 30;
    const late = Math.floor(Date.now() / 1000) + 3600;
    const bad = await alice.client.createAndPostOrder(
      { tokenID: fed.yesTokenId, price: 0.2, size: 5, side: Side.BUY, expiration: soon },
      undefined,
      OrderType.GTD,
    );
    expect(bad).toMatchObject({ error: 'invalid expiration', status: 400 });
    const good = await alice.client.createAndPostOrder(
      { tokenID: fed.yesTokenId, price: 0.2, size: 5, side: Side.BUY, expiration: late },
      undefined,
      OrderType.GTD,
    );
    expect(good.status).toBe('live');
    expect((await alice.client.getOrder(good.orderID)).order_type).toBe('GTD');
    await alice.client.cancelOrder({ orderID: good.orderID });
  });

  it('kills a FOK it cannot fill and fills a FAK partly', async () => {
    const { book, ask } = await bestLevels(fed.noTokenId);
    const top = Number(book.asks[book.asks.length - 1]?.size);
    const fok = await alice.client.postOrder(
      await alice.client.createOrder({
        tokenID: fed.noTokenId,
        price: ask,
        size: top + 5,
        side: Side.BUY,
      }),
      OrderType.FOK,
    );
    expect(fok).toEqual({
      error: "order couldn't be fully filled. FOK orders are fully filled or killed.",
      status: 400,
    });
    const fak = await alice.client.postOrder(
      await alice.client.createOrder({
        tokenID: fed.noTokenId,
        price: ask,
        size: top + 5,
        side: Side.BUY,
      }),
      OrderType.FAK,
    );
    expect(fak.status).toBe('matched');
    expect(Number(fak.takingAmount)).toBe(top);
    const none = await alice.client.postOrder(
      await alice.client.createOrder({
        tokenID: fed.noTokenId,
        price: 0.05,
        size: 10,
        side: Side.BUY,
      }),
      OrderType.FAK,
    );
    expect(errorOf(none)).toMatch(/^no orders found to match with FAK order/);
  });

  it('refuses a crossing post-only order and accepts a passive one', async () => {
    const { bid, ask } = await bestLevels(fed.yesTokenId);
    const cross = await alice.client.createAndPostOrder(
      { tokenID: fed.yesTokenId, price: ask, size: 5, side: Side.BUY },
      undefined,
      OrderType.GTC,
      true,
    );
    expect(cross).toEqual({ error: 'invalid post-only order: order crosses book', status: 400 });
    const passive = await alice.client.createAndPostOrder(
      { tokenID: fed.yesTokenId, price: bid, size: 5, side: Side.BUY },
      undefined,
      OrderType.GTC,
      true,
    );
    expect(passive.status).toBe('live');
    await alice.client.cancelOrder({ orderID: passive.orderID });
  });

  it('fills market orders: BUY spends dollars, SELL sells shares', async () => {
    const buy = await bob.client.createAndPostMarketOrder({
      tokenID: fed.yesTokenId,
      amount: 10,
      side: Side.BUY,
    });
    expect(buy.status).toBe('matched');
    expect(Number(buy.makingAmount)).toBeCloseTo(10, 4);
    const shares = Number(buy.takingAmount);
    expect(shares).toBeGreaterThan(10);
    await eventually(async () => {
      const b = await bob.client.getBalanceAllowance({
        asset_type: AssetType.CONDITIONAL,
        token_id: fed.yesTokenId,
      });
      return Number(b.balance) > 0 ? b : undefined;
    });
    const sell = await bob.client.createAndPostMarketOrder(
      { tokenID: fed.yesTokenId, amount: 10, side: Side.SELL },
      undefined,
      OrderType.FAK,
    );
    expect(sell.status).toBe('matched');
    expect(sell.makingAmount).toBe('10');
  });

  it('posts a batch of orders and refuses more than 15', async () => {
    const orders = await Promise.all(
      [0.11, 0.12, 0.13].map(async (price) => ({
        order: await alice.client.createOrder({
          tokenID: fed.yesTokenId,
          price,
          size: 5,
          side: Side.BUY,
        }),
        orderType: OrderType.GTC as const,
      })),
    );
    const replies = await alice.client.postOrders(orders);
    expect(replies.map((r: { status: string }) => r.status)).toEqual(['live', 'live', 'live']);
    const many = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => ({
        order: await alice.client.createOrder({
          tokenID: fed.yesTokenId,
          price: 0.02 + i * 0.001,
          size: 5,
          side: Side.BUY,
        }),
        orderType: OrderType.GTC as const,
      })),
    );
    expect(await alice.client.postOrders(many)).toEqual({
      error: 'Too many orders in payload: 16, max allowed: 15',
      status: 400,
    });
    const ids = replies.map((r: { orderID: string }) => r.orderID);
    const res = await alice.client.cancelOrders(ids);
    expect([...res.canceled].sort()).toEqual([...ids].sort());
  });

  it('reports per-order errors inside a batch', async () => {
    const good = await alice.client.createOrder({
      tokenID: fed.yesTokenId,
      price: 0.14,
      size: 5,
      side: Side.BUY,
    });
    const small = await alice.client.createOrder({
      tokenID: fed.yesTokenId,
      price: 0.14,
      size: 2,
      side: Side.BUY,
    });
    const replies = await alice.client.postOrders([
      { order: good, orderType: OrderType.GTC },
      { order: small, orderType: OrderType.GTC },
    ]);
    expect(replies[0]?.status).toBe('live');
    expect(replies[1] as unknown).toMatchObject({
      orderID: '',
      status: '',
      errorMsg: expect.stringMatching(/lower than the minimum: 5$/),
    });
    await alice.client.cancelAll();
  });

  it('pages open orders over more than one page', async () => {
    const trader = await newTrader(emu.restUrl, emu.chainId);
    const prices = Array.from({ length: 105 }, (_, i) => 0.01 + (i % 30) * 0.01);
    for (let i = 0; i < prices.length; i += 15) {
      const batch = await Promise.all(
        prices.slice(i, i + 15).map(async (price) => ({
          order: await trader.client.createOrder({
            tokenID: fed.yesTokenId,
            price,
            size: 5 + i,
            side: Side.BUY,
          }),
          orderType: OrderType.GTC as const,
        })),
      );
      const replies = await trader.client.postOrders(batch);
      expect(replies.every((r: { status: string }) => r.status === 'live')).toBe(true);
    }
    const first = await trader.client.getOpenOrders({}, true);
    expect(first).toHaveLength(100);
    const all = await trader.client.getOpenOrders();
    expect(all).toHaveLength(105);
    expect(new Set(all.map((o) => o.id)).size).toBe(105);
    const res = await trader.client.cancelMarketOrders({ market: fed.conditionId });
    expect(res.canceled).toHaveLength(105);
    expect(await trader.client.getOpenOrders()).toHaveLength(0);
  });

  it('cancels everything with cancel-all', async () => {
    const a = await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.1,
      size: 5,
      side: Side.BUY,
    });
    const b = await alice.client.createAndPostOrder({
      tokenID: fed.noTokenId,
      price: 0.1,
      size: 5,
      side: Side.BUY,
    });
    const res = await alice.client.cancelAll();
    expect([...res.canceled].sort()).toEqual([a.orderID, b.orderID].sort());
  });

  it('reports collateral balance and allowances', async () => {
    const fresh = await newTrader(emu.restUrl, emu.chainId);
    const bal = (await fresh.client.getBalanceAllowance({
      asset_type: AssetType.COLLATERAL,
    })) as unknown as {
      balance: string;
      allowances: Record<string, string>;
    };
    expect(bal.balance).toBe('10000000000');
    expect(Object.keys(bal.allowances)).toContain('0xE111180000d2663C0091e4f400237545B87B996B');
    emu.fund(fresh.wallet.address, 5_000_000n);
    const after = await fresh.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(after.balance).toBe('10005000000');
    await fresh.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.5,
      size: 100,
      side: Side.BUY,
    });
    // Reserved by the open order but still the wallet's balance.
    expect(
      (await fresh.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).balance,
    ).toBe('10005000000');
    await fresh.client.cancelAll();
  });

  it('runs the heartbeat chain and refuses a wrong id', async () => {
    const trader = await newTrader(emu.restUrl, emu.chainId);
    const first = await trader.client.postHeartbeat();
    expect(first.heartbeat_id).toMatch(/^[0-9a-f-]{36}$/);
    const second = await trader.client.postHeartbeat(first.heartbeat_id);
    expect(second.heartbeat_id).not.toBe(first.heartbeat_id);
    const wrong = await trader.client.postHeartbeat('not-the-id');
    expect(wrong).toEqual({
      error: { error_msg: 'Invalid Heartbeat ID', heartbeat_id: second.heartbeat_id },
      status: 400,
    });
  });

  it('answers pre-migration orders with an empty list', async () => {
    expect(await alice.client.getPreMigrationOrders()).toEqual([]);
  });
});

describe('refusals', () => {
  it('refuses an off-grid price on a 0.005 market', async () => {
    const r = await alice.client.createAndPostOrder({
      tokenID: halfCent.yesTokenId,
      price: 0.333,
      size: 10,
      side: Side.BUY,
    });
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatch(
      /^order 0x[0-9a-f]{64} is invalid\. Price \(0\.333\) breaks minimum tick size rule: 0\.005$/,
    );
  });

  it('accepts an on-grid price on the neg-risk 0.005 market', async () => {
    const r = await alice.client.createAndPostOrder({
      tokenID: halfCent.yesTokenId,
      price: 0.105,
      size: 10,
      side: Side.BUY,
    });
    expect(r.status).toBe('live');
    await alice.client.cancelOrder({ orderID: r.orderID });
  });

  it('refuses a size below the minimum', async () => {
    const r = await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.2,
      size: 2,
      side: Side.BUY,
    });
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatch(
      /^order 0x[0-9a-f]{64} is invalid\. Size \(2\) lower than the minimum: 5$/,
    );
  });

  it('refuses an order it cannot fund', async () => {
    const r = await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.2,
      size: 1_000_000,
      side: Side.BUY,
    });
    expect(r).toEqual({ error: 'not enough balance / allowance', status: 400 });
    const s = await alice.client.createAndPostOrder({
      tokenID: halfCent.noTokenId,
      price: 0.9,
      size: 50,
      side: Side.SELL,
    });
    expect(s).toEqual({ error: 'not enough balance / allowance', status: 400 });
  });

  it('refuses a tampered order signature', async () => {
    const order = await alice.client.createOrder({
      tokenID: fed.yesTokenId,
      price: 0.2,
      size: 5,
      side: Side.BUY,
    });
    const tampered = { ...order, makerAmount: '2000000' };
    expect(await alice.client.postOrder(tampered)).toEqual({
      error: 'invalid signature',
      status: 400,
    });
  });

  it('refuses an order signed by someone else than the key owner', async () => {
    const order = await bob.client.createOrder({
      tokenID: fed.yesTokenId,
      price: 0.2,
      size: 5,
      side: Side.BUY,
    });
    expect(await alice.client.postOrder(order)).toEqual({
      error: 'the order signer address has to be the address of the API KEY',
      status: 400,
    });
  });

  it('refuses a wrong HMAC', async () => {
    const forged = new ClobClient({
      host: emu.restUrl,
      chain: Chain.POLYGON,
      signer: ethersV6Signer(alice.wallet),
      creds: { ...alice.creds, secret: Buffer.alloc(32, 7).toString('base64') },
    });
    expect(await forged.getApiKeys()).toEqual({
      error: 'Unauthorized/Invalid api key',
      status: 401,
    });
    expect(await forged.cancelAll()).toEqual({
      error: 'Unauthorized/Invalid api key',
      status: 401,
    });
  });

  it('refuses a stale timestamp and a bad L1 signature', async () => {
    const signer = ethersV6Signer(alice.wallet);
    const headers = await createL2Headers(
      signer,
      alice.creds,
      { method: 'GET', requestPath: '/auth/api-keys' },
      Math.floor(Date.now() / 1000) - 120,
    );
    const res = await fetch(`${emu.restUrl}/auth/api-keys`, {
      headers: headers as unknown as Record<string, string>,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized/Invalid api key' });
    const l1 = await fetch(`${emu.restUrl}/auth/derive-api-key`, {
      headers: {
        POLY_ADDRESS: alice.wallet.address,
        POLY_SIGNATURE: '0x' + '11'.repeat(65),
        POLY_TIMESTAMP: String(Math.floor(Date.now() / 1000)),
        POLY_NONCE: '0',
      },
    });
    expect(l1.status).toBe(401);
    expect(await l1.json()).toEqual({ error: 'Invalid L1 Request headers' });
  });

  it('answers a V1-shaped order with order_version_mismatch', async () => {
    const body = JSON.stringify({
      deferExec: false,
      order: {
        salt: 1,
        maker: alice.wallet.address,
        signer: alice.wallet.address,
        taker: '0x0000000000000000000000000000000000000000',
        tokenId: fed.yesTokenId,
        makerAmount: '1000000',
        takerAmount: '5000000',
        side: 'BUY',
        expiration: '0',
        nonce: '0',
        feeRateBps: '0',
        signatureType: 0,
        signature: '0x00',
      },
      owner: alice.creds.key,
      orderType: 'GTC',
      postOnly: false,
    });
    const headers = await createL2Headers(ethersV6Signer(alice.wallet), alice.creds, {
      method: 'POST',
      requestPath: '/order',
      body,
    });
    const res = await fetch(`${emu.restUrl}/order`, {
      method: 'POST',
      body,
      headers: headers as unknown as Record<string, string>,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'order_version_mismatch' });
  });
});

describe('restarts', () => {
  it('accepts stored credentials after a restart on the same port', async () => {
    const first = await startEmulator({ syntheticFlow: false, timing: 'prompt' });
    const trader = await newTrader(first.restUrl, first.chainId);
    const port = Number(new URL(first.restUrl).port);
    await first.stop();
    const second = await startEmulator({ syntheticFlow: false, port, timing: 'prompt' });
    try {
      const again = new ClobClient({
        host: second.restUrl,
        chain: Chain.POLYGON,
        signer: ethersV6Signer(trader.wallet),
        creds: trader.creds,
      });
      // The client's keep-alive pool still holds a socket to the stopped server: the first call meets it.
      await again.getOk();
      expect(await again.getOpenOrders()).toEqual([]);
      expect((await again.getApiKeys()).apiKeys).toEqual([trader.creds.key]);
    } finally {
      await second.stop();
    }
  });
});

describe('less common client calls', () => {
  it('answers sampling/simplified markets, batch prices, scoring and balance updates', async () => {
    expect((await alice.client.getSimplifiedMarkets()).data[0]).toHaveProperty('condition_id');
    expect((await alice.client.getSamplingMarkets()).next_cursor).toBe('LTE=');
    const spreads = await alice.client.getSpreads([{ token_id: fed.yesTokenId, side: Side.BUY }]);
    expect(Object.keys(spreads)).toEqual([fed.yesTokenId]);
    const last = await alice.client.getLastTradesPrices([
      { token_id: fed.yesTokenId, side: Side.BUY },
    ]);
    expect(last[0]).toMatchObject({ token_id: fed.yesTokenId });
    expect(await alice.client.getLastTradePrice(fed.yesTokenId)).toHaveProperty('price');
    expect(await alice.client.isOrderScoring({ order_id: '0x' + '1'.repeat(64) })).toEqual({
      scoring: false,
    });
    expect(await alice.client.areOrdersScoring({ orderIds: ['a'] })).toEqual({ a: false });
    await alice.client.updateBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(await alice.client.getMarketTradesEvents(fed.conditionId)).toEqual([]);
    expect(await alice.client.getCurrentRewards()).toEqual([]);
    expect(await alice.client.getRawRewardsForMarket(fed.conditionId)).toEqual([]);
    expect(await alice.client.getEarningsForUserForDay('2026-01-01')).toEqual([]);
    expect(await alice.client.getTotalEarningsForUserForDay('2026-01-01')).toEqual([]);
    expect(await alice.client.getUserEarningsAndMarketsConfig('2026-01-01')).toEqual([]);
    expect(await alice.client.getRewardPercentages()).toEqual({});
  });

  it('works with useServerTime', async () => {
    const client = new ClobClient({
      host: emu.restUrl,
      chain: Chain.POLYGON,
      signer: ethersV6Signer(alice.wallet),
      creds: alice.creds,
      useServerTime: true,
    });
    expect(Array.isArray(await client.getOpenOrders())).toBe(true);
  });

  it('sizes a fee-aware BUY from /clob-markets fee data', async () => {
    const btc = emu.markets.find(
      (m) => m.slug === 'btc-above-150k-on-march-31',
    ) as EmulatorMarketInfo;
    const info = await alice.client.getClobMarketInfo(btc.conditionId);
    expect(info.fd).toEqual({ r: 0.07, e: 1, to: true });
    const trader = await newTrader(emu.restUrl, emu.chainId);
    // 100 shares at 0.2 cost $20; with only $20 of balance the client shrinks the order to leave room for the fee.
    const order = await trader.client.createOrder({
      tokenID: btc.yesTokenId,
      price: 0.2,
      size: 100,
      side: Side.BUY,
      userUSDCBalance: 20,
    });
    expect(Number(order.takerAmount)).toBeLessThan(100_000_000);
    const r = await trader.client.postOrder(order);
    expect(r.status).toBe('live');
    await trader.client.cancelAll();
  });

  it('deletes an API key', async () => {
    const trader = await newTrader(emu.restUrl, emu.chainId);
    expect(await trader.client.deleteApiKey()).toBe('OK');
    expect(await trader.client.getApiKeys()).toEqual({
      error: 'Unauthorized/Invalid api key',
      status: 401,
    });
  });
});
