import { z } from 'zod';
import { UsdcInputSchema, PriceBandInputSchema } from './units';

/** The safety rails as the settings screen shows them: integers, micro-USDC and price micros. */
export const RiskSettingsSchema = z.object({
  /** One order's worst case (size cap × limit price). */
  maxOrderNotional: z.number().int().positive(),
  /** Buys open or filled in one market, both outcomes. */
  maxMarketNotional: z.number().int().positive(),
  /** Our exchange orders not yet final, all markets. */
  maxOpenOrders: z.number().int().min(1),
  /** How far a price may stand through the micro-price on its aggressive side. */
  maxThroughMicroPrice: z.number().int().positive(),
});
export type RiskSettings = z.infer<typeof RiskSettingsSchema>;

/** A change of some rails, written as people write them ("1000", "0.1"). */
export const RiskSettingsUpdateSchema = z
  .object({
    maxOrderNotional: UsdcInputSchema.refine((m) => m > 0 && m <= 1e15, {
      message: 'the per-order cap is more than $0 and at most $1,000,000,000',
    }).optional(),
    maxMarketNotional: UsdcInputSchema.refine((m) => m > 0 && m <= 1e15, {
      message: 'the per-market cap is more than $0 and at most $1,000,000,000',
    }).optional(),
    maxOpenOrders: z.number().int().min(1).max(10_000).optional(),
    maxThroughMicroPrice: PriceBandInputSchema.optional(),
  })
  .strict();
export type RiskSettingsUpdate = z.input<typeof RiskSettingsUpdateSchema>;
