import { PolydeskError } from '@shared/errors';
import { MICROS_PER_UNIT } from '@shared/math/decimal';
import { kellyMulti } from '@shared/math/kelly-multi';
import type { KellyMultiResult } from '@shared/math/kelly-multi';

/** One outcome of the event as the calculator sees it. */
export interface KellyOutcomeInput {
  id: string;
  /** Belief typed by the user, in percent ("36"); '' counts as 0. */
  beliefText: string;
  /** Cost of one YES share now (its best ask); null when nothing is offered. */
  askMicros: number | null;
}

export interface EventKellyValues {
  kellyFraction: string;
  bankroll: string;
}

export const DEFAULT_EVENT_KELLY: EventKellyValues = { kellyFraction: '0.25', bankroll: '100' };

export interface EventKellyStake {
  id: string;
  belief: number;
  selected: boolean;
  /** Stake after λ, fraction of the bankroll. */
  fraction: number;
  stakeMicros: number;
  /** Whole shares the stake buys at the ask (0 when nothing is offered). */
  sharesMicros: number;
}

export type EventKelly =
  | {
      ok: true;
      stakes: EventKellyStake[];
      result: KellyMultiResult;
      beliefSum: number;
      /** Set when the beliefs were divided by their sum to make them sum to 1. */
      normalizedNote: string | null;
      bankrollMicros: number;
    }
  | { ok: false; message: string };

/** Outcomes nobody offers are kept in the belief total but priced so they are never bought. */
const UNOFFERED_PRICE = 1 - 1e-6;
const SUM_TOLERANCE = 1e-9;

function parseNumber(text: string): number | null {
  if (text.trim() === '') return 0;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * The Kelly stakes across the event's mutually exclusive outcomes (src-shared/math/kelly-multi):
 * beliefs in percent, normalized to sum to 1 (with a note) when they do not; λ fractional Kelly;
 * each stake as pUSD of the bankroll and whole shares at the best ask.
 */
export function computeEventKelly(
  outcomes: readonly KellyOutcomeInput[],
  values: EventKellyValues,
): EventKelly {
  if (outcomes.length === 0) return { ok: false, message: 'No open outcome to stake on.' };
  const beliefs: number[] = [];
  for (const o of outcomes) {
    const pct = parseNumber(o.beliefText);
    if (pct === null || pct < 0 || pct > 100) {
      return { ok: false, message: 'Each belief is a percentage between 0 and 100.' };
    }
    beliefs.push(pct / 100);
  }
  const beliefSum = beliefs.reduce((a, b) => a + b, 0);
  if (beliefSum <= 0) return { ok: false, message: 'Give at least one outcome a belief above 0.' };
  const lambda = Number(values.kellyFraction);
  if (!(lambda > 0 && lambda <= 1)) {
    return { ok: false, message: 'The Kelly fraction is above 0 and at most 1.' };
  }
  const bankroll = Number(values.bankroll);
  if (!(bankroll > 0) || !Number.isFinite(bankroll)) {
    return { ok: false, message: 'The bankroll is a positive amount of pUSD.' };
  }
  const bankrollMicros = Math.round(bankroll * MICROS_PER_UNIT);
  let result: KellyMultiResult;
  try {
    result = kellyMulti({
      outcomes: outcomes.map((o, i) => ({
        id: o.id,
        belief: beliefs[i] ?? 0,
        price: o.askMicros === null ? UNOFFERED_PRICE : o.askMicros / MICROS_PER_UNIT,
      })),
      kellyFraction: lambda,
      normalizeBeliefs: true,
    });
  } catch (err) {
    return { ok: false, message: PolydeskError.from(err).message };
  }
  const stakes = result.outcomes.map((o, i): EventKellyStake => {
    const ask = outcomes[i]?.askMicros ?? null;
    const stakeMicros = Math.floor(o.fraction * bankrollMicros);
    const shares = ask === null ? 0 : Math.floor(stakeMicros / ask);
    return {
      id: o.id,
      belief: o.belief,
      selected: o.fraction > 0,
      fraction: o.fraction,
      stakeMicros,
      sharesMicros: shares * MICROS_PER_UNIT,
    };
  });
  const normalizedNote =
    Math.abs(beliefSum - 1) > SUM_TOLERANCE
      ? `Beliefs sum to ${(beliefSum * 100).toFixed(1)}%: each was divided by ${beliefSum.toFixed(3)} so that they sum to 100%.`
      : null;
  return { ok: true, stakes, result, beliefSum, normalizedNote, bankrollMicros };
}

/** Σ of the outcomes' prices and its distance from 1; null when a price is missing. */
export function priceSum(prices: readonly (number | null)[]): {
  sumMicros: number;
  deviationMicros: number;
} | null {
  if (prices.length === 0 || prices.some((p) => p === null)) return null;
  const sumMicros = prices.reduce<number>((a, p) => a + (p ?? 0), 0);
  return { sumMicros, deviationMicros: sumMicros - MICROS_PER_UNIT };
}
