import { PolydeskError } from '@shared/errors';
import { microsToDecimal as dec } from '@shared/math/decimal';
import type { FieldIssue } from '@shared/errors';
import type { KellyParams } from '@shared/domain/order-request';
import { MICROS_PER_UNIT } from '@shared/math/decimal';
import { kellyPlan } from '@shared/math/kelly-plan';
import type { KellyCap, KellyPlan } from '@shared/math/kelly-plan';
import { quotePrice } from '@shared/math/quote-rules';
import { floorToSizeStep } from '@shared/math/tick-grid';
import { filledNotionalMicros, walletState } from '../daemon/kelly-bankroll';
import type { KellyShare } from '../daemon/kelly-bankroll';
import { EstimatorNotes } from './estimator-notes';
import { actOn, quoteDecisionFor, STOPPING_STEP } from './micro-price-strategy';
import { quoteParamsOf } from './quote-decision';
import { StuckWatch } from './stuck-watch';
import { urgencyFactor } from './strategy';
import type { ExecutionContext, StepResult, Strategy } from './strategy';
import { registerStrategy } from './strategy-router';

export interface KellyTargetInput {
  side: 'BUY' | 'SELL';
  params: KellyParams;
  /** Where the order would rest (a maker fill: no fee), micros. */
  quotePriceMicros: number;
  /** The order's part of the wallet, its own fills already in it (KellyBankroll.share). */
  share: KellyShare;
  /** This order's fills so far, confirmed and pending, micro-shares. */
  doneMicros: number;
  /** What those fills paid (a BUY) or received (a SELL), micro-USDC; it moves params.bankroll. */
  doneNotionalMicros: number;
}

/** What limited the target: the plan's reason, or the other Kelly orders' stakes. */
export type KellyTargetCap = KellyCap | 'shared_bankroll';

export interface KellyTarget {
  /** What the order should total (its fills included), micro-shares. */
  targetMicros: number;
  plan: KellyPlan;
  cappedBy: KellyTargetCap;
}

/**
 * Kelly's target for the order through the shared kellyPlan (design.md §5, lessons §4), sized
 * at the resting price from the outcome-state wealth of the share's base wallet (cash, this
 * token's shares, the other outcome's shares). The target is the fills so far plus what is
 * still to trade, so it stays put as the order fills at the price it sized at: buying d shares
 * at c lowers x* = q·L/c − (1 − q)·A/(1 − c) by exactly d.
 *
 * BUY: what is still to buy may cost at most the Kelly cost alone minus the other Kelly BUYs'
 * stakes (KellyBankroll), and at most the budget; the position after it at most
 * maxPositionSize (over the shares held now).
 * SELL: selling x at b is buying x of the other outcome at 1 − b with belief 1 − q (the same
 * end states, see kellyPlan's paidWith). It needs no cash, so no cash caps it, not even zero;
 * it sells at most the Kelly size alone minus what the other Kelly SELLs of the token sell, the
 * shares it may sell, and maxPositionSize over the order's total.
 * params.bankroll, when set, stands for the cash: the bankroll less what the fills paid (or
 * plus what they received), never more than the wallet's.
 */
export function kellyTarget(input: KellyTargetInput): KellyTarget {
  const { params, share } = input;
  const { base } = share;
  const buying = input.side === 'BUY';
  const cash =
    params.bankroll === undefined
      ? base.cashMicros
      : Math.min(
          base.cashMicros,
          Math.max(
            0,
            params.bankroll + (buying ? -input.doneNotionalMicros : input.doneNotionalMicros),
          ),
        );
  const common = {
    belief: params.winProbability,
    kellyFraction: params.kellyFraction,
    bankrollMicros: cash,
    heldYesMicros: base.heldMicros,
    heldNoMicros: base.heldOtherMicros,
    // The position cap is applied below, against the shares held now.
    maxPositionMicros: Number.MAX_SAFE_INTEGER,
  };
  if (!buying) {
    const plan = kellyPlan({
      ...common,
      outcome: 'NO',
      paidWith: 'other_shares',
      priceMicros: MICROS_PER_UNIT - input.quotePriceMicros,
    });
    const { shares, cappedBy } = tightest([
      [plan.sharesMicros, plan.cappedBy],
      [plan.sharesMicros - share.othersSellingMicros, 'shared_bankroll'],
      [share.sellableMicros, 'held'],
      [params.maxPositionSize - input.doneMicros, 'max_position'],
    ]);
    return { targetMicros: input.doneMicros + shares, plan, cappedBy };
  }
  const buy = { ...common, outcome: 'YES' as const, priceMicros: input.quotePriceMicros };
  const alone = kellyPlan(buy);
  const stakeLeft = Math.max(0, alone.costMicros - share.othersStakeMicros);
  const spendable = Math.min(share.budgetMicros, stakeLeft);
  const plan =
    spendable < alone.costMicros ? kellyPlan({ ...buy, spendableMicros: spendable }) : alone;
  const shared = stakeLeft < alone.costMicros && stakeLeft <= share.budgetMicros;
  const { shares, cappedBy } = tightest([
    [plan.sharesMicros, shared ? 'shared_bankroll' : plan.cappedBy],
    [params.maxPositionSize - share.wallet.heldMicros, 'max_position'],
  ]);
  return { targetMicros: input.doneMicros + shares, plan, cappedBy };
}

/** The smallest cap, floored to the 0.01-share grid and at least 0; the first wins a tie. */
function tightest(caps: [number, KellyTargetCap][]): { shares: number; cappedBy: KellyTargetCap } {
  let best: { shares: number; cappedBy: KellyTargetCap } = {
    shares: Number.POSITIVE_INFINITY,
    cappedBy: 'no_edge',
  };
  for (const [limit, cappedBy] of caps) {
    const shares = floorToSizeStep(Math.max(0, limit));
    if (shares < best.shares) best = { shares, cappedBy };
  }
  return best;
}

/** Hysteresis on the target: replace only when it moved by more than resizeThreshold of it. */
export function targetMoved(current: number, next: number, resizeThreshold: number): boolean {
  if (current === 0) return next > 0;
  return Math.abs(next - current) > resizeThreshold * current;
}

/**
 * The plan's KellyStrategy: every recalculateIntervalSec it sizes the order with kellyTarget on
 * the live book and the wallet, resizes it when the target moved by more than resizeThreshold,
 * and executes through the micro-price logic. It keeps no sizing state: the wallet comes from the
 * exchange and our fills each time (walletState), the share from the wallet's Kelly bankroll, so
 * a strategy created after a restart sets the target an uninterrupted one would.
 */
export class KellyStrategy implements Strategy {
  private nextCalcAt = 0;
  private lastNote = '';
  private readonly stuck: StuckWatch;
  private readonly estimatorNotes: EstimatorNotes;

  constructor(
    private readonly params: KellyParams,
    private readonly recalcMs: number,
    private readonly checkMs: number,
  ) {
    this.stuck = new StuckWatch(params.microPriceParams.whenStuck);
    this.estimatorNotes = new EstimatorNotes(params.microPriceParams);
  }

  async step(ctx: ExecutionContext): Promise<StepResult> {
    this.estimatorNotes.note(ctx);
    if (ctx.now() >= this.nextCalcAt && (await this.recalculate(ctx))) {
      this.nextCalcAt = ctx.now() + this.recalcMs;
    }
    const decision = quoteDecisionFor(
      ctx,
      this.params.microPriceParams,
      this.params.resizeThreshold,
    );
    if (this.stuck.check(ctx, decision)) return STOPPING_STEP;
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
    const price = quotePrice(
      ctx.spec.side,
      ctx.quoteSnapshot(snapshot),
      quoteParamsOf(this.params.microPriceParams, ctx.spec.minPrice, ctx.spec.maxPrice),
    );
    if (price === null) {
      this.noteOnce(ctx, 'Kelly: no passive price inside the limits');
      return false;
    }
    const view = await ctx.wallet();
    if (view === null) {
      this.noteOnce(ctx, 'Kelly: wallet balances unavailable');
      return false;
    }
    // Synchronous from here: the share is read and the target set with no other decision between.
    const wallet = walletState(view);
    const order = ctx.order;
    const { targetMicros, plan, cappedBy } = kellyTarget({
      side: ctx.spec.side,
      params: this.params,
      quotePriceMicros: price,
      share: ctx.kellyShare(wallet),
      doneMicros: order.filled + order.pendingFilled,
      doneNotionalMicros: filledNotionalMicros(order),
    });
    if (targetMoved(order.targetSize, targetMicros, this.params.resizeThreshold)) {
      ctx.setTargetSize(
        targetMicros,
        `Kelly target ${dec(targetMicros)} shares at ${dec(price)} (f=${plan.fraction.toFixed(4)}, ${cappedBy})`,
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
