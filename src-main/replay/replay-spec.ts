import { z } from 'zod';

/**
 * One strategy (or parameter set) to replay: an OrderRequest written as the UI and the CLI write
 * it (decimal strings), with what the recording can supply left out — the token (default: the
 * token with the most books), the side (BUY) and the price limits (the whole tick range).
 */
export const ReplayStrategySchema = z
  .object({
    name: z.string().min(1).max(80),
    request: z.record(z.string(), z.unknown()),
    /** Recorded seconds after the token's first book at which the order is submitted. */
    startAfterSec: z.number().min(0).default(0),
  })
  .strict();
export type ReplayStrategy = z.input<typeof ReplayStrategySchema>;

export const ReplayOptionsSchema = z
  .object({
    /** A recording part (.pdrec) or a session directory. */
    file: z.string().min(1),
    strategies: z.array(ReplayStrategySchema).min(1).max(50),
    /** Seeds the order and trade ids, and through them each strategy's own randomness. */
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    /** Wallet at the start: USDC, and shares of every token (default: none for a BUY, the order's size for a SELL). */
    collateralUsdc: z.number().min(0).max(1e9).default(10_000),
    shares: z.number().min(0).max(1e9).optional(),
    /** Taker fee of every market in parts per million (recordings carry no fees). */
    takerFeePpm: z.number().int().min(0).max(1_000_000).default(0),
    /** Keep reading once the order is final (default: stop there, nothing more can happen). */
    toEnd: z.boolean().default(false),
    /**
     * Execution quality of each strategy (src-main/report): slippage against the recorded
     * arrival micro-price, markouts, fees; and the estimators compared on the traded tokens.
     */
    report: z.boolean().default(false),
  })
  .strict();
export type ReplayOptions = z.input<typeof ReplayOptionsSchema>;
