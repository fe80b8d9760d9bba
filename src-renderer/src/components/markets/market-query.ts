import type { MarketInfo } from '@shared/domain/gamma';
import { searchText } from '@shared/domain/gamma';
import type { MarketListItem } from '@shared/domain/market';

/** How the list is ordered: the exchange's own order, or by one of Gamma's figures. */
export type ListSort = 'exchange' | 'volume' | 'liquidity' | 'ending';

export const SORT_LABELS: Record<ListSort, string> = {
  exchange: 'As listed',
  volume: '24h volume',
  liquidity: 'Liquidity',
  ending: 'Ending soon',
};

/** A market of the CLOB's list with Gamma's view of it, when Gamma has one. */
export interface ListRow {
  market: MarketListItem;
  info: MarketInfo | null;
}

export interface ListQuery {
  /** Words that must all appear in the question, event title, outcome name or slug. */
  text: string;
  /** A tag slug; '' for every tag. */
  tag: string;
  sort: ListSort;
}

/** Search keys by row: the list's rows live as long as its markets, so each key is made once. */
const searchKeys = new WeakMap<ListRow, string>();

function searchKey(row: ListRow): string {
  const known = searchKeys.get(row);
  if (known !== undefined) return known;
  const { market, info } = row;
  const key = searchText(
    [market.question, market.slug, info?.eventTitle ?? '', info?.groupItemTitle ?? ''].join('\n'),
  );
  searchKeys.set(row, key);
  return key;
}

/** The tags of the listed markets, most used first. */
export function tagsOf(rows: readonly ListRow[]): { slug: string; label: string }[] {
  const counts = new Map<string, { slug: string; label: string; n: number }>();
  for (const row of rows) {
    for (const tag of row.info?.tags ?? []) {
      const known = counts.get(tag.slug);
      if (known) known.n += 1;
      else counts.set(tag.slug, { slug: tag.slug, label: tag.label, n: 1 });
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label))
    .map(({ slug, label }) => ({ slug, label }));
}

function compare(sort: ListSort): ((a: ListRow, b: ListRow) => number) | null {
  switch (sort) {
    case 'exchange':
      return null;
    case 'volume':
      return (a, b) => (b.info?.volume24hMicros ?? -1) - (a.info?.volume24hMicros ?? -1);
    case 'liquidity':
      return (a, b) => (b.info?.liquidityMicros ?? -1) - (a.info?.liquidityMicros ?? -1);
    case 'ending':
      return (a, b) =>
        (a.info?.endDateMs ?? Number.POSITIVE_INFINITY) -
        (b.info?.endDateMs ?? Number.POSITIVE_INFINITY);
  }
}

/** Each list sorted once per order: a keystroke then only filters the sorted rows. */
const sortedLists = new WeakMap<readonly ListRow[], Map<ListSort, readonly ListRow[]>>();

function sortedRows(rows: readonly ListRow[], sort: ListSort): readonly ListRow[] {
  const order = compare(sort);
  if (!order) return rows;
  let bySort = sortedLists.get(rows);
  if (!bySort) {
    bySort = new Map();
    sortedLists.set(rows, bySort);
  }
  let sorted = bySort.get(sort);
  if (!sorted) {
    // Array.prototype.sort is stable: equal figures stay in the exchange's order.
    sorted = [...rows].sort(order);
    bySort.set(sort, sorted);
  }
  return sorted;
}

/** Filters by words and tag, in the chosen order; ties (and the exchange order) keep the list's. */
export function queryRows(rows: readonly ListRow[], query: ListQuery): ListRow[] {
  const words = searchText(query.text).split(/\s+/).filter(Boolean);
  return sortedRows(rows, query.sort).filter((row) => {
    if (query.tag !== '' && !row.info?.tags.some((t) => t.slug === query.tag)) return false;
    if (words.length === 0) return true;
    const key = searchKey(row);
    return words.every((word) => key.includes(word));
  });
}

/** pUSD for a list: "$1.2M", "$34.5k", "$890". */
export function compactUsd(micros: number): string {
  const usd = micros / 1_000_000;
  if (usd >= 1_000_000) return `$${(usd / 1_000_000).toFixed(1)}M`;
  if (usd >= 1_000) return `$${(usd / 1_000).toFixed(1)}k`;
  return `$${Math.round(usd)}`;
}

/** An end date as the list shows it: "Dec 31, 2028"; "in 7 min" when under an hour away. */
export function endText(endMs: number | null, nowMs: number): string {
  if (endMs === null) return '—';
  const left = endMs - nowMs;
  if (left > 0 && left < 3_600_000) return `in ${Math.max(1, Math.round(left / 60_000))} min`;
  return new Date(endMs).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
