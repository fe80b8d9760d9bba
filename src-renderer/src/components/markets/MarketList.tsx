import { useEffect, useMemo, useRef, useState } from 'react';
import type { MarketListItem } from '@shared/domain/market';
import { useMarketStore } from '../../state/market-store';
import { isTypingTarget } from '../keyboard';
import { MarketRow } from './MarketRow';

function matches(market: MarketListItem, query: string): boolean {
  if (query === '') return true;
  const q = query.toLowerCase();
  return market.question.toLowerCase().includes(q) || market.slug.toLowerCase().includes(q);
}

/**
 * Rows rendered at most: a live exchange lists thousands of markets, and nobody scrolls through
 * them; the search finds the rest.
 */
export const MAX_MARKET_ROWS = 200;

/** Market list with search; `/` anywhere focuses the search box. */
export function MarketList() {
  const markets = useMarketStore((s) => s.markets);
  const listError = useMarketStore((s) => s.listError);
  const selectedId = useMarketStore((s) => s.selectedConditionId);
  const select = useMarketStore((s) => s.select);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== '/' || isTypingTarget(event.target)) return;
      event.preventDefault();
      search.current?.focus();
      search.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const matching = useMemo(() => markets.filter((m) => matches(m, query.trim())), [markets, query]);
  const shown = matching.length > MAX_MARKET_ROWS ? matching.slice(0, MAX_MARKET_ROWS) : matching;

  return (
    <div className="market-list">
      <input
        ref={search}
        className="search"
        type="search"
        placeholder="Search markets  ( / , ↑↓, Enter )"
        aria-label="Search markets"
        data-testid="market-search"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          // ↑/↓ walk the matches, Enter opens one, Esc clears the search.
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((i) => Math.min(Math.max(i + step, 0), Math.max(shown.length - 1, 0)));
          } else if (e.key === 'Enter') {
            const market = shown[Math.min(active, shown.length - 1)];
            if (market) select(market.conditionId);
          } else if (e.key === 'Escape') {
            setQuery('');
            setActive(0);
            e.currentTarget.blur();
          }
        }}
      />
      {markets.length === 0 ? (
        <p className="empty" data-testid="market-list-empty">
          {listError ? `Markets unavailable: ${listError}. Retrying…` : 'Loading markets…'}
        </p>
      ) : shown.length === 0 ? (
        <p className="empty">No market matches “{query}”.</p>
      ) : (
        <ul className="market-rows" data-testid="market-list">
          {shown.map((m, i) => (
            <MarketRow
              key={m.conditionId}
              market={m}
              selected={m.conditionId === selectedId}
              active={query !== '' && i === Math.min(active, shown.length - 1)}
            />
          ))}
          {matching.length > shown.length && (
            <li className="market-more" data-testid="market-list-more">
              {shown.length} of {matching.length.toLocaleString('en-US')} markets shown: type to
              narrow the list.
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
