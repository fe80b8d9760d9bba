import { useCallback, useMemo, useState } from 'react';
import { FINAL_ORDER_STATES } from '@shared/domain/order';
import { useApi } from '../../api/api-context';
import { useMarketStore } from '../../state/market-store';
import { useOrderStore } from '../../state/order-store';
import { toastError, toastInfo } from '../../state/toast-store';
import { Dialog } from '../common/Dialog';
import { OrderRow } from './OrderRow';
import type { TokenLabel } from './OrderRow';

type Filter = 'working' | 'all';

/** The orders blotter: one row per user order, expandable to its event log; cancel and kill switch. */
export function OrdersBlotter() {
  const api = useApi();
  const orders = useOrderStore((s) => s.orders);
  const ids = useOrderStore((s) => s.ids);
  const markets = useMarketStore((s) => s.markets);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [killing, setKilling] = useState(false);

  const labels = useMemo(() => {
    const map = new Map<string, TokenLabel>();
    for (const m of markets) {
      for (const t of m.tokens)
        map.set(t.tokenId, { question: m.question, outcome: t.outcome, tick: m.tickMicros });
    }
    return map;
  }, [markets]);

  const working = ids.filter((id) => {
    const o = orders[id];
    return o !== undefined && !FINAL_ORDER_STATES.includes(o.state);
  });
  const shown = filter === 'working' ? working : ids;

  const onToggle = useCallback((id: string) => setExpanded((e) => (e === id ? null : id)), []);
  const onCancel = useCallback(
    (id: string) => {
      api.call('order.cancel', { orderId: id }).then(
        (order) => useOrderStore.getState().applyOrders([order]),
        (err: unknown) => toastError('Cancel failed', err),
      );
    },
    [api],
  );
  const closeKill = useCallback(() => setKilling(false), []);
  const killAll = (): void => {
    setKilling(false);
    api.call('order.cancelAll', {}).then(
      ({ cancelled }) =>
        toastInfo(
          cancelled.length === 0
            ? 'Nothing to cancel'
            : `Cancelled ${cancelled.length} order${cancelled.length === 1 ? '' : 's'}`,
          'Their fills so far are kept; see each order’s event log.',
          'success',
        ),
      (err: unknown) => toastError('Kill switch failed', err),
    );
  };

  return (
    <div className="blotter" data-testid="blotter">
      <div className="blotter-bar">
        <div className="segmented" role="group" aria-label="Show">
          <button
            type="button"
            className={filter === 'all' ? 'on' : ''}
            onClick={() => setFilter('all')}
          >
            All {ids.length}
          </button>
          <button
            type="button"
            className={filter === 'working' ? 'on' : ''}
            data-testid="filter-working"
            onClick={() => setFilter('working')}
          >
            Working {working.length}
          </button>
        </div>
        <span className="spacer" />
        <button
          type="button"
          className="danger kill"
          data-testid="kill-switch"
          disabled={working.length === 0}
          title="Cancel every working order"
          onClick={() => setKilling(true)}
        >
          Cancel all ({working.length})
        </button>
      </div>
      {shown.length === 0 ? (
        <p className="empty">{filter === 'working' ? 'No working orders.' : 'No orders yet.'}</p>
      ) : (
        <table className="orders-table">
          <thead>
            <tr>
              <th>age</th>
              <th>market</th>
              <th>side</th>
              <th>strategy</th>
              <th>state</th>
              <th>filled / total</th>
              <th className="num">avg</th>
              <th className="num">adj</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((id) => {
              const order = orders[id];
              if (!order) return null;
              return (
                <OrderRow
                  key={id}
                  order={order}
                  label={labels.get(order.spec.tokenId)}
                  expanded={expanded === id}
                  onToggle={onToggle}
                  onCancel={onCancel}
                />
              );
            })}
          </tbody>
        </table>
      )}
      {killing && (
        <Dialog title="Kill switch" onClose={closeKill} testId="confirm-kill" tone="danger">
          <p>
            Cancel all <strong>{working.length}</strong> working order
            {working.length === 1 ? '' : 's'} and their exchange orders? Fills so far are kept.
          </p>
          <div className="dialog-actions">
            <button type="button" onClick={closeKill}>
              Keep them (Esc)
            </button>
            <button
              type="button"
              className="danger"
              data-autofocus
              data-testid="confirm-kill-submit"
              onClick={killAll}
            >
              Cancel all orders
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
