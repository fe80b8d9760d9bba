export interface FaultConfig {
  /** Added to every REST reply. */
  latencyMs: { min: number; max: number };
  /** 0..1: answer 500 without processing. */
  http5xxRate: number;
  /** 0..1: answer 429 'Too Many Requests' without processing. */
  http429Rate: number;
  /** 0..1: process the request, then destroy the socket without replying. */
  dropReplyRate: number;
  /** A cancel of a resting order first lets a taker fill (part of) it. */
  fillDuringCancel: boolean;
  /** The next N matched trades end FAILED instead of CONFIRMED. */
  failNextTrades: number;
}

export interface FaultController {
  set(partial: Partial<FaultConfig>): void;
  reset(): void;
  current(): FaultConfig;
  /** Close every WS connection abruptly. */
  disconnectStreams(): void;
  /** Keep sockets open and answer PING with PONG, but send no data. */
  stallStreams(stalled: boolean): void;
}

export interface FaultHooks {
  disconnectStreams(): void;
  stallStreams(stalled: boolean): void;
  setFailNextTrades(n: number): void;
  pendingFailures(): number;
}

function defaults(): Omit<FaultConfig, 'failNextTrades'> {
  return {
    latencyMs: { min: 0, max: 0 },
    http5xxRate: 0,
    http429Rate: 0,
    dropReplyRate: 0,
    fillDuringCancel: false,
  };
}

function rate(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`${name} must be a number between 0 and 1`);
  }
  return value;
}

/** Holds the fault switches; the REST layer and the engine read them, the hooks act on streams and trades. */
export class FaultSwitchboard implements FaultController {
  private config = defaults();

  constructor(
    private readonly hooks: FaultHooks,
    private readonly random: () => number,
  ) {}

  set(partial: Partial<FaultConfig>): void {
    const next = { ...this.config, latencyMs: { ...this.config.latencyMs } };
    if (partial.latencyMs !== undefined) {
      const { min, max } = partial.latencyMs;
      if (!(min >= 0 && max >= min)) throw new Error('latencyMs needs 0 <= min <= max');
      next.latencyMs = { min, max };
    }
    if (partial.http5xxRate !== undefined)
      next.http5xxRate = rate(partial.http5xxRate, 'http5xxRate');
    if (partial.http429Rate !== undefined)
      next.http429Rate = rate(partial.http429Rate, 'http429Rate');
    if (partial.dropReplyRate !== undefined)
      next.dropReplyRate = rate(partial.dropReplyRate, 'dropReplyRate');
    if (partial.fillDuringCancel !== undefined)
      next.fillDuringCancel = Boolean(partial.fillDuringCancel);
    this.config = next;
    if (partial.failNextTrades !== undefined) this.hooks.setFailNextTrades(partial.failNextTrades);
  }

  reset(): void {
    this.config = defaults();
    this.hooks.setFailNextTrades(0);
    this.hooks.stallStreams(false);
  }

  current(): FaultConfig {
    return {
      ...this.config,
      latencyMs: { ...this.config.latencyMs },
      failNextTrades: this.hooks.pendingFailures(),
    };
  }

  disconnectStreams(): void {
    this.hooks.disconnectStreams();
  }

  stallStreams(stalled: boolean): void {
    this.hooks.stallStreams(stalled);
  }

  /** What to do with one REST request, decided before it is processed. */
  decide(): { status: 500 | 429 | null; drop: boolean; delayMs: number } {
    const c = this.config;
    const delayMs =
      c.latencyMs.max > 0
        ? c.latencyMs.min + this.random() * (c.latencyMs.max - c.latencyMs.min)
        : 0;
    if (c.http5xxRate > 0 && this.random() < c.http5xxRate)
      return { status: 500, drop: false, delayMs };
    if (c.http429Rate > 0 && this.random() < c.http429Rate)
      return { status: 429, drop: false, delayMs };
    const drop = c.dropReplyRate > 0 && this.random() < c.dropReplyRate;
    return { status: null, drop, delayMs };
  }

  fillDuringCancel(): boolean {
    return this.config.fillDuringCancel;
  }
}
