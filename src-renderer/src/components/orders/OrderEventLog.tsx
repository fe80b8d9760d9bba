import { useEffect, useState } from 'react';
import type { OrderEvent } from '@shared/domain/order';
import { useApi } from '../../api/api-context';
import { useOrderStore } from '../../state/order-store';
import { formatClock, formatPrice, formatShares } from '../format';

const EMPTY: OrderEvent[] = [];

/** The event log of one order: loaded once with order.events, then kept live by order.event. */
export function OrderEventLog({ orderId, tick }: { orderId: string; tick: number }) {
  const api = useApi();
  const events = useOrderStore((s) => s.events[orderId] ?? EMPTY);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.call('order.events', { orderId }).then(
      (reply) => useOrderStore.getState().applyEvents(reply.events),
      (err: unknown) => {
        if (live) setFailed(err instanceof Error ? err.message : 'could not load the events');
      },
    );
    return () => {
      live = false;
    };
  }, [api, orderId]);
  if (events.length === 0) {
    return (
      <p className="empty event-log">
        {failed ? `Event log unavailable: ${failed}` : 'Loading events…'}
      </p>
    );
  }
  return (
    <table className="event-log" data-testid="event-log">
      <thead>
        <tr>
          <th>time</th>
          <th>event</th>
          <th>state</th>
          <th className="num">price</th>
          <th className="num">size</th>
          <th>reason</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.seq} className={`event-${e.type}`} data-testid="event-row" data-type={e.type}>
            <td className="muted">{formatClock(e.at)}</td>
            <td>{e.type}</td>
            <td>{e.state}</td>
            <td className="num">{e.price === undefined ? '' : formatPrice(e.price, tick)}</td>
            <td className="num">
              {e.size === undefined ? '' : formatShares(e.size)}
              {e.filled !== undefined && e.type !== 'fill'
                ? ` (filled ${formatShares(e.filled)})`
                : ''}
            </td>
            <td className="reason">{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
