import type { OrderEvent } from '@shared/domain/order';

export interface ReasonCount {
  reason: string;
  count: number;
}

/** The ledger's replace note: `replace #3 (too_aggressive): 0.45 → 0.46[, placed before the cancel]`. */
const REPLACE_NOTE = /^replace #\d+ \((.+?)\): /;

/** Why a replacement was made, from its event; the whole note when it has another shape. */
export function replacementReason(event: Pick<OrderEvent, 'reason'>): string {
  return REPLACE_NOTE.exec(event.reason)?.[1] ?? event.reason;
}

/** Replacements among an order's events, counted by reason (most frequent first). */
export function countReplacements(events: readonly OrderEvent[]): {
  replacements: number;
  reasons: ReasonCount[];
} {
  const counts = new Map<string, number>();
  let replacements = 0;
  for (const event of events) {
    if (event.type !== 'replace') continue;
    replacements += 1;
    const reason = replacementReason(event);
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return { replacements, reasons: sortedReasons(counts) };
}

/** Sums reason counts (of several orders). */
export function mergeReasons(lists: readonly (readonly ReasonCount[])[]): ReasonCount[] {
  const counts = new Map<string, number>();
  for (const list of lists) {
    for (const { reason, count } of list) counts.set(reason, (counts.get(reason) ?? 0) + count);
  }
  return sortedReasons(counts);
}

function sortedReasons(counts: Map<string, number>): ReasonCount[] {
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
