import { create } from 'zustand';
import type { Order, OrderEvent } from '@shared/domain/order';

interface OrderState {
  orders: Record<string, Order>;
  /** Ids newest first. */
  ids: string[];
  /** Event log per order, ascending by seq, without duplicates. */
  events: Record<string, OrderEvent[]>;
  setOrders(orders: readonly Order[]): void;
  /** Forgets every order (the host switched to another mode, with its own order history). */
  reset(): void;
  applyOrders(batch: readonly Order[]): void;
  applyEvents(batch: readonly OrderEvent[]): void;
}

function sortIds(orders: Record<string, Order>): string[] {
  return Object.values(orders)
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
    .map((o) => o.id);
}

function mergeEvents(known: readonly OrderEvent[], incoming: readonly OrderEvent[]): OrderEvent[] {
  const bySeq = new Map<number, OrderEvent>();
  for (const event of known) bySeq.set(event.seq, event);
  for (const event of incoming) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export const useOrderStore = create<OrderState>((set) => ({
  orders: {},
  ids: [],
  events: {},
  setOrders: (list) =>
    set((state) => {
      const orders = { ...state.orders };
      for (const order of list) {
        const known = orders[order.id];
        if (!known || known.updatedAt <= order.updatedAt) orders[order.id] = order;
      }
      return { orders, ids: sortIds(orders) };
    }),
  reset: () => set({ orders: {}, ids: [], events: {} }),
  applyOrders: (batch) =>
    set((state) => {
      if (batch.length === 0) return state;
      const orders = { ...state.orders };
      let added = false;
      for (const order of batch) {
        const known = orders[order.id];
        if (!known) added = true;
        if (!known || known.updatedAt <= order.updatedAt) orders[order.id] = order;
      }
      return added ? { orders, ids: sortIds(orders) } : { orders };
    }),
  applyEvents: (batch) =>
    set((state) => {
      if (batch.length === 0) return state;
      const grouped = new Map<string, OrderEvent[]>();
      for (const event of batch) {
        const list = grouped.get(event.orderId) ?? [];
        list.push(event);
        grouped.set(event.orderId, list);
      }
      const events = { ...state.events };
      for (const [orderId, list] of grouped) {
        events[orderId] = mergeEvents(events[orderId] ?? [], list);
      }
      return { events };
    }),
}));
