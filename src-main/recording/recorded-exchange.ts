import type {
  CancelResult,
  Exchange,
  Fill,
  PlaceResult,
  PreparedOrder,
  UserOrderEvent,
} from '../exchange/exchange-port';
import type { OrderInput, RecordableBook } from './record-codec';
import type { TradeRecord } from './recording-format';

/** Where the recorded exchange sends what it sees. */
export interface RecordingSink {
  book(book: RecordableBook): void;
  order(record: OrderInput): void;
  trade(record: Omit<TradeRecord, 'type' | 'receiveTimeMs'>): void;
}

/**
 * The Exchange port with a tap on it: every book handed to a subscriber (before the subscriber
 * sees it), every user-channel order event and fill, fills returned by trade queries, and what
 * was submitted and cancelled with the exchange's answers. Everything else passes straight
 * through. A proxy rather than a class that restates the port, so that methods added to the port
 * pass through without a change here. The sink must not throw; if it does, trading goes on.
 */
export function recordedExchange(
  exchange: Exchange,
  sink: RecordingSink,
  onClose: () => Promise<void>,
): Exchange {
  const safely = (write: () => void): void => {
    try {
      write();
    } catch {
      // Recording is best effort: the writer counts and logs its own failures.
    }
  };
  const fills = (list: readonly Fill[], origin: TradeRecord['origin']): void =>
    safely(() => {
      for (const fill of list) sink.trade(tradeOf(fill, origin));
    });
  const cancels = (result: CancelResult): void =>
    safely(() => {
      for (const orderId of result.canceled) {
        sink.order({
          orderId,
          source: 'exchange',
          eventType: 'cancel',
          payload: { canceled: true },
        });
      }
      for (const [orderId, reason] of Object.entries(result.notCanceled)) {
        sink.order({
          orderId,
          source: 'exchange',
          eventType: 'cancel',
          payload: { canceled: false, reason },
        });
      }
    });

  const overrides: Partial<Exchange> = {
    subscribeBook: (tokenId, listener) =>
      exchange.subscribeBook(tokenId, {
        ...listener,
        onBook: (book) => {
          safely(() => sink.book(book));
          listener.onBook(book);
        },
      }),
    subscribeUserEvents: (listener, conditionIds) =>
      exchange.subscribeUserEvents(
        {
          ...listener,
          onOrder: (event) => {
            safely(() => sink.order(userOrderOf(event)));
            listener.onOrder?.(event);
          },
          onFills: (list) => {
            fills(list, 'stream');
            listener.onFills?.(list);
          },
        },
        conditionIds,
      ),
    getFills: async (filter) => {
      const list = await exchange.getFills(filter);
      fills(list, 'rest');
      return list;
    },
    submitPrepared: async (order) => {
      let result: PlaceResult;
      try {
        result = await exchange.submitPrepared(order);
      } catch (err) {
        safely(() => sink.order(submitOf(order, { thrown: (err as Error).message })));
        throw err;
      }
      safely(() => sink.order(submitOf(order, result)));
      return result;
    },
    cancelOrder: async (orderId) => {
      const result = await exchange.cancelOrder(orderId);
      cancels(result);
      return result;
    },
    cancelOrders: async (orderIds) => {
      const result = await exchange.cancelOrders(orderIds);
      cancels(result);
      return result;
    },
    cancelAll: async () => {
      const result = await exchange.cancelAll();
      cancels(result);
      return result;
    },
    cancelMarket: async (filter) => {
      const result = await exchange.cancelMarket(filter);
      cancels(result);
      return result;
    },
    close: async () => {
      try {
        await exchange.close();
      } finally {
        await onClose();
      }
    },
  };

  return new Proxy(exchange, {
    get(target, prop) {
      if (typeof prop === 'string' && Object.hasOwn(overrides, prop)) {
        return overrides[prop as keyof Exchange];
      }
      const value: unknown = Reflect.get(target, prop, target);
      // Bound to the adapter itself: its methods may rely on private state.
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

function tradeOf(
  fill: Fill,
  origin: TradeRecord['origin'],
): Omit<TradeRecord, 'type' | 'receiveTimeMs'> {
  return {
    origin,
    fillKey: fill.fillKey,
    tradeId: fill.tradeId,
    orderId: fill.orderId,
    tokenId: fill.tokenId,
    conditionId: fill.conditionId,
    side: fill.side,
    role: fill.role,
    priceMicros: fill.priceMicros,
    sizeMicros: fill.sizeMicros,
    status: fill.status,
    final: fill.final,
    matchTimeSec: fill.matchTimeSec,
    feeRateBps: fill.feeRateBps,
  };
}

function userOrderOf(event: UserOrderEvent): OrderInput {
  return { orderId: event.orderId, source: 'user-stream', eventType: event.type, payload: event };
}

function submitOf(order: PreparedOrder, outcome: PlaceResult | { thrown: string }): OrderInput {
  return {
    orderId: order.orderId,
    source: 'exchange',
    eventType: 'submit',
    payload: {
      request: order.request,
      conditionId: order.conditionId,
      tickSize: order.tickSize,
      negRisk: order.negRisk,
      makerAmountMicros: order.makerAmountMicros,
      takerAmountMicros: order.takerAmountMicros,
      preparedAtMs: order.preparedAtMs,
      outcome,
    },
  };
}
