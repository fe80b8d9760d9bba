/** A pending timer or interval. */
export interface Timer {
  cancel(): void;
  /** Lets the process exit while the timer waits (a no-op on a virtual clock). */
  unref(): void;
}

/**
 * Where the daemon and the market monitor schedule their timers: the real event loop by default,
 * a virtual clock in replays (src-main/replay), so a recorded session runs on recorded time.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): Timer;
  setInterval(callback: () => void, ms: number): Timer;
  /**
   * Resolves once the I/O callbacks already due have run (setImmediate on the event loop): where
   * work that may block the thread (a store commit) waits, so that requests started before it
   * leave first. A virtual clock, with no real I/O to let through, resolves in a microtask.
   */
  afterDueIo(): Promise<void>;
}

function wrap(handle: NodeJS.Timeout, clear: (handle: NodeJS.Timeout) => void): Timer {
  return {
    cancel: () => clear(handle),
    unref: () => {
      handle.unref();
    },
  };
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => wrap(setTimeout(callback, ms), clearTimeout),
  setInterval: (callback, ms) => wrap(setInterval(callback, ms), clearInterval),
  afterDueIo: () => new Promise((resolve) => setImmediate(resolve)),
};
