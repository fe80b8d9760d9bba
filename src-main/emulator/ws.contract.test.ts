import { OrderType, Side } from '@polymarket/clob-client-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle, type EmulatorMarketInfo } from './index.js';
import { newTrader, RecordingSocket, type TestTrader } from './testing/clob-test-client.js';

let emu: EmulatorHandle;
let fed: EmulatorMarketInfo;
let thin: EmulatorMarketInfo;
let alice: TestTrader;
let bob: TestTrader;
const sockets: RecordingSocket[] = [];

beforeAll(async () => {
  emu = await startEmulator({ syntheticFlow: false, seed: 3, timing: 'prompt' });
  fed = emu.markets.find((m) => m.slug === 'fed-cuts-rates-in-december') as EmulatorMarketInfo;
  thin = emu.markets.find((m) => m.slug === 'lunar-lander-touchdown-2027') as EmulatorMarketInfo;
  alice = await newTrader(emu.restUrl, emu.chainId);
  bob = await newTrader(emu.restUrl, emu.chainId);
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await alice.client.cancelAll();
  await bob.client.cancelAll();
});

afterAll(async () => {
  await emu.stop();
});

async function socket(path: '/ws/market' | '/ws/user'): Promise<RecordingSocket> {
  const s = await new RecordingSocket(emu.wsUrl + path).open();
  sockets.push(s);
  return s;
}

async function marketSocket(assets: string[]): Promise<RecordingSocket> {
  const s = await socket('/ws/market');
  s.send({ assets_ids: assets, type: 'market', custom_feature_enabled: true });
  await s.waitFor(() => s.events('book').length >= assets.length);
  return s;
}

async function userSocket(t: TestTrader): Promise<RecordingSocket> {
  const s = await socket('/ws/user');
  s.send({
    auth: { apiKey: t.creds.key, secret: t.creds.secret, passphrase: t.creds.passphrase },
    type: 'user',
    markets: [],
  });
  s.send('PING');
  await s.waitFor((m) => m.includes('PONG'));
  return s;
}

describe('market channel', () => {
  it('dumps the books on subscribe, as the REST summary with event_type book', async () => {
    const s = await marketSocket([fed.yesTokenId, fed.noTokenId]);
    const first = s.messages[0];
    expect(Array.isArray(first)).toBe(true);
    const [yes, no] = s.events('book');
    expect(yes).toMatchObject({
      event_type: 'book',
      asset_id: fed.yesTokenId,
      market: fed.conditionId,
      tick_size: '0.01',
    });
    expect(no?.asset_id).toBe(fed.noTokenId);
    const rest = await alice.client.getOrderBook(fed.yesTokenId);
    expect(yes?.bids).toEqual(rest.bids);
    expect(yes?.asks).toEqual(rest.asks);
  });

  it('sends one price_change with both mirrored assets for a new resting order', async () => {
    const s = await marketSocket([fed.yesTokenId, fed.noTokenId]);
    await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.33,
      size: 12,
      side: Side.BUY,
    });
    await s.waitFor(() => s.events('price_change').length > 0);
    const pc = s.events('price_change')[0] as {
      market: string;
      price_changes: Record<string, string>[];
    };
    expect(pc.market).toBe(fed.conditionId);
    expect(pc.price_changes).toEqual([
      expect.objectContaining({ asset_id: fed.yesTokenId, price: '0.33', size: '12', side: 'BUY' }),
      expect.objectContaining({ asset_id: fed.noTokenId, price: '0.67', size: '12', side: 'SELL' }),
    ]);
    const rest = await alice.client.getOrderBook(fed.yesTokenId);
    expect(pc.price_changes[0]?.best_bid).toBe(rest.bids[rest.bids.length - 1]?.price);
  });

  it('reports a trade with last_trade_price and fresh books for both assets', async () => {
    const s = await marketSocket([fed.yesTokenId, fed.noTokenId]);
    const before = s.events('book').length;
    const r = await bob.client.createAndPostMarketOrder({
      tokenID: fed.yesTokenId,
      amount: 5,
      side: Side.BUY,
    });
    expect(r.status).toBe('matched');
    await s.waitFor(
      () => s.events('last_trade_price').length >= 2 && s.events('book').length >= before + 2,
    );
    const ltp = s.events('last_trade_price');
    expect(ltp.map((e) => e.asset_id).sort()).toEqual([fed.yesTokenId, fed.noTokenId].sort());
    const yes = ltp.find((e) => e.asset_id === fed.yesTokenId);
    expect(yes?.side).toBe('BUY');
    const no = ltp.find((e) => e.asset_id === fed.noTokenId);
    expect(Number(yes?.price) + Number(no?.price)).toBeCloseTo(1, 9);
  });

  it('sends best_bid_ask with the custom feature', async () => {
    const s = await marketSocket([thin.yesTokenId]);
    await alice.client.createAndPostOrder({
      tokenID: thin.yesTokenId,
      price: 0.3,
      size: 5,
      side: Side.BUY,
    });
    await s.waitFor(() => s.events('best_bid_ask').length > 0);
    expect(s.events('best_bid_ask')[0]).toMatchObject({
      asset_id: thin.yesTokenId,
      market: thin.conditionId,
      best_bid: '0.3',
    });
  });

  it('adds and removes assets with operation messages', async () => {
    const s = await marketSocket([fed.yesTokenId]);
    s.send({ operation: 'subscribe', assets_ids: [thin.noTokenId] });
    await s.waitFor(() => s.events('book').some((b) => b.asset_id === thin.noTokenId));
    s.send({ operation: 'unsubscribe', assets_ids: [fed.yesTokenId] });
    s.send('PING');
    await s.waitFor((m) => m.includes('PONG'));
    await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.2,
      size: 5,
      side: Side.BUY,
    });
    await alice.client.createAndPostOrder({
      tokenID: thin.noTokenId,
      price: 0.2,
      size: 5,
      side: Side.BUY,
    });
    await s.waitFor(() => s.events('price_change').length > 0);
    const assets = s
      .events('price_change')
      .flatMap((e) => (e.price_changes as { asset_id: string }[]).map((c) => c.asset_id));
    expect(assets).toEqual([thin.noTokenId]);
  });

  it('answers PING with PONG after subscribing and closes 1008 on PING before', async () => {
    const early = await socket('/ws/market');
    early.send('PING');
    expect(await early.closed()).toBe(1008);
    const s = await marketSocket([fed.yesTokenId]);
    s.send('PING');
    await s.waitFor((m) => m.includes('PONG'));
  });

  it('announces a tick size change', async () => {
    const s = await marketSocket([thin.yesTokenId, thin.noTokenId]);
    const res = await fetch(`${emu.restUrl}/_emulator/tick-size`, {
      method: 'POST',
      body: JSON.stringify({ conditionId: thin.conditionId, tickSize: '0.001' }),
    });
    expect(res.status).toBe(200);
    await s.waitFor(() => s.events('tick_size_change').length === 2);
    expect(s.events('tick_size_change')[0]).toMatchObject({
      old_tick_size: '0.01',
      new_tick_size: '0.001',
    });
    expect(
      (await fetch(`${emu.restUrl}/tick-size?token_id=${thin.yesTokenId}`).then((r) =>
        r.json(),
      )) as unknown,
    ).toEqual({
      minimum_tick_size: 0.001,
    });
  });
});

describe('user channel', () => {
  it('reports placement and cancellation of the key owner only', async () => {
    const a = await userSocket(alice);
    const b = await userSocket(bob);
    const r = await alice.client.createAndPostOrder({
      tokenID: fed.yesTokenId,
      price: 0.25,
      size: 6,
      side: Side.BUY,
    });
    await alice.client.cancelOrder({ orderID: r.orderID });
    await a.waitFor(() => a.events('order').length >= 2);
    expect(a.events('order').map((e) => [e.type, e.status])).toEqual([
      ['PLACEMENT', 'LIVE'],
      ['CANCELLATION', 'CANCELED'],
    ]);
    expect(a.events('order')[0]).toMatchObject({
      id: r.orderID,
      original_size: '6',
      size_matched: '0',
      price: '0.25',
      side: 'BUY',
    });
    expect(b.events('order')).toEqual([]);
  });

  it('streams a trade MATCHED → MINED → CONFIRMED to taker and maker', async () => {
    const a = await userSocket(alice);
    const b = await userSocket(bob);
    // Alice's NO bid at 0.67 is the best YES ask (0.33) of the thin book.
    const rest = await alice.client.createAndPostOrder({
      tokenID: thin.noTokenId,
      price: 0.67,
      size: 10,
      side: Side.BUY,
    });
    expect(rest.status).toBe('live');
    // Bob buys YES at 0.33: the mirror of Alice's NO bid (a MINT).
    const take = await bob.client.postOrder(
      await bob.client.createOrder({
        tokenID: thin.yesTokenId,
        price: 0.33,
        size: 4,
        side: Side.BUY,
      }),
      OrderType.FOK,
    );
    expect(take.status).toBe('matched');
    const tradeId = take.tradeIDs?.[0];
    await b.waitFor(() => b.events('trade').some((e) => e.status === 'CONFIRMED'));
    await a.waitFor(() => a.events('trade').some((e) => e.status === 'CONFIRMED'));
    expect(b.events('trade').map((e) => e.status)).toEqual(['MATCHED', 'MINED', 'CONFIRMED']);
    expect(b.events('trade')[0]).toMatchObject({
      id: tradeId,
      trader_side: 'TAKER',
      side: 'BUY',
      size: '4',
      asset_id: thin.yesTokenId,
    });
    const makerView = a.events('trade')[0] as {
      trader_side: string;
      maker_orders: Record<string, string>[];
    };
    expect(makerView.trader_side).toBe('MAKER');
    expect(makerView.maker_orders[0]).toMatchObject({
      order_id: rest.orderID,
      matched_amount: '4',
      price: '0.67',
      side: 'BUY',
    });
    const update = a.events('order').find((e) => e.type === 'UPDATE');
    expect(update).toMatchObject({ id: rest.orderID, size_matched: '4', status: 'LIVE' });
  });

  it('closes the socket on bad credentials', async () => {
    const s = await socket('/ws/user');
    s.send({
      auth: { apiKey: alice.creds.key, secret: 'wrong', passphrase: alice.creds.passphrase },
      type: 'user',
    });
    expect(await s.closed()).toBe(1008);
  });
});
