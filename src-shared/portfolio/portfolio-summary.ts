import { divFloor, MICROS_PER_UNIT } from '../math/decimal';
import type { Position } from './position';
import { reconcilePositions } from './reconciliation';
import type { ReconciliationWarning } from './reconciliation';

const UNIT = BigInt(MICROS_PER_UNIT);

/** Where a token trades now, micros; null when that side of the book is empty. */
export interface TokenMark {
  microPriceMicros: number | null;
  bestBidMicros: number | null;
}

export interface PositionValuation extends Position {
  /** held·price rounded down (as a sale at that price would be, fees not taken off); null without a mark. */
  valueAtMicroMicros: number | null;
  valueAtBidMicros: number | null;
  /** value − cost basis; null without a mark. */
  unrealizedAtMicroMicros: number | null;
  unrealizedAtBidMicros: number | null;
}

/** Value of `sharesMicros` at a price: floor(price·shares), micros; 0 when flat, null unpriced. */
export function valueAt(sharesMicros: number, priceMicros: number | null): number | null {
  if (sharesMicros === 0) return 0;
  if (priceMicros === null) return null;
  return Number(divFloor(BigInt(priceMicros) * BigInt(sharesMicros), UNIT));
}

export function valuePosition(position: Position, mark: TokenMark | undefined): PositionValuation {
  const atMicro = valueAt(position.heldMicros, mark?.microPriceMicros ?? null);
  const atBid = valueAt(position.heldMicros, mark?.bestBidMicros ?? null);
  return {
    ...position,
    valueAtMicroMicros: atMicro,
    valueAtBidMicros: atBid,
    unrealizedAtMicroMicros: atMicro === null ? null : atMicro - position.costBasisMicros,
    unrealizedAtBidMicros: atBid === null ? null : atBid - position.costBasisMicros,
  };
}

export interface OpenOrderReserve {
  orderId: string;
  /** Collateral the open BUY holds on the exchange, micros. */
  reservedMicros: number;
}

export interface PortfolioSummaryInput {
  positions: readonly Position[];
  marks?: Readonly<Record<string, TokenMark>>;
  /** The exchange's balance per token, micro-shares: compared with our fills, never used over them. */
  exchangeBalances?: Readonly<Record<string, number>>;
  /** Collateral balance as the exchange reports it (reserves of open BUYs included), micros. */
  cashMicros?: number;
  openOrders?: readonly OpenOrderReserve[];
  /** Largest balance difference not worth a warning, micro-shares (default 0). */
  reconcileToleranceMicros?: number;
}

export interface CashSummary {
  balanceMicros: number;
  /** Held by open BUYs. */
  reservedMicros: number;
  /** balance − reserved, at least 0. */
  freeMicros: number;
  /** How far reserves exceed the balance (0 normally; more means a stale reading). */
  overReservedMicros: number;
  /** What pending SELLs will credit once CONFIRMED. */
  pendingSellProceedsMicros: number;
}

export interface PortfolioTotals {
  costBasisMicros: number;
  realizedPnlMicros: number;
  feesMicros: number;
  /** Sums over the marked positions only; see unmarkedTokenIds. */
  valueAtMicroMicros: number;
  valueAtBidMicros: number;
  unrealizedAtMicroMicros: number;
  unrealizedAtBidMicros: number;
  /** Tokens held without a micro-price or bid: left out of the value sums. */
  unmarkedTokenIds: string[];
}

export interface PortfolioSummary {
  positions: PositionValuation[];
  totals: PortfolioTotals;
  /** Null when no cash balance was given. */
  cash: CashSummary | null;
  /**
   * Cash + pending sell proceeds + positions at micro-price (or bid): what the wallet is worth
   * once everything matched settles. Null without cash or when a held token has no such mark.
   */
  equityAtMicroMicros: number | null;
  equityAtBidMicros: number | null;
  warnings: ReconciliationWarning[];
}

/** The wallet's totals over valued positions; a total with an unmarked position is incomplete. */
export function sumPositions(positions: readonly PositionValuation[]): {
  totals: PortfolioTotals;
  microComplete: boolean;
  bidComplete: boolean;
  pendingProceeds: number;
} {
  const totals: PortfolioTotals = {
    costBasisMicros: 0,
    realizedPnlMicros: 0,
    feesMicros: 0,
    valueAtMicroMicros: 0,
    valueAtBidMicros: 0,
    unrealizedAtMicroMicros: 0,
    unrealizedAtBidMicros: 0,
    unmarkedTokenIds: [],
  };
  let microComplete = true;
  let bidComplete = true;
  let pendingProceeds = 0;
  for (const p of positions) {
    totals.costBasisMicros += p.costBasisMicros;
    totals.realizedPnlMicros += p.realizedPnlMicros;
    totals.feesMicros += p.feesMicros;
    pendingProceeds += p.pendingSellProceedsMicros;
    if (p.valueAtMicroMicros !== null && p.unrealizedAtMicroMicros !== null) {
      totals.valueAtMicroMicros += p.valueAtMicroMicros;
      totals.unrealizedAtMicroMicros += p.unrealizedAtMicroMicros;
    } else microComplete = false;
    if (p.valueAtBidMicros !== null && p.unrealizedAtBidMicros !== null) {
      totals.valueAtBidMicros += p.valueAtBidMicros;
      totals.unrealizedAtBidMicros += p.unrealizedAtBidMicros;
    } else bidComplete = false;
    if (p.valueAtMicroMicros === null || p.valueAtBidMicros === null) {
      totals.unmarkedTokenIds.push(p.tokenId);
    }
  }
  return { totals, microComplete, bidComplete, pendingProceeds };
}

/** Positions valued at their marks, wallet totals, free vs reserved cash, and reconciliation. */
export function summarizePortfolio(input: PortfolioSummaryInput): PortfolioSummary {
  const marks = input.marks ?? {};
  const positions = input.positions.map((position) =>
    valuePosition(
      position,
      Object.hasOwn(marks, position.tokenId) ? marks[position.tokenId] : undefined,
    ),
  );
  const { totals, microComplete, bidComplete, pendingProceeds } = sumPositions(positions);
  const cash = input.cashMicros === undefined ? null : cashSummary(input, pendingProceeds);
  const equity = (complete: boolean, value: number): number | null =>
    cash === null || !complete ? null : cash.balanceMicros + pendingProceeds + value;
  return {
    positions,
    totals,
    cash,
    equityAtMicroMicros: equity(microComplete, totals.valueAtMicroMicros),
    equityAtBidMicros: equity(bidComplete, totals.valueAtBidMicros),
    warnings: input.exchangeBalances
      ? reconcilePositions(
          input.positions,
          input.exchangeBalances,
          input.reconcileToleranceMicros ?? 0,
        )
      : [],
  };
}

function cashSummary(input: PortfolioSummaryInput, pendingProceeds: number): CashSummary {
  const balance = input.cashMicros ?? 0;
  const reserved = (input.openOrders ?? []).reduce((sum, order) => sum + order.reservedMicros, 0);
  return {
    balanceMicros: balance,
    reservedMicros: reserved,
    freeMicros: Math.max(0, balance - reserved),
    overReservedMicros: Math.max(0, reserved - balance),
    pendingSellProceedsMicros: pendingProceeds,
  };
}
