import type { StrategyType } from '@shared/domain/order-request';
import { StrategyTypeSchema } from '@shared/domain/order-request';

/** The three strategies, always in this order in the report's tables and charts. */
export const STRATEGIES: readonly StrategyType[] = StrategyTypeSchema.options;

/** One colour per strategy, the same in every chart of the report. */
export const STRATEGY_COLORS: Record<StrategyType, string> = {
  iceberg: '#d29922',
  micro_price: '#58a6ff',
  kelly: '#a371f7',
};
