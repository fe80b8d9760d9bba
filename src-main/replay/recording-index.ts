import { PolydeskError } from '@shared/errors';
import type { FeeSchedule, MarketInfo, TickSize } from '../exchange/exchange-port';
import type { RecordingDamage } from '../recording/recording-format';
import { openRecording } from '../recording/recording-reader';

export interface IndexedToken {
  tokenId: string;
  conditionId: string;
  books: number;
  firstBookMs: number;
}

/** What a replay needs to know before it starts: the markets, tokens and span of a recording. */
export interface RecordingIndex {
  path: string;
  markets: MarketInfo[];
  /** In order of their first book. */
  tokens: IndexedToken[];
  records: number;
  books: number;
  /** Receive time of the first and the last record read. */
  firstMs: number;
  lastMs: number;
  bytes: number;
  complete: boolean;
  damage: RecordingDamage | null;
}

const TICK_SIZES: Record<number, TickSize> = {
  100_000: '0.1',
  10_000: '0.01',
  5_000: '0.005',
  2_500: '0.0025',
  1_000: '0.001',
  100: '0.0001',
};

/** Polymarket's usual minimum when a recording's books never said (5 shares). */
const DEFAULT_MIN_ORDER_MICROS = 5_000_000;

export const NO_FEES: FeeSchedule = { ratePpm: 0, exponent: 1, takerOnly: true };

interface TokenFacts {
  token: IndexedToken;
  tickMicros: number;
  minOrderSizeMicros: number | null;
}

/**
 * Reads a recording once, up to its end or its damage, and derives what the exchange port must
 * answer about its markets: tokens grouped by condition (in the order they were first seen),
 * each market's tick and minimum size from its first books. Outcome names and fees are not
 * recorded: outcomes are named by position, fees are `fees` (none by default).
 */
export async function indexRecording(
  path: string,
  fees: FeeSchedule = NO_FEES,
): Promise<RecordingIndex> {
  const reader = await openRecording(path);
  const facts = new Map<string, TokenFacts>();
  let records = 0;
  let books = 0;
  let firstMs: number | undefined;
  let lastMs = 0;
  for await (const record of reader) {
    records += 1;
    firstMs ??= record.receiveTimeMs;
    lastMs = record.receiveTimeMs;
    if (record.type !== 'book') continue;
    books += 1;
    let fact = facts.get(record.tokenId);
    if (!fact) {
      fact = {
        token: {
          tokenId: record.tokenId,
          conditionId: record.conditionId,
          books: 0,
          firstBookMs: record.receiveTimeMs,
        },
        tickMicros: record.tickMicros,
        minOrderSizeMicros: record.minOrderSizeMicros,
      };
      facts.set(record.tokenId, fact);
    }
    fact.token.books += 1;
    fact.minOrderSizeMicros ??= record.minOrderSizeMicros;
  }
  const { outcome } = reader;
  if (firstMs === undefined) {
    const why = outcome.damage ? `: ${outcome.damage.code} ${outcome.damage.message}` : '';
    throw new PolydeskError('BAD_REQUEST', `${path} holds no records${why}`);
  }
  return {
    path,
    markets: marketsOf([...facts.values()], fees),
    tokens: [...facts.values()].map((fact) => fact.token),
    records,
    books,
    firstMs,
    lastMs,
    bytes: outcome.bytes,
    complete: outcome.complete,
    damage: outcome.damage,
  };
}

function marketsOf(facts: TokenFacts[], fees: FeeSchedule): MarketInfo[] {
  const byCondition = new Map<string, TokenFacts[]>();
  for (const fact of facts) {
    // A token recorded without its condition is a market of its own.
    const key = fact.token.conditionId || `token:${fact.token.tokenId}`;
    byCondition.set(key, [...(byCondition.get(key) ?? []), fact]);
  }
  return [...byCondition.entries()].map(([conditionId, members]) => {
    const first = members[0] as TokenFacts;
    const tickMicros = first.tickMicros;
    return {
      conditionId,
      question: `recorded market ${conditionId}`,
      slug: conditionId,
      tokens: members.map((member, i) => ({
        tokenId: member.token.tokenId,
        outcome: `Outcome ${i + 1}`,
      })),
      tickSize: TICK_SIZES[tickMicros] ?? '0.01',
      tickMicros,
      minOrderSizeMicros: first.minOrderSizeMicros ?? DEFAULT_MIN_ORDER_MICROS,
      negRisk: false,
      active: true,
      closed: false,
      acceptingOrders: true,
      fees,
    };
  });
}
