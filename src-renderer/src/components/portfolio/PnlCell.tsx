import { formatUsd } from '../format';

/** A P&L figure coloured by its sign; "—" when unknown. */
export function Pnl({ micros, testId }: { micros: number | null; testId?: string }) {
  const tone = micros === null || micros === 0 ? '' : micros > 0 ? 'pnl-up' : 'pnl-down';
  const text = micros !== null && micros > 0 ? `+${formatUsd(micros)}` : formatUsd(micros);
  return (
    <span className={tone} data-testid={testId}>
      {text}
    </span>
  );
}
