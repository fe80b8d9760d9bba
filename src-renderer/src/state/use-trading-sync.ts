import { useEffect } from 'react';
import type { ApiClient } from '../api/api-client';
import { useAppStore } from './app-store';
import { FrameBatcher } from './frame-batcher';
import type { FrameBatch } from './frame-batcher';
import { selectTokenId, useMarketStore } from './market-store';
import { useOrderStore } from './order-store';
import { priceHistory } from './price-history';
import { toastError, toastInfo } from './toast-store';

/** Applies one frame's worth of host pushes to the stores. */
export function applyFrame(batch: FrameBatch, now = Date.now()): void {
  for (const snapshot of batch.snapshots) priceHistory.record(snapshot, now);
  useMarketStore.getState().applySnapshots(batch.snapshots);
  useOrderStore.getState().applyOrders(batch.orders);
  useOrderStore.getState().applyEvents(batch.events);
}

const RETRY_MS = 3_000;
const LIST_REFRESH_MS = 10_000;

/**
 * Keeps markets, books and orders in step with the host: pushes go through a per-frame batcher;
 * on every (re)connect the market list, the orders and the account are loaded again and the shown
 * token is watched again; after a switch between PAPER and LIVE (`app.info`) everything is
 * reloaded for the new mode.
 */
export function useTradingSync(api: ApiClient): void {
  useEffect(() => {
    const batcher = new FrameBatcher((batch) => applyFrame(batch));
    const offs = [
      api.on('market.snapshot', (s) => batcher.pushSnapshot(s)),
      api.on('order.updated', (o) => batcher.pushOrder(o)),
      api.on('order.event', (e) => batcher.pushEvent(e)),
    ];
    let retry: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;

    const loadMarkets = (then?: () => void): void => {
      api.call('market.list', {}).then(
        ({ markets }) => {
          useMarketStore.getState().setMarkets(markets);
          then?.();
        },
        (err: unknown) => {
          useMarketStore
            .getState()
            .setListError(err instanceof Error ? err.message : 'markets unavailable');
          if (!disposed) retry = setTimeout(() => loadMarkets(then), RETRY_MS);
        },
      );
    };
    const loadOrders = (): void => {
      api.call('order.list', { includeFinal: true }).then(
        ({ orders }) => useOrderStore.getState().setOrders(orders),
        () => undefined,
      );
    };
    const loadAccount = (): void => {
      api.call('account.summary', {}).then(
        (account) => useAppStore.getState().setAccount(account),
        () => undefined,
      );
    };
    const rewatch = (): void => {
      const tokenId = selectTokenId(useMarketStore.getState());
      if (tokenId) {
        api.call('market.watch', { tokenId }).then(
          (snapshot) => snapshot && batcher.pushSnapshot(snapshot),
          (err: unknown) => toastError('Could not watch the market', err),
        );
      }
    };

    /**
     * After a switch between PAPER and LIVE: the other exchange has its own markets, books and
     * order history, so everything shown is dropped and loaded again; a selected market that this
     * exchange does not list is cleared, else its book is watched on the new link.
     */
    const reloadForMode = (): void => {
      batcher.flush();
      clearTimeout(retry);
      useOrderStore.getState().reset();
      useMarketStore.getState().clearSnapshots();
      priceHistory.clear();
      useAppStore.setState({ account: null });
      loadMarkets(() => {
        const markets = useMarketStore.getState();
        if (markets.selectedConditionId === null) return;
        if (markets.markets.some((m) => m.conditionId === markets.selectedConditionId)) rewatch();
        else markets.deselect();
      });
      loadOrders();
      loadAccount();
    };

    offs.push(api.on('app.info', reloadForMode));
    offs.push(
      api.onLinkState((link) => {
        if (link !== 'open') return;
        clearTimeout(retry);
        loadMarkets();
        loadOrders();
        loadAccount();
        rewatch();
      }),
    );
    // Fills change the balance: refresh the account when an order ends or fills.
    // An overfill is told once per event, even if the host pushes it again.
    const overfillsTold = new Set<string>();
    offs.push(
      api.on('order.event', (event) => {
        if (event.type === 'fill' || event.type === 'cancelled') loadAccount();
        const key = `${event.orderId}:${event.seq}`;
        if (event.type === 'overfill' && !overfillsTold.has(key)) {
          overfillsTold.add(key);
          toastInfo('Overfill on an order', event.reason, 'error');
        }
      }),
    );
    // Last prices and spreads in the list move too: refresh it quietly.
    const refresh = setInterval(() => {
      api.call('market.list', {}).then(
        ({ markets }) => useMarketStore.getState().setMarkets(markets),
        () => undefined,
      );
    }, LIST_REFRESH_MS);
    return () => {
      disposed = true;
      clearInterval(refresh);
      clearTimeout(retry);
      batcher.flush();
      for (const off of offs) off();
    };
  }, [api]);
}
