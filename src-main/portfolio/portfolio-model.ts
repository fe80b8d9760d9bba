import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';
import type { Order } from '@shared/domain/order';
import type {
  PortfolioPosition,
  PositionResolution,
  PortfolioSnapshot,
  PortfolioTrade,
  ReconciliationWarningView,
} from '@shared/ipc/contract';
import {
  PositionBook,
  reconcilePositions,
  sumPositions,
  summarizePortfolio,
  valuePosition,
} from '@shared/portfolio';
import type {
  ApplyResult,
  OpenOrderReserve,
  PortfolioFill,
  PortfolioFillInput,
  Position,
  PositionValuation,
} from '@shared/portfolio';
import { openOrderReserves } from './open-order-reserves';
import { afterRedemption, resolvedValuation } from './resolution';
import type { MarketResolution, TokenResolution } from './resolution';

/** How resolved positions are redeemed on this link, and what the UI says about it. */
export interface RedeemRoute {
  via: PositionResolution['redeemVia'];
  note: string | null;
}

/** What a fill report carries beyond the shared PortfolioFill: where it came from. */
export interface FillOrigin {
  exchangeOrderId: string;
  userOrderId: string | null;
  role: 'TAKER' | 'MAKER' | null;
}

interface MarketOfToken {
  conditionId: string;
  question: string;
  outcome: string;
  minOrderSizeMicros: number;
}

interface Mark {
  microPriceMicros: number | null;
  bestBidMicros: number | null;
  stale: boolean;
}

/** One reading of the exchange's balances. */
export interface BalanceReading {
  /** Null when the collateral could not be read. */
  cashMicros: number | null;
  /** Micro-shares per token read. */
  tokens: Readonly<Record<string, number>>;
  at: number;
}

export interface BalanceOutcome {
  /** Tokens that disagree with our fills in this reading but not yet in two in a row. */
  unconfirmed: string[];
  /** Warnings that hold over two readings in a row: new ones and those that cleared. */
  raised: ReconciliationWarningView[];
  cleared: string[];
}

export interface TradesQuery {
  tokenId?: string;
  limit: number;
}

/**
 * The portfolio in memory: a PositionBook of every fill report, the latest marks, balances and
 * open orders, and the snapshot the contract's `portfolio` event carries. No I/O and no timers,
 * so it is tested and benchmarked on its own (PortfolioService feeds it).
 *
 * A balance that disagrees with our fills is reported only once two readings in a row disagree:
 * the exchange credits a buy at CONFIRMED a moment before our fill's CONFIRMED report arrives,
 * and a single reading taken in between is no discrepancy.
 */
export class PortfolioModel {
  private readonly book = new PositionBook();
  private readonly origins = new Map<string, FillOrigin>();
  private readonly marks = new Map<string, Mark>();
  private readonly markets = new Map<string, MarketOfToken>();
  private balances: BalanceReading | null = null;
  private balanceError: string | null = null;
  private flagged = new Set<string>();
  private confirmedFlags = new Set<string>();
  private buyReserves: OpenOrderReserve[] = [];
  private sellReserves = new Map<string, number>();
  /** Each token's view as last built; rebuilt only for tokens whose inputs moved. */
  private readonly views = new Map<string, PortfolioPosition>();
  private readonly dirty = new Set<string>();
  private allDirty = true;
  private readonly resolutions = new Map<string, TokenResolution>();
  private redeemRoute: RedeemRoute = { via: 'paper-exchange', note: null };

  setRedeemRoute(route: RedeemRoute): void {
    this.redeemRoute = route;
    this.allDirty = true;
  }

  /** A market resolved; true when it was not known resolved before. */
  setResolution(resolution: MarketResolution): boolean {
    let added = false;
    for (const tokenId of resolution.tokenIds) {
      if (this.resolutions.has(tokenId)) continue;
      this.resolutions.set(tokenId, {
        conditionId: resolution.conditionId,
        winningOutcome: resolution.winningOutcome,
        won: tokenId === resolution.winningTokenId,
      });
      this.dirty.add(tokenId);
      added = true;
    }
    return added;
  }

  /** The book's position, less what was redeemed once its market resolved. */
  private adjusted(position: Position): Position {
    const resolution = this.resolutions.get(position.tokenId);
    if (!resolution) return position;
    return afterRedemption(position, resolution, this.balances?.tokens[position.tokenId]);
  }

  private positions(): Position[] {
    return this.book.positions().map((p) => this.adjusted(p));
  }

  /** Applies one fill report (validated by the book; BAD_REQUEST on a malformed one). */
  applyFill(fill: PortfolioFillInput, origin: FillOrigin): ApplyResult {
    const result = this.book.apply(fill);
    if (result.outcome === 'added') this.origins.set(result.key, origin);
    if (result.outcome === 'added' || result.outcome === 'status_changed') {
      this.dirty.add(result.position.tokenId);
    }
    return result;
  }

  knows(key: string): PortfolioFill | undefined {
    return this.book.fill(key);
  }

  conflicts(): number {
    return this.book.conflicts().length;
  }

  /** Every token we have fills of. */
  tokens(): string[] {
    return this.book.positions().map((p) => p.tokenId);
  }

  /** Tokens with shares held once every live fill settles. */
  heldTokens(): string[] {
    return this.positions()
      .filter((p) => p.heldMicros > 0)
      .map((p) => p.tokenId);
  }

  hasMarket(tokenId: string): boolean {
    return this.markets.has(tokenId);
  }

  setMarkets(list: readonly MarketListItem[]): void {
    for (const market of list) {
      for (const token of market.tokens) {
        this.markets.set(token.tokenId, {
          conditionId: market.conditionId,
          question: market.question,
          outcome: token.outcome,
          minOrderSizeMicros: market.minOrderSizeMicros,
        });
      }
    }
    this.allDirty = true;
  }

  /** The marks of a book; true when they moved. */
  setMark(snapshot: Pick<MarketSnapshot, 'tokenId' | 'microPrice' | 'bestBid' | 'stale'>): boolean {
    const known = this.marks.get(snapshot.tokenId);
    if (
      known &&
      known.microPriceMicros === snapshot.microPrice &&
      known.bestBidMicros === snapshot.bestBid &&
      known.stale === snapshot.stale
    ) {
      return false;
    }
    this.marks.set(snapshot.tokenId, {
      microPriceMicros: snapshot.microPrice,
      bestBidMicros: snapshot.bestBid,
      stale: snapshot.stale,
    });
    this.dirty.add(snapshot.tokenId);
    return true;
  }

  setOpenOrders(orders: readonly Order[]): void {
    const reserves = openOrderReserves(orders);
    this.buyReserves = reserves.buys;
    this.sellReserves = reserves.sellSharesByToken;
    this.allDirty = true;
  }

  setBalances(reading: BalanceReading): BalanceOutcome {
    const previous = this.balances;
    // A token not read this time keeps its last figure (a failed read is not a zero balance).
    this.balances = {
      cashMicros: reading.cashMicros ?? previous?.cashMicros ?? null,
      tokens: { ...previous?.tokens, ...reading.tokens },
      at: reading.at,
    };
    this.balanceError = null;
    const warnings = reconcilePositions(this.positions(), reading.tokens);
    const now = new Set(warnings.map((w) => w.tokenId));
    const confirmed = new Set([...now].filter((tokenId) => this.flagged.has(tokenId)));
    const raised = warnings.filter(
      (w) => confirmed.has(w.tokenId) && !this.confirmedFlags.has(w.tokenId),
    );
    const cleared = [...this.confirmedFlags].filter((tokenId) => !now.has(tokenId));
    this.flagged = now;
    this.confirmedFlags = confirmed;
    this.allDirty = true;
    return { unconfirmed: [...now].filter((t) => !confirmed.has(t)), raised, cleared };
  }

  setBalanceError(message: string): void {
    this.balanceError = message;
  }

  /**
   * The snapshot: positions valued at their marks, totals, cash and confirmed warnings. Only
   * the views of tokens whose fills, mark or balances moved are built again; the totals are sums
   * over the views (equal to summarizePortfolio's, tested).
   */
  snapshot(at: number): PortfolioSnapshot {
    const views = this.currentViews();
    const { totals, microComplete, bidComplete, pendingProceeds } = sumPositions(views);
    const warned: Position[] = [];
    const warnedBalances: Record<string, number> = {};
    for (const view of views) {
      const balance = this.balances?.tokens[view.tokenId];
      if (this.confirmedFlags.has(view.tokenId) && balance !== undefined) {
        warned.push(view);
        warnedBalances[view.tokenId] = balance;
      }
    }
    totals.unmarkedTokenIds.sort();
    const cashMicros = this.balances?.cashMicros;
    const cash =
      cashMicros === null || cashMicros === undefined
        ? null
        : summarizePortfolio({ positions: [], cashMicros, openOrders: this.buyReserves }).cash;
    const withPending = cash && { ...cash, pendingSellProceedsMicros: pendingProceeds };
    const equity = (complete: boolean, value: number): number | null =>
      withPending === null || !complete
        ? null
        : withPending.balanceMicros + pendingProceeds + value;
    return {
      at,
      positions: views,
      totals,
      cash: withPending,
      equityAtMicroMicros: equity(microComplete, totals.valueAtMicroMicros),
      equityAtBidMicros: equity(bidComplete, totals.valueAtBidMicros),
      warnings: reconcilePositions(warned, warnedBalances),
      balancesAt: this.balances?.at ?? null,
      balanceError: this.balanceError,
      conflicts: this.book.conflicts().length,
    };
  }

  /** Every token's view, held first, then by token id. */
  private currentViews(): PortfolioPosition[] {
    const tokens = this.allDirty ? this.tokens() : [...this.dirty];
    for (const tokenId of tokens) {
      const position = this.book.position(tokenId);
      if (!position) continue;
      const resolution = this.resolutions.get(tokenId);
      const valuation = valuePosition(this.adjusted(position), this.marks.get(tokenId));
      this.views.set(
        tokenId,
        this.positionView(resolution ? resolvedValuation(valuation, resolution) : valuation),
      );
    }
    this.allDirty = false;
    this.dirty.clear();
    return [...this.views.values()].sort(heldFirst);
  }

  /** Our fills newest first, each with its current status. */
  trades(query: TradesQuery): { trades: PortfolioTrade[]; total: number } {
    const all: PortfolioTrade[] = [];
    for (const [key, origin] of this.origins) {
      const fill = this.book.fill(key);
      if (!fill || (query.tokenId !== undefined && fill.tokenId !== query.tokenId)) continue;
      all.push(this.tradeView(key, fill, origin));
    }
    all.sort((a, b) => b.timeMs - a.timeMs || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
    return { trades: all.slice(0, query.limit), total: all.length };
  }

  private positionView(p: PositionValuation): PortfolioPosition {
    const market = this.markets.get(p.tokenId);
    const mark = this.marks.get(p.tokenId);
    return {
      ...positionFields(p),
      conditionId: market?.conditionId ?? null,
      question: market?.question ?? null,
      outcome: market?.outcome ?? null,
      microPriceMicros: mark?.microPriceMicros ?? null,
      bestBidMicros: mark?.bestBidMicros ?? null,
      markStale: mark?.stale ?? true,
      valueAtMicroMicros: p.valueAtMicroMicros,
      valueAtBidMicros: p.valueAtBidMicros,
      unrealizedAtMicroMicros: p.unrealizedAtMicroMicros,
      unrealizedAtBidMicros: p.unrealizedAtBidMicros,
      exchangeMicros: this.balances?.tokens[p.tokenId] ?? null,
      reservedSellMicros: this.sellReserves.get(p.tokenId) ?? 0,
      minOrderSizeMicros: market?.minOrderSizeMicros ?? null,
      resolution: this.resolutionView(p),
    };
  }

  private resolutionView(p: PositionValuation): PositionResolution | null {
    const resolution = this.resolutions.get(p.tokenId);
    if (!resolution) return null;
    return {
      winningOutcome: resolution.winningOutcome,
      won: resolution.won,
      payoutMicros: resolution.won ? p.heldMicros : 0,
      redeemable: p.heldMicros > 0,
      redeemVia: this.redeemRoute.via,
      note: this.redeemRoute.note,
    };
  }

  /** The condition ids of resolved markets we still hold shares of. */
  redeemableConditions(): string[] {
    const out = new Set<string>();
    for (const p of this.positions()) {
      const resolution = this.resolutions.get(p.tokenId);
      if (resolution && p.heldMicros > 0) out.add(resolution.conditionId);
    }
    return [...out];
  }

  private tradeView(key: string, fill: PortfolioFill, origin: FillOrigin): PortfolioTrade {
    const market = this.markets.get(fill.tokenId);
    return {
      key,
      tradeId: fill.tradeId,
      exchangeOrderId: origin.exchangeOrderId,
      userOrderId: origin.userOrderId,
      tokenId: fill.tokenId,
      question: market?.question ?? null,
      outcome: market?.outcome ?? null,
      side: fill.side,
      priceMicros: fill.priceMicros,
      sizeMicros: fill.sizeMicros,
      feeMicros: fill.feeMicros,
      status: fill.status,
      role: origin.role,
      timeMs: fill.timeMs,
    };
  }
}

/** Exactly the Position fields, out of a valuation (which carries more). */
function positionFields(p: Position): Position {
  return {
    tokenId: p.tokenId,
    heldMicros: p.heldMicros,
    confirmedMicros: p.confirmedMicros,
    pendingBuyMicros: p.pendingBuyMicros,
    pendingSellMicros: p.pendingSellMicros,
    pendingSellProceedsMicros: p.pendingSellProceedsMicros,
    costBasisMicros: p.costBasisMicros,
    avgCostMicros: p.avgCostMicros,
    realizedPnlMicros: p.realizedPnlMicros,
    feesMicros: p.feesMicros,
    unknownCostSoldMicros: p.unknownCostSoldMicros,
    unknownCostProceedsMicros: p.unknownCostProceedsMicros,
    liveFills: p.liveFills,
    failedFills: p.failedFills,
  };
}

function heldFirst(a: PortfolioPosition, b: PortfolioPosition): number {
  const held = Number(b.heldMicros > 0) - Number(a.heldMicros > 0);
  if (held !== 0) return held;
  return a.tokenId < b.tokenId ? -1 : a.tokenId > b.tokenId ? 1 : 0;
}
