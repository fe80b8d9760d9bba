import { z } from 'zod';
import {
  copyRules,
  RULES_PROMPT,
  RULES_REALISTIC,
  type ProductionRules,
} from './production-rules.js';
import {
  copyTiming,
  TIMING_PROMPT,
  TIMING_REALISTIC,
  type LagRange,
  type ReportTiming,
  type TimingProfile,
} from './report-timing.js';

/** Everything a profile sets: how the exchange reports, and which production rules it enforces. */
export type ProfileKnobs = ReportTiming & ProductionRules;

export const PROFILE_PROMPT: Readonly<ProfileKnobs> = Object.freeze({
  ...TIMING_PROMPT,
  ...RULES_PROMPT,
});
export const PROFILE_REALISTIC: Readonly<ProfileKnobs> = Object.freeze({
  ...TIMING_REALISTIC,
  ...RULES_REALISTIC,
});
export const PROFILES: Readonly<Record<TimingProfile, Readonly<ProfileKnobs>>> = Object.freeze({
  prompt: PROFILE_PROMPT,
  realistic: PROFILE_REALISTIC,
});

function copyKnobs(k: Readonly<ProfileKnobs>): ProfileKnobs {
  return { ...copyTiming(k), ...copyRules(k) };
}

export interface FaultConfig extends ProfileKnobs {
  /** Added to every REST reply. */
  latencyMs: LagRange;
  /** 0..1: answer 500 without processing. */
  http5xxRate: number;
  /** 0..1: answer 429 'Too Many Requests' without processing. */
  http429Rate: number;
  /** 0..1: process the request, then destroy the socket without replying. */
  dropReplyRate: number;
  /** A cancel of a resting order first lets a taker fill half of it. */
  fillDuringCancel: boolean;
  /** The next N matched trades end FAILED instead of CONFIRMED. */
  failNextTrades: number;
}

/** What `set()` and `POST /_emulator/faults` take: any subset; `streamReorder` also as a boolean (1 / 0). */
export type FaultPatch = Partial<Omit<FaultConfig, 'streamReorder'>> & {
  streamReorder?: number | boolean;
};

export interface FaultController {
  /** Throws (with the offending field in the message) on a bad value; nothing is applied then. */
  set(partial: FaultPatch): void;
  /** Every fault off, streams un-stalled, timing knobs back to the profile the emulator started with. */
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

type Switches = Omit<FaultConfig, 'failNextTrades'>;

const rate = (name: string) =>
  z
    .number({ error: `${name} must be a number between 0 and 1` })
    .min(0, { error: `${name} must be a number between 0 and 1` })
    .max(1, { error: `${name} must be a number between 0 and 1` });

const nonNegative = (name: string) =>
  z
    .number({ error: `${name} must be a number >= 0` })
    .min(0, { error: `${name} must be a number >= 0` });

const bucket = (name: string) => {
  const msg = `${name} needs {ratePerSec, burst} with ratePerSec > 0 and burst >= 1`;
  return z.strictObject(
    {
      ratePerSec: z.number({ error: msg }).positive({ error: msg }),
      burst: z.number({ error: msg }).min(1, { error: msg }),
    },
    { error: msg },
  );
};

const lag = (name: string) => {
  const msg = `${name} needs {min, max} with 0 <= min <= max (ms)`;
  return z
    .object({ min: z.number({ error: msg }).min(0, { error: msg }), max: z.number({ error: msg }) })
    .refine((r) => r.max >= r.min, { error: msg });
};

/** The one validator of fault patches, shared by `set()` and the control endpoint. */
export const FaultPatchSchema = z
  .strictObject(
    {
      latencyMs: lag('latencyMs'),
      http5xxRate: rate('http5xxRate'),
      http429Rate: rate('http429Rate'),
      dropReplyRate: rate('dropReplyRate'),
      fillDuringCancel: z.boolean({ error: 'fillDuringCancel must be a boolean' }),
      failNextTrades: z
        .number({ error: 'failNextTrades must be an integer >= 0' })
        .int({ error: 'failNextTrades must be an integer >= 0' })
        .min(0, { error: 'failNextTrades must be an integer >= 0' }),
      restTradeLagMs: lag('restTradeLagMs'),
      streamTradeLagMs: lag('streamTradeLagMs'),
      streamOrderLagMs: lag('streamOrderLagMs'),
      streamReorder: z
        .union([z.boolean(), z.number()], {
          error: 'streamReorder must be a boolean or a number between 0 and 1',
        })
        .transform((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v))
        .pipe(rate('streamReorder')),
      dropTradeMessageRate: rate('dropTradeMessageRate'),
      forgetFinalOrdersAfterMs: z
        .number({ error: 'forgetFinalOrdersAfterMs must be a number of ms >= 0, or null' })
        .min(0, { error: 'forgetFinalOrdersAfterMs must be a number of ms >= 0, or null' })
        .nullable(),
      matchDuringCancelRate: rate('matchDuringCancelRate'),
      minedAfterMs: lag('minedAfterMs'),
      confirmedAfterMs: lag('confirmedAfterMs'),
      amountPrecision: z.enum(['off', 'polymarket'], {
        error: "amountPrecision must be 'off' or 'polymarket'",
      }),
      marketOrderMinUsdc: nonNegative('marketOrderMinUsdc'),
      signerRateLimits: z
        .strictObject(
          {
            tier: z.string({ error: 'signerRateLimits.tier must be a string' }),
            order: bucket('signerRateLimits.order'),
            cancel: bucket('signerRateLimits.cancel'),
            negativeCancelBalance: z.boolean({
              error: 'signerRateLimits.negativeCancelBalance must be a boolean',
            }),
            warningOnly: z.boolean({ error: 'signerRateLimits.warningOnly must be a boolean' }),
          },
          {
            error:
              'signerRateLimits must be null or {tier, order, cancel, negativeCancelBalance, warningOnly}',
          },
        )
        .nullable(),
      delayedRate: rate('delayedRate'),
      delayedMs: lag('delayedMs'),
      unmatchedRate: rate('unmatchedRate'),
      omitTransactionHashesRate: rate('omitTransactionHashesRate'),
      wsIdleTimeoutMs: z
        .number({ error: 'wsIdleTimeoutMs must be a number of ms > 0, or null' })
        .positive({ error: 'wsIdleTimeoutMs must be a number of ms > 0, or null' })
        .nullable(),
      marketBuyFill: z.enum(['by-size', 'by-amount'], {
        error: "marketBuyFill must be 'by-size' or 'by-amount'",
      }),
    },
    { error: 'expected a JSON object of faults' },
  )
  .partial();

export type ParsedFaultPatch = z.output<typeof FaultPatchSchema>;

/** Validates a patch; the error names every bad field. */
export function parseFaultPatch(
  value: unknown,
): { ok: true; patch: ParsedFaultPatch } | { ok: false; error: string } {
  const r = FaultPatchSchema.safeParse(value);
  if (r.success) return { ok: true, patch: r.data };
  const unknownKeys = r.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []));
  const messages = r.error.issues
    .filter((i) => i.code !== 'unrecognized_keys')
    .map((i) => i.message);
  if (unknownKeys.length > 0) messages.push(`unknown fault: ${unknownKeys.join(', ')}`);
  if (messages.length === 0) messages.push('expected a JSON object of faults');
  return { ok: false, error: [...new Set(messages)].join('; ') };
}

function initial(knobs: Readonly<ProfileKnobs>): Switches {
  return {
    latencyMs: { min: 0, max: 0 },
    http5xxRate: 0,
    http429Rate: 0,
    dropReplyRate: 0,
    fillDuringCancel: false,
    ...copyKnobs(knobs),
  };
}

const SHARE = 1_000_000n;
/** Sizes matched during a cancel are whole hundredths of a share. */
const CENT_SHARE = 10_000n;

/** Holds the fault switches; the REST layer, the streams and the engine read them, the hooks act on streams and trades. */
export class FaultSwitchboard implements FaultController {
  private config: Switches;
  private readonly baseKnobs: ProfileKnobs;

  constructor(
    private readonly hooks: FaultHooks,
    private readonly random: () => number,
    /** The profile the emulator started with; `reset()` returns to it. */
    baseKnobs: Readonly<ProfileKnobs> = PROFILE_PROMPT,
  ) {
    this.baseKnobs = copyKnobs(baseKnobs);
    this.config = initial(this.baseKnobs);
  }

  set(partial: FaultPatch): void {
    const parsed = parseFaultPatch(partial);
    if (!parsed.ok) throw new Error(parsed.error);
    const { failNextTrades, ...switches } = parsed.patch;
    // The parsed patch holds fresh objects, so nothing here aliases the caller's.
    this.config = { ...this.config, ...switches };
    if (failNextTrades !== undefined) this.hooks.setFailNextTrades(failNextTrades);
  }

  reset(): void {
    this.config = initial(this.baseKnobs);
    this.hooks.setFailNextTrades(0);
    this.hooks.stallStreams(false);
  }

  current(): FaultConfig {
    return {
      ...this.config,
      ...copyKnobs(this.config),
      latencyMs: { ...this.config.latencyMs },
      failNextTrades: this.hooks.pendingFailures(),
    };
  }

  /** The live timing knobs, read on every report (not a copy: do not mutate). */
  timing(): Readonly<ReportTiming> {
    return this.config;
  }

  /** The live production rules (not a copy: do not mutate). */
  rules(): Readonly<ProductionRules> {
    return this.config;
  }

  /** One uniform draw in [0, 1) from the fault sequence. */
  draw(): number {
    return this.random();
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

  /**
   * Micro-shares of a resting order that a taker matches while its cancel is in flight (0 = none):
   * half the remainder with `fillDuringCancel`; else, with `matchDuringCancelRate`, a uniform draw
   * in hundredths of a share from 1 share (or the whole remainder if smaller) up to the remainder.
   * A draw of the whole remainder leaves nothing to cancel: the match won the race outright.
   */
  matchDuringCancel(remaining: bigint): bigint {
    if (remaining <= 0n) return 0n;
    if (this.config.fillDuringCancel) {
      const half = (remaining / 2n / CENT_SHARE) * CENT_SHARE;
      return half > 0n ? half : remaining;
    }
    const p = this.config.matchDuringCancelRate;
    if (p <= 0 || this.random() >= p) return 0n;
    const low = remaining < SHARE ? remaining : SHARE;
    const steps = (remaining - low) / CENT_SHARE;
    const step = BigInt(Math.floor(this.random() * (Number(steps) + 1)));
    const size = low + step * CENT_SHARE;
    return size > remaining ? remaining : size;
  }
}

const PROFILE_KEYS = Object.keys(PROFILE_PROMPT) as (keyof ProfileKnobs)[];

/** The `timing` start option as knobs: a profile name, or knobs over 'prompt'. Throws on bad values. */
export function resolveTiming(
  option: TimingProfile | Partial<ProfileKnobs> | undefined,
  fallback: TimingProfile,
): ProfileKnobs {
  const name = option ?? fallback;
  if (typeof name === 'string') {
    if (!Object.hasOwn(PROFILES, name))
      throw new Error(`timing must be 'prompt', 'realistic' or an object of timing knobs`);
    return copyKnobs(PROFILES[name]);
  }
  const other = Object.keys(name).filter((k) => !(PROFILE_KEYS as string[]).includes(k));
  if (other.length > 0) throw new Error(`not a timing knob: ${other.join(', ')}`);
  const parsed = parseFaultPatch(name);
  if (!parsed.ok) throw new Error(`invalid timing: ${parsed.error}`);
  return copyKnobs({ ...PROFILE_PROMPT, ...parsed.patch });
}
