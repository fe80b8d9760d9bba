import type { OrderQuality } from '@shared/report/execution-report';

/** "price left the band ×3; resized ×1": the replacements' reasons, most frequent first. */
export function replacementSummary(reasons: OrderQuality['replacementReasons']): string {
  if (reasons.length === 0) return 'no replacements';
  return [...reasons]
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .map((r) => `${r.reason} ×${r.count}`)
    .join('; ');
}
