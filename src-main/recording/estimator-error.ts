import { microPriceOf } from '@shared/math/micro-price';
import {
  fitStoikovSeries,
  sameTopOfBook,
  stoikovMicroPrice,
  type StoikovFitResult,
  type StoikovOptions,
  type TopOfBookState,
} from '@shared/math/stoikov';
import { BookReplay } from './book-replay';
import { openRecording, type ReadOutcome } from './recording-reader';

/** One token's top of book, at each change of it (a change deeper in the book is no event). */
export interface TokenSeries {
  tokenId: string;
  states: TopOfBookState[];
}

/** The top-of-book series of every token of a recording (a file or a session directory). */
export async function topOfBookSeries(
  path: string,
): Promise<{ series: TokenSeries[]; outcome: ReadOutcome }> {
  const reader = await openRecording(path);
  const replay = new BookReplay();
  const byToken = new Map<string, TopOfBookState[]>();
  for await (const record of reader) {
    if (record.type !== 'book') continue;
    replay.apply(record);
    const top = replay.top(record.tokenId);
    if (!top) continue;
    let states = byToken.get(record.tokenId);
    if (!states) byToken.set(record.tokenId, (states = []));
    const last = states.at(-1);
    if (!last || !sameTopOfBook(last, top)) states.push(top);
  }
  return {
    series: [...byToken].map(([tokenId, states]) => ({ tokenId, states })),
    outcome: reader.outcome,
  };
}

/** Errors in ticks. */
export interface ErrorStats {
  samples: number;
  mae: number;
  rmse: number;
}

export interface HorizonErrors {
  /** Predicting the mid this many top-of-book events ahead. */
  horizon: number;
  mid: ErrorStats;
  weightedMid: ErrorStats;
  stoikov: ErrorStats;
  /** Test points where the Stoikov estimate fell back to the weighted mid. */
  stoikovFallbacks: number;
  /** The same three, only on the test points where Stoikov had an estimate of its own. */
  covered: { mid: ErrorStats; weightedMid: ErrorStats; stoikov: ErrorStats };
}

export interface TokenErrors {
  tokenId: string;
  trainStates: number;
  testStates: number;
  fit: StoikovFitResult;
  horizons: HorizonErrors[];
}

export interface ErrorReport {
  tokens: TokenErrors[];
  /** All tokens' test points together. */
  overall: HorizonErrors[];
}

export interface ErrorOptions {
  /** Share of each token's series (its start) that the fit sees (default 0.5). */
  trainFraction?: number;
  /** Default [1, 5, 10, 50]. */
  horizons?: number[];
  stoikov?: StoikovOptions;
  /**
   * 'token' (default): one fit per token, on its own training part. 'tick': one fit per tick
   * size, on the training parts of every token on that tick (for markets with little history).
   */
  fitScope?: 'token' | 'tick';
}

class Accumulator {
  samples = 0;
  private abs = 0;
  private squares = 0;

  add(errorTicks: number): void {
    this.samples += 1;
    this.abs += Math.abs(errorTicks);
    this.squares += errorTicks * errorTicks;
  }

  merge(other: Accumulator): void {
    this.samples += other.samples;
    this.abs += other.abs;
    this.squares += other.squares;
  }

  stats(): ErrorStats {
    const n = this.samples;
    return {
      samples: n,
      mae: n > 0 ? this.abs / n : NaN,
      rmse: n > 0 ? Math.sqrt(this.squares / n) : NaN,
    };
  }
}

class Trio {
  readonly mid = new Accumulator();
  readonly weighted = new Accumulator();
  readonly stoikov = new Accumulator();

  add(mid: number, weighted: number, stoikov: number): void {
    this.mid.add(mid);
    this.weighted.add(weighted);
    this.stoikov.add(stoikov);
  }

  merge(other: Trio): void {
    this.mid.merge(other.mid);
    this.weighted.merge(other.weighted);
    this.stoikov.merge(other.stoikov);
  }

  stats(): { mid: ErrorStats; weightedMid: ErrorStats; stoikov: ErrorStats } {
    return {
      mid: this.mid.stats(),
      weightedMid: this.weighted.stats(),
      stoikov: this.stoikov.stats(),
    };
  }
}

class HorizonAccumulator {
  readonly all = new Trio();
  readonly covered = new Trio();
  fallbacks = 0;

  merge(other: HorizonAccumulator): void {
    this.all.merge(other.all);
    this.covered.merge(other.covered);
    this.fallbacks += other.fallbacks;
  }

  finish(horizon: number): HorizonErrors {
    return {
      horizon,
      ...this.all.stats(),
      stoikovFallbacks: this.fallbacks,
      covered: this.covered.stats(),
    };
  }
}

/**
 * Out-of-sample error of three estimators of the mid N events ahead: the mid itself, the
 * weighted mid (the plan's micro-price) and Stoikov's micro-price. Per token, the fit sees the
 * first `trainFraction` of the series; the rest is the test. A test point counts only when the
 * target is on the same tick grid. Where the fit is missing or the state unseen, the Stoikov
 * estimate is the weighted mid (counted in `stoikovFallbacks`).
 */
export function estimatorErrors(
  series: readonly TokenSeries[],
  options: ErrorOptions = {},
): ErrorReport {
  const trainFraction = options.trainFraction ?? 0.5;
  const horizons = options.horizons ?? [1, 5, 10, 50];
  const overall = horizons.map(() => new HorizonAccumulator());
  const tokens: TokenErrors[] = [];
  const splitOf = (states: readonly TopOfBookState[]): number =>
    Math.floor(states.length * trainFraction);
  const fitFor = fitsByScope(series, splitOf, options);
  for (const { tokenId, states } of series) {
    const split = splitOf(states);
    const fit = fitFor(tokenId);
    const perHorizon = horizons.map(() => new HorizonAccumulator());
    // Each test state's three estimates, computed once for every horizon.
    const estimates = states.slice(split).map((state) => {
      const price = stoikovMicroPrice(fit, state);
      return {
        state,
        mid: (state.bidPriceMicros + state.askPriceMicros) / 2,
        weighted: microPriceOf(
          state.bidPriceMicros,
          state.bidSizeMicros,
          state.askPriceMicros,
          state.askSizeMicros,
        ),
        stoikov: price.priceMicros,
        fallback: price.source !== 'stoikov',
      };
    });
    horizons.forEach((horizon, h) => {
      const acc = perHorizon[h];
      if (!acc) return;
      for (let t = 0; t + horizon < estimates.length; t++) {
        const now = estimates[t];
        const later = estimates[t + horizon];
        if (!now || !later || later.state.tickMicros !== now.state.tickMicros) continue;
        const tick = now.state.tickMicros;
        const errors = [
          (now.mid - later.mid) / tick,
          (now.weighted - later.mid) / tick,
          (now.stoikov - later.mid) / tick,
        ] as const;
        acc.all.add(...errors);
        if (now.fallback) acc.fallbacks += 1;
        else acc.covered.add(...errors);
      }
      overall[h]?.merge(acc);
    });
    tokens.push({
      tokenId,
      trainStates: split,
      testStates: states.length - split,
      fit,
      horizons: horizons.map((horizon, h) =>
        (perHorizon[h] ?? new HorizonAccumulator()).finish(horizon),
      ),
    });
  }
  return {
    tokens,
    overall: horizons.map((horizon, h) => (overall[h] ?? new HorizonAccumulator()).finish(horizon)),
  };
}

/** The fit each token is measured with. */
function fitsByScope(
  series: readonly TokenSeries[],
  splitOf: (states: readonly TopOfBookState[]) => number,
  options: ErrorOptions,
): (tokenId: string) => StoikovFitResult {
  const train = (states: readonly TopOfBookState[]) => states.slice(0, splitOf(states));
  if (options.fitScope !== 'tick') {
    const fits = new Map(
      series.map((s) => [s.tokenId, fitStoikovSeries([train(s.states)], options.stoikov)]),
    );
    return (tokenId) => fits.get(tokenId) ?? fitStoikovSeries([], options.stoikov);
  }
  const tickOf = (s: TokenSeries): number => train(s.states).at(-1)?.tickMicros ?? 0;
  const groups = new Map<number, TopOfBookState[][]>();
  for (const s of series) {
    const group = groups.get(tickOf(s)) ?? [];
    group.push(train(s.states));
    groups.set(tickOf(s), group);
  }
  const fits = new Map(
    [...groups].map(([tick, g]) => [tick, fitStoikovSeries(g, options.stoikov)]),
  );
  const tokenTick = new Map(series.map((s) => [s.tokenId, tickOf(s)]));
  return (tokenId) =>
    fits.get(tokenTick.get(tokenId) ?? 0) ?? fitStoikovSeries([], options.stoikov);
}

const ratio = (value: number, base: number): string =>
  base > 0 && Number.isFinite(value) ? (value / base).toFixed(3) : 'n/a';
const ticks = (value: number): string => (Number.isFinite(value) ? value.toFixed(4) : 'n/a');

/**
 * Plain-text tables, errors in ticks and as ratios against the plain mid: over every test
 * point, then over the points where Stoikov had an estimate of its own.
 */
export function formatErrorReport(report: ErrorReport): string {
  const header =
    'N events | samples | MAE mid | MAE wmid (ratio) | MAE stoikov (ratio) | RMSE mid | RMSE wmid (ratio) | RMSE stoikov (ratio)';
  const row = (
    horizon: number,
    e: { mid: ErrorStats; weightedMid: ErrorStats; stoikov: ErrorStats },
    extra: string,
  ): string =>
    [
      String(horizon).padStart(8),
      String(e.mid.samples).padStart(7),
      ticks(e.mid.mae).padStart(7),
      `${ticks(e.weightedMid.mae)} (${ratio(e.weightedMid.mae, e.mid.mae)})`.padStart(16),
      `${ticks(e.stoikov.mae)} (${ratio(e.stoikov.mae, e.mid.mae)})`.padStart(19),
      ticks(e.mid.rmse).padStart(8),
      `${ticks(e.weightedMid.rmse)} (${ratio(e.weightedMid.rmse, e.mid.rmse)})`.padStart(17),
      `${ticks(e.stoikov.rmse)} (${ratio(e.stoikov.rmse, e.mid.rmse)})`.padStart(20),
    ].join(' | ') + extra;
  return [
    'all test points (Stoikov falls back to the weighted mid where it has no estimate):',
    `${header} | fallbacks`,
    ...report.overall.map((h) =>
      row(h.horizon, h, ` | ${`${h.stoikovFallbacks}/${h.stoikov.samples}`.padStart(9)}`),
    ),
    'only the test points where Stoikov has an estimate:',
    header,
    ...report.overall.map((h) => row(h.horizon, h.covered, '')),
  ].join('\n');
}

/** One line per token: how much data and what became of its fit. */
export function formatFits(report: ErrorReport): string {
  return report.tokens
    .map((t) => {
      const fit =
        t.fit.kind === 'fit'
          ? `fit: ${t.fit.transitions} transitions, ${t.fit.midMoves} mid moves, ${t.fit.iterations} terms${t.fit.converged ? '' : ' (not converged)'}`
          : `no fit, weighted mid instead: ${t.fit.reason}`;
      return `  …${t.tokenId.slice(-8)}  train ${t.trainStates}, test ${t.testStates} states; ${fit}`;
    })
    .join('\n');
}
