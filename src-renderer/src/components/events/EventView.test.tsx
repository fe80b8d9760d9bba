// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventInfo, MarketInfo } from '@shared/domain/gamma';
import { ApiContext } from '../../api/api-context';
import { useContextStore } from '../../state/context-store';
import { useEntryStore } from '../../state/entry-store';
import { useMarketStore } from '../../state/market-store';
import { fakeApi } from '../../test/fake-api';
import { marketFixture, snapshotFixture } from '../../test/fixtures';
import { EventView } from './EventView';

const SHARE = 1_000_000;

/** Three mutually exclusive outcomes: YES asks 0.30, 0.40, 0.35 (Σ micro about 1.02). */
const OUTCOMES = [
  { name: 'Red', condition: '0xa1', yes: '101', no: '102', bid: 280_000, ask: 300_000 },
  { name: 'Green', condition: '0xa2', yes: '201', no: '202', bid: 380_000, ask: 400_000 },
  { name: 'Blue', condition: '0xa3', yes: '301', no: '302', bid: 330_000, ask: 350_000 },
];

function market(o: (typeof OUTCOMES)[number]): MarketInfo {
  return {
    id: o.condition,
    conditionId: o.condition,
    question: `Will ${o.name} win?`,
    slug: o.name.toLowerCase(),
    groupItemTitle: o.name,
    eventId: '900009',
    eventTitle: 'Which colour wins?',
    eventSlug: 'colour',
    outcomes: [
      { label: 'Yes', tokenId: o.yes, priceMicros: null },
      { label: 'No', tokenId: o.no, priceMicros: null },
    ],
    endDateMs: null,
    volume24hMicros: 0,
    liquidityMicros: 0,
    tags: [],
    negRisk: true,
    negRiskMarketId: '0xneg',
    active: true,
    closed: false,
    acceptingOrders: true,
    enableOrderBook: true,
    tickMicros: 10_000,
    minOrderSizeMicros: 5 * SHARE,
    bestBidMicros: null,
    bestAskMicros: null,
  };
}

const EVENT: EventInfo = {
  id: '900009',
  slug: 'colour',
  title: 'Which colour wins?',
  description: null,
  endDateMs: null,
  volume24hMicros: 0,
  liquidityMicros: 0,
  tags: [],
  negRisk: true,
  negRiskMarketId: '0xneg',
  markets: OUTCOMES.map(market),
};

function setup() {
  const fake = fakeApi({
    'market.event': () => ({ ok: true, result: { event: EVENT, notice: null } }),
    'market.watch': (params) => {
      const tokenId = (params as { tokenId: string }).tokenId;
      const o = OUTCOMES.find((x) => x.yes === tokenId);
      return {
        ok: true,
        result: snapshotFixture({
          tokenId,
          conditionId: o?.condition ?? '',
          bestBid: o?.bid ?? null,
          bestAsk: o?.ask ?? null,
          microPrice: o ? (o.bid + o.ask) / 2 : null,
        }),
      };
    },
    'market.unwatch': () => ({ ok: true, result: { watching: [] } }),
  });
  const view = render(
    <ApiContext.Provider value={fake.api}>
      <EventView eventId="900009" />
    </ApiContext.Provider>,
  );
  return { fake, view };
}

beforeEach(() => {
  useContextStore.getState().reset();
  useMarketStore.setState({
    markets: OUTCOMES.map((o) =>
      marketFixture({
        conditionId: o.condition,
        question: `Will ${o.name} win?`,
        slug: o.name.toLowerCase(),
        negRisk: true,
        tokens: [
          { tokenId: o.yes, outcome: 'Yes' },
          { tokenId: o.no, outcome: 'No' },
        ],
      }),
    ),
    selectedConditionId: null,
    outcome: 'NO',
    snapshots: {},
  });
  useEntryStore.setState({ pick: null, tab: 'kelly' });
});
afterEach(cleanup);

describe('EventView', () => {
  it('shows every outcome with its book, the Σ of YES prices, and Kelly across them', async () => {
    const { fake, view } = setup();
    const rows = await screen.findAllByTestId('event-outcome');
    expect(rows).toHaveLength(3);
    await waitFor(() => expect(screen.getByTestId('event-sum-micro').textContent).toBe('1.020'));
    expect(screen.getByTestId('event-sum-deviation').textContent).toContain('+0.020 from 1');
    expect(within(rows[0] as HTMLElement).getByTestId('event-ask').textContent).toBe('0.30');
    expect(within(rows[1] as HTMLElement).getByTestId('event-micro').textContent).toBe('0.3900');
    // Every outcome's YES book is watched while the view is open.
    expect(fake.calls.filter((c) => c.method === 'market.watch')).toHaveLength(3);

    // Beliefs start at the micro-prices (no edge, nothing to buy)…
    const beliefs = screen.getAllByTestId('event-belief') as HTMLInputElement[];
    expect(beliefs.map((b) => b.value)).toEqual(['29.0', '39.0', '34.0']);
    expect(screen.getByTestId('event-kelly-note').textContent).toContain('sum to 102.0%');
    // …a view of 50/26/24 buys Red only: after Red the reserve rate is 0.5/0.7 ≈ 0.714, above
    // Green's 0.26/0.40 and Blue's 0.24/0.35.
    fireEvent.change(beliefs[0] as HTMLInputElement, { target: { value: '50' } });
    fireEvent.change(beliefs[1] as HTMLInputElement, { target: { value: '26' } });
    fireEvent.change(beliefs[2] as HTMLInputElement, { target: { value: '24' } });
    fireEvent.change(screen.getByTestId('event-kelly-fraction'), { target: { value: '0.5' } });
    fireEvent.change(screen.getByTestId('event-bankroll'), { target: { value: '100' } });
    expect(screen.queryByTestId('event-kelly-note')).toBeNull();
    expect(screen.getByTestId('event-kelly-summary').textContent).toContain('buy 1 of 3');
    // Full Kelly for one outcome: f = (q − p)/(1 − p) = 0.2/0.7; half of it, of 100 pUSD.
    const stake = within(rows[0] as HTMLElement).getByTestId('event-stake');
    expect(stake.firstChild?.textContent).toBe('$14.29');
    expect(stake.querySelector('.event-stake-shares')?.textContent).toBe('47 sh');
    expect(within(rows[1] as HTMLElement).getByTestId('event-stake').textContent).toBe('—');

    // Beliefs that do not sum to 100 % are normalized, and the note says so.
    fireEvent.change(beliefs[2] as HTMLInputElement, { target: { value: '44' } });
    expect(screen.getByTestId('event-kelly-note').textContent).toContain('sum to 120.0%');

    // Buy fills the order form with a BUY of that outcome's YES at its ask, Kelly's shares.
    fireEvent.change(beliefs[2] as HTMLInputElement, { target: { value: '24' } });
    fireEvent.click(within(rows[0] as HTMLElement).getByTestId('event-buy'));
    expect(useMarketStore.getState().selectedConditionId).toBe('0xa1');
    expect(useMarketStore.getState().outcome).toBe('YES');
    expect(useEntryStore.getState().pick).toMatchObject({
      priceMicros: 300_000,
      side: 'BUY',
      sizeMicros: 47 * SHARE,
    });
    expect(useEntryStore.getState().tab).toBe('order');
    // An outcome Kelly does not pick is prefilled with the market's minimum size.
    fireEvent.click(within(rows[1] as HTMLElement).getByTestId('event-buy'));
    expect(useEntryStore.getState().pick).toMatchObject({
      priceMicros: 400_000,
      sizeMicros: 5 * SHARE,
    });

    view.unmount();
    expect(fake.calls.filter((c) => c.method === 'market.unwatch')).toHaveLength(3);
    act(() => undefined);
  });
});
