import { formatBps, formatTicks, toneClass } from './report-format';

/** Slippage in ticks, red when it cost us; a dash when unmeasured. */
export function SlippageTicks({ ticks, testId }: { ticks: number | null; testId?: string }) {
  return (
    <span className={toneClass(ticks, false)} data-testid={testId}>
      {formatTicks(ticks)}
    </span>
  );
}

export function SlippageBps({ bps, testId }: { bps: number | null; testId?: string }) {
  return (
    <span className={toneClass(bps, false)} data-testid={testId}>
      {formatBps(bps)}
    </span>
  );
}

/** A markout in ticks, green when the price moved our way after the fill. */
export function MarkoutTicks({ ticks, testId }: { ticks: number | null; testId?: string }) {
  return (
    <span className={toneClass(ticks, true)} data-testid={testId}>
      {formatTicks(ticks)}
    </span>
  );
}
