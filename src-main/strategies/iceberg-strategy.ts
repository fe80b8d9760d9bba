import type { FieldIssue } from '@shared/errors';
import type { IcebergParams, OrderSpec } from '@shared/domain/order-request';
import { floorToSizeStep } from '@shared/math/tick-grid';
import { totalSizeIssues } from './micro-price-strategy';
import { urgencyFactor } from './strategy';
import type { ExecutionContext, StepResult, Strategy } from './strategy';
import { registerStrategy } from './strategy-router';

/** How often a resting clip is looked at when no fill wakes the order first. */
const ICEBERG_CHECK_MS = 1_000;

export interface ClipInput {
  clipMicros: number;
  jitterPct: number;
  /** A number in [0, 1) drawn for this clip. */
  random: number;
  uncommittedMicros: number;
  minOrderSizeMicros: number;
}

/**
 * The size of the next clip: clipSize varied by up to ±jitter, on the 0.01-share grid, at least
 * the market minimum, at most what is left; when the rest after this clip would be too small to
 * place, it goes with this clip. 0 when nothing can be placed.
 */
export function nextClipSize(input: ClipInput): number {
  const left = input.uncommittedMicros;
  if (left < input.minOrderSizeMicros) return 0;
  const swing = (input.jitterPct / 100) * (2 * input.random - 1);
  let clip = floorToSizeStep(Math.max(0, Math.round(input.clipMicros * (1 + swing))));
  clip = Math.max(clip, input.minOrderSizeMicros);
  if (clip >= left || left - clip < input.minOrderSizeMicros) return left;
  return clip;
}

/** The price clips rest at: targetPrice, else the user's limit on the passive side. */
export function icebergPrice(spec: OrderSpec): number {
  return spec.targetPrice ?? (spec.side === 'BUY' ? spec.maxPrice : spec.minPrice);
}

/** A small seeded generator, so a given order's clip sizes are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The plan's IcebergStrategy: one visible clip at a time at a fixed price inside the limits; when
 * a clip is done (filled, or gone with part filled) the next one is placed for what is left.
 */
export class IcebergStrategy implements Strategy {
  private readonly random: () => number;

  constructor(
    private readonly params: IcebergParams,
    private readonly intervalMs: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  async step(ctx: ExecutionContext): Promise<StepResult> {
    if (ctx.working().length === 0) {
      const size = nextClipSize({
        clipMicros: this.params.clipSize,
        jitterPct: this.params.clipJitterPct,
        random: this.random(),
        uncommittedMicros: ctx.uncommitted(),
        minOrderSizeMicros: ctx.rules.minOrderSizeMicros,
      });
      if (size > 0) await ctx.place(icebergPrice(ctx.spec), size, 'iceberg clip');
    }
    return { waitMs: this.intervalMs, wakeOnBook: false };
  }
}

registerStrategy({
  type: 'iceberg',
  issues(spec) {
    const issues: FieldIssue[] = totalSizeIssues(spec);
    const params = spec.icebergParams;
    if (!params) {
      issues.push({ path: 'icebergParams', message: 'iceberg orders need icebergParams' });
      return issues;
    }
    if (!(params.clipSize > 0)) {
      issues.push({ path: 'icebergParams.clipSize', message: 'clipSize must be greater than 0' });
    } else if (spec.totalSize !== undefined && params.clipSize > spec.totalSize) {
      issues.push({
        path: 'icebergParams.clipSize',
        message: 'clipSize must not exceed totalSize',
      });
    }
    if (!(params.clipJitterPct >= 0 && params.clipJitterPct <= 50)) {
      issues.push({ path: 'icebergParams.clipJitterPct', message: 'clipJitterPct is 0 to 50' });
    }
    return issues;
  },
  limitMicros: (spec) => spec.totalSize ?? 0,
  initialTargetMicros: (spec) => spec.totalSize ?? 0,
  create(spec, seed) {
    const params = spec.icebergParams ?? { clipSize: spec.totalSize ?? 0, clipJitterPct: 0 };
    return new IcebergStrategy(params, ICEBERG_CHECK_MS * urgencyFactor(spec.urgency), seed);
  },
});
