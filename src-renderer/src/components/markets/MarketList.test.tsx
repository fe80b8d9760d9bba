// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/api-client';
import type { MarketInfo } from '@shared/domain/gamma';
import { useContextStore } from '../../state/context-store';
import { useMarketStore } from '../../state/market-store';
import { useMarketWatch } from '../../state/use-market-watch';
import { fakeApi } from '../../test/fake-api';
import { marketFixture, snapshotFixture } from '../../test/fixtures';
import { MAX_MARKET_ROWS, MarketList } from './MarketList';

const fed = marketFixture();
const lunar = marketFixture({
  conditionId: '0xdef',
  question: 'Will a private lunar lander touch down intact before 2027?',
  slug: 'lunar-lander',
  tokens: [
    { tokenId: '3333', outcome: 'Yes' },
    { tokenId: '4444', outcome: 'No' },
  ],
  bestBid: null,
  bestAsk: null,
  lastPrice: null,
});

function Watched({ api }: { api: ApiClient }) {
  useMarketWatch(api);
  return <MarketList />;
}

/** Gamma's view of a listed market. */
function info(market: typeof fed, over: Partial<MarketInfo>): MarketInfo {
  return {
    id: market.conditionId,
    conditionId: market.conditionId,
    question: market.question,
    slug: market.slug,
    groupItemTitle: null,
    eventId: null,
    eventTitle: null,
    eventSlug: null,
    outcomes: market.tokens.map((t) => ({
      label: t.outcome,
      tokenId: t.tokenId,
      priceMicros: null,
    })),
    endDateMs: null,
    volume24hMicros: 0,
    liquidityMicros: 0,
    tags: [],
    negRisk: false,
    negRiskMarketId: null,
    active: true,
    closed: false,
    acceptingOrders: true,
    enableOrderBook: true,
    tickMicros: market.tickMicros,
    minOrderSizeMicros: market.minOrderSizeMicros,
    bestBidMicros: null,
    bestAskMicros: null,
    ...over,
  };
}

const politics = { id: '2', label: 'Politics', slug: 'politics' };
const space = { id: '7', label: 'Space', slug: 'space' };

function withContext(notice: string | null = null): void {
  useContextStore.getState().setList({
    source: notice ? 'clob' : 'gamma',
    notice,
    at: 1,
    events: [],
    markets: [
      info(fed, {
        eventId: '900001',
        eventTitle: 'Fed decision in December',
        volume24hMicros: 5_000_000_000,
        liquidityMicros: 20_000_000_000,
        endDateMs: Date.UTC(2026, 11, 10),
        tags: [politics],
      }),
      info(lunar, {
        eventId: '900002',
        eventTitle: 'Private lunar landing before 2027',
        volume24hMicros: 9_000_000_000,
        liquidityMicros: 1_000_000_000,
        endDateMs: Date.UTC(2026, 11, 31),
        tags: [space],
        negRisk: true,
      }),
    ],
  });
}

beforeEach(() => {
  useContextStore.getState().reset();
  useMarketStore.setState({
    markets: [fed, lunar],
    selectedConditionId: null,
    outcome: 'YES',
    snapshots: {},
    previousLast: {},
  });
});
afterEach(cleanup);

describe('MarketList', () => {
  it('filters by search, and `/` focuses the search box', () => {
    render(<MarketList />);
    expect(screen.getAllByTestId('market-row')).toHaveLength(2);
    fireEvent.keyDown(window, { key: '/' });
    expect(document.activeElement).toBe(screen.getByTestId('market-search'));
    fireEvent.change(screen.getByTestId('market-search'), { target: { value: 'LUNAR' } });
    expect(screen.getAllByTestId('market-row').map((r) => r.dataset.slug)).toEqual([
      'lunar-lander',
    ]);
  });

  it('renders at most MAX_MARKET_ROWS rows of a long list, and the search reaches the rest', () => {
    const many = Array.from({ length: 1_234 }, (_, i) =>
      marketFixture({
        conditionId: `0x${i.toString(16).padStart(4, '0')}`,
        question: `Will market number ${i} resolve yes?`,
        slug: `market-${i}`,
      }),
    );
    act(() => useMarketStore.setState({ markets: many }));
    render(<MarketList />);
    expect(
      screen.getByTestId('market-list').querySelectorAll('[data-testid="market-row"]'),
    ).toHaveLength(MAX_MARKET_ROWS);
    expect(screen.getByTestId('market-list-more').textContent).toContain('200 of 1,234 markets');
    fireEvent.change(screen.getByTestId('market-search'), { target: { value: 'number 1200 ' } });
    expect(screen.getByTestId('market-list').textContent).toContain('market number 1200 resolve');
    expect(screen.queryByTestId('market-list-more')).toBeNull();
  });

  it('walks the matches with the arrow keys and opens one with Enter', () => {
    render(<MarketList />);
    const search = screen.getByTestId('market-search');
    fireEvent.change(search, { target: { value: 'will' } });
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(useMarketStore.getState().selectedConditionId).toBe('0xdef');
    fireEvent.keyDown(search, { key: 'ArrowUp' });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(useMarketStore.getState().selectedConditionId).toBe('0xabc');
    fireEvent.keyDown(search, { key: 'Escape' });
    expect((search as HTMLInputElement).value).toBe('');
  });

  it('shows tick, last and spread, preferring the live book of a watched market', () => {
    render(<MarketList />);
    const [fedRow, lunarRow] = screen.getAllByTestId('market-row');
    expect(fedRow?.textContent).toContain('last 0.515');
    expect(fedRow?.textContent).toContain('spr .01');
    expect(fedRow?.textContent).toContain('tick 0.01');
    expect(lunarRow?.textContent).toContain('spr —');
    act(() =>
      useMarketStore.getState().applySnapshots([
        snapshotFixture({
          tokenId: '3333',
          bestBid: 270_000,
          bestAsk: 350_000,
          lastTradePrice: 300_000,
        }),
      ]),
    );
    expect(lunarRow?.textContent).toContain('last 0.30');
    expect(lunarRow?.textContent).toContain('spr .08');
  });

  it('watches the YES token of the selected market and unwatches the one shown before', async () => {
    const fake = fakeApi({
      'market.watch': (params) => ({
        ok: true,
        result: snapshotFixture({ tokenId: (params as { tokenId: string }).tokenId }),
      }),
      'market.unwatch': () => ({ ok: true, result: { watching: [] } }),
    });
    render(<Watched api={fake.api} />);
    const rows = screen.getAllByTestId('market-row');
    fireEvent.click(rows[0] as HTMLElement);
    fireEvent.click(rows[1] as HTMLElement);
    act(() => useMarketStore.getState().setOutcome('NO'));
    const trail = (): string[] =>
      fake.calls.map((c) => `${c.method} ${(c.params as { tokenId: string }).tokenId}`);
    await waitFor(() =>
      expect(trail()).toEqual([
        'market.watch 1111111111',
        'market.unwatch 1111111111',
        'market.watch 3333',
        'market.unwatch 3333',
        'market.watch 4444',
      ]),
    );
    expect(rows[1]?.getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(useMarketStore.getState().snapshots['4444']).toBeDefined());
  });

  it("searches Gamma's event titles, filters by tag and sorts by volume, liquidity or end date", () => {
    withContext();
    render(<MarketList />);
    const slugs = (): (string | undefined)[] =>
      screen.getAllByTestId('market-row').map((r) => r.dataset.slug);
    expect(slugs()).toEqual(['fed-cuts-rates-in-december', 'lunar-lander']);
    const [fedRow] = screen.getAllByTestId('market-row');
    expect(fedRow?.textContent).toContain('Fed decision in December');
    expect(fedRow?.textContent).toContain('vol $5.0k');
    expect(fedRow?.textContent).toContain('liq $20.0k');
    expect(fedRow?.textContent).toContain('ends Dec 10, 2026');
    expect(fedRow?.textContent).toContain('Politics');

    fireEvent.change(screen.getByTestId('market-sort'), { target: { value: 'volume' } });
    expect(slugs()).toEqual(['lunar-lander', 'fed-cuts-rates-in-december']);
    fireEvent.change(screen.getByTestId('market-sort'), { target: { value: 'liquidity' } });
    expect(slugs()).toEqual(['fed-cuts-rates-in-december', 'lunar-lander']);
    fireEvent.change(screen.getByTestId('market-sort'), { target: { value: 'ending' } });
    expect(slugs()).toEqual(['fed-cuts-rates-in-december', 'lunar-lander']);

    // A word of the event title finds a market whose question lacks it.
    fireEvent.change(screen.getByTestId('market-search'), { target: { value: 'decision' } });
    expect(slugs()).toEqual(['fed-cuts-rates-in-december']);
    fireEvent.change(screen.getByTestId('market-search'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('market-tag'), { target: { value: 'space' } });
    expect(slugs()).toEqual(['lunar-lander']);
    // Only the neg-risk market offers the event view.
    fireEvent.click(screen.getByTestId('event-open'));
    expect(useContextStore.getState().openEventId).toBe('900002');
  });

  it('keeps the CLOB list usable with a notice while Gamma is unavailable', () => {
    withContext('Market details from Gamma are unavailable (HTTP 503): showing the exchange list.');
    useContextStore.setState({ byCondition: new Map() });
    render(<MarketList />);
    expect(screen.getByTestId('market-notice').textContent).toContain('unavailable');
    expect(screen.getAllByTestId('market-row')).toHaveLength(2);
    fireEvent.change(screen.getByTestId('market-search'), { target: { value: 'lunar' } });
    expect(screen.getAllByTestId('market-row')).toHaveLength(1);
  });
});
