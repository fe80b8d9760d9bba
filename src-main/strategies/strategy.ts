import type { MarketSnapshot } from '@shared/domain/market';
import type { Order, OrderCondition } from '@shared/domain/order';
import type { OrderSpec, Urgency } from '@shared/domain/order-request';
import type { QuoteSnapshot } from '@shared/math/quote-rules';
import type { KellyShare, WalletState, WalletView } from '../daemon/kelly-bankroll';
import type { TrackedExchangeOrder } from '../daemon/order-ledger';

/** What a strategy needs to know about its market. */
export interface MarketRules {
  conditionId: string;
  tickMicros: number;
  minOrderSizeMicros: number;
  /** Taker fee rate r (a share at p costs p + r·p(1 − p)); makers pay nothing. */
  takerFeeRate: number;
}

/**
 * What a strategy may do with its order: look at the market and its exchange orders, place,
 * replace and cancel. The execution enforces the rules a strategy cannot break: no placement on a
 * stale book, prices on the grid inside the order's limits, sizes within what is left.
 */
export interface ExecutionContext {
  readonly order: Readonly<Order>;
  readonly spec: OrderSpec;
  readonly rules: MarketRules;
  now(): number;
  /** The latest snapshot of the order's token, undefined before the first. */
  snapshot(): MarketSnapshot | undefined;
  /** The snapshot for the quote rules, with all of our resting orders on the token as our own. */
  quoteSnapshot(snapshot: MarketSnapshot): QuoteSnapshot;
  /** Exchange orders of this order that are not final. */
  working(): TrackedExchangeOrder[];
  /** targetSize − (filled + pending + open), zero within dust; negative when the target shrank. */
  uncommitted(): number;
  /** Places a new order (size trimmed to what is left); null when nothing was placed. */
  place(
    priceMicros: number,
    sizeMicros: number,
    reason: string,
  ): Promise<TrackedExchangeOrder | null>;
  /**
   * Cancel → the cancel's final word and the last fills → place the remainder at the new price.
   * Counts one adjustment once the cancel is final; null when nothing new was placed.
   */
  replace(
    order: TrackedExchangeOrder,
    priceMicros: number,
    sizeMicros: number,
    reason: string,
  ): Promise<TrackedExchangeOrder | null>;
  /** Cancels one exchange order and settles it; true when it reached a final state. */
  cancel(order: TrackedExchangeOrder, reason: string): Promise<boolean>;
  setTargetSize(sizeMicros: number, reason: string): void;
  note(reason: string): void;
  /**
   * Sets (from now) or clears the order's condition, with an event giving the reason; nothing
   * when the order already has that condition.
   */
  setCondition(condition: OrderCondition | null, reason: string): void;
  /** Ends the order as CANCELLED for `reason`: its working orders are cancelled and settled first. */
  stop(reason: string): void;
  /** Collateral balance, micro-USDC; null when it cannot be read. */
  collateral(): Promise<number | null>;
  /** Shares of the order's token held, micro-shares; null when it cannot be read. */
  position(): Promise<number | null>;
  /**
   * The wallet's figures now, for sizing (kelly-bankroll.ts, walletState): the exchange's
   * collateral and its balances of the order's token and of the other outcome token of the
   * market, read together, then our fills matched but not CONFIRMED (which those balances do not
   * show yet) and the collateral our open BUYs outside the Kelly bankroll reserve, from the
   * ledgers; null when a balance cannot be read.
   */
  wallet(): Promise<WalletView | null>;
  /**
   * This order's share of the wallet's Kelly bankroll (KellyBankroll.share) for the wallet state
   * given; synchronous, so that the share is read and the target set with no other order's
   * decision in between.
   */
  kellyShare(wallet: WalletState): KellyShare;
}

/** After a step: come back after `ms` (sooner on a book change when `wakeOnBook`). */
export interface StepResult {
  waitMs: number;
  wakeOnBook: boolean;
}

/** One order's execution logic; it keeps its own state between steps. */
export interface Strategy {
  step(ctx: ExecutionContext): Promise<StepResult>;
}

/** Urgency shortens (HIGH) or lengthens (LOW) the review intervals. */
export function urgencyFactor(urgency: Urgency): number {
  return urgency === 'HIGH' ? 0.5 : urgency === 'LOW' ? 2 : 1;
}
