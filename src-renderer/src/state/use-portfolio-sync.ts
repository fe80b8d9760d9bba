import { useEffect } from 'react';
import type { ApiClient } from '../api/api-client';
import { usePortfolioStore } from './portfolio-store';

const TRADES_SHOWN = 200;
/** The trades are asked again at most this often while portfolio events come in. */
const TRADES_REFRESH_MS = 1_000;

/**
 * Keeps positions and trades in step with the host: the `portfolio` event carries the whole
 * snapshot; the trades are read again after it (a fill or a status move changed them), at most
 * once a second. Everything is loaded on every (re)connect and dropped on a PAPER/LIVE switch.
 */
export function usePortfolioSync(api: ApiClient): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastTradesAt = 0;
    const load = (): void => {
      api.call('portfolio.get', {}).then(
        (snapshot) => usePortfolioStore.getState().setSnapshot(snapshot),
        () => undefined,
      );
      loadTrades();
    };
    const loadTrades = (): void => {
      lastTradesAt = Date.now();
      api.call('portfolio.trades', { limit: TRADES_SHOWN }).then(
        ({ trades, total }) => usePortfolioStore.getState().setTrades(trades, total),
        () => undefined,
      );
    };
    const tradesSoon = (): void => {
      if (timer) return;
      const wait = Math.max(0, lastTradesAt + TRADES_REFRESH_MS - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        loadTrades();
      }, wait);
    };
    const offs = [
      api.on('portfolio', (snapshot) => {
        usePortfolioStore.getState().setSnapshot(snapshot);
        tradesSoon();
      }),
      api.on('app.info', () => {
        usePortfolioStore.getState().reset();
        load();
      }),
      api.onLinkState((link) => {
        if (link === 'open') load();
      }),
    ];
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [api]);
}
