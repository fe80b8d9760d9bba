import { Side } from '@polymarket/clob-client-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startEmulator,
  TIMING_PROMPT,
  TIMING_REALISTIC,
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
const sockets: RecordingSocket[] = [];

beforeAll(async () => {
  emu = await startEmulator({ syntheticFlow: false, seed: 21, timing: 'prompt' });
  fed = emu.markets.find((m) => m.slug === 'fed-cuts-rates-in-december') as EmulatorMarketInfo;
  alice = await newTrader(emu.restUrl, emu.chainId);
  // Warm the client's tick / neg-risk / version caches so that only the calls under test run.
  await alice.client.createOrder({ tokenID: fed.yesTokenId, price: 0.5, size: 5, side: Side.BUY });
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  emu.faults.reset();
  await alice.client.cancelAll();
});

afterAll(async () => {
  await emu.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function userSocket(t: TestTrader): Promise<RecordingSocket> {
  const s = await new RecordingSocket(`${emu.wsUrl}/ws/user`).open();
  sockets.push(s);
  s.send({
    auth: { apiKey: t.creds.key, secret: t.creds.secret, passphrase: t.creds.passphrase },
    type: 'user',
    markets: [],
  });
  s.send('PING');
  await s.waitFor((m) => m.includes('PONG'));
  return s;
}

/** Alice buys 5 YES at the best ask: one trade, alice the taker. */
async function take(): Promise<{ orderID: string; tradeId: string; elapsedMs: number }> {
  const book = await alice.client.getOrderBook(fed.yesTokenId);
  const ask = Number(book.asks[book.asks.length - 1]?.price);
  const started = Date.now();
  const r = await alice.client.createAndPostOrder({
    tokenID: fed.yesTokenId,
    price: ask,
    size: 5,
    side: Side.BUY,
  });
  expect(r.status).toBe('matched');
  return {
    orderID: r.orderID,
    tradeId: r.tradeIDs?.[0] as string,
    elapsedMs: Date.now() - started,
  };
}

/** A resting bid well under the book. */
async function rest(price = 0.3, size = 10): Promise<string> {
  const r = await alice.client.createAndPostOrder({
    tokenID: fed.yesTokenId,
    price,
    size,
    side: Side.BUY,
  });
  expect(r.status).toBe('live');
  return r.orderID;
}

async function postFaults(body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${emu.restUrl}/_emulator/faults`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('REST trade lag', () => {
  it('lists a trade only after the lag, while getOrder already shows the match', async () => {
    emu.faults.set({ restTradeLagMs: { min: 300, max: 300 } });
    const { orderID, tradeId, elapsedMs } = await take();
    // The reply carried transaction hashes, so the client did not poll the lagged /data/trades.
    expect(elapsedMs).toBeLessThan(300);
    expect(await alice.client.getTrades({ id: tradeId })).toEqual([]);
    expect(await alice.client.getOrder(orderID)).toMatchObject({
      status: 'MATCHED',
      size_matched: '5',
      associate_trades: [tradeId],
    });
    const listed = await eventually(async () => (await alice.client.getTrades({ id: tradeId }))[0]);
    expect(listed).toMatchObject({ id: tradeId, size: '5', trader_side: 'TAKER' });
    const confirmed = await eventually(async () => {
      const [t] = await alice.client.getTrades({ id: tradeId });
      return t?.status === 'CONFIRMED' ? t : undefined;
    });
    expect(confirmed.transaction_hash).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

describe('user stream timing', () => {
  it('delivers order and trade messages after their lag, in order when reordering is off', async () => {
    const s = await userSocket(alice);
    emu.faults.set({
      streamOrderLagMs: { min: 200, max: 200 },
      streamTradeLagMs: { min: 150, max: 250 },
    });
    const id = await rest();
    expect(s.events('order')).toEqual([]);
    await s.waitFor(() => s.events('order').length === 1);
    expect(s.events('order')[0]).toMatchObject({ id, type: 'PLACEMENT' });
    const { tradeId } = await take();
    expect(s.events('trade')).toEqual([]);
    await s.waitFor(() => s.events('trade').some((e) => e.status === 'CONFIRMED'));
    expect(s.events('trade').map((e) => [e.id, e.status])).toEqual([
      [tradeId, 'MATCHED'],
      [tradeId, 'MINED'],
      [tradeId, 'CONFIRMED'],
    ]);
  });

  it('reorders: a CONFIRMED before its MATCHED, a CANCELLATION before the UPDATE', async () => {
    const s = await userSocket(alice);
    const id = await rest();
    await s.waitFor(() => s.events('order').length === 1);
    emu.faults.set({
      streamTradeLagMs: { min: 600, max: 600 },
      streamOrderLagMs: { min: 300, max: 300 },
      streamReorder: true,
      fillDuringCancel: true,
    });
    expect(emu.faults.current().streamReorder).toBe(1);
    expect(await alice.client.cancelOrder({ orderID: id })).toEqual({
      canceled: [id],
      not_canceled: {},
    });
    await s.waitFor(() => s.events('order').length === 3);
    expect(s.events('order').map((e) => [e.type, e.status, e.size_matched])).toEqual([
      ['PLACEMENT', 'LIVE', '0'],
      ['CANCELLATION', 'CANCELED', '5'],
      ['UPDATE', 'LIVE', '5'],
    ]);
    // MATCHED waits 600 ms; MINED (~100 ms later) and CONFIRMED (~250 ms) overtake what waits.
    await s.waitFor(() => s.events('trade').length === 3);
    expect(s.events('trade').map((e) => e.status)).toEqual(['CONFIRMED', 'MINED', 'MATCHED']);
  });

  it('drops trade messages but REST still lists the trade', async () => {
    const s = await userSocket(alice);
    emu.faults.set({ dropTradeMessageRate: 1 });
    const { tradeId } = await take();
    await eventually(async () => {
      const [t] = await alice.client.getTrades({ id: tradeId });
      return t?.status === 'CONFIRMED' ? t : undefined;
    });
    const id = await rest();
    await s.waitFor(() => s.events('order').some((e) => e.id === id));
    expect(s.events('trade')).toEqual([]);
  });
});

describe('forgetting final orders', () => {
  it('answers null for an order final longer than forgetFinalOrdersAfterMs', async () => {
    emu.faults.set({ forgetFinalOrdersAfterMs: 200 });
    const live = await rest(0.29);
    const id = await rest(0.3);
    await alice.client.cancelOrder({ orderID: id });
    expect(await alice.client.getOrder(id)).toMatchObject({ status: 'CANCELED' });
    await sleep(250);
    expect(await alice.client.getOrder(id)).toBeNull();
    expect(await alice.client.getOrder(live)).toMatchObject({ status: 'LIVE' });
    emu.faults.set({ forgetFinalOrdersAfterMs: 0 });
    const { orderID } = await take();
    expect(await alice.client.getOrder(orderID)).toBeNull();
    // The exchange's own record never forgets.
    const ids = new Set([live, id, orderID]);
    const record = emu.orderRecord(alice.wallet.address).filter((o) => ids.has(o.orderId));
    expect(record.map((o) => [o.orderId, o.status])).toEqual([
      [live, 'LIVE'],
      [id, 'CANCELED'],
      [orderID, 'MATCHED'],
    ]);
    emu.faults.set({ forgetFinalOrdersAfterMs: null });
    expect(await alice.client.getOrder(id)).toMatchObject({ status: 'CANCELED' });
  });
});

describe('match during cancel', () => {
  it('acknowledges the cancel while a trade exists, reported after the lag', async () => {
    const id = await rest(0.3, 10);
    emu.faults.set({ matchDuringCancelRate: 1, restTradeLagMs: { min: 200, max: 200 } });
    expect(await alice.client.cancelOrder({ orderID: id })).toEqual({
      canceled: [id],
      not_canceled: {},
    });
    const order = await alice.client.getOrder(id);
    expect(order.status).toBe('CANCELED');
    const matched = Number(order.size_matched);
    expect(matched).toBeGreaterThanOrEqual(1);
    expect(matched).toBeLessThan(10);
    const mine = async () =>
      (await alice.client.getTrades({ market: fed.conditionId })).find((t) =>
        t.maker_orders.some((m) => m.order_id === id),
      );
    expect(await mine()).toBeUndefined();
    const trade = await eventually(mine);
    expect(trade.trader_side).toBe('MAKER');
    expect(trade.maker_orders.find((m) => m.order_id === id)?.matched_amount).toBe(
      order.size_matched,
    );
    const [record] = emu.orderRecord(alice.wallet.address).filter((o) => o.orderId === id);
    expect(record).toMatchObject({
      status: 'CANCELED',
      resting: '0',
      sizeMatched: String(Math.round(matched * 1_000_000)),
    });
  });
});

describe('control endpoint', () => {
  it('sets, returns and refuses timing knobs', async () => {
    const knobs = {
      restTradeLagMs: { min: 10, max: 20 },
      streamTradeLagMs: { min: 5, max: 6 },
      streamOrderLagMs: { min: 0, max: 7 },
      streamReorder: 0.5,
      dropTradeMessageRate: 0.25,
      forgetFinalOrdersAfterMs: 1_000,
      matchDuringCancelRate: 0.1,
    };
    const set = await postFaults(knobs);
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject(knobs);
    const got = (await (await fetch(`${emu.restUrl}/_emulator/faults`)).json()) as unknown;
    expect(got).toMatchObject(knobs);
    expect(emu.faults.current()).toMatchObject(knobs);
    expect((await postFaults({ forgetFinalOrdersAfterMs: null })).json).toMatchObject({
      forgetFinalOrdersAfterMs: null,
    });

    const refusals: [unknown, string][] = [
      [{ restTradeLagMs: { min: 5, max: 1 } }, 'restTradeLagMs'],
      [{ streamTradeLagMs: { min: -1, max: 1 } }, 'streamTradeLagMs'],
      [{ dropTradeMessageRate: 2 }, 'dropTradeMessageRate must be a number between 0 and 1'],
      [{ streamReorder: 'yes' }, 'streamReorder'],
      [{ forgetFinalOrdersAfterMs: -5 }, 'forgetFinalOrdersAfterMs'],
      [{ matchDuringCancelRate: -0.1 }, 'matchDuringCancelRate'],
      [{ restTradeLag: { min: 1, max: 2 } }, 'unknown fault: restTradeLag'],
    ];
    for (const [body, message] of refusals) {
      const r = await postFaults(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((r.json as { error: string }).error).toContain(message);
    }
    expect(() => emu.faults.set({ dropTradeMessageRate: 1.5 })).toThrow(/dropTradeMessageRate/);
    // A refused patch changes nothing.
    expect(emu.faults.current().dropTradeMessageRate).toBe(0.25);

    await fetch(`${emu.restUrl}/_emulator/faults/reset`, { method: 'POST' });
    expect(emu.faults.current()).toMatchObject(TIMING_PROMPT);
  });

  it('resets to the profile the emulator started with', async () => {
    const realistic = await startEmulator({ syntheticFlow: false, timing: 'realistic' });
    const custom = await startEmulator({
      syntheticFlow: false,
      timing: { restTradeLagMs: { min: 1, max: 2 } },
    });
    try {
      expect(realistic.faults.current()).toMatchObject(TIMING_REALISTIC);
      realistic.faults.set({ streamReorder: 0, restTradeLagMs: { min: 0, max: 0 } });
      realistic.faults.reset();
      expect(realistic.faults.current()).toMatchObject(TIMING_REALISTIC);
      expect(custom.faults.current()).toMatchObject({
        ...TIMING_PROMPT,
        restTradeLagMs: { min: 1, max: 2 },
      });
    } finally {
      await realistic.stop();
      await custom.stop();
    }
    await expect(
      startEmulator({ syntheticFlow: false, timing: { dropTradeMessageRate: 3 } }),
    ).rejects.toThrow(/dropTradeMessageRate/);
  });
});

describe('order record', () => {
  it('lists every accepted order with micro-unit amounts, over HTTP and in-process', async () => {
    const id = await rest(0.31, 7);
    emu.faults.set({ failNextTrades: 1 });
    const { orderID, tradeId } = await take();
    await eventually(async () => {
      const [t] = await alice.client.getTrades({ id: tradeId });
      return t?.status === 'FAILED' ? t : undefined;
    });
    const res = await fetch(`${emu.restUrl}/_emulator/orders?maker=${alice.wallet.address}`);
    expect(res.status).toBe(200);
    const all = (await res.json()) as unknown;
    expect(all).toEqual(emu.orderRecord(alice.wallet.address.toLowerCase()));
    const byId = new Map(emu.orderRecord(alice.wallet.address).map((o) => [o.orderId, o]));
    expect(byId.get(id)).toEqual({
      orderId: id,
      maker: alice.wallet.address,
      tokenId: fed.yesTokenId,
      side: 'BUY',
      price: '310000',
      originalSize: '7000000',
      sizeMatched: '0',
      sizeFailed: '0',
      resting: '7000000',
      status: 'LIVE',
    });
    expect(byId.get(orderID)).toMatchObject({
      originalSize: '5000000',
      sizeMatched: '0',
      sizeFailed: '5000000',
      resting: '0',
      status: 'MATCHED',
    });
    const other = await fetch(`${emu.restUrl}/_emulator/orders?maker=0x${'0'.repeat(40)}`);
    expect(await other.json()).toEqual([]);
    const bad = await fetch(`${emu.restUrl}/_emulator/orders?maker=alice`);
    expect(bad.status).toBe(400);
  });
});
