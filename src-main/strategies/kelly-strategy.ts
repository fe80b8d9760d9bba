import { PolydeskError } from '@shared/errors';
import { microsToDecimal as dec } from '@shared/math/decimal';
import type { FieldIssue } from '@shared/errors';
import type { KellyParams } from '@shared/domain/order-request';
import { MICROS_PER_UNIT } from '@shared/math/decimal';
import { kellyPlan } from '@shared/math/kelly-plan';
import type { KellyPlan } from '@shared/math/kelly-plan';
import { quotePrice } from '@shared/math/quote-rules';
import { actOn, quoteDecisionFor } from './micro-price-strategy';
import { urgencyFactor } from './strategy';
import type { ExecutionContext, StepResult, Strategy } from './strategy';
import { registerStrategy } from './strategy-router';

export interface KellyTargetInput {
  side: 'BUY' | 'SELL';
  params: KellyParams;
  /** Where the order would rest (a maker fill: no fee), micros. */
  quotePriceMicros: number;
  /** Cash available for the order, micro-USDC (already net of what its fills spent). */
  bankrollMicros: number;
  /** Shares of the token held before the order started, micro-shares. */
  baselineHeldMicros: number;
  /** This order's fills so far, confirmed and pending, micro-shares. */
  doneMicros: number;
}

export interface KellyTarget {
  /** What the order should total (its fills included), micro-shares. */
  targetMicros: number;
  plan: KellyPlan;
}

/**
 * Kelly's target for the order through the shared kellyPlan (design.md §5): buying sizes at the
 * resting price with what is held counted as inventory; selling the token at p is buying the
 * other outcome at 1 − p, and never sells more than is held. The result is capped by
 * maxPositionSize through the plan.
 */
export function kellyTarget(input: KellyTargetInput): KellyTarget {
  const { params } = input;
  const common = {
    belief: params.winProbability,
    kellyFraction: params.kellyFraction,
    bankrollMicros: Math.max(0, input.bankrollMicros),
    maxPositionMicros: params.maxPositionSize,
  };
  if (input.side === 'BUY') {
    const plan = kellyPlan({
      ...common,
      outcome: 'YES',
      heldYesMicros: input.baselineHeldMicros + input.doneMicros,
      priceMicros: input.quotePriceMicros,
    });
    return { targetMicros: input.doneMicros + plan.sharesMicros, plan };
  }
  const held = Math.max(0, input.baselineHeldMicros - input.doneMicros);
  const plan = kellyPlan({
    ...common,
    outcome: 'NO',
    heldYesMicros: held,
    priceMicros: MICROS_PER_UNIT - input.quotePriceMicros,
  });
  return { targetMicros: input.doneMicros + Math.min(plan.sharesMicros, held), plan };
}

/** Hysteresis on the target: replace only when it moved by more than resizeThreshold of it. */
export function targetMoved(current: number, next: number, resizeThreshold: number): boolean {
  if (current === 0) return next > 0;
  return Math.abs(next - current) > resizeThreshold * current;
}

/**
 * The plan's KellyStrategy: every recalculateIntervalSec it sizes the order with kellyPlan on the
 * live book and the bankroll, resizes it when the target moved by more than resizeThreshold, and
 * executes through the micro-price logic.
 */
export class KellyStrategy implements Strategy {
  private nextCalcAt = 0;
  private bankroll: number | null = null;
  private baseline: number | null = null;
  private lastNote = '';

  constructor(
    private readonly params: KellyParams,
    private readonly recalcMs: number,
    private readonly checkMs: number,
  ) {}

  async step(ctx: ExecutionContext): Promise<StepResult> {
    if (ctx.now() >= this.nextCalcAt && (await this.recalculate(ctx))) {
      this.nextCalcAt = ctx.now() + this.recalcMs;
    }
    const decision = quoteDecisionFor(
      ctx,
      this.params.microPriceParams,
      this.params.resizeThreshold,
    );
    if (decision.action === 'wait' || decision.reason.startsWith('max adjustments')) {
      this.noteOnce(ctx, decision.reason);
    }
    await actOn(ctx, decision);
    const untilCalc = Math.max(0, this.nextCalcAt - ctx.now());
    return { waitMs: Math.min(this.checkMs, untilCalc || this.checkMs), wakeOnBook: true };
  }

  private async recalculate(ctx: ExecutionContext): Promise<boolean> {
    const snapshot = ctx.snapshot();
    if (!snapshot || snapshot.stale) return false;
    const price = quotePrice(ctx.spec.side, ctx.quoteSnapshot(snapshot), {
      thresholdBps: this.params.microPriceParams.thresholdBps,
      aggressionLimitBps: this.params.microPriceParams.aggressionLimitBps,
      minPriceMicros: ctx.spec.minPrice,
      maxPriceMicros: ctx.spec.maxPrice,
    });
    if (price === null) {
      this.noteOnce(ctx, 'Kelly: no passive price inside the limits');
      return false;
    }
    this.bankroll ??= this.params.bankroll ?? (await ctx.collateral());
    if (this.baseline === null) {
      // The balance already reflects this order's confirmed fills (say, after a restart): a BUY's
      // fills are in it, a SELL's are out of it; the baseline is the position before the order.
      const held = await ctx.position();
      const filled = ctx.order.filled;
      if (held !== null)
        this.baseline = ctx.spec.side === 'BUY' ? Math.max(0, held - filled) : held + filled;
      else if (ctx.spec.side === 'BUY') this.baseline = 0;
    }
    if (this.bankroll === null || this.baseline === null) {
      this.noteOnce(ctx, 'Kelly: bankroll or position unavailable');
      return false;
    }
    const done = ctx.order.filled + ctx.order.pendingFilled;
    const spent =
      ctx.spec.side === 'BUY'
        ? Math.ceil((done * (ctx.order.avgPrice ?? price)) / MICROS_PER_UNIT)
        : 0;
    const { targetMicros, plan } = kellyTarget({
      side: ctx.spec.side,
      params: this.params,
      quotePriceMicros: price,
      bankrollMicros: this.bankroll - spent,
      baselineHeldMicros: this.baseline,
      doneMicros: done,
    });
    if (targetMoved(ctx.order.targetSize, targetMicros, this.params.resizeThreshold)) {
      ctx.setTargetSize(
        targetMicros,
        `Kelly target ${dec(targetMicros)} shares at ${dec(price)} (f=${plan.fraction.toFixed(4)}, ${plan.cappedBy})`,
      );
    }
    return true;
  }

  private noteOnce(ctx: ExecutionContext, reason: string): void {
    if (reason === this.lastNote) return;
    this.lastNote = reason;
    ctx.note(reason);
  }
}

registerStrategy({
  type: 'kelly',
  issues(spec) {
    const issues: FieldIssue[] = [];
    const params = spec.kellyParams;
    if (!params) return [{ path: 'kellyParams', message: 'Kelly orders need kellyParams' }];
    if (!(params.winProbability >= 0 && params.winProbability <= 1)) {
      issues.push({ path: 'kellyParams.winProbability', message: 'winProbability is 0 to 1' });
    }
    if (!(params.kellyFraction > 0 && params.kellyFraction <= 1)) {
      issues.push({ path: 'kellyParams.kellyFraction', message: 'kellyFraction is in (0, 1]' });
    }
    if (!(params.maxPositionSize > 0)) {
      issues.push({ path: 'kellyParams.maxPositionSize', message: 'maxPositionSize must be > 0' });
    }
    if (spec.totalSize !== undefined) {
      issues.push({
        path: 'totalSize',
        message: 'Kelly orders size themselves: leave totalSize out',
      });
    }
    return issues;
  },
  limitMicros: (spec) => spec.kellyParams?.maxPositionSize ?? 0,
  initialTargetMicros: () => 0,
  create(spec) {
    const params = spec.kellyParams;
    if (!params) throw new PolydeskError('BAD_REQUEST', 'Kelly orders need kellyParams');
    const factor = urgencyFactor(spec.urgency);
    return new KellyStrategy(
      params,
      params.recalculateIntervalSec * 1000 * factor,
      params.microPriceParams.checkIntervalSec * 1000 * factor,
    );
  },
});
