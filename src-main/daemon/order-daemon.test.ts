import { afterEach, describe, expect, it } from 'vitest';
import type { OrderRequestInput, OrderSpec } from '@shared/domain/order-request';
import { OrderRequestSchema } from '@shared/domain/order-request';
import { PolydeskError } from '@shared/errors';
import { silentLogger } from '../host/logger';
import { MemoryStore } from '../store/memory-store';
import type { StoreBatch } from '../store/store-port';
import { FakeMarketPort } from '../tests/fake-market-port';
import { FakeTradingExchange, testMarket } from '../tests/fake-trading-exchange';
import { waitFor } from '../tests/wait-for';
import { OrderDaemon } from './order-daemon';

const SHARE = 1_000_000;
const TOKEN = '111';

const microRequest: OrderRequestInput = {
  tokenId: TOKEN,
  side: 'BUY',
  strategyType: 'micro_price',
  totalSize: '20',
  maxPrice: '0.60',
  minPrice: '0.40',
  microPriceParams: {
    checkIntervalSec: 0.1,
    thresholdBps: 50,
    maxAdjustments: 5,
    aggressionLimitBps: 100,
  },
};

interface Rig {
  daemon: OrderDaemon;
  exchange: FakeTradingExchange;
  market: FakeMarketPort;
  store: MemoryStore;
}

const rigs: Rig[] = [];

async function rig(
  options: { workers?: number; start?: boolean; reconcileIntervalMs?: number } = {},
): Promise<Rig> {
  const exchange = new FakeTradingExchange();
  const market = new FakeMarketPort([testMarket()]);
  const store = new MemoryStore();
  market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]] });
  const daemon = new OrderDaemon({
    exchange,
    market,
    store,
    logger: silentLogger(),
    timings: {
      unknownGraceMs: 20,
      reconcileIntervalMs: options.reconcileIntervalMs ?? 100,
      pendingPollMs: 20,
      retryBaseMs: 5,
    },
    cancelWaitMs: 5_000,
  });
  if (options.start !== false) await daemon.start(options.workers ?? 2);
  const r = { daemon, exchange, market, store };
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    r.exchange.releaseCancelAnswers();
    r.exchange.releaseOrderReads();
    await r.daemon.stop('cancel');
  }
});

/**
 * A micro-price BUY placed at 0.49, replaced at 0.57 by a book move, and left resting until the
 * way back (its size at 0.49) has been signed at idle.
 */
async function movedAwayAndSignedBack() {
  const r = await rig();
  const id = await r.daemon.submitRequest(microRequest);
  const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
  r.market.setBook(TOKEN, { bids: [[560_000, 100]], asks: [[580_000, 100]] });
  const first = await waitFor(
    () => r.exchange.liveOrders().find((order) => order.id !== placed.id),
    'the first replacement',
  );
  await waitFor(
    () =>
      r.exchange.preparedRequests.some(
        (q) => q.priceMicros === placed.request.priceMicros && q.sizeMicros === 20 * SHARE,
      ),
    'the way back signed at idle',
  );
  return { r, id, placed, first };
}

/** The book moves back to where the order started; resolves with the replacement placed. */
function movedBack(r: Rig, restingId: string) {
  r.market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]] });
  return waitFor(
    () => r.exchange.liveOrders().find((order) => order.id !== restingId),
    'the replacement back',
  );
}

async function refusal(r: Rig, input: unknown): Promise<string[]> {
  try {
    const parsed = OrderRequestSchema.safeParse(input);
    if (parsed.success) await r.daemon.submit(parsed.data);
    else await r.daemon.submitRequest(input as OrderRequestInput);
  } catch (err) {
    expect(err).toBeInstanceOf(PolydeskError);
    expect((err as PolydeskError).code).toBe('BAD_REQUEST');
    return ((err as PolydeskError).issues ?? []).map((issue) => issue.path);
  }
  return [];
}

describe('OrderDaemon: submit', () => {
  it('refuses bad input field by field and queues nothing', async () => {
    const r = await rig({ start: false });
    const kelly = {
      ...microRequest,
      strategyType: 'kelly',
      totalSize: undefined,
      microPriceParams: undefined,
    };
    expect(await refusal(r, { ...microRequest, minPrice: '0.70' })).toEqual(['minPrice']);
    expect(await refusal(r, { ...microRequest, maxPrice: '0.555' })).toEqual(['maxPrice']);
    expect(await refusal(r, { ...microRequest, maxPrice: '1.2' })).toEqual(['maxPrice']);
    expect(await refusal(r, { ...microRequest, minPrice: '0' })).toEqual(['minPrice']);
    expect(
      await refusal(r, { ...kelly, kellyParams: { winProbability: 1.5, maxPositionSize: '50' } }),
    ).toEqual(['kellyParams.winProbability']);
    expect(await refusal(r, kelly)).toEqual(['kellyParams']);
    expect(await refusal(r, { ...microRequest, strategyType: 'iceberg' })).toEqual([
      'icebergParams',
    ]);
    expect(await refusal(r, { ...microRequest, totalSize: undefined })).toEqual(['totalSize']);
    expect(await refusal(r, { ...microRequest, totalSize: '4' })).toEqual(['totalSize']);
    expect(await refusal(r, { ...microRequest, tokenId: '999' })).toEqual(['tokenId']);
    const spec = OrderRequestSchema.parse(microRequest);
    const offGrid: OrderSpec = { ...spec, targetPrice: 505_000 };
    await expect(r.daemon.submit(offGrid)).rejects.toMatchObject({
      issues: [{ path: 'targetPrice' }],
    });
    expect(r.daemon.list()).toEqual([]);
  });

  it('returns the id at once and runs the order to COMPLETED, every transition an event', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(microRequest);
    expect(r.daemon.status(id).state).toMatch(/QUEUED|ACTIVE/);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    expect(placed.request).toMatchObject({
      side: 'BUY',
      priceMicros: 490_000,
      sizeMicros: 20 * SHARE,
      postOnly: true,
    });
    r.exchange.fill(placed.id, 5 * SHARE, 'MATCHED');
    await waitFor(() => r.daemon.status(id).pendingFilled === 5 * SHARE, 'a pending fill');
    r.exchange.fill(placed.id, 15 * SHARE);
    const [fill] = r.exchange.fills;
    if (fill) r.exchange.settle(fill, 'CONFIRMED');
    const done = await r.daemon.whenFinal(id);
    expect(done).toMatchObject({
      state: 'COMPLETED',
      filled: 20 * SHARE,
      pendingFilled: 0,
      avgPrice: 490_000,
    });
    const types = r.daemon.events(id).map((event) => event.type);
    expect(types.slice(0, 4)).toEqual(['state', 'state', 'placed', 'acknowledged']);
    expect(types).toContain('fill');
    expect(types.at(-1)).toBe('state');
    const stored = await r.store.events(id);
    await r.daemon.persist();
    expect((await r.store.events(id)).length).toBeGreaterThanOrEqual(stored.length);
    expect((await r.store.exchangeOrders(id))[0]).toMatchObject({ id: placed.id, state: 'FILLED' });
  });

  it('never places on a stale book, and starts once the book is fresh', async () => {
    const r = await rig();
    r.market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]], stale: true });
    const id = await r.daemon.submitRequest(microRequest);
    await waitFor(() => r.daemon.status(id).state === 'ACTIVE', 'active');
    await waitFor(
      () => r.daemon.events(id).some((event) => event.reason.includes('stale')),
      'a stale note',
    );
    expect(r.exchange.submitted).toEqual([]);
    r.market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]] });
    await waitFor(() => r.exchange.liveOrders()[0], 'a bid once fresh');
  });
});

describe('OrderDaemon: quoting against a lagging book', () => {
  it('does not take its own cancelled order, still shown by an older book, for someone else', async () => {
    const r = await rig();
    r.market.setBook(TOKEN, { bids: [[500_000, 100]], asks: [[520_000, 100]] });
    await r.daemon.submitRequest(microRequest);
    await waitFor(
      () => r.exchange.liveOrders().find((o) => o.request.priceMicros === 510_000),
      'a bid at 0.51',
    );
    const beforeCancel = Date.now();
    r.market.setBook(TOKEN, { bids: [[450_000, 100]], asks: [[520_000, 100]] });
    await waitFor(
      () => r.exchange.liveOrders().find((o) => o.request.priceMicros === 460_000),
      'the bid moved to 0.46',
    );
    const placedBefore = r.exchange.submitted.length;
    // A view of the book from before the cancel: our old 0.51 bid is still on it.
    const lagging = r.market.setBook(TOKEN, {
      bids: [
        [510_000, 20],
        [450_000, 100],
      ],
      asks: [[520_000, 100]],
    });
    lagging.timestamp = beforeCancel;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(r.exchange.submitted.slice(placedBefore)).toEqual([]);
    expect(r.exchange.liveOrders().map((o) => o.request.priceMicros)).toEqual([460_000]);
  });
});

describe('OrderDaemon: never guess what the exchange did', () => {
  it('leaves an unanswered submit PENDING_NEW and finds it at the exchange before anything else', async () => {
    const r = await rig();
    r.exchange.submitScript.push({ kind: 'lost-reply' });
    const id = await r.daemon.submitRequest(microRequest);
    await waitFor(
      () => r.daemon.events(id).find((event) => event.reason.startsWith('submit outcome unknown')),
      'unknown outcome',
    );
    await waitFor(
      () => r.daemon.status(id).exchangeOrders[0]?.state === 'LIVE',
      'the order found live',
    );
    expect(r.exchange.submitted).toHaveLength(1);
    expect(r.exchange.cancelCalls).toEqual([]);
  });

  it('treats a submit that never arrived as absent only after checking, then places once more', async () => {
    const r = await rig();
    r.exchange.submitScript.push({ kind: 'lost-request' });
    const id = await r.daemon.submitRequest(microRequest);
    await waitFor(() => r.exchange.liveOrders()[0], 'a second, live order');
    const views = r.daemon.status(id).exchangeOrders;
    expect(views[0]).toMatchObject({
      state: 'REJECTED',
      reason: expect.stringContaining('not found at exchange'),
    });
    expect(r.exchange.submitted).toHaveLength(2);
    expect(r.exchange.liveOrders()).toHaveLength(1);
  });

  it('does not cancel while the submit is unresolved', async () => {
    const r = await rig();
    r.exchange.submitScript.push({ kind: 'lost-reply' });
    const id = await r.daemon.submitRequest(microRequest);
    await waitFor(() => r.exchange.submitted.length === 1, 'submit');
    const cancelled = await r.daemon.cancel(id);
    expect(cancelled.state).toBe('CANCELLED');
    const events = r.daemon.events(id);
    const found = events.findIndex((event) => event.type === 'acknowledged');
    const cancelReq = events.findIndex((event) => event.type === 'cancel_requested');
    expect(found).toBeGreaterThan(-1);
    expect(cancelReq).toBeGreaterThan(found);
  });

  it('settles a "not found" cancel from trades: an order filled meanwhile is not placed again', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.exchange.streamFills = false;
    r.exchange.fill(placed.id, 20 * SHARE);
    r.market.setBook(TOKEN, { bids: [[560_000, 100]], asks: [[580_000, 100]] });
    const done = await r.daemon.whenFinal(id);
    expect(done).toMatchObject({ state: 'COMPLETED', filled: 20 * SHARE });
    expect(r.exchange.submitted).toHaveLength(1);
  });

  it('replaces after a fill that raced the cancel with only the remainder', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.exchange.fillOnCancel = 8 * SHARE;
    r.exchange.streamFills = false;
    r.market.setBook(TOKEN, { bids: [[560_000, 100]], asks: [[580_000, 100]] });
    const second = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== placed.id),
      'the replacement',
    );
    expect(second.request.sizeMicros).toBe(12 * SHARE);
    const order = r.daemon.status(id);
    expect(order.adjustments).toBe(1);
    // The exchange's record said 8 matched: held back as filled while the replacement went out…
    expect(r.daemon.events(id).find((event) => event.type === 'settle')?.reason).toContain(
      'the exchange matched 8 shares',
    );
    // …and the trades, read after it, account for them.
    await waitFor(
      () => r.daemon.status(id).exchangeOrders[0]?.filled === 8 * SHARE,
      'the raced fill read from the trades',
    );
    expect(r.daemon.status(id).exchangeOrders[0]?.state).toBe('CANCELLED');
    expect(r.daemon.events(id).find((event) => event.type === 'replace')?.reason).toContain(
      'out_of_band',
    );
  });

  it("places the replacement on the user stream's cancellation, before the DELETE answers", async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.exchange.streamCancellations = true;
    r.exchange.holdCancelAnswers();
    r.market.setBook(TOKEN, { bids: [[560_000, 100]], asks: [[580_000, 100]] });
    const second = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== placed.id),
      'the replacement, with the cancel still unanswered',
    );
    expect(second.request.sizeMicros).toBe(20 * SHARE);
    expect(r.daemon.status(id).exchangeOrders[0]?.state).toBe('CANCELLED');
    r.exchange.releaseCancelAnswers();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The late answer changes nothing: one replacement, matched + resting within the size.
    expect(r.exchange.submitted).toHaveLength(2);
    expect(r.exchange.liveOrders().map((order) => order.id)).toEqual([second.id]);
    expect(r.daemon.status(id).adjustments).toBe(1);
  });

  it('a streamed cancellation that reports a raced fill leaves only the remainder to place', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.exchange.streamCancellations = true;
    r.exchange.streamFills = false;
    r.exchange.fillOnCancel = 8 * SHARE;
    r.exchange.holdCancelAnswers();
    r.market.setBook(TOKEN, { bids: [[560_000, 100]], asks: [[580_000, 100]] });
    const second = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== placed.id),
      'the replacement',
    );
    expect(second.request.sizeMicros).toBe(12 * SHARE);
    r.exchange.releaseCancelAnswers();
    await waitFor(
      () => r.daemon.status(id).exchangeOrders[0]?.filled === 8 * SHARE,
      'the raced fill read from the trades',
    );
    const record = r.exchange.orders.get(placed.id);
    expect((record?.matched ?? 0) + 12 * SHARE).toBeLessThanOrEqual(20 * SHARE);
  });

  it('reads the trades again only for an event that tells the ledger something new', async () => {
    const r = await rig({ reconcileIntervalMs: 60_000 });
    const id = await r.daemon.submitRequest({
      ...microRequest,
      microPriceParams: { ...microRequest.microPriceParams, checkIntervalSec: 60 },
    });
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.exchange.streamCancellations = true;
    // The first step with an order out reads once (the periodic reconcile has never run).
    r.market.setBook(TOKEN, { bids: [[560_000, 100]], asks: [[580_000, 100]] });
    const first = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== placed.id),
      'the first replacement',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = { ...r.exchange.reads };
    // The placement and the cancellation we asked for carry nothing the ledger lacks.
    r.exchange.pushOrderEvent(first.id, 'PLACEMENT');
    r.market.setBook(TOKEN, { bids: [[480_000, 100]], asks: [[520_000, 100]] });
    const second = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== first.id),
      'the second replacement',
    );
    r.exchange.pushOrderEvent(second.id, 'PLACEMENT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.exchange.reads).toEqual(before);
    // A match the trades do not show yet, and an order the exchange took off on its own, do.
    r.exchange.streamFills = false;
    r.exchange.fill(second.id, 3 * SHARE);
    r.exchange.pushOrderEvent(second.id, 'UPDATE');
    await waitFor(() => r.daemon.status(id).filled === 3 * SHARE, 'the match read from the trades');
    expect(r.exchange.reads.fills).toBeGreaterThan(before.fills);
    const afterMatch = { ...r.exchange.reads };
    r.exchange.cancelByExchange(second.id);
    await waitFor(
      () => r.exchange.reads.openOrders > afterMatch.openOrders,
      'the open orders read after an exchange-side cancellation',
    );
  });

  it("a cancel answered before the user stream takes the stream's matched size when it beats the order read", async () => {
    const r = await rig({ reconcileIntervalMs: 60_000 });
    await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.exchange.holdOrderReads();
    r.exchange.fill(placed.id, 4 * SHARE);
    r.exchange.streamFills = false;
    r.market.setBook(TOKEN, { bids: [[560_000, 100]], asks: [[580_000, 100]] });
    await waitFor(() => r.exchange.cancelCalls.includes(placed.id), 'the cancel');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(r.exchange.submitted).toHaveLength(1);
    // The order read is still held; the user stream's cancellation carries the 4 matched.
    r.exchange.pushOrderEvent(placed.id, 'CANCELLATION');
    const next = await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== placed.id),
      'the replacement, without the read',
    );
    expect(next.request.sizeMicros).toBe(16 * SHARE);
  });

  it('answers a book change before the periodic read that fell due: the reads follow the replacement', async () => {
    const r = await rig({ reconcileIntervalMs: 100 });
    await r.daemon.submitRequest({
      ...microRequest,
      microPriceParams: { ...microRequest.microPriceParams, checkIntervalSec: 60 },
    });
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    // Parked for its check interval; the periodic read falls due meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const from = r.exchange.timeline.length;
    r.market.setBook(TOKEN, { bids: [[560_000, 100]], asks: [[580_000, 100]] });
    await waitFor(
      () => r.exchange.liveOrders().find((order) => order.id !== placed.id),
      'the replacement',
    );
    await waitFor(() => r.exchange.timeline.length >= from + 4, 'the periodic read');
    expect(r.exchange.timeline.slice(from, from + 4)).toEqual([
      'cancel',
      'submit',
      'openOrders',
      'fills',
    ]);
  });

  it('a replacement back to the price the order left goes out signed at idle, nothing signed in between', async () => {
    const { r, id, placed, first } = await movedAwayAndSignedBack();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const signedBefore = r.exchange.preparedRequests.length;
    expect(r.exchange.submitted).toHaveLength(2);
    const back = await movedBack(r, first.id);
    expect(back.request).toMatchObject({
      priceMicros: placed.request.priceMicros,
      sizeMicros: 20 * SHARE,
    });
    // Nothing was signed between the book change and the placement.
    expect(
      r.exchange.preparedRequests
        .slice(signedBefore)
        .filter((q) => q.priceMicros === back.request.priceMicros),
    ).toEqual([]);
    expect(r.daemon.status(id).adjustments).toBe(2);
  });

  it('an order signed at idle is not sent once a fill changed the size: the remainder is signed anew', async () => {
    const { r, id, placed, first } = await movedAwayAndSignedBack();
    r.exchange.fill(first.id, 5 * SHARE);
    await waitFor(() => r.daemon.status(id).filled === 5 * SHARE, 'the fill');
    const back = await movedBack(r, first.id);
    expect(back.request).toMatchObject({
      priceMicros: placed.request.priceMicros,
      sizeMicros: 15 * SHARE,
    });
    const record = r.exchange.orders.get(first.id);
    expect((record?.matched ?? 0) + back.request.sizeMicros).toBe(20 * SHARE);
  });

  it('writes an exchange order again only when it changed, in commits that group the events', async () => {
    const r = await rig();
    const batches: StoreBatch[] = [];
    const commit = r.store.commit.bind(r.store);
    r.store.commit = (batch) => {
      batches.push(batch);
      return commit(batch);
    };
    const id = await r.daemon.submitRequest({
      ...microRequest,
      microPriceParams: {
        checkIntervalSec: 0.1,
        thresholdBps: 50,
        maxAdjustments: 12,
        aggressionLimitBps: 100,
      },
    });
    await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    for (let i = 0; i < 12; i++) {
      const bid = i % 2 === 0 ? 560_000 : 480_000;
      r.market.setBook(TOKEN, { bids: [[bid, 100]], asks: [[bid + 20_000, 100]] });
      await waitFor(
        () => r.daemon.status(id).adjustments === i + 1 && r.exchange.liveOrders().length === 1,
        `replacement ${i + 1}`,
      );
    }
    await r.daemon.persist();
    const order = r.daemon.status(id);
    expect(order.exchangeOrders).toHaveLength(13);
    const rows = batches.flatMap((batch) => batch.exchangeOrders);
    const events = batches.flatMap((batch) => batch.events);
    // Each exchange order is written on its own changes (placed, live, cancel asked, cancelled),
    // not once per event of its user order (which came to 13 × the events, here hundreds).
    expect(rows.length).toBeLessThanOrEqual(6 * order.exchangeOrders.length);
    expect(events.length).toBe(r.daemon.events(id).length);
    expect(batches.length).toBeLessThanOrEqual(events.length);
    const stored = await r.store.exchangeOrders(id);
    expect(stored.map((eo) => [eo.id, eo.state])).toEqual(
      order.exchangeOrders.map((eo) => [eo.id, eo.state]),
    );
  });

  it('refreshes the balance and retries once after a balance refusal, never more', async () => {
    const r = await rig();
    r.exchange.submitScript.push(
      { kind: 'reject', message: 'not enough balance / allowance' },
      { kind: 'reject', message: 'not enough balance / allowance' },
    );
    const id = await r.daemon.submitRequest(microRequest);
    await waitFor(() => r.daemon.status(id).exchangeOrders.length >= 2, 'the retry');
    expect(r.exchange.balanceRefreshes).toBe(1);
    expect(r.daemon.status(id).exchangeOrders.map((eo) => eo.state)).toEqual([
      'REJECTED',
      'REJECTED',
    ]);
  });
});

describe('OrderDaemon: pool, cancel and stop', () => {
  it("one order's failure does not stop another", async () => {
    const r = await rig({ workers: 1 });
    const other = testMarket('0xc1', '333', '444');
    (r.market as unknown as { markets: unknown[] }).markets.push(other);
    const failing = r.market.startMonitoring.bind(r.market);
    r.market.startMonitoring = (tokenId: string) =>
      tokenId === '333' ? Promise.reject(new Error('feed down')) : failing(tokenId);
    const bad = await r.daemon.submitRequest({ ...microRequest, tokenId: '333' });
    const good = await r.daemon.submitRequest(microRequest);
    expect((await r.daemon.whenFinal(bad)).state).toBe('FAILED');
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'the good order placed');
    r.exchange.fill(placed.id, 20 * SHARE);
    expect((await r.daemon.whenFinal(good)).state).toBe('COMPLETED');
  });

  it('cancels a user order with its exchange orders and reports what filled', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.exchange.fill(placed.id, 6 * SHARE);
    await waitFor(() => r.daemon.status(id).filled === 6 * SHARE, 'a fill');
    const order = await r.daemon.cancel(id);
    expect(order).toMatchObject({ state: 'CANCELLED', filled: 6 * SHARE });
    expect(order.reason).toContain('filled 6 of 20 shares');
    expect(r.exchange.liveOrders()).toEqual([]);
  });

  it('stops gracefully: cancel mode cancels open orders and says which', async () => {
    const r = await rig();
    const a = await r.daemon.submitRequest(microRequest);
    const b = await r.daemon.submitRequest({ ...microRequest, side: 'SELL', totalSize: '10' });
    await waitFor(() => r.exchange.liveOrders().length === 2 || undefined, 'two orders');
    const report = await r.daemon.stop('cancel');
    expect(report.mode).toBe('cancel');
    expect(report.cancelled.sort()).toEqual(r.exchange.cancelCalls.slice().sort());
    expect(report.cancelled).toHaveLength(2);
    expect(r.exchange.liveOrders()).toEqual([]);
    expect(r.daemon.status(a).state).toBe('CANCELLED');
    expect(r.daemon.status(b).state).toBe('CANCELLED');
    expect(r.daemon.health().workers).toBeNull();
  });

  it('stops gracefully: keep mode leaves orders resting and active', async () => {
    const r = await rig();
    const a = await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    const report = await r.daemon.stop('keep');
    expect(report.kept).toEqual([placed.id]);
    expect(r.exchange.liveOrders()).toHaveLength(1);
    expect(r.daemon.status(a).state).toBe('ACTIVE');
    expect((await r.store.loadOrders())[0]?.state).toBe('ACTIVE');
    await r.daemon.start(1);
    r.exchange.fill(placed.id, 20 * SHARE);
    expect((await r.daemon.whenFinal(a)).state).toBe('COMPLETED');
  });

  it('restarts from the store: reconciles before acting, counts fills made while down, places nothing twice', async () => {
    const r = await rig();
    const id = await r.daemon.submitRequest(microRequest);
    const placed = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    await r.daemon.stop('keep');
    r.exchange.streamFills = false;
    r.exchange.fill(placed.id, 8 * SHARE);
    const lastSeq = await r.store.lastSeq();
    const next = new OrderDaemon({
      exchange: r.exchange,
      market: r.market,
      store: r.store,
      logger: silentLogger(),
      timings: { unknownGraceMs: 20, reconcileIntervalMs: 100, pendingPollMs: 20, retryBaseMs: 5 },
    });
    rigs.push({ ...r, daemon: next });
    await next.start(2);
    expect(next.status(id)).toMatchObject({ state: 'ACTIVE', filled: 8 * SHARE });
    expect(next.events(id)[0]?.seq).toBe(0);
    expect(next.events(id).at(-1)?.seq).toBeGreaterThan(lastSeq);
    expect(r.exchange.submitted).toHaveLength(1);
    r.exchange.streamFills = true;
    r.exchange.fill(placed.id, 12 * SHARE);
    expect(await next.whenFinal(id)).toMatchObject({ state: 'COMPLETED', filled: 20 * SHARE });
    expect(r.exchange.submitted).toHaveLength(1);
  });

  it('restores from one read of the history, final orders with all their events', async () => {
    const r = await rig();
    const done = await r.daemon.submitRequest(microRequest);
    const bid = await waitFor(() => r.exchange.liveOrders()[0], 'a bid');
    r.exchange.fill(bid.id, 20 * SHARE);
    await r.daemon.whenFinal(done);
    const cancelled = await r.daemon.submitRequest({ ...microRequest, totalSize: '10' });
    await waitFor(() => r.exchange.liveOrders()[0], 'another bid');
    await r.daemon.cancel(cancelled);
    const working = await r.daemon.submitRequest({ ...microRequest, side: 'SELL' });
    await waitFor(() => r.exchange.liveOrders()[0], 'an ask');
    await r.daemon.stop('keep');
    const before = [done, cancelled, working].map((id) => r.daemon.events(id));

    const reads: string[] = [];
    const store = r.store;
    const counted = new Proxy(store, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          reads.push(String(name));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const next = new OrderDaemon({
      exchange: r.exchange,
      market: r.market,
      store: counted,
      logger: silentLogger(),
      timings: { unknownGraceMs: 20, reconcileIntervalMs: 100, pendingPollMs: 20, retryBaseMs: 5 },
    });
    rigs.push({ ...r, daemon: next });
    await next.start(1);
    expect(
      reads.filter((name) => !name.startsWith('save') && !['appendEvent', 'commit'].includes(name)),
    ).toEqual(['lastSeq', 'loadHistory']);
    expect(next.status(done)).toMatchObject({ state: 'COMPLETED', filled: 20 * SHARE });
    expect(next.status(cancelled).state).toBe('CANCELLED');
    expect(next.events(done)).toEqual(before[0]);
    expect(next.events(cancelled)).toEqual(before[1]);
    const resumed = next.events(working);
    expect(resumed.slice(0, before[2]?.length)).toEqual(before[2]);
    expect(resumed.slice(before[2]?.length).map((e) => e.reason)).toContain(
      'restored after a restart: reconciling with the exchange',
    );
    expect(next.list(false).map((o) => o.id)).toEqual([working]);
  });

  it('reports workers, queue depth and active orders', async () => {
    const r = await rig({ start: false });
    await r.daemon.submitRequest(microRequest);
    expect(r.daemon.health()).toEqual({ workers: null, queueDepth: 1, activeOrders: 0 });
    await r.daemon.start(3);
    await waitFor(() => r.daemon.health().activeOrders === 1, 'active');
    const workers = r.daemon.health().workers;
    expect(workers ? workers.busy + workers.idle : 0).toBe(3);
  });
});
