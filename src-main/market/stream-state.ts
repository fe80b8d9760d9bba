import type { StreamState as BookStreamState } from '../exchange/exchange-port';
import type { StreamState } from '@shared/ipc/contract';

/** Worse states rank higher; the same order as the adapter's summary. */
const RANK: Record<BookStreamState, number> = {
  live: 0,
  connecting: 1,
  resyncing: 2,
  polling: 3,
  stalled: 4,
  down: 5,
};

/** Worst of the given states; 'idle' when there are none. */
export function worstStreamState(states: Iterable<BookStreamState>): StreamState {
  let worst: BookStreamState | undefined;
  for (const state of states) {
    if (worst === undefined || RANK[state] > RANK[worst]) worst = state;
  }
  return worst ?? 'idle';
}

/**
 * States in which the held book is known not to match the exchange: a stall was detected (the
 * book differs from REST) or a resync is under way (hash mismatch, missing snapshot, tick
 * change). The book is stale in these states whatever its age.
 */
export function bookKnownWrong(state: BookStreamState): boolean {
  return state === 'stalled' || state === 'resyncing';
}
