import type { Command } from 'commander';
import type { EventInfo, MarketInfo } from '@shared/domain/gamma';
import { indexMarkets, queryMarkets } from '@shared/domain/gamma';
import type { MarketContextList, RedeemResult } from '@shared/ipc/contract';
import { microsToDecimal } from '@shared/math/decimal';
import { price, table } from './format';
import type { CommandContext } from './live-commands';

/** Whole pUSD for volume and liquidity columns ("12,345"). */
function wholeUsd(micros: number): string {
  return Math.round(micros / 1_000_000).toLocaleString('en-US');
}

function endDate(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString().slice(0, 10);
}

/** Events whose title, or one of whose markets, matches every word of the search. */
export function matchingEvents(list: MarketContextList, search: string | undefined): EventInfo[] {
  if (!search?.trim()) return list.events;
  const hits = new Set(queryMarkets(indexMarkets(list.markets), { text: search }).map(eventKey));
  return list.events.filter((event) => hits.has(event.id));
}

function eventKey(market: MarketInfo): string {
  return market.eventId ?? '';
}

export function eventsText(list: MarketContextList, events: readonly EventInfo[]): string {
  const notice = list.notice ? `${list.notice}\n` : '';
  if (list.source === 'clob') {
    const rows = list.markets.map((m) => [m.question, m.negRisk ? 'neg-risk' : '', m.conditionId]);
    return `${notice}${table(['market', '', 'condition'], rows)}`;
  }
  if (events.length === 0) return `${notice}no events`;
  const blocks = events.map((event) => {
    const head =
      `${event.title}${event.negRisk ? '  [neg-risk]' : ''}  (${event.slug ?? event.id})\n` +
      `  ends ${endDate(event.endDateMs)} · 24h volume ${wholeUsd(event.volume24hMicros)} · ` +
      `liquidity ${wholeUsd(event.liquidityMicros)}` +
      (event.tags.length > 0 ? ` · ${event.tags.map((t) => t.label).join(', ')}` : '');
    const rows = event.markets.map((m) => [
      `  ${m.groupItemTitle ?? m.question}`,
      m.outcomes.map((o) => `${o.label} ${price(o.priceMicros)}`).join(' / '),
      m.closed ? 'closed' : '',
      m.conditionId,
    ]);
    return `${head}\n${table(['  market', 'outcomes', '', 'condition'], rows)}`;
  });
  return `${notice}${blocks.join('\n\n')}`;
}

export function redeemText(result: RedeemResult): string {
  const burned = result.burned.map(
    (b) => `${microsToDecimal(b.sharesMicros)} shares of token ${b.tokenId.slice(0, 12)}…`,
  );
  return (
    `redeemed ${result.conditionId}: ${microsToDecimal(result.payoutMicros)} pUSD credited` +
    (burned.length > 0 ? `\nburned: ${burned.join(', ')}` : '\nnothing was held')
  );
}

/** `polydesk events` (Gamma's events, or the CLOB's markets with a notice) and `polydesk redeem`. */
export function addContextCommands(program: Command, { client, print }: CommandContext): void {
  program
    .command('events')
    .description('events and their markets as Polymarket lists them (Gamma), neg-risk flagged')
    .option('--search <words>', 'only events whose title or markets contain every word')
    .option('--json', 'machine-readable output')
    .action(async (o: { search?: string; json?: boolean }) => {
      const list = await client().call('market.events', {});
      const events = matchingEvents(list, o.search);
      print(o.json, { ...list, events }, () => eventsText(list, events));
    });

  program
    .command('redeem')
    .description(
      'redeem the positions of a resolved market (paper exchange; in live mode, says how)',
    )
    .argument('<conditionId>', 'the market (0x…)')
    .option('--json', 'machine-readable output')
    .action(async (conditionId: string, o: { json?: boolean }) => {
      const result = await client().call('portfolio.redeem', { conditionId });
      print(o.json, result, () => redeemText(result));
    });
}
