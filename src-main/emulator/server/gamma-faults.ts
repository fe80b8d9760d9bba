import { z } from 'zod';

export interface GammaFaultState {
  /** Every Gamma request is answered 503. */
  down: boolean;
  /** Every Gamma reply waits this long first (a slow Gamma). */
  delayMs: number;
}

export const GammaFaultPatchSchema = z
  .object({
    down: z.boolean().optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
  })
  .strict();

/** Faults of the emulator's Gamma API, apart from the CLOB's (Gamma is another service). */
export class GammaFaults {
  private state: GammaFaultState = { down: false, delayMs: 0 };

  current(): GammaFaultState {
    return { ...this.state };
  }

  set(patch: z.infer<typeof GammaFaultPatchSchema>): GammaFaultState {
    this.state = {
      down: patch.down ?? this.state.down,
      delayMs: patch.delayMs ?? this.state.delayMs,
    };
    return this.current();
  }
}
