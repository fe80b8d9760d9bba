import type { Timer, Timers } from '../daemon/timers';

interface Pending {
  dueAtMs: number;
  /** Order of scheduling: timers due at the same time fire in the order they were set. */
  seq: number;
  callback: () => void;
  /** Re-armed after each run when set. */
  everyMs: number | undefined;
  cancelled: boolean;
}

/** Resolves once every promise chain that can move has moved (no real timers or I/O pending). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Recorded time for the daemon and the monitor: `now()` is whatever the replay set it to, and
 * timers fire only when the replay advances past them — in due order, one at a time, with every
 * promise chain settled after each — so a replay runs as fast as the CPU allows and the same
 * input gives the same sequence of steps.
 */
export class VirtualClock implements Timers {
  private nowMs: number;
  private seq = 0;
  private pending: Pending[] = [];

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  readonly now = (): number => this.nowMs;

  /** No real I/O to let through: a microtask, so that `settle()` still sees every chain move. */
  readonly afterDueIo = (): Promise<void> => Promise.resolve();

  setTimeout(callback: () => void, ms: number): Timer {
    return this.schedule(callback, ms, undefined);
  }

  setInterval(callback: () => void, ms: number): Timer {
    return this.schedule(callback, ms, Math.max(1, ms));
  }

  /** The due time of the next timer, or undefined when none is pending. */
  nextDueAt(): number | undefined {
    return this.next()?.dueAtMs;
  }

  /** Fires every timer due up to `timeMs` at its own time, settling after each; then stands at timeMs. */
  async advanceTo(timeMs: number): Promise<void> {
    for (let timer = this.next(); timer && timer.dueAtMs <= timeMs; timer = this.next()) {
      this.nowMs = Math.max(this.nowMs, timer.dueAtMs);
      this.fire(timer);
      await settle();
    }
    this.nowMs = Math.max(this.nowMs, timeMs);
  }

  /**
   * Settles, then advances timer by timer until `promise` is done; rejects when it is not done
   * within `limitMs` of recorded time.
   */
  async runUntil<T>(promise: Promise<T>, limitMs = 120_000): Promise<T> {
    let done = false;
    const tracked = promise.finally(() => {
      done = true;
    });
    tracked.catch(() => undefined);
    await settle();
    const deadline = this.nowMs + limitMs;
    while (!done) {
      const due = this.nextDueAt();
      if (due === undefined || due > deadline) {
        throw new Error(`not done within ${limitMs} ms of recorded time`);
      }
      await this.advanceTo(due);
    }
    return tracked;
  }

  private schedule(callback: () => void, ms: number, everyMs: number | undefined): Timer {
    const delay = Number.isFinite(ms) && ms > 0 ? Math.floor(ms) : 0;
    const timer: Pending = {
      dueAtMs: this.nowMs + delay,
      seq: this.seq++,
      callback,
      everyMs,
      cancelled: false,
    };
    this.pending.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
      unref: () => undefined,
    };
  }

  private next(): Pending | undefined {
    this.pending = this.pending.filter((timer) => !timer.cancelled);
    let best: Pending | undefined;
    for (const timer of this.pending) {
      if (
        !best ||
        timer.dueAtMs < best.dueAtMs ||
        (timer.dueAtMs === best.dueAtMs && timer.seq < best.seq)
      ) {
        best = timer;
      }
    }
    return best;
  }

  private fire(timer: Pending): void {
    if (timer.everyMs === undefined) {
      timer.cancelled = true;
    } else {
      // An interval keeps its identity (its cancel handle) and moves to its next due time.
      timer.dueAtMs += timer.everyMs;
      timer.seq = this.seq++;
    }
    timer.callback();
  }
}
