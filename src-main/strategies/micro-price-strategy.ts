import { parseOrThrow } from '@shared/errors';
import type { FieldIssue } from '@shared/errors';
import { DEFAULT_MICRO_PRICE_PARAMS, MicroPriceParamsSchema } from '@shared/domain/order-request';
import type { MicroPriceParams, OrderSpec } from '@shared/domain/order-request';
import { DEFAULT_SIZE_TOLERANCE } from '@shared/math/quote-rules';
import { EstimatorNotes } from './estimator-notes';
import { decideQuote } from './quote-decision';
import type { QuoteDecision, QuoteInput, WorkingQuote } from './quote-decision';
import { StuckWatch } from './stuck-watch';
import { urgencyFactor } from './strategy';
import type { ExecutionContext, StepResult, Strategy } from './strategy';
import { registerStrategy } from './strategy-router';

/** What a strategy quoting through this path may set in place of the order's own figures. */
export type QuoteOverrides = Partial<
  Pick<QuoteInput, 'minPriceMicros' | 'maxPriceMicros' | 'uncommittedMicros'>
>;

/**
 * The quote decision for the order's current state (shared with Kelly and the passive iceberg,
 * which execute through it; the iceberg narrows the limits and quotes one clip at a time).
 */
export function quoteDecisionFor(
  ctx: ExecutionContext,
  params: MicroPriceParams,
  sizeTolerance: number,
  overrides: QuoteOverrides = {},
): QuoteDecision {
  const snapshot = ctx.snapshot();
  if (!snapshot) return { action: 'wait', reason: 'no book yet', stuck: 'STALE_BOOK' };
  const working: WorkingQuote[] = ctx.working().map((order) => ({
    id: order.id,
    state: order.state as WorkingQuote['state'],
    priceMicros: order.price,
    openMicros: Math.max(0, order.size - order.filled - order.pendingFilled),
  }));
  return decideQuote({
    side: ctx.spec.side,
    snapshot,
    quote: ctx.quoteSnapshot(snapshot),
    params,
    minPriceMicros: ctx.spec.minPrice,
    maxPriceMicros: ctx.spec.maxPrice,
    minOrderSizeMicros: ctx.rules.minOrderSizeMicros,
    working,
    uncommittedMicros: ctx.uncommitted(),
    adjustments: ctx.order.adjustments,
    sizeTolerance,
    ...overrides,
  });
}

/** Carries out a quote decision through the execution. */
export async function actOn(ctx: ExecutionContext, decision: QuoteDecision): Promise<void> {
  switch (decision.action) {
    case 'place':
      await ctx.place(decision.priceMicros, decision.sizeMicros, decision.reason);
      return;
    case 'replace': {
      const order = ctx.working().find((candidate) => candidate.id === decision.orderId);
      if (order)
        await ctx.replace(order, decision.priceMicros, decision.sizeMicros, decision.reason);
      return;
    }
    case 'cancel': {
      const order = ctx.working().find((candidate) => candidate.id === decision.orderId);
      if (order) await ctx.cancel(order, decision.reason);
      return;
    }
    default:
      return;
  }
}

/** Notes why a quote waits, or stays for the budget, once each time the reason changes. */
export class DecisionNotes {
  private last = '';

  note(ctx: ExecutionContext, decision: QuoteDecision): void {
    const worthNoting =
      decision.action === 'wait' ||
      (decision.action === 'keep' && decision.reason.startsWith('max adjustments'));
    if (worthNoting && decision.reason !== this.last) ctx.note(decision.reason);
    this.last = worthNoting ? decision.reason : '';
  }
}

/** After the order was asked to stop: come back soon, its runStep cancels what works. */
export const STOPPING_STEP: StepResult = { waitMs: 50, wakeOnBook: false };

/**
 * The plan's MicroPriceStrategy: rests one passive order near micro-price, reviews it every
 * checkIntervalSec and on every book change, and replaces it when it has left its band or stands
 * too far ahead of the best other order, up to maxAdjustments times. Stuck (adjustments used up,
 * stale book), it says so in the order's condition and does what whenStuck says.
 */
export class MicroPriceStrategy implements Strategy {
  private readonly notes = new DecisionNotes();
  private readonly estimatorNotes: EstimatorNotes;
  private readonly stuck: StuckWatch;

  constructor(
    private readonly params: MicroPriceParams,
    private readonly intervalMs: number,
  ) {
    this.stuck = new StuckWatch(params.whenStuck);
    this.estimatorNotes = new EstimatorNotes(params);
  }

  async step(ctx: ExecutionContext): Promise<StepResult> {
    this.estimatorNotes.note(ctx);
    const decision = quoteDecisionFor(ctx, this.params, DEFAULT_SIZE_TOLERANCE);
    if (this.stuck.check(ctx, decision)) return STOPPING_STEP;
    this.notes.note(ctx, decision);
    await actOn(ctx, decision);
    return { waitMs: this.intervalMs, wakeOnBook: true };
  }
}

export function microPriceParamsOf(spec: OrderSpec): MicroPriceParams {
  return parseOrThrow(
    MicroPriceParamsSchema,
    spec.microPriceParams ?? DEFAULT_MICRO_PRICE_PARAMS,
    'microPriceParams',
  );
}

function totalSizeIssues(spec: OrderSpec): FieldIssue[] {
  return spec.totalSize === undefined || spec.totalSize <= 0
    ? [{ path: 'totalSize', message: `${spec.strategyType} orders need totalSize` }]
    : [];
}

registerStrategy({
  type: 'micro_price',
  issues(spec) {
    const issues = totalSizeIssues(spec);
    const parsed = MicroPriceParamsSchema.safeParse(spec.microPriceParams ?? {});
    if (!parsed.success) {
      issues.push(
        ...parsed.error.issues.map((issue) => ({
          path: ['microPriceParams', ...issue.path.map(String)].join('.'),
          message: issue.message,
        })),
      );
    }
    return issues;
  },
  limitMicros: (spec) => spec.totalSize ?? 0,
  initialTargetMicros: (spec) => spec.totalSize ?? 0,
  create(spec) {
    const params = microPriceParamsOf(spec);
    return new MicroPriceStrategy(
      params,
      params.checkIntervalSec * 1000 * urgencyFactor(spec.urgency),
    );
  },
});

export { totalSizeIssues };
