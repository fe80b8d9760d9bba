import { PolydeskError } from '@shared/errors';
import {
  DEFAULT_MIN_TRANSITIONS,
  fitStoikov,
  sameTopOfBook,
  stoikovModelOf,
  type StoikovFitResult,
  type StoikovModel,
  type StoikovOptions,
  type TopOfBookState,
} from '@shared/math/stoikov';
import type { Timer, Timers } from '../daemon/timers';

export interface StoikovFitterOptions {
  /** Where the periodic refit is scheduled: the monitor's timers (a virtual clock in replays). */
  timers: Timers;
  /** Refit every token that saw new states this often (default 30 000 ms). */
  refitEveryMs?: number;
  /** Until a token has its first fit, also refit after every this many new states (default 25). */
  earlyRefitStates?: number;
  /** Top-of-book changes kept per token, the newest (default 4 000). */
  window?: number;
  /** The fit's own options; see MONITOR_STOIKOV_OPTIONS for the monitor's defaults. */
  fit?: StoikovOptions;
  /** Called after each refit of a token (its snapshots are out of date). */
  onRefit?: (tokenId: string) => void;
}

/**
 * The monitor's fit, chosen for live markets rather than recordings:
 * - 100 usable transitions and 10 mid moves (the fit's defaults: 200 and 20), so a market has a
 *   figure within a minute of being opened. The paper exchange's busy markets change their top
 *   of book three to five times a second, two in three of those usable, so 100 take about 30 s.
 * - spreads up to 5 ticks (default 3): a market quoted three ticks wide moves its mid through
 *   books four or five ticks wide (one side moves first), and a model that drops those sees no
 *   mid move at all and never fits. States seen too rarely still price at the weighted mid.
 */
export const MONITOR_STOIKOV_OPTIONS: StoikovOptions = {
  minTransitions: 100,
  minMidMoves: 10,
  maxSpreadTicks: 5,
};

const DEFAULT_REFIT_EVERY_MS = 30_000;
const DEFAULT_EARLY_REFIT_STATES = 25;
const DEFAULT_WINDOW = 4_000;

/** A token's fit as snapshots show it. */
export interface TokenStoikov {
  /** null before the first attempt. */
  fit: StoikovFitResult | null;
  /** The fit's model (shared, not copied, between snapshots); null without a fit. */
  model: StoikovModel | null;
  minTransitions: number;
  /** Top-of-book states held for the token. */
  states: number;
}

interface TokenHistory {
  states: TopOfBookState[];
  /** New states since the last fit. */
  fresh: number;
  fit: StoikovFitResult | null;
  model: StoikovModel | null;
}

/**
 * Stoikov fits per token, from the top-of-book changes the monitor hands it (a bounded window of
 * the newest; an unchanged top is no event). Refits run on the injected timers, every
 * `refitEveryMs` for the tokens with new states, and — so that a fresh market gets a figure as
 * soon as it has the data — after every `earlyRefitStates` new states until its first fit. Both
 * follow the books and the clock only, so a replay on a virtual clock refits at the same points.
 * A fit with too little data is kept as such: its reason is what the snapshot says.
 */
export class StoikovFitter {
  private readonly timers: Timers;
  private readonly refitEveryMs: number;
  private readonly earlyRefitStates: number;
  private readonly window: number;
  private readonly fitOptions: StoikovOptions;
  private readonly minTransitions: number;
  private readonly onRefit: (tokenId: string) => void;
  private readonly tokens = new Map<string, TokenHistory>();
  private timer: Timer | undefined;
  private stopped = false;

  constructor(options: StoikovFitterOptions) {
    this.timers = options.timers;
    this.refitEveryMs = positive(options.refitEveryMs, DEFAULT_REFIT_EVERY_MS, 'refitEveryMs');
    this.earlyRefitStates = positive(
      options.earlyRefitStates,
      DEFAULT_EARLY_REFIT_STATES,
      'earlyRefitStates',
    );
    this.window = positive(options.window, DEFAULT_WINDOW, 'window');
    this.fitOptions = options.fit ?? MONITOR_STOIKOV_OPTIONS;
    this.onRefit = options.onRefit ?? (() => undefined);
    // Refused options fail here, not at the first refit.
    fitStoikov([], this.fitOptions);
    this.minTransitions = this.fitOptions.minTransitions ?? DEFAULT_MIN_TRANSITIONS;
  }

  /** Adds a token's top of book; true when it refitted the token (an early refit). */
  observe(tokenId: string, state: TopOfBookState): boolean {
    if (this.stopped || state.bidSizeMicros <= 0 || state.askSizeMicros <= 0) return false;
    let history = this.tokens.get(tokenId);
    if (!history) {
      history = { states: [], fresh: 0, fit: null, model: null };
      this.tokens.set(tokenId, history);
      this.ensureTimer();
    }
    const last = history.states.at(-1);
    if (last && sameTopOfBook(last, state)) return false;
    history.states.push({ ...state });
    // Trimmed in chunks, so the window costs no copy per state.
    if (history.states.length > this.window + this.window / 4) {
      history.states.splice(0, history.states.length - this.window);
    }
    history.fresh += 1;
    if (history.fit?.kind === 'fit' || history.fresh < this.earlyRefitStates) return false;
    this.refit(tokenId, history);
    return true;
  }

  /** The token's current fit and model; null fit before the first attempt. */
  current(tokenId: string): TokenStoikov {
    const history = this.tokens.get(tokenId);
    return {
      fit: history?.fit ?? null,
      model: history?.model ?? null,
      minTransitions: this.minTransitions,
      states: history?.states.length ?? 0,
    };
  }

  forget(tokenId: string): void {
    this.tokens.delete(tokenId);
    if (this.tokens.size === 0) this.stopTimer();
  }

  stop(): void {
    this.stopped = true;
    this.tokens.clear();
    this.stopTimer();
  }

  /** Refits every token with new states; returns the ids refitted. */
  refitAll(): string[] {
    const refitted: string[] = [];
    for (const [tokenId, history] of this.tokens) {
      if (history.fresh === 0) continue;
      this.refit(tokenId, history);
      refitted.push(tokenId);
    }
    return refitted;
  }

  private refit(tokenId: string, history: TokenHistory): void {
    history.fresh = 0;
    const fit = fitStoikov(
      history.states.length > this.window ? history.states.slice(-this.window) : history.states,
      this.fitOptions,
    );
    history.fit = fit;
    history.model = fit.kind === 'fit' ? stoikovModelOf(fit) : null;
    this.onRefit(tokenId);
  }

  private ensureTimer(): void {
    if (this.timer || this.stopped) return;
    this.timer = this.timers.setInterval(() => this.refitAll(), this.refitEveryMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new PolydeskError('BAD_REQUEST', `${name} must be a positive integer`);
  }
  return value;
}
