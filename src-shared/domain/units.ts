import { z } from 'zod';
import { PolydeskError } from '../errors';
import { decimalToMicros, MICROS_PER_UNIT } from '../math/decimal';

/**
 * Boundary schemas for money: people and scripts write decimal strings ("0.55", "120.5"); inside,
 * everything is integer micros. Each schema accepts the string and yields the integer.
 */
function decimalMicros(what: string) {
  return z.string().transform((text, ctx) => {
    try {
      return decimalToMicros(text.trim(), what);
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        message: err instanceof PolydeskError ? err.message : `${what}: not a decimal number`,
      });
      return z.NEVER;
    }
  });
}

/** A price strictly inside (0, 1), e.g. "0.55" → 550_000. */
export const PriceInputSchema = decimalMicros('price').refine(
  (micros) => micros > 0 && micros < MICROS_PER_UNIT,
  { message: 'price must be greater than 0 and less than 1' },
);

/** A positive share count with at most 2 decimals (the exchange's size grid), e.g. "12.5". */
export const SizeInputSchema = decimalMicros('size')
  .refine((micros) => micros > 0, { message: 'size must be greater than 0' })
  .refine((micros) => micros % 10_000 === 0, {
    message: 'size has at most 2 decimals (0.01 share)',
  });

/** A non-negative USDC amount, e.g. "1000" → 1_000_000_000 micro-USDC. */
export const UsdcInputSchema = decimalMicros('amount').refine((micros) => micros >= 0, {
  message: 'amount must not be negative',
});

export const MicrosSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const PriceMicrosSchema = z.number().int().gt(0).lt(MICROS_PER_UNIT);

/** How far through the micro-price a price may stand: 0.01 to 1, e.g. "0.1" → 100_000. */
export const PriceBandInputSchema = decimalMicros('price band').refine(
  (micros) => micros >= 10_000 && micros <= MICROS_PER_UNIT,
  { message: 'the price band is between 0.01 and 1' },
);
