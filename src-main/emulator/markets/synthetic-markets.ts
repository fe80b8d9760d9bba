import { createHash } from 'node:crypto';
import type { FeeCurve, MarketSpec } from '../engine/types.js';

/** How a synthetic market's fair value and books behave. */
export interface MarketBehaviour {
  /** Starting fair value of YES, in micros. */
  startMicros: number;
  /** Std-dev of the fair value's random walk per step, in micros. */
  volatilityMicros: number;
  /** Deterministic drift per step, in micros (the "informed" direction). */
  driftMicros: number;
  /** Probability per step of a jump, and its size in micros. */
  jumpChance: number;
  jumpMicros: number;
  /** Fair value is pulled toward this level (micros), if set. */
  anchorMicros?: number;
  /** Market makers: quoted spread in ticks, levels per side, shares per level. */
  spreadTicks: number;
  levels: number;
  levelShares: number;
  /** Probability per step that a noise taker hits the book, and its size range in shares. */
  takerChance: number;
  takerShares: [number, number];
}

export interface SyntheticMarket {
  spec: MarketSpec;
  behaviour: MarketBehaviour;
  /** Slug of the event it belongs to (synthetic-events.ts). */
  eventSlug: string;
  /** The outcome's name inside a multi-market event ("Harbour Party"); null for single markets. */
  groupItemTitle: string | null;
  /**
   * Markets that came after the first seven draw their flow from their own random sequence, so
   * adding them leaves the first seven's replay unchanged for a seed.
   */
  ownRandom: boolean;
  /** Markets of one neg-risk event: their fair values are kept summing to 1. */
  negRiskGroup: string | null;
}

const NO_FEE: FeeCurve = { r: 0, e: 0, to: true };

function hex32(label: string): string {
  return '0x' + createHash('sha256').update(label).digest('hex');
}

/** A 77-78 digit decimal token id like Polymarket's (uint256 of a hash). */
function tokenId(label: string): string {
  return BigInt(hex32(label)).toString(10);
}

interface Definition {
  slug: string;
  event: string;
  groupItemTitle?: string;
  negRiskGroup?: string;
  question: string;
  description: string;
  tickMicros: number;
  minShares: number;
  negRisk?: boolean;
  fee?: FeeCurve;
  behaviour: MarketBehaviour;
}

const DEFINITIONS: Definition[] = [
  {
    slug: 'fed-cuts-rates-in-december',
    event: 'fed-decision-in-december',
    question: 'Will the Fed cut rates at the December meeting?',
    description: 'Liquid and tight: deep books one tick wide around a slowly wandering price.',
    tickMicros: 10_000,
    minShares: 5,
    behaviour: {
      startMicros: 520_000,
      volatilityMicros: 1_500,
      driftMicros: 0,
      jumpChance: 0,
      jumpMicros: 0,
      spreadTicks: 1,
      levels: 6,
      levelShares: 2_000,
      takerChance: 0.5,
      takerShares: [5, 150],
    },
  },
  {
    slug: 'lunar-lander-touchdown-2027',
    event: 'private-lunar-landing-before-2027',
    question: 'Will a private lunar lander touch down intact before 2027?',
    description: 'Thin: few levels, wide spread, small sizes; trades are rare.',
    tickMicros: 10_000,
    minShares: 5,
    behaviour: {
      startMicros: 310_000,
      volatilityMicros: 3_000,
      driftMicros: 0,
      jumpChance: 0,
      jumpMicros: 0,
      spreadTicks: 8,
      levels: 2,
      levelShares: 40,
      takerChance: 0.08,
      takerShares: [5, 20],
    },
  },
  {
    slug: 'btc-above-150k-on-march-31',
    event: 'bitcoin-above-150k-on-march-31',
    question: 'Will Bitcoin close above $150k on March 31?',
    description:
      'Trending: informed flow pushes the price steadily up; makers chase it. Fee-enabled (crypto).',
    tickMicros: 10_000,
    minShares: 5,
    fee: { r: 0.07, e: 1, to: true },
    behaviour: {
      startMicros: 300_000,
      volatilityMicros: 2_000,
      driftMicros: 150,
      jumpChance: 0,
      jumpMicros: 0,
      spreadTicks: 2,
      levels: 4,
      levelShares: 600,
      takerChance: 0.35,
      takerShares: [5, 120],
    },
  },
  {
    slug: 'champions-league-final-winner-home',
    event: 'champions-league-final-winner',
    question: 'Will the home side win the Champions League final?',
    description:
      'Jumpy: calm between news, then the fair value jumps several cents and the book gaps.',
    tickMicros: 10_000,
    minShares: 5,
    behaviour: {
      startMicros: 450_000,
      volatilityMicros: 1_000,
      driftMicros: 0,
      jumpChance: 0.015,
      jumpMicros: 90_000,
      spreadTicks: 3,
      levels: 4,
      levelShares: 500,
      takerChance: 0.25,
      takerShares: [5, 80],
    },
  },
  {
    slug: 'incumbent-wins-city-mayor-race',
    event: 'city-mayor-race',
    question: 'Will the incumbent win the city mayor race?',
    description:
      'Pinned near 0.95: a near-certain outcome on a 0.001 tick, asks stacked just below 1.',
    tickMicros: 1_000,
    minShares: 5,
    behaviour: {
      startMicros: 950_000,
      volatilityMicros: 600,
      driftMicros: 0,
      jumpChance: 0,
      jumpMicros: 0,
      anchorMicros: 950_000,
      spreadTicks: 3,
      levels: 5,
      levelShares: 1_500,
      takerChance: 0.3,
      takerShares: [5, 200],
    },
  },
  {
    slug: 'gpt-next-release-before-july',
    event: 'next-flagship-model-release',
    question: 'Will the next flagship model be released before July?',
    description: 'Fine tick 0.001 around the middle: many small levels, a lively book.',
    tickMicros: 1_000,
    minShares: 5,
    behaviour: {
      startMicros: 615_000,
      volatilityMicros: 1_200,
      driftMicros: 0,
      jumpChance: 0,
      jumpMicros: 0,
      spreadTicks: 3,
      levels: 8,
      levelShares: 300,
      takerChance: 0.4,
      takerShares: [5, 60],
    },
  },
  {
    slug: 'home-team-covers-spread',
    event: 'home-vs-away-spread',
    question: 'Will the home team cover the -3.5 spread?',
    description: 'Tick 0.005 (the V2 half-cent tick), moderate depth, a neg-risk market.',
    tickMicros: 5_000,
    minShares: 5,
    negRisk: true,
    behaviour: {
      startMicros: 480_000,
      volatilityMicros: 2_000,
      driftMicros: 0,
      jumpChance: 0.004,
      jumpMicros: 40_000,
      spreadTicks: 2,
      levels: 4,
      levelShares: 400,
      takerChance: 0.3,
      takerShares: [5, 60],
    },
  },
];

/** The first seven markets keep the shared random sequence (their replay per seed is fixed). */
const SHARED_RANDOM_COUNT = 7;

/** Slug of the market that resolves on a schedule (`scheduledResolutionMs`). */
export const SCHEDULED_MARKET_SLUG = 'btc-up-in-next-10-minutes';

export const COUNCIL_GROUP = 'city-council-majority-2028';

/** One neg-risk event of mutually exclusive outcomes: starting YES values sum to 1. */
const COUNCIL_OUTCOMES: { name: string; key: string; startMicros: number }[] = [
  { name: 'Harbour Party', key: 'harbour-party', startMicros: 360_000 },
  { name: 'Civic Greens', key: 'civic-greens', startMicros: 270_000 },
  { name: "Workers' Alliance", key: 'workers-alliance', startMicros: 190_000 },
  { name: 'Liberty League', key: 'liberty-league', startMicros: 120_000 },
  { name: 'Independents', key: 'independents', startMicros: 60_000 },
];

const COUNCIL_DEFINITIONS: Definition[] = COUNCIL_OUTCOMES.map((o) => ({
  slug: `${COUNCIL_GROUP}-${o.key}`,
  event: COUNCIL_GROUP,
  groupItemTitle: o.name,
  negRiskGroup: COUNCIL_GROUP,
  question: `Will the ${o.name} win the 2028 city council majority?`,
  description:
    `One outcome of a neg-risk event: resolves Yes if the ${o.name} win a majority of council ` +
    'seats in the 2028 election, No otherwise. Exactly one outcome of the event resolves Yes.',
  tickMicros: 10_000,
  minShares: 5,
  negRisk: true,
  behaviour: {
    startMicros: o.startMicros,
    volatilityMicros: 1_500,
    driftMicros: 0,
    jumpChance: 0.003,
    jumpMicros: 30_000,
    spreadTicks: 2,
    levels: 4,
    levelShares: 300,
    takerChance: 0.3,
    takerShares: [5, 60],
  },
}));

const SCHEDULED_DEFINITION: Definition = {
  slug: SCHEDULED_MARKET_SLUG,
  event: 'bitcoin-up-or-down-10-minutes',
  question: 'Will Bitcoin be up at the end of the next 10 minutes?',
  description:
    'A short market: on the paper exchange it resolves on a schedule (scheduledResolutionMs), ' +
    'Yes if its own YES price is at 0.50 or above at that moment, No otherwise.',
  tickMicros: 10_000,
  minShares: 5,
  behaviour: {
    startMicros: 500_000,
    volatilityMicros: 4_000,
    driftMicros: 0,
    jumpChance: 0.01,
    jumpMicros: 50_000,
    spreadTicks: 2,
    levels: 4,
    levelShares: 250,
    takerChance: 0.35,
    takerShares: [5, 50],
  },
};

const ALL_DEFINITIONS: Definition[] = [
  ...DEFINITIONS,
  ...COUNCIL_DEFINITIONS,
  SCHEDULED_DEFINITION,
];

/** The built-in synthetic markets: ids are fixed (derived from the slugs), so bots can hard-code them. */
export function syntheticMarkets(): SyntheticMarket[] {
  return ALL_DEFINITIONS.map((d, index) => ({
    spec: {
      conditionId: hex32(`polydesk:condition:${d.slug}`),
      questionId: hex32(`polydesk:question:${d.slug}`),
      question: d.question,
      slug: d.slug,
      description: d.description,
      yesTokenId: tokenId(`polydesk:token:${d.slug}:yes`),
      noTokenId: tokenId(`polydesk:token:${d.slug}:no`),
      tickMicros: d.tickMicros,
      minSizeMicros: BigInt(d.minShares) * 1_000_000n,
      negRisk: d.negRisk ?? false,
      ...(d.negRiskGroup !== undefined && { negRiskMarketId: negRiskMarketId(d.negRiskGroup) }),
      fee: d.fee ?? NO_FEE,
    },
    behaviour: d.behaviour,
    eventSlug: d.event,
    groupItemTitle: d.groupItemTitle ?? null,
    ownRandom: index >= SHARED_RANDOM_COUNT,
    negRiskGroup: d.negRiskGroup ?? null,
  }));
}

/** The neg-risk market id shared by the markets of one neg-risk event. */
export function negRiskMarketId(group: string): string {
  return hex32(`polydesk:neg-risk-market:${group}`);
}
