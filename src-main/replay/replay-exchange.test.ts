import { describe, expect, it } from 'vitest';
import type { UserOrderEvent } from '../exchange/exchange-port';
import type { BookRecord } from '../recording/recording-format';
import { openRecording } from '../recording/recording-reader';
import { indexRecording } from './recording-index';
import { ReplayExchange } from './replay-exchange';
import { FIXTURE_START_MS, FIXTURE_TOKEN, writeFixtureRecording } from './replay-fixtures';
import { VirtualClock } from './virtual-clock';

const S = 1_000_000;

async function bookRecords(file: string): Promise<BookRecord[]> {
  const books: BookRecord[] = [];
  for await (const record of await openRecording(file))
    if (record.type === 'book') books.push(record);
  return books;
}

describe('ReplayExchange on a hand-made recording', () => {
  it('fills a joined order only after the 30 ahead of it traded: 20 → none, 15 more → 5', async () => {
    const file = await writeFixtureRecording([
      {
        atMs: FIXTURE_START_MS,
        bids: [
          [0.5, 30],
          [0.49, 100],
        ],
        asks: [[0.52, 100]],
      },
      // 20 join behind us …
      {
        atMs: FIXTURE_START_MS + 1_000,
        bids: [
          [0.5, 50],
          [0.49, 100],
        ],
        asks: [[0.52, 100]],
      },
      // … 20 trade at 0.50 …
      {
        atMs: FIXTURE_START_MS + 2_000,
        bids: [
          [0.5, 30],
          [0.49, 100],
        ],
        asks: [[0.52, 100]],
        lastTrade: 0.5,
      },
      // … and 15 more.
      {
        atMs: FIXTURE_START_MS + 3_000,
        bids: [
          [0.5, 15],
          [0.49, 100],
        ],
        asks: [[0.52, 100]],
        lastTrade: 0.5,
      },
    ]);
    const index = await indexRecording(file);
    expect(index.markets[0]).toMatchObject({ tickMicros: 10_000, minOrderSizeMicros: 5 * S });
    const clock = new VirtualClock(index.firstMs);
    const exchange = new ReplayExchange({
      clock,
      markets: index.markets,
      collateralMicros: 1_000 * S,
      sharesMicros: 0,
      idPrefix: 'ab',
    });
    const events: UserOrderEvent[] = [];
    exchange.subscribeUserEvents({ onOrder: (event) => events.push(event) });
    const [first, ...rest] = await bookRecords(file);
    exchange.applyBook(first as BookRecord);
    const prepared = await exchange.prepareOrder({
      tokenId: FIXTURE_TOKEN,
      side: 'BUY',
      priceMicros: 500_000,
      sizeMicros: 50 * S,
      timeInForce: 'GTC',
      postOnly: true,
    });
    const placed = await exchange.submitPrepared(prepared);
    expect(placed).toMatchObject({
      kind: 'accepted',
      status: 'live',
      immediateFill: { sizeMicros: 0 },
    });
    const filledAfter: number[] = [];
    for (const record of rest) {
      await clock.advanceTo(record.receiveTimeMs);
      exchange.applyBook(record);
      filledAfter.push(exchange.fills().reduce((sum, fill) => sum + fill.sizeMicros, 0));
    }
    expect(filledAfter).toEqual([0, 0, 5 * S]);
    expect(exchange.fills()[0]).toMatchObject({
      role: 'MAKER',
      priceMicros: 500_000,
      status: 'CONFIRMED',
      final: true,
      atMs: FIXTURE_START_MS + 3_000,
    });
    expect(await exchange.getOrder(prepared.orderId)).toMatchObject({
      status: 'LIVE',
      sizeMatchedMicros: 5 * S,
    });
    // The wallet paid for the 5 shares; the user stream told of the placement and the fill.
    expect((await exchange.getCollateralBalance()).balanceMicros).toBe(1_000 * S - 2_500_000);
    expect((await exchange.getConditionalBalance(FIXTURE_TOKEN)).balanceMicros).toBe(5 * S);
    await clock.advanceTo(clock.now());
    expect(events.map((event) => event.type)).toEqual(['PLACEMENT', 'UPDATE']);
    const cancelled = await exchange.cancelOrder(prepared.orderId);
    expect(cancelled.canceled).toEqual([prepared.orderId]);
    expect((await exchange.getOpenOrders()).length).toBe(0);
  });

  it('refuses what the wallet cannot back, and post-only orders that would cross', async () => {
    const file = await writeFixtureRecording([
      { atMs: FIXTURE_START_MS, bids: [[0.5, 30]], asks: [[0.52, 100]] },
    ]);
    const index = await indexRecording(file);
    const exchange = new ReplayExchange({
      clock: new VirtualClock(index.firstMs),
      markets: index.markets,
      collateralMicros: 10 * S,
      sharesMicros: 0,
      idPrefix: 'ab',
    });
    exchange.applyBook((await bookRecords(file))[0] as BookRecord);
    const order = (priceMicros: number, sizeMicros: number, side: 'BUY' | 'SELL' = 'BUY') =>
      exchange.prepareOrder({
        tokenId: FIXTURE_TOKEN,
        side,
        priceMicros,
        sizeMicros,
        timeInForce: 'GTC',
        postOnly: true,
      });
    expect(await exchange.submitPrepared(await order(500_000, 30 * S))).toMatchObject({
      kind: 'rejected',
      message: 'not enough balance / allowance',
    });
    expect(await exchange.submitPrepared(await order(500_000, 5 * S, 'SELL'))).toMatchObject({
      kind: 'rejected',
    });
    expect(await exchange.submitPrepared(await order(530_000, 5 * S))).toMatchObject({
      kind: 'rejected',
      message: 'invalid post-only order: order crosses book',
    });
    await expect(order(505_000, 5 * S)).rejects.toThrow(/tick/);
  });
});
