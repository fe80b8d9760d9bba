import { useEffect, useMemo, useRef, useState } from 'react';
import { useContextStore } from '../../state/context-store';
import { useMarketStore } from '../../state/market-store';
import { isTypingTarget } from '../keyboard';
import { queryRows, SORT_LABELS, tagsOf } from './market-query';
import type { ListSort } from './market-query';
import { MarketRow } from './MarketRow';

/**
 * Rows rendered at most: a live exchange lists thousands of markets, and nobody scrolls through
 * them; the search finds the rest.
 */
export const MAX_MARKET_ROWS = 200;

/**
 * Market list with search (question, event title, outcome), tag filter and sorting by Gamma's
 * figures; `/` anywhere focuses the search box. Without Gamma the CLOB's list stays usable.
 */
export function MarketList() {
  const markets = useMarketStore((s) => s.markets);
  const byCondition = useContextStore((s) => s.byCondition);
  const notice = useContextStore((s) => s.list?.notice ?? null);
  const [sort, setSort] = useState<ListSort>('exchange');
  const [tag, setTag] = useState('');
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

  const rows = useMemo(
    () => markets.map((market) => ({ market, info: byCondition.get(market.conditionId) ?? null })),
    [markets, byCondition],
  );
  const tags = useMemo(() => tagsOf(rows), [rows]);
  const matching = useMemo(
    () => queryRows(rows, { text: query.trim(), tag, sort }),
    [rows, query, tag, sort],
  );
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
            const row = shown[Math.min(active, shown.length - 1)];
            if (row) select(row.market.conditionId);
          } else if (e.key === 'Escape') {
            setQuery('');
            setActive(0);
            e.currentTarget.blur();
          }
        }}
      />
      <div className="market-tools">
        <select
          aria-label="Sort markets"
          data-testid="market-sort"
          value={sort}
          onChange={(e) => setSort(e.target.value as ListSort)}
        >
          {(Object.keys(SORT_LABELS) as ListSort[]).map((key) => (
            <option key={key} value={key}>
              {SORT_LABELS[key]}
            </option>
          ))}
        </select>
        <select
          aria-label="Filter by tag"
          data-testid="market-tag"
          value={tag}
          onChange={(e) => {
            setTag(e.target.value);
            setActive(0);
          }}
        >
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      {notice && (
        <p className="market-notice" role="status" data-testid="market-notice">
          {notice}
        </p>
      )}
      {markets.length === 0 ? (
        <p className="empty" data-testid="market-list-empty">
          {listError ? `Markets unavailable: ${listError}. Retrying…` : 'Loading markets…'}
        </p>
      ) : shown.length === 0 ? (
        <p className="empty">
          No market matches “{query}”{tag ? ` with this tag` : ''}.
        </p>
      ) : (
        <ul className="market-rows" data-testid="market-list">
          {shown.map(({ market: m, info }, i) => (
            <MarketRow
              key={m.conditionId}
              market={m}
              info={info}
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
