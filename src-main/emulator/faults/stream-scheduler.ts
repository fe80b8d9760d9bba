import { drawLag, type ReportTiming } from './report-timing.js';

export type StreamMessageKind = 'order' | 'trade';

interface Pending {
  at: number;
  deliver: () => void;
}

interface Lane {
  /** Sorted by `at`; equal times keep their insertion order. */
  pending: Pending[];
  timer: NodeJS.Timeout | null;
}

export interface StreamSchedulerDeps {
  timing: () => Readonly<ReportTiming>;
  random: () => number;
  now: () => number;
}

/**
 * Delays, reorders and drops user-channel messages, one lane per connection. With every knob at
 * zero a message is delivered synchronously, exactly as before the knobs existed.
 */
export class StreamScheduler<K> {
  private readonly lanes = new Map<K, Lane>();

  constructor(private readonly d: StreamSchedulerDeps) {}

  /** Schedules one message for one connection; false if it was dropped. */
  push(key: K, kind: StreamMessageKind, deliver: () => void): boolean {
    const t = this.d.timing();
    if (kind === 'trade' && t.dropTradeMessageRate > 0 && this.d.random() < t.dropTradeMessageRate)
      return false;
    const lag = drawLag(kind === 'trade' ? t.streamTradeLagMs : t.streamOrderLagMs, this.d.random);
    const lane = this.lanes.get(key);
    if (lag === 0 && (lane === undefined || lane.pending.length === 0)) {
      deliver();
      return true;
    }
    const l = lane ?? this.newLane(key);
    const now = this.d.now();
    let at = now + lag;
    const first = l.pending[0];
    const last = l.pending[l.pending.length - 1];
    if (t.streamReorder <= 0) {
      // In order: never before what is already waiting on this connection.
      if (last && last.at > at) at = last.at;
      l.pending.push({ at, deliver });
    } else if (first && this.d.random() < t.streamReorder) {
      // Overtake everything still waiting, so reordering really happens when asked for.
      l.pending.unshift({ at: Math.min(at, first.at), deliver });
    } else {
      const i = l.pending.findIndex((p) => p.at > at);
      l.pending.splice(i < 0 ? l.pending.length : i, 0, { at, deliver });
    }
    this.arm(key, l);
    return true;
  }

  /** Forgets a connection's waiting messages (it closed). */
  forget(key: K): void {
    const lane = this.lanes.get(key);
    if (lane?.timer) clearTimeout(lane.timer);
    this.lanes.delete(key);
  }

  clear(): void {
    for (const key of [...this.lanes.keys()]) this.forget(key);
  }

  private newLane(key: K): Lane {
    const lane: Lane = { pending: [], timer: null };
    this.lanes.set(key, lane);
    return lane;
  }

  private arm(key: K, lane: Lane): void {
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = null;
    const first = lane.pending[0];
    if (!first) {
      this.lanes.delete(key);
      return;
    }
    lane.timer = setTimeout(
      () => this.flush(key, lane),
      Math.max(0, Math.ceil(first.at - this.d.now())),
    );
    lane.timer.unref();
  }

  private flush(key: K, lane: Lane): void {
    lane.timer = null;
    const now = this.d.now();
    while (lane.pending[0] && lane.pending[0].at <= now) {
      const p = lane.pending.shift() as Pending;
      p.deliver();
    }
    if (this.lanes.get(key) === lane) this.arm(key, lane);
  }
}
