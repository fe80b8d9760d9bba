import { describe, expect, it } from 'vitest';
import type { CancelResult, Fill, TradeFilter, UserEventListener } from '../exchange/exchange-port';
import { FakeExchange, fakeMarket } from '../market/fake-exchange';
import type { OrderInput, RecordableBook } from './record-codec';
import { recordedExchange, type RecordingSink } from './recorded-exchange';
import type { TradeRecord } from './recording-format';

const YES = '1001';
const NO = '1002';

function fill(status: Fill['status']): Fill {
  return {
    fillKey: 'trade-1:0xorder',
    tradeId: 'trade-1',
    orderId: '0xorder',
    role: 'MAKER',
    conditionId: '0xcond',
    tokenId: YES,
    side: 'BUY',
    priceMicros: 450_000,
    sizeMicros: 5_000_000,
    status,
    rawStatus: status,
    final: status === 'CONFIRMED',
    matchTimeSec: 1_767_000_000,
    lastUpdateSec: 1_767_000_001,
    feeRateBps: 0,
    transactionHash: undefined,
    bucketIndex: 0,
    outcome: 'Yes',
  };
}

/** The fake market data exchange, with a user channel, trades and cancels. */
class TradingFake extends FakeExchange {
  user: UserEventListener | undefined;
  closed = false;

  override subscribeUserEvents(listener?: UserEventListener): () => void {
    this.user = listener;
    return () => undefined;
  }
  override getFills(_filter?: TradeFilter): Promise<never> {
    return Promise.resolve([fill('CONFIRMED')] as never);
  }
  override cancelOrders(orderIds: string[] = []): Promise<CancelResult> {
    return Promise.resolve({
      canceled: orderIds.slice(0, 1),
      notCanceled: { '0xgone': 'not found' },
    });
  }
  override close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

function sink(): RecordingSink & {
  books: RecordableBook[];
  orders: OrderInput[];
  trades: Omit<TradeRecord, 'type' | 'receiveTimeMs'>[];
  log: string[];
} {
  const books: RecordableBook[] = [];
  const orders: OrderInput[] = [];
  const trades: Omit<TradeRecord, 'type' | 'receiveTimeMs'>[] = [];
  const log: string[] = [];
  return {
    books,
    orders,
    trades,
    log,
    book: (b) => {
      log.push('recorded');
      books.push(b);
    },
    order: (o) => orders.push(o),
    trade: (t) => trades.push(t),
  };
}

describe('recordedExchange', () => {
  it('records each book before the subscriber sees it, and forwards state changes', () => {
    const fake = new TradingFake([fakeMarket('0xcond', YES, NO)]);
    const out = sink();
    const exchange = recordedExchange(fake, out, () => Promise.resolve());
    const states: string[] = [];
    exchange.subscribeBook(YES, {
      onBook: () => out.log.push('seen'),
      onState: (change) => states.push(change.state),
    });
    fake.push(YES, { bids: [{ price: 400_000, size: 10_000_000 }], asks: [] });
    fake.setState(YES, 'stalled');
    expect(out.log).toEqual(['recorded', 'seen']);
    expect(out.books[0]).toMatchObject({ tokenId: YES, bids: [{ price: 400_000 }] });
    expect(states).toEqual(['live', 'stalled']);
  });

  it('records user-channel orders and fills, queried fills and cancels', async () => {
    const fake = new TradingFake([fakeMarket('0xcond', YES, NO)]);
    const out = sink();
    const exchange = recordedExchange(fake, out, () => Promise.resolve());
    const seenFills: Fill[][] = [];
    exchange.subscribeUserEvents({ onFills: (list) => seenFills.push(list) });
    fake.user?.onFills?.([fill('MATCHED')]);
    fake.user?.onOrder?.({
      orderId: '0xorder',
      type: 'UPDATE',
      status: 'LIVE',
      conditionId: '0xcond',
      tokenId: YES,
      side: 'BUY',
      priceMicros: 450_000,
      originalSizeMicros: 10_000_000,
      sizeMatchedMicros: 5_000_000,
      tradeIds: ['trade-1'],
      timestampMs: 1,
    });
    expect(seenFills).toHaveLength(1);
    await exchange.getFills({ tokenId: YES });
    await exchange.cancelOrders(['0xorder', '0xgone']);
    expect(out.trades.map((t) => [t.origin, t.status])).toEqual([
      ['stream', 'MATCHED'],
      ['rest', 'CONFIRMED'],
    ]);
    expect(out.orders).toEqual([
      expect.objectContaining({ orderId: '0xorder', source: 'user-stream', eventType: 'UPDATE' }),
      { orderId: '0xorder', source: 'exchange', eventType: 'cancel', payload: { canceled: true } },
      {
        orderId: '0xgone',
        source: 'exchange',
        eventType: 'cancel',
        payload: { canceled: false, reason: 'not found' },
      },
    ]);
  });

  it('passes everything else through, keeps trading when the sink throws, closes both', async () => {
    const fake = new TradingFake([fakeMarket('0xcond', YES, NO)]);
    let recorderClosed = false;
    const exchange = recordedExchange(
      fake,
      {
        book: () => {
          throw new Error('disk full');
        },
        order: () => undefined,
        trade: () => undefined,
      },
      () => {
        recorderClosed = true;
        return Promise.resolve();
      },
    );
    expect(exchange.readOnly).toBe(true);
    expect((await exchange.listMarkets()).map((m) => m.conditionId)).toEqual(['0xcond']);
    const seen: number[] = [];
    exchange.subscribeBook(YES, { onBook: (b) => seen.push(b.bids.length) });
    fake.push(YES, { bids: [{ price: 400_000, size: 10_000_000 }], asks: [] });
    expect(seen).toEqual([1]);
    await exchange.close();
    expect(fake.closed).toBe(true);
    expect(recorderClosed).toBe(true);
  });
});
