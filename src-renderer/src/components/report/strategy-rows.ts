import type { StrategyType } from '@shared/domain/order-request';
import type { ExecutionReport, StrategyQuality } from '@shared/report/execution-report';
import { STRATEGIES } from './strategy-style';

export interface StrategyRow {
  strategyType: StrategyType;
  /** Null when the strategy has no orders in the report: the row shows dashes. */
  quality: StrategyQuality | null;
  /** Some of the strategy's fees are estimated from the market's fee rate. */
  feesEstimated: boolean;
}

/** All three strategies, in a fixed order, whether or not the report has orders of each. */
export function strategyRows(
  report: Pick<ExecutionReport, 'orders' | 'strategies'>,
): StrategyRow[] {
  return STRATEGIES.map((strategyType) => {
    const quality = report.strategies.find((s) => s.strategyType === strategyType) ?? null;
    return {
      strategyType,
      quality: quality && quality.orders > 0 ? quality : null,
      feesEstimated: report.orders.some((o) => o.strategyType === strategyType && o.feesEstimated),
    };
  });
}
