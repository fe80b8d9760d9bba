import { PolydeskError } from '@shared/errors';
import { microPriceOf } from './micro-price';

/**
 * Stoikov's micro-price ("The Micro-Price: A High-Frequency Estimator of Future Prices", 2018).
 *
 * The state of a book is x = (I, S): the imbalance I = bidSize / (bidSize + askSize) at the best
 * level, cut into n equal buckets, and the spread S in ticks (1..k). Over consecutive top-of-book
 * states the fit counts, per state x:
 *   Q[x][y] = P(next state y, mid unchanged)
 *   T[x][y] = P(next state y, mid changed)
 *   R[x][m] = P(mid changed by K[m])      (K: mid moves in half ticks, |K| ≤ maxMidMove)
 * Every observation is also counted mirrored (I → 1 − I, ΔM → −ΔM): the paper's symmetrisation,
 * which makes the series below converge and G* antisymmetric in the imbalance. Then
 *   G¹ = (1 − Q)⁻¹ R K      expected mid move at the next mid change
 *   B  = (1 − Q)⁻¹ T        state just after that change
 *   G* = Σ_{i≥0} Bⁱ G¹      summed until the terms vanish
 * and the micro-price is mid + G*(I, S), the adjustment clamped to ± half the spread.
 *
 * Prices at the API are integer micros; the table is in ticks (floats inside the fit).
 * Buckets are uniform on [0, 1]; the default count is odd, so a balanced book has a bucket of
 * its own, mirrored onto itself, where G* is 0.
 */

/** Best bid and ask of a book: prices in micros, sizes in micro-shares, on the grid of tickMicros. */
export interface TopOfBookState {
  bidPriceMicros: number;
  bidSizeMicros: number;
  askPriceMicros: number;
  askSizeMicros: number;
  tickMicros: number;
}

export interface StoikovOptions {
  /** Imbalance buckets (default 11). */
  imbalanceBuckets?: number;
  /** Widest spread modelled, in ticks (default 3); wider books fall back to the weighted mid. */
  maxSpreadTicks?: number;
  /** Largest mid move kept, in ticks (default 1, as in the paper); larger jumps are dropped. */
  maxMidMoveTicks?: number;
  /** Fewer usable transitions than this: no fit (default 200). */
  minTransitions?: number;
  /** Fewer transitions that move the mid than this: no fit (default 20). */
  minMidMoves?: number;
  /** A state seen fewer times than this (symmetrised) keeps no adjustment (default 5). */
  minStateCount?: number;
  /** The series stops when the largest term is below this, in half ticks (default 1e-9). */
  tolerance?: number;
  /** Default 10 000. */
  maxIterations?: number;
}

/** One state of the fitted table. */
export interface StoikovCell {
  spreadTicks: number;
  bucket: number;
  /** Transitions out of this state, symmetrised (what the estimate rests on). */
  count: number;
  /** Transitions out of this state in the data as given. */
  observed: number;
  /** G* before the clamp, in ticks. */
  rawTicks: number;
  /** G* clamped to ± half the spread, in ticks; null when the state was seen too rarely. */
  adjustmentTicks: number | null;
}

export interface StoikovFit {
  kind: 'fit';
  tickMicros: number;
  imbalanceBuckets: number;
  maxSpreadTicks: number;
  /** cells[spreadTicks − 1][bucket]. */
  cells: StoikovCell[][];
  /** Usable transitions (before symmetrisation). */
  transitions: number;
  /** Of those, how many moved the mid. */
  midMoves: number;
  /** States or pairs left out: empty side, crossed, off grid, other tick, too wide, jump. */
  dropped: number;
  iterations: number;
  converged: boolean;
}

export interface StoikovNoFit {
  kind: 'insufficient';
  reason: string;
  transitions: number;
  midMoves: number;
  dropped: number;
}

export type StoikovFitResult = StoikovFit | StoikovNoFit;

export type StoikovFallbackReason =
  'no-fit' | 'tick-mismatch' | 'off-grid' | 'spread-out-of-range' | 'unseen-state';

export type StoikovPrice =
  | {
      source: 'stoikov';
      priceMicros: number;
      adjustmentTicks: number;
      spreadTicks: number;
      bucket: number;
    }
  | {
      source: 'weighted-mid';
      priceMicros: number;
      reason: StoikovFallbackReason;
      /** Human words for the reason (and the fit's own, when there is none). */
      detail: string;
    };

/** Fewer usable transitions than this and there is no fit, unless the options say otherwise. */
export const DEFAULT_MIN_TRANSITIONS = 200;

interface Settings {
  buckets: number;
  maxSpread: number;
  maxMoveHalfTicks: number;
  minTransitions: number;
  minMidMoves: number;
  minStateCount: number;
  tolerance: number;
  maxIterations: number;
}

function settingsOf(options: StoikovOptions): Settings {
  const int = (value: number | undefined, fallback: number, min: number, name: string): number => {
    const v = value ?? fallback;
    if (!Number.isSafeInteger(v) || v < min) {
      throw new PolydeskError('BAD_REQUEST', `${name} must be an integer ≥ ${min}`);
    }
    return v;
  };
  const tolerance = options.tolerance ?? 1e-9;
  if (!(tolerance > 0)) throw new PolydeskError('BAD_REQUEST', 'tolerance must be positive');
  return {
    buckets: int(options.imbalanceBuckets, 11, 2, 'imbalanceBuckets'),
    maxSpread: int(options.maxSpreadTicks, 3, 1, 'maxSpreadTicks'),
    maxMoveHalfTicks: 2 * int(options.maxMidMoveTicks, 1, 1, 'maxMidMoveTicks'),
    minTransitions: int(options.minTransitions, DEFAULT_MIN_TRANSITIONS, 1, 'minTransitions'),
    minMidMoves: int(options.minMidMoves, 20, 1, 'minMidMoves'),
    minStateCount: int(options.minStateCount, 5, 1, 'minStateCount'),
    tolerance,
    maxIterations: int(options.maxIterations, 10_000, 1, 'maxIterations'),
  };
}

/** The discretised state of a top of book, or why it has none. */
export type DiscreteState =
  | { ok: true; bucket: number; spreadTicks: number; midHalfTicks: number }
  | { ok: false; reason: 'off-grid' | 'spread-out-of-range' };

/** Imbalance bucket of the best sizes: floor(n · bid / (bid + ask)), the top bucket closed. */
export function imbalanceBucket(bidSizeMicros: number, askSizeMicros: number, n: number): number {
  if (bidSizeMicros <= 0 || askSizeMicros <= 0) {
    throw new PolydeskError('BAD_REQUEST', 'imbalance needs a positive size on both sides');
  }
  return Math.min(n - 1, Math.floor((bidSizeMicros * n) / (bidSizeMicros + askSizeMicros)));
}

export function discretize(
  state: TopOfBookState,
  buckets: number,
  maxSpreadTicks: number,
): DiscreteState {
  const { bidPriceMicros: bid, askPriceMicros: ask, tickMicros: tick } = state;
  if (!Number.isSafeInteger(tick) || tick <= 0 || bid % tick !== 0 || ask % tick !== 0) {
    return { ok: false, reason: 'off-grid' };
  }
  const spreadTicks = (ask - bid) / tick;
  if (spreadTicks < 1 || spreadTicks > maxSpreadTicks) {
    return { ok: false, reason: 'spread-out-of-range' };
  }
  return {
    ok: true,
    bucket: imbalanceBucket(state.bidSizeMicros, state.askSizeMicros, buckets),
    spreadTicks,
    midHalfTicks: (bid + ask) / tick,
  };
}

/** Whether two states have the same best prices and sizes (a change deeper in the book is not an event here). */
export function sameTopOfBook(a: TopOfBookState, b: TopOfBookState): boolean {
  return (
    a.bidPriceMicros === b.bidPriceMicros &&
    a.askPriceMicros === b.askPriceMicros &&
    a.bidSizeMicros === b.bidSizeMicros &&
    a.askSizeMicros === b.askSizeMicros &&
    a.tickMicros === b.tickMicros
  );
}

function usable(state: TopOfBookState): boolean {
  return state.bidSizeMicros > 0 && state.askSizeMicros > 0;
}

/**
 * Fits G* from consecutive top-of-book states of one market (oldest first). States on another
 * tick than the last state's are left out, and so are pairs across them.
 */
export function fitStoikov(
  states: readonly TopOfBookState[],
  options: StoikovOptions = {},
): StoikovFitResult {
  return fitStoikovSeries([states], options);
}

/**
 * One fit from several sequences (markets that share a model, or pieces of one market's
 * history): transitions are counted within each sequence, never across two. The fit's tick is
 * the last state's of the last sequence that has one; states on other ticks are left out.
 */
export function fitStoikovSeries(
  series: readonly (readonly TopOfBookState[])[],
  options: StoikovOptions = {},
): StoikovFitResult {
  const s = settingsOf(options);
  const last = series.findLast((states) => states.length > 0)?.at(-1);
  if (!last) return noFit('no book states', 0, 0, 0);
  const counts = countTransitions(series, last.tickMicros, s);
  const { transitions, midMoves, dropped } = counts;
  if (transitions < s.minTransitions) {
    return noFit(
      `${transitions} usable transitions, fewer than the ${s.minTransitions} needed`,
      transitions,
      midMoves,
      dropped,
    );
  }
  if (midMoves < s.minMidMoves) {
    return noFit(
      `${midMoves} mid moves, fewer than the ${s.minMidMoves} needed`,
      transitions,
      midMoves,
      dropped,
    );
  }
  const solved = solveG(counts, s);
  if (!solved) {
    return noFit(
      'some states never lead to a mid move: the transitions cannot be inverted',
      transitions,
      midMoves,
      dropped,
    );
  }
  return {
    kind: 'fit',
    tickMicros: last.tickMicros,
    imbalanceBuckets: s.buckets,
    maxSpreadTicks: s.maxSpread,
    cells: table(counts, solved.total, s),
    transitions,
    midMoves,
    dropped,
    iterations: solved.iterations,
    converged: solved.converged,
  };
}

/** Transition counts over states x = (spread − 1)·n + bucket, symmetrised. */
interface Counts {
  /** Number of states. */
  m: number;
  /** Number of mid moves kept, −max..max half ticks (0 included, unused). */
  moves: number;
  /** q[x·m + y]: x → y with the mid unchanged; t: with it changed. */
  q: Float64Array;
  t: Float64Array;
  /** r[x·moves + k]: x then a mid move of k − max half ticks. */
  r: Float64Array;
  /** Transitions out of x, symmetrised, and as observed. */
  count: Float64Array;
  observed: Float64Array;
  transitions: number;
  midMoves: number;
  dropped: number;
}

function countTransitions(
  series: readonly (readonly TopOfBookState[])[],
  tick: number,
  s: Settings,
): Counts {
  const n = s.buckets;
  const m = n * s.maxSpread;
  const moves = 2 * s.maxMoveHalfTicks + 1;
  const c: Counts = {
    m,
    moves,
    q: new Float64Array(m * m),
    t: new Float64Array(m * m),
    r: new Float64Array(m * moves),
    count: new Float64Array(m),
    observed: new Float64Array(m),
    transitions: 0,
    midMoves: 0,
    dropped: 0,
  };
  const index = (d: { bucket: number; spreadTicks: number }): number =>
    (d.spreadTicks - 1) * n + d.bucket;
  const mirror = (x: number): number => x - (x % n) + (n - 1 - (x % n));
  const bump = (arr: Float64Array, i: number): void => {
    arr[i] = (arr[i] ?? 0) + 1;
  };
  const add = (x: number, y: number, dm: number): void => {
    bump(c.count, x);
    bump(dm === 0 ? c.q : c.t, x * m + y);
    if (dm !== 0) bump(c.r, x * moves + dm + s.maxMoveHalfTicks);
  };
  for (const states of series) {
    let previous: DiscreteState | null = null;
    for (const state of states) {
      const current =
        state.tickMicros === tick && usable(state)
          ? discretize(state, n, s.maxSpread)
          : ({ ok: false, reason: 'off-grid' } as const);
      if (!current.ok) c.dropped += 1;
      if (previous?.ok && current.ok) {
        const dm = current.midHalfTicks - previous.midHalfTicks;
        if (Math.abs(dm) > s.maxMoveHalfTicks) {
          c.dropped += 1;
        } else {
          const x = index(previous);
          const y = index(current);
          bump(c.observed, x);
          c.transitions += 1;
          if (dm !== 0) c.midMoves += 1;
          add(x, y, dm);
          add(mirror(x), mirror(y), -dm);
        }
      }
      previous = current;
    }
  }
  return c;
}

/** G* in half ticks per state: G¹ = (1 − Q)⁻¹ R K, B = (1 − Q)⁻¹ T, Σ Bⁱ G¹. */
function solveG(
  c: Counts,
  s: Settings,
): { total: Float64Array; iterations: number; converged: boolean } | null {
  const { m, moves } = c;
  // A = 1 − Q; right-hand sides: R·K (one column) and T (m columns), all per row / count.
  const a = new Float64Array(m * m);
  const rhs = new Float64Array(m * (m + 1));
  for (let x = 0; x < m; x++) {
    a[x * m + x] = 1;
    const total = c.count[x] ?? 0;
    if (total === 0) continue;
    let rk = 0;
    for (let k = 0; k < moves; k++) {
      rk += ((c.r[x * moves + k] ?? 0) * (k - s.maxMoveHalfTicks)) / total;
    }
    rhs[x * (m + 1)] = rk;
    for (let y = 0; y < m; y++) {
      a[x * m + y] = (a[x * m + y] ?? 0) - (c.q[x * m + y] ?? 0) / total;
      rhs[x * (m + 1) + 1 + y] = (c.t[x * m + y] ?? 0) / total;
    }
  }
  if (!solveInPlace(a, rhs, m, m + 1)) return null;
  const g1 = new Float64Array(m);
  const b = new Float64Array(m * m);
  for (let x = 0; x < m; x++) {
    g1[x] = rhs[x * (m + 1)] ?? 0;
    for (let y = 0; y < m; y++) b[x * m + y] = rhs[x * (m + 1) + 1 + y] ?? 0;
  }
  return sumSeries(b, g1, m, s.tolerance, s.maxIterations);
}

/** The fitted table: G* in ticks, clamped to ± half the spread, null where seen too rarely. */
function table(c: Counts, totalHalfTicks: Float64Array, s: Settings): StoikovCell[][] {
  const cells: StoikovCell[][] = [];
  for (let spread = 1; spread <= s.maxSpread; spread++) {
    const row: StoikovCell[] = [];
    const half = spread / 2;
    for (let bucket = 0; bucket < s.buckets; bucket++) {
      const x = (spread - 1) * s.buckets + bucket;
      const rawTicks = (totalHalfTicks[x] ?? 0) / 2;
      const count = c.count[x] ?? 0;
      row.push({
        spreadTicks: spread,
        bucket,
        count,
        observed: c.observed[x] ?? 0,
        rawTicks,
        adjustmentTicks:
          count >= s.minStateCount ? Math.max(-half, Math.min(half, rawTicks)) : null,
      });
    }
    cells.push(row);
  }
  return cells;
}

function noFit(
  reason: string,
  transitions: number,
  midMoves: number,
  dropped: number,
): StoikovNoFit {
  return { kind: 'insufficient', reason, transitions, midMoves, dropped };
}

/**
 * Solves A·X = RHS in place (Gaussian elimination, partial pivoting): RHS becomes X. A is
 * m×m, RHS m×cols, both row-major. False when A is (numerically) singular.
 */
function solveInPlace(a: Float64Array, rhs: Float64Array, m: number, cols: number): boolean {
  const at = (arr: Float64Array, i: number): number => arr[i] ?? 0;
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let row = col + 1; row < m; row++) {
      if (Math.abs(at(a, row * m + col)) > Math.abs(at(a, pivot * m + col))) pivot = row;
    }
    if (Math.abs(at(a, pivot * m + col)) < 1e-12) return false;
    if (pivot !== col) {
      swapRows(a, pivot, col, m);
      swapRows(rhs, pivot, col, cols);
    }
    const p = at(a, col * m + col);
    for (let row = 0; row < m; row++) {
      if (row === col) continue;
      const f = at(a, row * m + col) / p;
      if (f === 0) continue;
      for (let k = col; k < m; k++) a[row * m + k] = at(a, row * m + k) - f * at(a, col * m + k);
      for (let k = 0; k < cols; k++) {
        rhs[row * cols + k] = at(rhs, row * cols + k) - f * at(rhs, col * cols + k);
      }
    }
  }
  for (let row = 0; row < m; row++) {
    const p = at(a, row * m + row);
    for (let k = 0; k < cols; k++) rhs[row * cols + k] = at(rhs, row * cols + k) / p;
  }
  return true;
}

function swapRows(arr: Float64Array, i: number, j: number, width: number): void {
  for (let k = 0; k < width; k++) {
    const tmp = arr[i * width + k] ?? 0;
    arr[i * width + k] = arr[j * width + k] ?? 0;
    arr[j * width + k] = tmp;
  }
}

/** Σ_{i≥0} Bⁱ g, until the largest term is below `tolerance` or `maxIterations` terms. */
function sumSeries(
  b: Float64Array,
  g: Float64Array,
  m: number,
  tolerance: number,
  maxIterations: number,
): { total: Float64Array; iterations: number; converged: boolean } {
  const total = Float64Array.from(g);
  let term = Float64Array.from(g);
  for (let i = 1; i <= maxIterations; i++) {
    const next = new Float64Array(m);
    let largest = 0;
    for (let x = 0; x < m; x++) {
      let v = 0;
      for (let y = 0; y < m; y++) v += (b[x * m + y] ?? 0) * (term[y] ?? 0);
      next[x] = v;
      total[x] = (total[x] ?? 0) + v;
      largest = Math.max(largest, Math.abs(v));
    }
    term = next;
    if (largest < tolerance) return { total, iterations: i, converged: true };
  }
  return { total, iterations: maxIterations, converged: false };
}

/**
 * What pricing needs of a fit, small enough to travel in every market snapshot: the tick, the
 * discretisation, and G* per state in ticks (clamped; null where the fit saw the state too
 * rarely).
 */
export interface StoikovModel {
  tickMicros: number;
  imbalanceBuckets: number;
  maxSpreadTicks: number;
  /** adjustmentTicks[spreadTicks − 1][bucket]. */
  adjustmentTicks: (number | null)[][];
}

export function stoikovModelOf(fit: StoikovFit): StoikovModel {
  return {
    tickMicros: fit.tickMicros,
    imbalanceBuckets: fit.imbalanceBuckets,
    maxSpreadTicks: fit.maxSpreadTicks,
    adjustmentTicks: fit.cells.map((row) => row.map((cell) => cell.adjustmentTicks)),
  };
}

/**
 * Stoikov's micro-price of a top of book: mid + G*(I, S), rounded to integer micros. Falls back
 * to the weighted mid (and says why) without a fit, on another tick than the fit's, off the
 * grid, beyond the modelled spreads, or in a state the fit saw too rarely.
 */
export function stoikovMicroPrice(
  fit: StoikovFitResult | null | undefined,
  state: TopOfBookState,
): StoikovPrice {
  if (!fit) return weightedFallback(state, 'no-fit', 'no Stoikov fit for this market yet');
  if (fit.kind === 'insufficient') {
    return weightedFallback(state, 'no-fit', `no Stoikov fit: ${fit.reason}`);
  }
  return priceOnGrid(fit, state, (spread, bucket) => {
    const cell = fit.cells[spread - 1]?.[bucket];
    return {
      adjustmentTicks: cell?.adjustmentTicks ?? null,
      unseen: `state (spread ${spread}, bucket ${bucket}) seen ${cell?.count ?? 0} times`,
    };
  });
}

/** stoikovMicroPrice on a model (the fit as a market snapshot carries it). */
export function stoikovModelPrice(
  model: StoikovModel | null | undefined,
  state: TopOfBookState,
): StoikovPrice {
  if (!model) return weightedFallback(state, 'no-fit', 'no Stoikov fit for this market yet');
  return priceOnGrid(model, state, (spread, bucket) => ({
    adjustmentTicks: model.adjustmentTicks[spread - 1]?.[bucket] ?? null,
    unseen: `state (spread ${spread}, bucket ${bucket}) seen too rarely`,
  }));
}

/**
 * A price kept strictly between a bid and an ask (the mid when they are a micro apart). G* is
 * clamped to ± half the spread, so Stoikov's micro-price may sit on the best bid or ask; quoting
 * from there would put a passive order's target on the opposite touch.
 */
export function strictlyInsideSpread(
  priceMicros: number,
  bidMicros: number,
  askMicros: number,
): number {
  if (askMicros - bidMicros < 2) return Math.round((bidMicros + askMicros) / 2);
  return Math.min(askMicros - 1, Math.max(bidMicros + 1, priceMicros));
}

function weightedFallback(
  state: TopOfBookState,
  reason: StoikovFallbackReason,
  detail: string,
): StoikovPrice {
  const weighted = microPriceOf(
    state.bidPriceMicros,
    state.bidSizeMicros,
    state.askPriceMicros,
    state.askSizeMicros,
  );
  return { source: 'weighted-mid', priceMicros: weighted, reason, detail };
}

function priceOnGrid(
  grid: { tickMicros: number; imbalanceBuckets: number; maxSpreadTicks: number },
  state: TopOfBookState,
  cellAt: (
    spreadTicks: number,
    bucket: number,
  ) => { adjustmentTicks: number | null; unseen: string },
): StoikovPrice {
  if (state.tickMicros !== grid.tickMicros) {
    return weightedFallback(
      state,
      'tick-mismatch',
      `fitted on tick ${grid.tickMicros}, book on ${state.tickMicros}`,
    );
  }
  const d = discretize(state, grid.imbalanceBuckets, grid.maxSpreadTicks);
  if (!d.ok) {
    return weightedFallback(
      state,
      d.reason,
      d.reason === 'off-grid'
        ? 'best prices are off the tick grid'
        : `spread outside 1..${grid.maxSpreadTicks} ticks`,
    );
  }
  const cell = cellAt(d.spreadTicks, d.bucket);
  if (cell.adjustmentTicks === null) return weightedFallback(state, 'unseen-state', cell.unseen);
  const mid = (state.bidPriceMicros + state.askPriceMicros) / 2;
  return {
    source: 'stoikov',
    priceMicros: Math.round(mid + cell.adjustmentTicks * grid.tickMicros),
    adjustmentTicks: cell.adjustmentTicks,
    spreadTicks: d.spreadTicks,
    bucket: d.bucket,
  };
}

export interface StoikovEstimatorOptions extends StoikovOptions {
  /** States kept for the fit, newest (default 20 000). */
  window?: number;
  /** Refit after this many new states (default 1 000). */
  refitEvery?: number;
}

/**
 * One market's Stoikov micro-price, refitted as its book moves: it keeps the latest `window`
 * top-of-book changes (unchanged tops are not events) and refits every `refitEvery` of them.
 * Until the first fit succeeds, prices are the weighted mid, with the reason.
 */
export class StoikovEstimator {
  private readonly options: StoikovOptions;
  private readonly window: number;
  private readonly refitEvery: number;
  private readonly states: TopOfBookState[] = [];
  private sinceFit = 0;
  private current: StoikovFitResult | null = null;

  constructor(options: StoikovEstimatorOptions = {}) {
    const { window = 20_000, refitEvery = 1_000, ...fitOptions } = options;
    if (!Number.isSafeInteger(window) || window < 2) {
      throw new PolydeskError('BAD_REQUEST', 'window must be an integer ≥ 2');
    }
    if (!Number.isSafeInteger(refitEvery) || refitEvery < 1) {
      throw new PolydeskError('BAD_REQUEST', 'refitEvery must be a positive integer');
    }
    settingsOf(fitOptions);
    this.options = fitOptions;
    this.window = window;
    this.refitEvery = refitEvery;
  }

  /** The latest fit (or why there is none); null before the first refit. */
  get fit(): StoikovFitResult | null {
    return this.current;
  }

  /** Adds a top of book; returns true when this observation triggered a refit. */
  observe(state: TopOfBookState): boolean {
    const last = this.states.at(-1);
    if (last && sameTopOfBook(last, state)) return false;
    this.states.push({ ...state });
    if (this.states.length > this.window) this.states.splice(0, this.states.length - this.window);
    this.sinceFit += 1;
    if (this.sinceFit < this.refitEvery) return false;
    this.refit();
    return true;
  }

  refit(): StoikovFitResult {
    this.sinceFit = 0;
    this.current = fitStoikov(this.states, this.options);
    return this.current;
  }

  price(state: TopOfBookState): StoikovPrice {
    return stoikovMicroPrice(this.current, state);
  }
}
