import { parseOrThrow } from '@shared/errors';
import type { FieldIssue } from '@shared/errors';
import { DEFAULT_MICRO_PRICE_PARAMS, MicroPriceParamsSchema } from '@shared/domain/order-request';
import type { MicroPriceParams, OrderSpec } from '@shared/domain/order-request';
import { DEFAULT_SIZE_TOLERANCE } from '@shared/math/quote-rules';
import { decideQuote } from './quote-decision';
import type { QuoteDecision, WorkingQuote } from './quote-decision';
import { urgencyFactor } from './strategy';
import type { ExecutionContext, StepResult, Strategy } from './strategy';
import { registerStrategy } from './strategy-router';

/** The quote decision for the order's current state (shared with Kelly, which executes through it). */
export function quoteDecisionFor(
  ctx: ExecutionContext,
  params: MicroPriceParams,
  sizeTolerance: number,
): QuoteDecision {
  const snapshot = ctx.snapshot();
  if (!snapshot) return { action: 'wait', reason: 'no book yet' };
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

/**
 * The plan's MicroPriceStrategy: rests one passive order near micro-price, reviews it every
 * checkIntervalSec and on every book change, and replaces it when it is out of band or too far
 * ahead of the best other order, up to maxAdjustments times.
 */
export class MicroPriceStrategy implements Strategy {
  private lastNote = '';

  constructor(
    private readonly params: MicroPriceParams,
    private readonly intervalMs: number,
  ) {}

  async step(ctx: ExecutionContext): Promise<StepResult> {
    const decision = quoteDecisionFor(ctx, this.params, DEFAULT_SIZE_TOLERANCE);
    const worthNoting =
      decision.action === 'wait' ||
      (decision.action === 'keep' && decision.reason.startsWith('max adjustments'));
    if (worthNoting && decision.reason !== this.lastNote) ctx.note(decision.reason);
    this.lastNote = worthNoting ? decision.reason : '';
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
