// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PortfolioPosition, PortfolioSnapshot } from '@shared/ipc/contract';
import { PortfolioSnapshotSchema } from '@shared/ipc/contract';
import { ApiContext } from '../../api/api-context';
import { useAppStore } from '../../state/app-store';
import { useEntryStore } from '../../state/entry-store';
import { useMarketStore } from '../../state/market-store';
import { usePortfolioStore } from '../../state/portfolio-store';
import { useToastStore } from '../../state/toast-store';
import { fakeApi } from '../../test/fake-api';
import { CONDITION, marketFixture, NO_TOKEN, YES_TOKEN } from '../../test/fixtures';
import { OrderEntryForm } from '../entry/OrderEntryForm';
import { BlotterPanel } from './BlotterPanel';

const SHARE = 1_000_000;

function position(over: Partial<PortfolioPosition> = {}): PortfolioPosition {
  return {
    tokenId: NO_TOKEN,
    conditionId: CONDITION,
    question: 'Will the Fed cut rates at the December meeting?',
    outcome: 'No',
    heldMicros: 12 * SHARE,
    confirmedMicros: 10 * SHARE,
    pendingBuyMicros: 2 * SHARE,
    pendingSellMicros: 0,
    pendingSellProceedsMicros: 0,
    costBasisMicros: 4_800_000,
    avgCostMicros: 400_000,
    realizedPnlMicros: 250_000,
    feesMicros: 0,
    unknownCostSoldMicros: 0,
    unknownCostProceedsMicros: 0,
    liveFills: 3,
    failedFills: 0,
    microPriceMicros: 485_000,
    bestBidMicros: 480_000,
    markStale: false,
    valueAtMicroMicros: 5_820_000,
    valueAtBidMicros: 5_760_000,
    unrealizedAtMicroMicros: 1_020_000,
    unrealizedAtBidMicros: 960_000,
    exchangeMicros: 7 * SHARE,
    reservedSellMicros: 0,
    minOrderSizeMicros: 5 * SHARE,
    resolution: null,
    ...over,
  };
}

function snapshot(positions: PortfolioPosition[]): PortfolioSnapshot {
  return PortfolioSnapshotSchema.parse({
    at: 1_700_000_000_000,
    positions,
    totals: {
      costBasisMicros: 4_800_000,
      realizedPnlMicros: 250_000,
      feesMicros: 0,
      valueAtMicroMicros: 5_820_000,
      valueAtBidMicros: 5_760_000,
      unrealizedAtMicroMicros: 1_020_000,
      unrealizedAtBidMicros: 960_000,
      unmarkedTokenIds: [],
    },
    cash: {
      balanceMicros: 1_000 * SHARE,
      reservedMicros: 25 * SHARE,
      freeMicros: 975 * SHARE,
      overReservedMicros: 0,
      pendingSellProceedsMicros: 0,
    },
    equityAtMicroMicros: 1_005_820_000,
    equityAtBidMicros: 1_005_760_000,
    warnings: [
      {
        tokenId: NO_TOKEN,
        exchangeMicros: 7 * SHARE,
        confirmedMicros: 10 * SHARE,
        pendingSellMicros: 0,
        expectedMicros: 10 * SHARE,
        differenceMicros: -3 * SHARE,
        message: 'token: the exchange reports 7 shares, our confirmed fills give 10 shares',
      },
    ],
    balancesAt: 1_700_000_000_000,
    balanceError: null,
    conflicts: 0,
  });
}

function setup(replies: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi(replies);
  render(
    <ApiContext.Provider value={fake.api}>
      <BlotterPanel />
      <OrderEntryForm />
    </ApiContext.Provider>,
  );
  return fake;
}

beforeEach(() => {
  useMarketStore.setState({
    markets: [marketFixture()],
    selectedConditionId: null,
    outcome: 'YES',
  });
  useAppStore.setState({ status: null, info: null, account: null });
  usePortfolioStore.setState({ snapshot: null, trades: [], tradesTotal: 0, tab: 'positions' });
});
afterEach(cleanup);

describe('Positions panel', () => {
  it('shows shares confirmed and pending apart, cost, marks, P&L, cash, and the warning', () => {
    setup();
    act(() => usePortfolioStore.getState().setSnapshot(snapshot([position()])));
    const row = screen.getByTestId('position-row');
    expect(row.getAttribute('data-token-id')).toBe(NO_TOKEN);
    expect(row.querySelector('.order-market')?.textContent).toMatch(/^⚠ No Will the Fed cut rates/);
    expect(within(row).getByTestId('position-held').textContent).toBe('12');
    expect(within(row).getByTestId('position-confirmed').textContent).toBe('10');
    expect(within(row).getByTestId('position-pending').textContent).toBe('+2');
    expect(within(row).getByTestId('position-avg').textContent).toBe('0.40');
    expect(within(row).getByTestId('position-mark').textContent).toBe('0.485 / 0.48');
    expect(within(row).getByTestId('position-unrealized').textContent).toBe('+$1.02 / +$0.96');
    expect(within(row).getByTestId('position-realized').textContent).toBe('+$0.25');
    expect(screen.getByTestId('cash-free').textContent).toBe('$975.00');
    expect(screen.getByTestId('cash-reserved').textContent).toBe('$25.00');
    const warning = screen.getByTestId('reconcile-warning');
    expect(screen.getByTestId('warning-exchange').textContent).toBe('7');
    expect(screen.getByTestId('warning-ours').textContent).toBe('10');
    expect(warning.textContent).toContain('difference -3');
    expect(row.className).toContain('warned');
    expect(screen.getByTestId('tab-positions').textContent).toContain('⚠');
  });

  it('Close fills the order form with a SELL of the settled shares at the bid; nothing is sent', () => {
    const fake = setup();
    act(() => usePortfolioStore.getState().setSnapshot(snapshot([position()])));
    // 12 held, 2 still pending: only the 10 confirmed can be sold now.
    act(() => fireEvent.click(screen.getByTestId('position-close')));
    expect(useMarketStore.getState().selectedConditionId).toBe(CONDITION);
    expect(useMarketStore.getState().outcome).toBe('NO');
    expect(useEntryStore.getState().pick).toMatchObject({
      side: 'SELL',
      priceMicros: 480_000,
      sizeMicros: 10 * SHARE,
    });
    expect(screen.getByTestId('side-SELL').getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByTestId('field-minPrice') as HTMLInputElement).value).toBe('0.48');
    expect((screen.getByTestId('field-totalSize') as HTMLInputElement).value).toBe('10');
    act(() => fireEvent.click(screen.getByTestId('position-reduce')));
    expect((screen.getByTestId('field-totalSize') as HTMLInputElement).value).toBe('6');
    expect(fake.calls.filter((c) => c.method === 'order.submit')).toEqual([]);
  });

  it('disables Close with the reason when nothing is sellable yet, and shows a flat position', () => {
    setup();
    act(() =>
      usePortfolioStore.getState().setSnapshot(
        snapshot([
          position({ confirmedMicros: 0, pendingBuyMicros: 12 * SHARE }),
          position({
            tokenId: YES_TOKEN,
            outcome: 'Yes',
            heldMicros: 0,
            confirmedMicros: 0,
            pendingBuyMicros: 0,
            costBasisMicros: 0,
            avgCostMicros: null,
          }),
        ]),
      ),
    );
    const [held, flat] = screen.getAllByTestId('position-row');
    const close = within(held as HTMLElement).getByTestId('position-close') as HTMLButtonElement;
    expect(close.disabled).toBe(true);
    expect(close.title).toMatch(/no whole 0.01 share is sellable yet/);
    expect(within(flat as HTMLElement).getByTestId('position-held').textContent).toBe('flat');
    expect(within(flat as HTMLElement).queryByTestId('position-close')).toBeNull();
  });

  it('marks a resolved position redeemable; Redeem asks the host and says what was credited', async () => {
    const fake = setup({
      'portfolio.redeem': () => ({
        ok: true,
        result: {
          conditionId: CONDITION,
          winningTokenId: NO_TOKEN,
          payoutMicros: 12 * SHARE,
          burned: [{ tokenId: NO_TOKEN, sharesMicros: 12 * SHARE }],
          transactionHash: '0x1',
        },
      }),
    });
    const resolved = position({
      resolution: {
        winningOutcome: 'No',
        won: true,
        payoutMicros: 12 * SHARE,
        redeemable: true,
        redeemVia: 'paper-exchange',
        note: null,
      },
    });
    act(() => usePortfolioStore.getState().setSnapshot(snapshot([resolved])));
    const row = screen.getByTestId('position-row');
    expect(within(row).getByTestId('position-resolution').textContent).toBe('redeemable');
    expect(within(row).getByTestId('position-mark').textContent).toBe('pays 1');
    expect(within(row).getByTestId('position-redeem').title).toContain('pays $12.00');
    expect(within(row).queryByTestId('position-close')).toBeNull();
    fireEvent.click(within(row).getByTestId('position-redeem'));
    expect(fake.calls.map((c) => c.method)).toEqual(['portfolio.redeem']);
    expect(fake.calls[0]?.params).toEqual({ conditionId: CONDITION });
    await waitFor(() =>
      expect(
        useToastStore.getState().toasts.some((t) => t.detail.startsWith('$12.00 credited')),
      ).toBe(true),
    );
  });

  it('in live mode says plainly that Polydesk does not redeem, with no button', () => {
    setup();
    const note = 'Polydesk does not submit the redeem transaction. Redeem on polymarket.com.';
    const resolved = position({
      resolution: {
        winningOutcome: 'Yes',
        won: false,
        payoutMicros: 0,
        redeemable: true,
        redeemVia: 'not-submitted',
        note,
      },
    });
    act(() => usePortfolioStore.getState().setSnapshot(snapshot([resolved])));
    expect(screen.queryByTestId('position-redeem')).toBeNull();
    expect(screen.getByTestId('redeem-live-note').textContent).toBe(note);
    expect(screen.getByTestId('position-resolution').textContent).toBe('redeemable');
  });
});
