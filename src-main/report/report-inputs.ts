import type { Order, OrderEvent } from '@shared/domain/order';
import type { ReportParams } from '@shared/report/execution-report';
import type { StoredFill, StoredHistory } from '../store/store-port';
import type { ReportFill } from './order-quality';

/** The stored orders a report covers, oldest first, and the ids asked for that are unknown. */
export function selectOrders(
  orders: readonly Order[],
  params: ReportParams,
): { selected: Order[]; unknown: string[] } {
  const wanted = params.orderIds ? new Set(params.orderIds) : null;
  const selected = orders
    .filter((order) => !wanted || wanted.has(order.id))
    .filter((order) => params.sinceMs === undefined || order.createdAt >= params.sinceMs)
    .filter((order) => !params.strategyType || order.spec.strategyType === params.strategyType)
    .sort((a, b) => a.createdAt - b.createdAt);
  const known = new Set(orders.map((order) => order.id));
  return { selected, unknown: [...(wanted ?? [])].filter((id) => !known.has(id)) };
}

/**
 * An order's fills with the time we first learned of each. The store's `at` moves with every
 * status (MATCHED → CONFIRMED), so the earliest fill event of the trade is taken when there is
 * one: the match, which is what slippage and markouts are measured from.
 */
export function reportFills(
  fills: readonly StoredFill[],
  events: readonly OrderEvent[],
): ReportFill[] {
  const firstSeen = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'fill' && event.type !== 'fill_failed') continue;
    const trade = /\(trade ([^)]+)\)$/.exec(event.reason)?.[1];
    if (trade === undefined || event.exchangeOrderId === undefined) continue;
    const key = `${trade}:${event.exchangeOrderId}`;
    firstSeen.set(key, Math.min(firstSeen.get(key) ?? Infinity, event.at));
  }
  return fills.map((fill) => ({
    fillKey: fill.fillKey,
    timeMs: Math.min(fill.at, firstSeen.get(`${fill.tradeId}:${fill.exchangeOrderId}`) ?? Infinity),
    priceMicros: fill.price,
    sizeMicros: fill.size,
    role: fill.role,
    status: fill.status,
  }));
}

/** A stored order with what the report reads of it. */
export interface HistoryOrder {
  order: Order;
  events: OrderEvent[];
  fills: ReportFill[];
}

/** The orders with their fills and events out of a stored history. */
export function ordersFromHistory(
  history: StoredHistory,
  params: ReportParams,
): { orders: HistoryOrder[]; unknown: string[] } {
  const { selected, unknown } = selectOrders(history.orders, params);
  return {
    orders: selected.map((order) => {
      const events = history.events.get(order.id) ?? [];
      return { order, events, fills: reportFills(history.fills.get(order.id) ?? [], events) };
    }),
    unknown,
  };
}
