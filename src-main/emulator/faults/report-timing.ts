/**
 * How late, in what order and how reliably the paper exchange reports what happened. Polymarket
 * lists trades in `/data/trades` some time after `getOrder` already shows the matched size, sends
 * user-channel messages late, out of order or not at all, and forgets orders that are no longer
 * live; these knobs reproduce that. They are part of FaultConfig (one switchboard for all faults).
 */

export interface LagRange {
  min: number;
  max: number;
}

export interface ReportTiming {
  /** A trade, and each later status of it, shows in `GET /data/trades` this long after it happened. */
  restTradeLagMs: LagRange;
  /** User-channel `trade` messages are sent this long after the event (drawn per message). */
  streamTradeLagMs: LagRange;
  /** User-channel `order` messages (PLACEMENT / UPDATE / CANCELLATION) likewise. */
  streamOrderLagMs: LagRange;
  /**
   * 0..1. Above 0, user-channel messages of one connection are no longer kept in order: each gets
   * its own lag, and with this probability it also overtakes every message still waiting on that
   * connection (so 1 sends each burst newest first). 0 keeps them in the order they happened.
   */
  streamReorder: number;
  /** 0..1: a user-channel `trade` message is never sent (REST still lists the trade). */
  dropTradeMessageRate: number;
  /** `GET /data/order/{id}` answers `null` once the order has been final this long; null = never. */
  forgetFinalOrdersAfterMs: number | null;
  /** 0..1: a cancel of a resting order first lets a taker match a random part of it. */
  matchDuringCancelRate: number;
}

export type TimingProfile = 'prompt' | 'realistic';

/** Everything reported at once, in order, and kept: the emulator's behaviour before these knobs. */
export const TIMING_PROMPT: Readonly<ReportTiming> = Object.freeze({
  restTradeLagMs: Object.freeze({ min: 0, max: 0 }),
  streamTradeLagMs: Object.freeze({ min: 0, max: 0 }),
  streamOrderLagMs: Object.freeze({ min: 0, max: 0 }),
  streamReorder: 0,
  dropTradeMessageRate: 0,
  forgetFinalOrdersAfterMs: null,
  matchDuringCancelRate: 0,
});

/** Polymarket-like: a few hundred ms of lag, some reordering, rare lost trade messages and races. */
export const TIMING_REALISTIC: Readonly<ReportTiming> = Object.freeze({
  restTradeLagMs: Object.freeze({ min: 150, max: 700 }),
  streamTradeLagMs: Object.freeze({ min: 50, max: 400 }),
  streamOrderLagMs: Object.freeze({ min: 50, max: 400 }),
  streamReorder: 0.1,
  dropTradeMessageRate: 0.02,
  forgetFinalOrdersAfterMs: 20_000,
  matchDuringCancelRate: 0.05,
});

export const TIMING_PROFILES: Readonly<Record<TimingProfile, Readonly<ReportTiming>>> =
  Object.freeze({ prompt: TIMING_PROMPT, realistic: TIMING_REALISTIC });

/** A mutable copy (the profiles are frozen). */
export function copyTiming(t: Readonly<ReportTiming>): ReportTiming {
  return {
    ...t,
    restTradeLagMs: { ...t.restTradeLagMs },
    streamTradeLagMs: { ...t.streamTradeLagMs },
    streamOrderLagMs: { ...t.streamOrderLagMs },
  };
}

/** A draw in [min, max]; 0 without a random call when the range is off. */
export function drawLag(range: LagRange, random: () => number): number {
  if (range.max <= 0) return 0;
  return range.min + random() * (range.max - range.min);
}
