import type { MarketSnapshot } from '@shared/domain/market';
import { estimatorOf } from '@shared/domain/order-request';
import type { MicroPriceParams } from '@shared/domain/order-request';
import { quoteContext, quotePrice, reviewOrder } from '@shared/math/quote-rules';
import type { QuoteParams, QuoteSnapshot, ReviewReason } from '@shared/math/quote-rules';

/** A working exchange order as the quote logic sees it. */
export interface WorkingQuote {
  id: string;
  state: 'PENDING_NEW' | 'LIVE' | 'PARTIALLY_FILLED' | 'PENDING_CANCEL';
  priceMicros: number;
  /** Size still resting. */
  openMicros: number;
}

export interface QuoteInput {
  side: 'BUY' | 'SELL';
  snapshot: MarketSnapshot;
  quote: QuoteSnapshot;
  params: MicroPriceParams;
  minPriceMicros: number;
  maxPriceMicros: number;
  minOrderSizeMicros: number;
  working: readonly WorkingQuote[];
  /** Size not yet working, filled or pending (negative when the target shrank). */
  uncommittedMicros: number;
  adjustments: number;
  /** Size change (fraction of the resting size) that justifies a replace. */
  sizeTolerance: number;
}

/** A condition a decision ran into: the order is stuck until it clears (see StuckWatch). */
export type StuckCondition = 'ADJUSTMENTS_EXHAUSTED' | 'STALE_BOOK';

export type QuoteDecision =
  | { action: 'wait'; reason: string; stuck?: StuckCondition }
  | { action: 'keep'; reason: string; stuck?: StuckCondition }
  | { action: 'place'; priceMicros: number; sizeMicros: number; reason: string }
  | {
      action: 'replace';
      orderId: string;
      priceMicros: number;
      sizeMicros: number;
      reason: ReviewReason | 'tick_size_changed';
    }
  | { action: 'cancel'; orderId: string; reason: string };

/** The quote rules' params for an order's micro-price params and price limits. */
export function quoteParamsOf(
  params: MicroPriceParams,
  minPriceMicros: number,
  maxPriceMicros: number,
): QuoteParams {
  return {
    thresholdBps: params.thresholdBps,
    aggressionLimitBps: params.aggressionLimitBps,
    minPriceMicros,
    maxPriceMicros,
    estimator: estimatorOf(params),
  };
}

/**
 * The micro-price strategy's decision on one snapshot (the plan's `_should_replace_order`), pure:
 * quote passively near micro-price inside the limits, and replace a resting quote when the shared
 * review says it is too aggressive, has left its band (with the band's hysteresis, see
 * hasLeftBand) or its size is off, until maxAdjustments replacements have been made. A stale book
 * and a replacement refused for the budget are marked `stuck`, for the order's condition.
 */
export function decideQuote(input: QuoteInput): QuoteDecision {
  if (input.snapshot.stale) {
    return { action: 'wait', reason: 'book stale: quoting paused', stuck: 'STALE_BOOK' };
  }
  const unsettled = input.working.find(
    (order) => order.state === 'PENDING_NEW' || order.state === 'PENDING_CANCEL',
  );
  if (unsettled) return { action: 'wait', reason: `order ${unsettled.id} not settled yet` };
  const [oldest, second] = input.working;
  if (oldest && second) {
    // A replacement rests beside the order it replaced (placed first, and the cancel did not go
    // out before a restart): one quote at a time, so the older one goes.
    return {
      action: 'cancel',
      orderId: oldest.id,
      reason: 'replaced: a newer order rests beside it',
    };
  }
  const params = quoteParamsOf(input.params, input.minPriceMicros, input.maxPriceMicros);
  const resting = input.working[0];
  if (!resting) {
    if (input.uncommittedMicros < input.minOrderSizeMicros) {
      return { action: 'wait', reason: 'nothing left to quote' };
    }
    const context = quoteContext(input.quote, params);
    const price = quotePrice(input.side, input.quote, params, context);
    if (price === null) return { action: 'wait', reason: 'no passive price inside the limits' };
    return {
      action: 'place',
      priceMicros: price,
      sizeMicros: input.uncommittedMicros,
      reason:
        context.estimate.used === 'stoikov'
          ? "quote near Stoikov's micro-price"
          : 'quote near micro-price',
    };
  }
  const desired = resting.openMicros + input.uncommittedMicros;
  if (desired <= 0) {
    return { action: 'cancel', orderId: resting.id, reason: 'target size reached or reduced' };
  }
  if (resting.priceMicros % input.snapshot.tickMicros !== 0) {
    // A tick size change put the quote off the new grid (lessons §1.10): move it onto the grid.
    const price = quotePrice(input.side, input.quote, params);
    if (price === null)
      return { action: 'cancel', orderId: resting.id, reason: 'off the new tick grid' };
    return {
      action: 'replace',
      orderId: resting.id,
      priceMicros: price,
      sizeMicros: desired,
      reason: 'tick_size_changed',
    };
  }
  const review = reviewOrder(
    input.side,
    { priceMicros: resting.priceMicros, sizeMicros: resting.openMicros },
    input.quote,
    params,
    desired,
    input.sizeTolerance,
  );
  if (!review.replace || !review.target) {
    return { action: 'keep', reason: review.reason };
  }
  if (review.target.sizeMicros < input.minOrderSizeMicros) {
    return { action: 'keep', reason: 'replacement would be below the market minimum' };
  }
  if (input.adjustments >= input.params.maxAdjustments) {
    return {
      action: 'keep',
      reason: `max adjustments (${input.params.maxAdjustments}) reached`,
      stuck: 'ADJUSTMENTS_EXHAUSTED',
    };
  }
  return {
    action: 'replace',
    orderId: resting.id,
    priceMicros: review.target.priceMicros,
    sizeMicros: review.target.sizeMicros,
    reason: review.reason,
  };
}
