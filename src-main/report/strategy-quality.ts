import type { StrategyType } from '@shared/domain/order-request';
import {
  MARKOUT_HORIZONS_SEC,
  type OrderQuality,
  type StrategyQuality,
} from '@shared/report/execution-report';
import { medianOf, round4, WeightedFigures, weightedMarkouts } from './quality-math';
import { mergeReasons } from './replacement-reasons';

export const STRATEGY_TYPES: readonly StrategyType[] = ['iceberg', 'micro_price', 'kelly'];

/**
 * One strategy's figures over its orders: slippage and markouts size-weighted over every fill
 * (so a big order weighs more than a small one), the median time to fill of the orders that
 * filled completely, replacements summed by reason, fees summed.
 */
export function strategyQuality(
  strategyType: StrategyType,
  orders: readonly OrderQuality[],
  horizons: readonly number[] = MARKOUT_HORIZONS_SEC,
): StrategyQuality {
  const own = orders.filter((order) => order.strategyType === strategyType);
  const slippage = new WeightedFigures();
  for (const order of own) {
    if (order.arrivalMicroPrice === null) continue;
    const arrival = order.arrivalMicroPrice;
    for (const fill of order.fills) {
      if (fill.slippageTicks === null) continue;
      const costMicros = fill.slippageTicks * order.tickMicros;
      slippage.add(fill.slippageTicks, (costMicros / arrival) * 10_000, fill.sizeMicros);
    }
  }
  const targetSizeMicros = own.reduce((sum, order) => sum + order.targetSizeMicros, 0);
  const filledSizeMicros = own.reduce((sum, order) => sum + order.filledSizeMicros, 0);
  return {
    strategyType,
    orders: own.length,
    ordersWithFills: own.filter((order) => order.fills.length > 0).length,
    fills: own.reduce((sum, order) => sum + order.fills.length, 0),
    targetSizeMicros,
    filledSizeMicros,
    fillRatio: targetSizeMicros > 0 ? round4(filledSizeMicros / targetSizeMicros) : 0,
    slippageTicks: slippage.meanTicks(),
    slippageBps: slippage.meanBps(),
    markouts: weightedMarkouts(
      horizons,
      own.flatMap((order) => order.fills),
    ),
    medianTimeToFillMs: medianOf(
      own.flatMap((order) => (order.timeToFillMs === null ? [] : [order.timeToFillMs])),
    ),
    replacements: own.reduce((sum, order) => sum + order.replacements, 0),
    replacementReasons: mergeReasons(own.map((order) => order.replacementReasons)),
    feesMicros: own.reduce((sum, order) => sum + order.feesMicros, 0),
  };
}

/** A row for each of the three strategies (or only the one asked for), in a fixed order. */
export function strategyRows(
  orders: readonly OrderQuality[],
  only?: StrategyType,
  horizons: readonly number[] = MARKOUT_HORIZONS_SEC,
): StrategyQuality[] {
  return STRATEGY_TYPES.filter((type) => only === undefined || type === only).map((type) =>
    strategyQuality(type, orders, horizons),
  );
}
