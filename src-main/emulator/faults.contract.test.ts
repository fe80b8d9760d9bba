import { AssetType, Side } from '@polymarket/clob-client-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startEmulator,
  PROFILE_PROMPT,
  type EmulatorHandle,
  type EmulatorMarketInfo,
} from './index.js';
import {
  eventually,
  newTrader,
  RecordingSocket,
  type TestTrader,
} from './testing/clob-test-client.js';

let emu: EmulatorHandle;
let fed: EmulatorMarketInfo;
let alice: TestTrader;

beforeAll(async () => {
  emu = await startEmulator({ syntheticFlow: false, seed: 11, timing: 'prompt' });
  fed = emu.markets.find((m) => m.slug === 'fed-cuts-rates-in-december') as EmulatorMarketInfo;
  alice = await newTrader(emu.restUrl, emu.chainId);
  // Warm the client's tick / neg-risk / version caches so faults hit only the calls under test.
  await alice.client.createOrder({ tokenID: fed.yesTokenId, price: 0.5, size: 5, side: Side.BUY });
});

afterEach(async () => {
  emu.faults.reset();
  await alice.client.cancelAll();
});

afterAll(async () => {
  await emu.stop();
});

async function bestAsk(tokenId: string): Promise<number> {
  const book = await alice.client.getOrderBook(tokenId);
  return Number(book.asks[book.asks.length - 1]?.price);
}

describe('REST faults', () => {
  it('places the order, then drops the reply', async () => {
    emu.faults.set({ dropReplyRate: 1 });
    const r = await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.21,
      size: 7,
      side: Side.BUY,
    });
    expect(r.status).toBeUndefined();
    expect((r as unknown as { error: unknown }).error).toBeTruthy();
    emu.faults.set({ dropReplyRate: 0 });
    const open = await alice.client.getOpenOrders({ asset_id: fed.yesTokenId });
    expect(open.map((o) => [o.price, o.original_size])).toEqual([['0.21', '7']]);
  });

  it('answers 500 and 429 without processing', async () => {
    emu.faults.set({ http5xxRate: 1 });
    const r = await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.22,
      size: 5,
      side: Side.BUY,
    });
    expect(r).toEqual({ error: 'Internal server error', status: 500 });
    emu.faults.set({ http5xxRate: 0, http429Rate: 1 });
    expect(await alice.client.getOk()).toEqual({ error: 'Too Many Requests', status: 429 });
    emu.faults.set({ http429Rate: 0 });
    expect(await alice.client.getOpenOrders()).toEqual([]);
  });

  it('lets a taker fill part of an order while its cancel is in flight', async () => {
    const placed = await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.3,
      size: 10,
      side: Side.BUY,
    });
    emu.faults.set({ fillDuringCancel: true });
    expect(await alice.client.cancelOrder({ orderID: placed.orderID })).toEqual({
      canceled: [placed.orderID],
      not_canceled: {},
    });
    const fill = await eventually(async () => {
      const trades = await alice.client.getTrades({ market: fed.conditionId });
      const t = trades.find((x) => x.maker_orders.some((m) => m.order_id === placed.orderID));
      return t?.status === 'CONFIRMED' ? t : undefined;
    });
    expect(fill?.trader_side).toBe('MAKER');
    expect(fill?.maker_orders.find((m) => m.order_id === placed.orderID)?.matched_amount).toBe('5');
    const order = await alice.client.getOrder(placed.orderID);
    expect(order).toMatchObject({ status: 'CANCELED', size_matched: '5' });
  });

  it('fails the next matched trade and undoes it', async () => {
    const before = (await alice.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL }))
      .balance;
    const tokensBefore = (
      await alice.client.getBalanceAllowance({
        asset_type: AssetType.CONDITIONAL,
        token_id: fed.yesTokenId,
      })
    ).balance;
    emu.faults.set({ failNextTrades: 1 });
    expect(emu.faults.current().failNextTrades).toBe(1);
    const ask = await bestAsk(fed.yesTokenId);
    const r = await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: ask,
      size: 5,
      side: Side.BUY,
    });
    expect(r.status).toBe('matched');
    expect(emu.faults.current().failNextTrades).toBe(0);
    const trade = await eventually(async () => {
      const [t] = await alice.client.getTrades({ id: r.tradeIDs?.[0] as string });
      return t?.status === 'FAILED' ? t : undefined;
    });
    expect(trade.transaction_hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(
      (await alice.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).balance,
    ).toBe(before);
    const tokens = await alice.client.getBalanceAllowance({
      asset_type: AssetType.CONDITIONAL,
      token_id: fed.yesTokenId,
    });
    expect(tokens.balance).toBe(tokensBefore);
  });

  it('is steerable over the control endpoint', async () => {
    const set = await fetch(`${emu.restUrl}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ latencyMs: { min: 1, max: 2 }, failNextTrades: 2 }),
    });
    expect(await set.json()).toMatchObject({
      latencyMs: { min: 1, max: 2 },
      failNextTrades: 2,
      http5xxRate: 0,
    });
    expect(emu.faults.current().failNextTrades).toBe(2);
    const bad = await fetch(`${emu.restUrl}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ http5xxRate: 2 }),
    });
    expect(bad.status).toBe(400);
    await fetch(`${emu.restUrl}/_emulator/faults/reset`, { method: 'POST' });
    expect(emu.faults.current()).toEqual({
      latencyMs: { min: 0, max: 0 },
      http5xxRate: 0,
      http429Rate: 0,
      dropReplyRate: 0,
      fillDuringCancel: false,
      failNextTrades: 0,
      ...PROFILE_PROMPT,
    });
    const funded = await fetch(`${emu.restUrl}/_emulator/fund`, {
      method: 'POST',
      body: JSON.stringify({ address: alice.wallet.address, collateral: '2.5' }),
    });
    expect(funded.status).toBe(200);
  });
});

describe('stream faults', () => {
  async function subscribed(): Promise<RecordingSocket> {
    const s = await new RecordingSocket(`${emu.wsUrl}/ws/market`).open();
    s.send({ assets_ids: [fed.yesTokenId], type: 'market' });
    await s.waitFor(() => s.events('book').length > 0);
    return s;
  }

  it('drops every connection abruptly', async () => {
    const s = await subscribed();
    emu.faults.disconnectStreams();
    expect(await s.closed()).toBe(1006);
  });

  it('stalls the data but keeps answering PING', async () => {
    const s = await subscribed();
    emu.faults.stallStreams(true);
    await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.15,
      size: 5,
      side: Side.BUY,
    });
    s.send('PING');
    await s.waitFor((m) => m.includes('PONG'));
    expect(s.events('price_change')).toEqual([]);
    emu.faults.stallStreams(false);
    await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.16,
      size: 5,
      side: Side.BUY,
    });
    await s.waitFor(() => s.events('price_change').length > 0);
    expect(s.events('price_change')).toHaveLength(1);
    s.close();
  });
});
