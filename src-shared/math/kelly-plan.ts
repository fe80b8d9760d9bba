import { z } from 'zod';
import { fieldIssues, parseOrThrow } from '@shared/errors';
import type { FieldIssue } from '@shared/errors';
import { divRoundHalfEven, MICROS_PER_UNIT } from './decimal';
import {
  expectedLogGrowth,
  feeInclusiveCost,
  fractionalKellyFraction,
  kellyFraction,
  kellyShareCount,
  shrinkBelief,
} from './kelly';
import { normalizeBook } from './order-book';
import type { Level } from './order-book';
import { floorToSizeStep, SIZE_STEP_MICROS } from './tick-grid';

const micros = z.number().int().max(Number.MAX_SAFE_INTEGER);
const priceMicros = micros.gt(0).lt(MICROS_PER_UNIT);

export const KellyLevelSchema = z.object({ priceMicros, sizeMicros: micros.min(0) });

/**
 * Input of kellyPlan, the one sizing function behind both the UI's Kelly calculator and the
 * Kelly strategy. Money in micro-USDC, sizes in micro-shares, prices in micros.
 */
export const KellyInputSchema = z
  .object({
    /** Probability that YES resolves true. */
    belief: z.number().min(0).max(1),
    /** Which token to buy. NO uses belief 1 − q; selling YES at bid b is buying NO at 1 − b. */
    outcome: z.enum(['YES', 'NO']).default('YES'),
    /**
     * What pays for the shares. 'cash': a purchase, paid from the bankroll. 'other_shares': the
     * mirror of a sell. Selling x YES at b leaves A = C + Y − x(1 − b) if YES wins and
     * L = C + N + x·b if NO wins; buying x NO at 1 − b leaves A = C − x(1 − b) + Y and
     * L = C − x(1 − b) + N + x = C + N + x·b: the same end states. So a sell of the other outcome
     * sizes as this purchase at 1 − b, needs no cash (the cash cap does not apply), and is capped
     * by the other outcome's shares held. sharesMicros is then the number of shares to sell, and
     * costMicros what the sale takes off wealth if the sold outcome wins, x(1 − b) plus the fee.
     */
    paidWith: z.enum(['cash', 'other_shares']).default('cash'),
    /** λ: fractional Kelly, applied as a shrunk belief q_λ = c + λ(q − c). */
    kellyFraction: z.number().gt(0).max(1).default(0.25),
    /** Cash, micro-USDC: wealth in both end states, and what pays for a purchase. */
    bankrollMicros: micros.min(0),
    /**
     * Cash that may pay for this purchase, micro-USDC, when less than the bankroll may be spent
     * (part of it is promised elsewhere); default the bankroll. Wealth is still the bankroll.
     */
    spendableMicros: micros.min(0).optional(),
    /** Cap on the position in the bought token after buying, micro-shares. */
    maxPositionMicros: micros.gt(0),
    /** Shares already held, micro-shares. */
    heldYesMicros: micros.min(0).default(0),
    heldNoMicros: micros.min(0).default(0),
    /** Taker fee rate r: a share at p costs p + r·p(1 − p). 0 for a resting (maker) order. */
    feeRate: z.number().min(0).max(1).default(0),
    /** Asks of the token being bought (any order; sorted best first here). Walked level by level. */
    asks: z.array(KellyLevelSchema).optional(),
    /**
     * Without asks: the single price to size at, with unlimited depth (a resting quote, or a quick
     * calculation). With asks: a limit, levels above it are not taken.
     */
    priceMicros: priceMicros.optional(),
  })
  .refine((input) => input.asks !== undefined || input.priceMicros !== undefined, {
    message: 'give the asks to walk or a price',
    path: ['priceMicros'],
  });

export type KellyInput = z.input<typeof KellyInputSchema>;
type ParsedKellyInput = z.output<typeof KellyInputSchema>;

/** What limited the size. */
export type KellyCap =
  | 'no_edge'
  | 'kelly'
  | 'max_position'
  | 'depth'
  | 'limit_price'
  | 'bankroll'
  | 'held'
  | 'size_step';

export interface KellyPlan {
  outcome: 'YES' | 'NO';
  /** Belief that the bought token wins (1 − q for NO). */
  belief: number;
  /** q_λ, the belief the sizing used. */
  shrunkBelief: number;
  /** Fee-inclusive cost of a share at the best level (price units, e.g. 0.4096); null if no level. */
  topCost: number | null;
  /** f* at the best level, fees included. */
  fullFraction: number;
  /** λ·f* at the best level: the fraction of bankroll a single-price bet would stake. */
  fraction: number;
  /** The walk's answer (position cap and book depth applied) before flooring to the grid, micro-shares. */
  optimalSharesMicros: number;
  /** What the optimum would cost, fees included, micro-USDC (rounded). */
  optimalCostMicros: number;
  /** Shares to buy, micro-shares, floored to 0.01 share. */
  sharesMicros: number;
  /** What those shares cost, fees included, micro-USDC. */
  costMicros: number;
  /** The fee part of costMicros (rounded half-even per level; an estimate of what the exchange charges). */
  feeMicros: number;
  /** Fee-inclusive average price, micros (rounded half-even); null when buying nothing. */
  avgPriceMicros: number | null;
  /** Worst level price the plan takes, micros; null when buying nothing. */
  lastPriceMicros: number | null;
  /** q − c of the last share bought, price units (0.15 = 15 cents a share); null when none. */
  lastShareEdge: number | null;
  /** costMicros / bankrollMicros (0 when the bankroll is 0). */
  bankrollFraction: number;
  /** Expected profit q·shares − cost at the true belief, micro-USDC. */
  evMicros: number;
  /** Expected log growth of wealth at the true belief: q·ln(A'/A) + (1 − q)·ln(L'/L). */
  expLogGrowth: number;
  /** The levels taken (price, size) for exactly sharesMicros. */
  fills: Level[];
  cappedBy: KellyCap;
}

/** Field-level problems with a Kelly input, for forms; empty when the input is valid. */
export function kellyInputIssues(input: unknown): FieldIssue[] {
  const result = KellyInputSchema.safeParse(input);
  return result.success ? [] : fieldIssues(result.error);
}

/**
 * Kelly sizing against a book, inventory-aware, fees included (design.md §5, lessons.md §4).
 *
 * With A = wealth if the token wins (cash + its shares) and L = wealth if it loses (cash + the
 * other outcome's shares), walk the asks best first: at each level compute
 * x* = q_λ·L/c − (1 − q_λ)·A/(1 − c) at that level's fee-inclusive cost c, take min(x*, level size),
 * update A and L, and stop when x* ≤ 0 or the level was not used up. Then cap by max position
 * (and, for the mirror of a sell, by the other outcome's shares held), floor to the 0.01-share
 * grid, keep a purchase within the cash that may pay, and price exactly the shares that remain.
 *
 * Fractional Kelly shrinks the belief toward the best level's cost (q_λ = c + λ(q − c)), so at a
 * single price the stake is exactly λ·f*. With inventory, trusting the market more can mean
 * buying to hedge: a large NO position and a small λ may buy some YES even when q < c.
 * Throws BAD_REQUEST with field-level issues for invalid input.
 */
export function kellyPlan(raw: KellyInput): KellyPlan {
  const input = parseOrThrow(KellyInputSchema, raw, 'Kelly input');
  const yes = input.outcome === 'YES';
  const belief = yes ? input.belief : 1 - input.belief;
  const heldToken = yes ? input.heldYesMicros : input.heldNoMicros;
  const heldOther = yes ? input.heldNoMicros : input.heldYesMicros;
  const winWealth = input.bankrollMicros + heldToken;
  const loseWealth = input.bankrollMicros + heldOther;
  const positionRoom = Math.max(0, input.maxPositionMicros - heldToken);
  const mirrorOfSell = input.paidWith === 'other_shares';
  const capMicros = mirrorOfSell ? Math.min(positionRoom, heldOther) : positionRoom;
  const capReason: KellyCap = mirrorOfSell && heldOther < positionRoom ? 'held' : 'max_position';

  const { levels, cutByLimit } = levelsToWalk(input);
  const top = levels[0];
  if (!top) {
    return emptyPlan(input, belief, cutByLimit ? 'limit_price' : 'depth');
  }
  const topCost = feeInclusiveCost(top.priceMicros / MICROS_PER_UNIT, input.feeRate);
  const shrunk = shrinkBelief(belief, topCost, input.kellyFraction);

  let win = winWealth;
  let lose = loseWealth;
  let total = 0;
  let optimalCost = 0;
  let cappedBy: KellyCap = cutByLimit ? 'limit_price' : 'depth';
  for (const level of levels) {
    const cost = feeInclusiveCost(level.priceMicros / MICROS_PER_UNIT, input.feeRate);
    const wanted = kellyShareCount(shrunk, cost, win, lose);
    if (wanted <= 0) {
      cappedBy = total === 0 ? 'no_edge' : 'kelly';
      break;
    }
    const room = capMicros - total;
    if (room <= 0) {
      cappedBy = capReason;
      break;
    }
    const want = wanted >= level.sizeMicros ? level.sizeMicros : Math.floor(wanted);
    const take = Math.min(want, room);
    total += take;
    optimalCost += take * cost;
    win += take * (1 - cost);
    lose -= take * cost;
    if (take < want) {
      cappedBy = capReason;
      break;
    }
    if (take < level.sizeMicros) {
      cappedBy = total === 0 ? 'no_edge' : 'kelly';
      break;
    }
  }

  let shares = floorToSizeStep(total);
  if (shares < total && shares === 0) cappedBy = 'size_step';
  let priced = priceFills(levels, shares, input.feeRate);
  // Wealth counts shares of the other outcome too, but only cash pays for a purchase.
  const cashCap = mirrorOfSell
    ? Number.POSITIVE_INFINITY
    : Math.min(input.bankrollMicros, input.spendableMicros ?? input.bankrollMicros);
  if (priced.costMicros > cashCap) {
    shares = Math.min(shares, affordableShares(levels, cashCap, input.feeRate));
    priced = priceFills(levels, shares, input.feeRate);
    while (priced.costMicros > cashCap && shares > 0) {
      shares -= SIZE_STEP_MICROS;
      priced = priceFills(levels, shares, input.feeRate);
    }
    cappedBy = 'bankroll';
  }

  const last = priced.fills.at(-1);
  const lastCost = last
    ? feeInclusiveCost(last.priceMicros / MICROS_PER_UNIT, input.feeRate)
    : null;
  const after = {
    win: winWealth - priced.costMicros + shares,
    lose: loseWealth - priced.costMicros,
  };
  return {
    outcome: input.outcome,
    belief,
    shrunkBelief: shrunk,
    topCost,
    fullFraction: kellyFraction(belief, topCost),
    fraction: fractionalKellyFraction(belief, topCost, input.kellyFraction),
    optimalSharesMicros: total,
    optimalCostMicros: Math.round(optimalCost),
    sharesMicros: shares,
    costMicros: priced.costMicros,
    feeMicros: priced.feeMicros,
    avgPriceMicros:
      shares > 0
        ? Number(
            divRoundHalfEven(BigInt(priced.costMicros) * BigInt(MICROS_PER_UNIT), BigInt(shares)),
          )
        : null,
    lastPriceMicros: last ? last.priceMicros : null,
    lastShareEdge: lastCost === null ? null : belief - lastCost,
    bankrollFraction: input.bankrollMicros > 0 ? priced.costMicros / input.bankrollMicros : 0,
    evMicros: Math.round(belief * shares - priced.costMicros),
    expLogGrowth: expectedLogGrowth(belief, { win: winWealth, lose: loseWealth }, after),
    fills: priced.fills,
    cappedBy,
  };
}

/** The asks to walk, best first; a lone price becomes one level of unlimited depth. */
function levelsToWalk(input: ParsedKellyInput): { levels: Level[]; cutByLimit: boolean } {
  if (input.asks === undefined) {
    const price = input.priceMicros ?? 0;
    return {
      levels: [{ priceMicros: price, sizeMicros: Number.MAX_SAFE_INTEGER }],
      cutByLimit: false,
    };
  }
  const asks = normalizeBook({ bids: [], asks: input.asks }).asks;
  const limit = input.priceMicros;
  if (limit === undefined) return { levels: asks, cutByLimit: false };
  const within = asks.filter((level) => level.priceMicros <= limit);
  return { levels: within, cutByLimit: within.length < asks.length };
}

/** Shares (floored to the grid) that a budget buys walking the levels, fees included. */
function affordableShares(levels: readonly Level[], budgetMicros: number, feeRate: number): number {
  let budget = budgetMicros;
  let total = 0;
  for (const level of levels) {
    const cost = feeInclusiveCost(level.priceMicros / MICROS_PER_UNIT, feeRate);
    const take = Math.min(level.sizeMicros, Math.floor(budget / cost));
    total += take;
    budget -= take * cost;
    if (take < level.sizeMicros) break;
  }
  return floorToSizeStep(total);
}

/** Exact notional plus a per-level fee r·p(1 − p)·size, for `shares` taken best first. */
function priceFills(
  levels: readonly Level[],
  shares: number,
  feeRate: number,
): { fills: Level[]; costMicros: number; feeMicros: number } {
  const fills: Level[] = [];
  let notional = 0n;
  let fee = 0;
  let remaining = shares;
  for (const level of levels) {
    if (remaining === 0) break;
    const take = Math.min(remaining, level.sizeMicros);
    fills.push({ priceMicros: level.priceMicros, sizeMicros: take });
    notional += BigInt(level.priceMicros) * BigInt(take);
    const price = level.priceMicros / MICROS_PER_UNIT;
    fee += roundHalfEven(feeRate * price * (1 - price) * take);
    remaining -= take;
  }
  const notionalMicros = Number((notional + BigInt(MICROS_PER_UNIT - 1)) / BigInt(MICROS_PER_UNIT));
  return { fills, costMicros: notionalMicros + fee, feeMicros: fee };
}

function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const rest = value - floor;
  if (rest > 0.5 || (rest === 0.5 && floor % 2 !== 0)) return floor + 1;
  return floor;
}

function emptyPlan(input: ParsedKellyInput, belief: number, cappedBy: KellyCap): KellyPlan {
  return {
    outcome: input.outcome,
    belief,
    shrunkBelief: belief,
    topCost: null,
    fullFraction: 0,
    fraction: 0,
    optimalSharesMicros: 0,
    optimalCostMicros: 0,
    sharesMicros: 0,
    costMicros: 0,
    feeMicros: 0,
    avgPriceMicros: null,
    lastPriceMicros: null,
    lastShareEdge: null,
    bankrollFraction: 0,
    evMicros: 0,
    expLogGrowth: 0,
    fills: [],
    cappedBy,
  };
}

/** Input of the plan's `calculate_kelly_size`. */
export interface KellySizeInput {
  /** Price of the token, micros. */
  priceMicros: number;
  /** Capital, micro-USDC. */
  bankrollMicros: number;
  /** The plan's win_probability: belief that the token wins. */
  winProbability: number;
  /** λ, default 0.25. */
  kellyFraction?: number;
  /** Hard cap on the position, micro-shares. */
  maxPositionMicros: number;
  /** Already held, micro-shares (default 0). */
  heldMicros?: number;
}

/**
 * The plan's `calculate_kelly_size`, with its arithmetic corrected: target position
 * = bankroll·λ·f* / p capped at max_position_size, and the answer is what is still to buy:
 * target − held, at least 0, floored to the 0.01-share grid (micro-shares). No book, no fees,
 * no inventory hedging: kellyPlan is the full version.
 */
export function calculateKellySize(input: KellySizeInput): number {
  const lambda = input.kellyFraction ?? 0.25;
  const price = input.priceMicros / MICROS_PER_UNIT;
  const fraction = fractionalKellyFraction(input.winProbability, price, lambda);
  const target = Math.min(
    Math.floor((input.bankrollMicros * fraction) / price),
    input.maxPositionMicros,
  );
  return floorToSizeStep(Math.max(0, target - (input.heldMicros ?? 0)));
}
