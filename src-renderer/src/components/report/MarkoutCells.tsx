import type { Markout } from '@shared/report/execution-report';
import { MARKOUT_HORIZONS_SEC } from '@shared/report/execution-report';
import { formatMicro } from '../format';
import { MarkoutTicks } from './Figure';
import { markoutAt } from './report-format';

/** One cell per markout horizon (1, 10, 60 s), in ticks; the micro-price then in the tooltip. */
export function MarkoutCells({ markouts }: { markouts: readonly Markout[] }) {
  return (
    <>
      {MARKOUT_HORIZONS_SEC.map((horizon) => {
        const m = markoutAt(markouts, horizon);
        return (
          <td
            key={horizon}
            className="num"
            data-testid={`markout-${horizon}s`}
            title={
              m?.microPrice != null
                ? `micro-price ${formatMicro(m.microPrice)} after ${horizon} s (${m.bps?.toFixed(1) ?? '—'} bps)`
                : `no micro-price ${horizon} s after the fills yet`
            }
          >
            <MarkoutTicks ticks={m?.ticks ?? null} />
          </td>
        );
      })}
    </>
  );
}

export function MarkoutHeaders() {
  return (
    <>
      {MARKOUT_HORIZONS_SEC.map((horizon) => (
        <th key={horizon} className="num" title={`Markout ${horizon} s after the fills, ticks`}>
          mk {horizon}s
        </th>
      ))}
    </>
  );
}
