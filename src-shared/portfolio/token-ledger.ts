import { PolydeskError } from '../errors';
import { applyTrade, EMPTY_COST_STATE } from './average-cost';
import type { AverageCostState } from './average-cost';
import { addToSums, emptySums, positionOf } from './position';
import type { Position, StatusSums } from './position';
import { compareFills, foldRepeat } from './portfolio-fill';
import type { PortfolioFill, RepeatOutcome, TradeStatus } from './portfolio-fill';

interface Entry {
  key: string;
  fill: PortfolioFill;
  status: TradeStatus;
  /** The accounting state after this entry (equal to the one before it when FAILED). */
  after: AverageCostState;
}

export type ApplyOutcome = 'added' | RepeatOutcome;

/**
 * The fills of one token in accounting order, each with the state after it, so that:
 * - a fill later than every other one (the usual case) is one step, O(1);
 * - a status move between live statuses (MATCHED → CONFIRMED) only moves sums, O(1);
 * - a fill that turns FAILED, or one that arrives out of time order, re-accounts the fills
 *   after it from the state before it: average cost depends on the order of fills, and this
 *   keeps the answer exactly that of a full recompute. Both are rare and touch recent fills.
 */
export class TokenLedger {
  private readonly entries: Entry[] = [];
  private readonly byKey = new Map<string, Entry>();
  private readonly sums: StatusSums = emptySums();
  private state: AverageCostState = EMPTY_COST_STATE;

  constructor(readonly tokenId: string) {}

  /** The known fill under this key, as first reported, with its current status. */
  get(key: string): PortfolioFill | undefined {
    const entry = this.byKey.get(key);
    return entry ? { ...entry.fill, status: entry.status } : undefined;
  }

  apply(key: string, fill: PortfolioFill): ApplyOutcome {
    const known = this.byKey.get(key);
    if (!known) {
      this.insert(key, fill);
      return 'added';
    }
    const outcome = foldRepeat({ ...known.fill, status: known.status }, fill);
    if (outcome !== 'status_changed') return outcome;
    addToSums(this.sums, known.fill, known.status, -1);
    addToSums(this.sums, known.fill, fill.status, 1);
    const wasLive = known.status !== 'FAILED';
    known.status = fill.status;
    if (wasLive && fill.status === 'FAILED') this.replayFrom(this.indexOf(known));
    return outcome;
  }

  position(): Position {
    return positionOf(this.tokenId, this.state, this.sums);
  }

  private insert(key: string, fill: PortfolioFill): void {
    const entry: Entry = { key, fill, status: fill.status, after: this.state };
    this.byKey.set(key, entry);
    addToSums(this.sums, fill, fill.status, 1);
    const last = this.entries.at(-1);
    if (!last || compareFills(byEntry(last), byEntry(entry)) < 0) {
      this.entries.push(entry);
      if (entry.status !== 'FAILED') this.state = applyTrade(this.state, fill);
      entry.after = this.state;
      return;
    }
    const index = this.insertionIndex(entry);
    this.entries.splice(index, 0, entry);
    this.replayFrom(index);
  }

  /** Re-accounts entries from `index` on, starting from the state before it. */
  private replayFrom(index: number): void {
    let state =
      index === 0 ? EMPTY_COST_STATE : (this.entries[index - 1]?.after ?? EMPTY_COST_STATE);
    for (let i = index; i < this.entries.length; i += 1) {
      const entry = this.entries[i];
      if (!entry) break;
      if (entry.status !== 'FAILED') state = applyTrade(state, entry.fill);
      entry.after = state;
    }
    this.state = state;
  }

  /** First index whose entry does not sort before `entry` (binary search). */
  private insertionIndex(entry: Entry): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const probe = this.entries[mid];
      if (probe && compareFills(byEntry(probe), byEntry(entry)) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private indexOf(entry: Entry): number {
    const index = this.insertionIndex(entry);
    if (this.entries[index] !== entry) {
      throw new PolydeskError('INTERNAL', `ledger of ${this.tokenId} lost fill ${entry.key}`);
    }
    return index;
  }
}

function byEntry(entry: Entry): { timeMs: number; key: string } {
  return { timeMs: entry.fill.timeMs, key: entry.key };
}
