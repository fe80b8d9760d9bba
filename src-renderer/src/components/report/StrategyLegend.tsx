import type { StrategyType } from '@shared/domain/order-request';
import { strategyName } from '../entry/order-preview';
import { STRATEGIES, STRATEGY_COLORS } from './strategy-style';

/** The three strategies' colours; one without data is named as such. */
export function StrategyLegend({ present }: { present: readonly StrategyType[] }) {
  return (
    <span className="legend">
      {STRATEGIES.map((s) => (
        <span key={s} className={present.includes(s) ? '' : 'muted legend-absent'}>
          <i style={{ background: STRATEGY_COLORS[s] }} />
          {strategyName(s)}
          {!present.includes(s) && ' (no data)'}{' '}
        </span>
      ))}
    </span>
  );
}
