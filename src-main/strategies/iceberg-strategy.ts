import type { FieldIssue } from '@shared/errors';
import { DEFAULT_MICRO_PRICE_PARAMS } from '@shared/domain/order-request';
import type { IcebergParams, MicroPriceParams, OrderSpec } from '@shared/domain/order-request';
import { DEFAULT_SIZE_TOLERANCE } from '@shared/math/quote-rules';
import { floorToSizeStep } from '@shared/math/tick-grid';
import {
  actOn,
  DecisionNotes,
  microPriceParamsOf,
  quoteDecisionFor,
  STOPPING_STEP,
  totalSizeIssues,
} from './micro-price-strategy';
import type { QuoteOverrides } from './micro-price-strategy';
import { EstimatorNotes } from './estimator-notes';
import { StuckWatch } from './stuck-watch';
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

/**
 * The price a clip is sent at when the user allows taking: targetPrice, else the user's limit
 * (the highest price of a BUY, the lowest of a SELL). For a passive iceberg it is the furthest a
 * clip may go: never a BUY above it, never a SELL below it.
 */
export function icebergPrice(spec: OrderSpec): number {
  return spec.targetPrice ?? (spec.side === 'BUY' ? spec.maxPrice : spec.minPrice);
}

/** The limits a passive iceberg's clips are quoted inside: the user's, narrowed by icebergPrice. */
export function passiveClipLimits(spec: OrderSpec): {
  minPriceMicros: number;
  maxPriceMicros: number;
} {
  const price = icebergPrice(spec);
  return spec.side === 'BUY'
    ? { minPriceMicros: spec.minPrice, maxPriceMicros: Math.min(spec.maxPrice, price) }
    : { minPriceMicros: Math.max(spec.minPrice, price), maxPriceMicros: spec.maxPrice };
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
 * The plan's IcebergStrategy: one visible clip at a time; when a clip is done (filled, or gone
 * with part filled) the next one is placed for what is left.
 *
 * By default a clip rests passively: post-only, priced and re-priced like a micro-price quote
 * (the same decision, with the order's microPriceParams or their defaults) inside the limits
 * narrowed by icebergPrice, and stuck conditions handled the same way. With `allowTaking`, each
 * clip is sent at icebergPrice as it stands and may cross the book; it is not re-priced.
 */
export class IcebergStrategy implements Strategy {
  private readonly random: () => number;
  /** The draw for the clip not placed yet, kept until it is, so waiting does not redraw it. */
  private clipDraw: number | null = null;
  private readonly stuck: StuckWatch;
  private readonly notes = new DecisionNotes();
  private readonly estimatorNotes: EstimatorNotes;

  constructor(
    private readonly params: IcebergParams,
    private readonly intervalMs: number,
    seed: number,
    private readonly micro: MicroPriceParams = DEFAULT_MICRO_PRICE_PARAMS,
  ) {
    this.random = seededRandom(seed);
    this.stuck = new StuckWatch(micro.whenStuck);
    this.estimatorNotes = new EstimatorNotes(micro);
  }

  async step(ctx: ExecutionContext): Promise<StepResult> {
    if (this.params.allowTaking) {
      const size = ctx.working().length === 0 ? this.clipSize(ctx) : 0;
      if (size > 0 && (await ctx.place(icebergPrice(ctx.spec), size, 'iceberg clip'))) {
        this.clipDraw = null;
      }
      return { waitMs: this.intervalMs, wakeOnBook: false };
    }
    this.estimatorNotes.note(ctx);
    const resting = ctx.working().length > 0;
    // One clip at a time: nothing beyond the clip is placed, and a resting clip is not resized.
    const overrides: QuoteOverrides = {
      ...passiveClipLimits(ctx.spec),
      uncommittedMicros: resting ? 0 : this.clipSize(ctx),
    };
    const decision = quoteDecisionFor(ctx, this.micro, DEFAULT_SIZE_TOLERANCE, overrides);
    if (this.stuck.check(ctx, decision)) return STOPPING_STEP;
    this.notes.note(ctx, decision);
    await actOn(
      ctx,
      decision.action === 'place' ? { ...decision, reason: 'iceberg clip' } : decision,
    );
    if (!resting && ctx.working().length > 0) this.clipDraw = null;
    return { waitMs: this.intervalMs, wakeOnBook: true };
  }

  private clipSize(ctx: ExecutionContext): number {
    this.clipDraw ??= this.random();
    return nextClipSize({
      clipMicros: this.params.clipSize,
      jitterPct: this.params.clipJitterPct,
      random: this.clipDraw,
      uncommittedMicros: ctx.uncommitted(),
      minOrderSizeMicros: ctx.rules.minOrderSizeMicros,
    });
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
    return new IcebergStrategy(
      params,
      ICEBERG_CHECK_MS * urgencyFactor(spec.urgency),
      seed,
      microPriceParamsOf(spec),
    );
  },
});
