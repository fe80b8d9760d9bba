/// <reference types="node" />
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { MarketInfo } from '@shared/domain/gamma';
import type { MarketListItem } from '@shared/domain/market';
import { queryRows } from '../src/components/markets/market-query';
import type { ListRow } from '../src/components/markets/market-query';

/**
 * The market list at live scale: 20,000 markets with Gamma's context, filtered and sorted by the
 * same functions the list component calls. Time to the first rows, each keystroke of a search
 * (p50/p95) and the memory the rows hold, beside a bare substring scan of the questions in the
 * same run. Figures are printed, not asserted.
 */

const WORDS = ['election', 'council', 'bitcoin', 'rate', 'cup', 'final', 'launch', 'senate'];
const TAGS = ['politics', 'crypto', 'sports', 'economy', 'science', 'culture'];

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

function makeRows(count: number): ListRow[] {
  const random = seeded(20_000);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const question = `Will the ${pick(WORDS)} ${pick(WORDS)} number ${i} happen before ${2027 + (i % 4)}?`;
    const conditionId = `0x${i.toString(16).padStart(64, '0')}`;
    const market: MarketListItem = {
      conditionId,
      question,
      slug: `market-${i}`,
      tokens: [
        { tokenId: `${i}1`, outcome: 'Yes' },
        { tokenId: `${i}2`, outcome: 'No' },
      ],
      tickMicros: 10_000,
      minOrderSizeMicros: 5_000_000,
      negRisk: i % 7 === 0,
      bestBid: 400_000,
      bestAsk: 420_000,
      lastPrice: 410_000,
    } as MarketListItem;
    const tag = pick(TAGS);
    const info: MarketInfo = {
      id: String(i),
      conditionId,
      question,
      slug: `market-${i}`,
      groupItemTitle: i % 7 === 0 ? `Outcome ${i % 5}` : null,
      eventId: String(Math.floor(i / 5)),
      eventTitle: `Event ${Math.floor(i / 5)}: ${pick(WORDS)} ${pick(WORDS)}`,
      eventSlug: `event-${Math.floor(i / 5)}`,
      outcomes: [
        { label: 'Yes', tokenId: `${i}1`, priceMicros: 410_000 },
        { label: 'No', tokenId: `${i}2`, priceMicros: 590_000 },
      ],
      endDateMs: Date.UTC(2027, 0, 1) + Math.floor(random() * 1e10),
      volume24hMicros: Math.floor(random() * 1e12),
      liquidityMicros: Math.floor(random() * 1e11),
      tags: [{ id: String(TAGS.indexOf(tag)), label: tag, slug: tag }],
      negRisk: i % 7 === 0,
      negRiskMarketId: null,
      active: true,
      closed: false,
      acceptingOrders: true,
      enableOrderBook: true,
      tickMicros: 10_000,
      minOrderSizeMicros: 5_000_000,
      bestBidMicros: 400_000,
      bestAskMicros: 420_000,
    };
    return { market, info };
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/** Every prefix of the phrases, as a user types them. */
function keystrokes(): string[] {
  const phrases = ['council election', 'bitcoin launch 2028', 'senate rate', 'number 1999'];
  return phrases.flatMap((phrase) => Array.from(phrase, (_, i) => phrase.slice(0, i + 1)));
}

export interface MarketListFigures {
  markets: number;
  firstRowsMs: number;
  firstSearchMs: number;
  keystrokeP50Ms: number;
  keystrokeP95Ms: number;
  baselineP50Ms: number;
  baselineP95Ms: number;
  heapMb: number;
}

export function benchMarketList(count = 20_000): MarketListFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rows = makeRows(count);
  let started = performance.now();
  const first = queryRows(rows, { text: '', tag: '', sort: 'volume' }).slice(0, 200);
  const firstRowsMs = performance.now() - started;
  started = performance.now();
  queryRows(rows, { text: 'c', tag: '', sort: 'volume' });
  const firstSearchMs = performance.now() - started;
  const times: number[] = [];
  const baseline: number[] = [];
  const questions = rows.map((row) => row.market.question);
  for (let pass = 0; pass < 3; pass++) {
    for (const text of keystrokes()) {
      let at = performance.now();
      queryRows(rows, { text, tag: '', sort: 'volume' });
      times.push(performance.now() - at);
      at = performance.now();
      const needle = text.toLowerCase();
      questions.filter((q) => q.toLowerCase().includes(needle));
      baseline.push(performance.now() - at);
    }
  }
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;
  if (first.length === 0) throw new Error('no rows');
  return {
    markets: count,
    firstRowsMs,
    firstSearchMs,
    keystrokeP50Ms: percentile(times, 50),
    keystrokeP95Ms: percentile(times, 95),
    baselineP50Ms: percentile(baseline, 50),
    baselineP95Ms: percentile(baseline, 95),
    heapMb,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const f = benchMarketList();
  console.log(`market list, ${f.markets.toLocaleString('en-US')} markets with Gamma's context:`);
  console.log(`  first 200 rows (sorted by 24h volume): ${f.firstRowsMs.toFixed(1)} ms`);
  console.log(`  first search (search keys made):        ${f.firstSearchMs.toFixed(1)} ms`);
  console.log(
    `  keystroke → result p50 / p95: ${f.keystrokeP50Ms.toFixed(2)} / ${f.keystrokeP95Ms.toFixed(2)} ms (bare substring scan of the questions ${f.baselineP50Ms.toFixed(2)} / ${f.baselineP95Ms.toFixed(2)} ms, ratio ×${(f.keystrokeP95Ms / f.baselineP95Ms).toFixed(2)} at p95)`,
  );
  console.log(`  heap held by the rows and their keys: ${f.heapMb.toFixed(1)} MB`);
}
