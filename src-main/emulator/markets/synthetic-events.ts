import { negRiskMarketId, type SyntheticMarket } from './synthetic-markets.js';

export interface GammaTagDef {
  id: string;
  label: string;
  slug: string;
}

const TAGS = {
  politics: { id: '2', label: 'Politics', slug: 'politics' },
  elections: { id: '144', label: 'Elections', slug: 'elections' },
  economy: { id: '100328', label: 'Economy', slug: 'economy' },
  fed: { id: '100196', label: 'Fed Rates', slug: 'fed-rates' },
  crypto: { id: '21', label: 'Crypto', slug: 'crypto' },
  bitcoin: { id: '235', label: 'Bitcoin', slug: 'bitcoin' },
  sports: { id: '1', label: 'Sports', slug: 'sports' },
  soccer: { id: '100350', label: 'Soccer', slug: 'soccer' },
  science: { id: '74', label: 'Science', slug: 'science' },
  space: { id: '100263', label: 'Space', slug: 'space' },
  tech: { id: '1401', label: 'Tech', slug: 'tech' },
  ai: { id: '439', label: 'AI', slug: 'ai' },
} satisfies Record<string, GammaTagDef>;

/** An event as Gamma groups markets: one market for a yes/no question, several for neg-risk. */
export interface SyntheticEvent {
  /** Gamma's numeric id, as a string. */
  id: string;
  slug: string;
  title: string;
  description: string;
  tags: GammaTagDef[];
  negRisk: boolean;
  /** Shared by the markets of a neg-risk event with several outcomes; null otherwise. */
  negRiskMarketId: string | null;
  /** End date as an offset from the emulator's start (the scheduled market's is its schedule). */
  endsAfterMs: number;
  /** Start date as an offset before the emulator's start. */
  startedBeforeMs: number;
  /** Condition ids of its markets, in the emulator's market order. */
  conditionIds: string[];
}

const DAY_MS = 86_400_000;
const TEN_MINUTES_MS = 600_000;

interface EventDef {
  slug: string;
  title: string;
  description: string;
  tags: GammaTagDef[];
  endsInDays: number;
  startedDaysAgo: number;
}

const EVENTS: EventDef[] = [
  {
    slug: 'fed-decision-in-december',
    title: 'Fed decision in December',
    description: 'Whether the Federal Reserve lowers its target range at the December meeting.',
    tags: [TAGS.economy, TAGS.fed],
    endsInDays: 30,
    startedDaysAgo: 60,
  },
  {
    slug: 'private-lunar-landing-before-2027',
    title: 'Private lunar landing before 2027?',
    description: 'Whether a privately built lander touches down on the Moon intact before 2027.',
    tags: [TAGS.science, TAGS.space],
    endsInDays: 400,
    startedDaysAgo: 120,
  },
  {
    slug: 'bitcoin-above-150k-on-march-31',
    title: 'Bitcoin above $150k on March 31?',
    description: 'Whether the BTC/USD daily close on March 31 is above $150,000.',
    tags: [TAGS.crypto, TAGS.bitcoin],
    endsInDays: 90,
    startedDaysAgo: 45,
  },
  {
    slug: 'champions-league-final-winner',
    title: 'Champions League final: home side wins?',
    description:
      'Whether the side listed as home wins the final, extra time and penalties included.',
    tags: [TAGS.sports, TAGS.soccer],
    endsInDays: 14,
    startedDaysAgo: 20,
  },
  {
    slug: 'city-mayor-race',
    title: 'City mayor race',
    description: 'Whether the incumbent mayor is re-elected.',
    tags: [TAGS.politics, TAGS.elections],
    endsInDays: 7,
    startedDaysAgo: 200,
  },
  {
    slug: 'next-flagship-model-release',
    title: 'Next flagship model released before July?',
    description: 'Whether the next flagship AI model is publicly released before July 1.',
    tags: [TAGS.tech, TAGS.ai],
    endsInDays: 150,
    startedDaysAgo: 30,
  },
  {
    slug: 'home-vs-away-spread',
    title: 'Home vs. Away: spread -3.5',
    description: 'Whether the home team wins by more than 3.5 points.',
    tags: [TAGS.sports],
    endsInDays: 2,
    startedDaysAgo: 3,
  },
  {
    slug: 'city-council-majority-2028',
    title: 'Which party wins the 2028 city council majority?',
    description:
      'Five mutually exclusive outcomes, one binary market each (Yes/No): exactly one resolves Yes.',
    tags: [TAGS.politics, TAGS.elections],
    endsInDays: 700,
    startedDaysAgo: 10,
  },
  {
    slug: 'bitcoin-up-or-down-10-minutes',
    title: 'Bitcoin up or down: 10-minute window',
    description: 'A short market that resolves on the paper exchange’s schedule.',
    tags: [TAGS.crypto, TAGS.bitcoin],
    endsInDays: 0,
    startedDaysAgo: 0,
  },
];

/** Gamma ids: fixed, like the condition ids, so bots can hard-code them. */
const FIRST_EVENT_ID = 900_001;
const FIRST_MARKET_ID = 800_001;

/** The Gamma id of the market at this position of the emulator's market list. */
export function gammaMarketId(index: number): string {
  return String(FIRST_MARKET_ID + index);
}

/**
 * The synthetic events over the synthetic markets. `scheduledEndMs` is the scheduled market's
 * resolution delay, when there is one (its end date); else it ends ten minutes after the start.
 */
export function syntheticEvents(
  markets: readonly SyntheticMarket[],
  scheduledEndMs: number | null,
): SyntheticEvent[] {
  return EVENTS.map((e, index) => {
    const members = markets.filter((m) => m.eventSlug === e.slug);
    if (members.length === 0) throw new Error(`event ${e.slug} has no markets`);
    const negRisk = members.every((m) => m.spec.negRisk);
    const grouped = members[0]?.negRiskGroup ?? null;
    const shortOne = e.endsInDays === 0;
    return {
      id: String(FIRST_EVENT_ID + index),
      slug: e.slug,
      title: e.title,
      description: e.description,
      tags: e.tags,
      negRisk,
      negRiskMarketId: grouped === null ? null : negRiskMarketId(grouped),
      endsAfterMs: shortOne ? (scheduledEndMs ?? TEN_MINUTES_MS) : e.endsInDays * DAY_MS,
      startedBeforeMs: shortOne ? 0 : e.startedDaysAgo * DAY_MS,
      conditionIds: members.map((m) => m.spec.conditionId),
    };
  });
}
