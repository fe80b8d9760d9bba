import { parseOrThrow } from '../errors';
import { applyTrade, EMPTY_COST_STATE } from './average-cost';
import { addToSums, emptySums, positionOf } from './position';
import type { Position } from './position';
import { compareFills, fillKeyOf, foldRepeat, PortfolioFillSchema } from './portfolio-fill';
import type { PortfolioFill, PortfolioFillInput } from './portfolio-fill';
import { TokenLedger } from './token-ledger';
import type { ApplyOutcome } from './token-ledger';

export interface ApplyResult {
  outcome: ApplyOutcome;
  /** The fill's key (trade id, or trade id:order id). */
  key: string;
  /** The position of the fill's token after the report (for a conflict: of the known fill's token). */
  position: Position;
}

/** A report ignored because its key was known with other figures. */
export interface FillConflict {
  key: string;
  known: PortfolioFill;
  report: PortfolioFill;
}

/**
 * Positions kept up to date one fill report at a time: the same trade reported twice counts
 * once, a status report moves a known fill (→ FAILED undoes it). Equal at every step to
 * `computePositions` over the reports so far (tested on random sequences).
 */
export class PositionBook {
  private readonly ledgers = new Map<string, TokenLedger>();
  /** Which token each key belongs to, so a key reused on another token is caught. */
  private readonly tokenOfKey = new Map<string, string>();
  private readonly conflictList: FillConflict[] = [];

  /** Applies one report (validated); throws BAD_REQUEST on a malformed one. */
  apply(raw: PortfolioFillInput): ApplyResult {
    const fill = parseOrThrow(PortfolioFillSchema, raw, 'fill');
    const key = fillKeyOf(fill);
    const knownToken = this.tokenOfKey.get(key);
    if (knownToken !== undefined && knownToken !== fill.tokenId) {
      const ledger = this.ledgerOf(knownToken);
      const known = ledger.get(key);
      if (known) this.conflictList.push({ key, known, report: fill });
      return { outcome: 'conflict', key, position: ledger.position() };
    }
    const ledger = this.ledgerOf(fill.tokenId);
    const known = ledger.get(key);
    const outcome = ledger.apply(key, fill);
    if (outcome === 'conflict' && known) this.conflictList.push({ key, known, report: fill });
    this.tokenOfKey.set(key, fill.tokenId);
    return { outcome, key, position: ledger.position() };
  }

  position(tokenId: string): Position | undefined {
    return this.ledgers.get(tokenId)?.position();
  }

  /** Every token with a fill, sorted by token id. */
  positions(): Position[] {
    return [...this.ledgers.keys()].sort().map((tokenId) => this.ledgerOf(tokenId).position());
  }

  /** The known fill under a key, with its current status. */
  fill(key: string): PortfolioFill | undefined {
    const tokenId = this.tokenOfKey.get(key);
    return tokenId === undefined ? undefined : this.ledgers.get(tokenId)?.get(key);
  }

  conflicts(): readonly FillConflict[] {
    return this.conflictList;
  }

  private ledgerOf(tokenId: string): TokenLedger {
    let ledger = this.ledgers.get(tokenId);
    if (!ledger) {
      ledger = new TokenLedger(tokenId);
      this.ledgers.set(tokenId, ledger);
    }
    return ledger;
  }
}

export interface PositionsRecompute {
  /** Sorted by token id. */
  positions: Position[];
  conflicts: FillConflict[];
}

/**
 * Full recompute from every report, in the order they arrived: fold the reports into one fill
 * per key (the same rules as PositionBook), then account each token's live fills from flat in
 * (time, key) order.
 */
export function computePositions(reports: readonly PortfolioFillInput[]): PositionsRecompute {
  const fills = new Map<string, PortfolioFill>();
  const conflicts: FillConflict[] = [];
  for (const raw of reports) {
    const report = parseOrThrow(PortfolioFillSchema, raw, 'fill');
    const key = fillKeyOf(report);
    const known = fills.get(key);
    if (!known) {
      fills.set(key, report);
      continue;
    }
    const outcome = foldRepeat(known, report);
    if (outcome === 'conflict') conflicts.push({ key, known, report });
    if (outcome === 'status_changed') fills.set(key, { ...known, status: report.status });
  }
  const byToken = new Map<string, { key: string; fill: PortfolioFill }[]>();
  for (const [key, fill] of fills) {
    const list = byToken.get(fill.tokenId) ?? [];
    list.push({ key, fill });
    byToken.set(fill.tokenId, list);
  }
  const positions = [...byToken.keys()].sort().map((tokenId) => {
    const list = byToken.get(tokenId) ?? [];
    list.sort((a, b) =>
      compareFills({ timeMs: a.fill.timeMs, key: a.key }, { timeMs: b.fill.timeMs, key: b.key }),
    );
    const sums = emptySums();
    let state = EMPTY_COST_STATE;
    for (const { fill } of list) {
      addToSums(sums, fill, fill.status, 1);
      if (fill.status !== 'FAILED') state = applyTrade(state, fill);
    }
    return positionOf(tokenId, state, sums);
  });
  return { positions, conflicts };
}
