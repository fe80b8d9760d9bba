import type { z } from 'zod';
import type { RiskSettingsUpdateSchema } from '@shared/domain/risk-settings';
import { MICROS_PER_UNIT } from '@shared/math/decimal';
import type { PolydeskConfig } from '../config';

/** A change of rails after validation: integers (micro-USDC, price micros, a count). */
export type RiskUpdate = z.output<typeof RiskSettingsUpdateSchema>;

/**
 * The config's `risk` section after an update. The file keeps people's units (USDC, price);
 * micros divide exactly into numbers with at most 6 decimals, which the file reads back exactly.
 */
export function riskConfigFrom(
  current: PolydeskConfig['risk'],
  update: RiskUpdate,
): PolydeskConfig['risk'] {
  const units = (micros: number | undefined, fallback: number): number =>
    micros === undefined ? fallback : micros / MICROS_PER_UNIT;
  return {
    maxOrderNotional: units(update.maxOrderNotional, current.maxOrderNotional),
    maxMarketNotional: units(update.maxMarketNotional, current.maxMarketNotional),
    maxOpenOrders: update.maxOpenOrders ?? current.maxOpenOrders,
    maxThroughMicroPrice: units(update.maxThroughMicroPrice, current.maxThroughMicroPrice),
  };
}
