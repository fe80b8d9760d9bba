// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutcome } from '@shared/ipc/wire';
import { ApiContext } from '../../api/api-context';
import { useMarketStore } from '../../state/market-store';
import { usePortfolioStore } from '../../state/portfolio-store';
import { useReportStore } from '../../state/report-store';
import { fakeApi } from '../../test/fake-api';
import { marketFixture } from '../../test/fixtures';
import { BlotterPanel } from '../portfolio/BlotterPanel';
import { ICEBERG_ORDER, MICRO_ORDER, reportFixture } from './report-fixture';

function setup(reply: () => CallOutcome = () => ({ ok: true, result: reportFixture() })) {
  const fake = fakeApi({ 'report.get': reply });
  render(
    <ApiContext.Provider value={fake.api}>
      <BlotterPanel />
    </ApiContext.Provider>,
  );
  return fake;
}

function strategyRow(strategy: string): HTMLElement {
  const row = screen
    .getAllByTestId('strategy-row')
    .find((r) => r.getAttribute('data-strategy') === strategy);
  if (!row) throw new Error(`no row for ${strategy}`);
  return row;
}

const text = (row: HTMLElement, testId: string): string | null =>
  within(row).getByTestId(testId).textContent;

beforeEach(() => {
  usePortfolioStore.setState({ snapshot: null, trades: [], tradesTotal: 0, tab: 'orders' });
  useMarketStore.setState({ markets: [], selectedConditionId: null, outcome: 'YES' });
  useReportStore.getState().reset();
});
afterEach(cleanup);

describe('Report tab', () => {
  it('asks the host for the report only once its tab is shown', async () => {
    const fake = setup();
    expect(screen.queryByTestId('report')).toBeNull();
    expect(fake.calls).toEqual([]);
    fireEvent.click(screen.getByTestId('tab-report'));
    await screen.findByTestId('strategy-table');
    expect(fake.calls).toEqual([{ method: 'report.get', params: {} }]);
    expect(screen.getByTestId('tab-report').getAttribute('aria-selected')).toBe('true');
  });

  it('shows every strategy, with a dash row for the one without orders', async () => {
    setup();
    act(() => usePortfolioStore.getState().setTab('report'));
    await screen.findByTestId('strategy-table');
    expect(screen.getAllByTestId('strategy-row').map((r) => r.dataset.strategy)).toEqual([
      'iceberg',
      'micro_price',
      'kelly',
    ]);
    const ice = strategyRow('iceberg');
    expect(text(ice, 'strategy-orders')).toBe('1');
    expect(text(ice, 'strategy-filled')).toBe('15/15');
    expect(text(ice, 'strategy-fill-ratio')).toBe('100.0%');
    expect(text(ice, 'strategy-slippage-ticks')).toBe('+0.83');
    expect(text(ice, 'strategy-slippage-bps')).toBe('+161.8');
    expect(text(ice, 'markout-1s')).toBe('-0.25');
    expect(text(ice, 'markout-10s')).toBe('+0.40');
    expect(text(ice, 'markout-60s')).toBe('+0.90');
    expect(text(ice, 'strategy-time-to-fill')).toBe('4.2 s');
    expect(text(ice, 'strategy-replacements')).toBe('3');
    expect(within(ice).getByTestId('strategy-replacements').title).toBe(
      'clip refilled ×2; price left the band ×1',
    );
    expect(text(ice, 'strategy-fees')).toBe('$0.12 est.');

    const micro = strategyRow('micro_price');
    expect(text(micro, 'strategy-filled')).toBe('4/10');
    expect(text(micro, 'strategy-fill-ratio')).toBe('40.0%');
    expect(text(micro, 'strategy-slippage-ticks')).toBe('-1.00');
    expect(within(micro).getByTestId('strategy-slippage-ticks').className).toBe('pnl-up');
    expect(text(micro, 'markout-1s')).toBe('+0.50');
    expect(text(micro, 'markout-10s')).toBe('—');
    expect(text(micro, 'markout-60s')).toBe('—');
    expect(text(micro, 'strategy-time-to-fill')).toBe('—');
    expect(text(micro, 'strategy-fees')).toBe('$0.00');

    const kelly = strategyRow('kelly');
    expect(kelly.textContent).toBe('Kelly0——————————');
    expect(kelly.className).toContain('empty-row');
  });

  it('lists the orders newest first with their figures; a click shows the fills on the micro-price', async () => {
    // The fixture's orders trade the YES token of this market.
    useMarketStore.setState({ markets: [marketFixture()] });
    setup();
    act(() => usePortfolioStore.getState().setTab('report'));
    await screen.findByTestId('report-order-table');
    const rows = screen.getAllByTestId('report-order-row');
    expect(rows.map((r) => r.dataset.orderId)).toEqual([MICRO_ORDER, ICEBERG_ORDER]);
    const [micro, ice] = rows as [HTMLElement, HTMLElement];
    expect(ice.querySelector('.order-market')?.textContent).toBe(
      'Yes Will the Fed cut rates at the December meeting? · Yes',
    );
    expect(ice.textContent).toContain('BUY iceberg');
    expect(text(ice, 'order-arrival')).toBe('0.5150');
    expect(text(ice, 'order-avg-fill')).toBe('0.5233');
    expect(text(ice, 'order-slippage')).toBe('+0.83 / +161.8');
    expect(text(ice, 'markout-10s')).toBe('+0.40');
    expect(text(ice, 'order-fill-ratio')).toBe('100%');
    expect(text(ice, 'order-times')).toBe('850 ms / 4.2 s');
    expect(within(ice).getByTestId('order-replacements').title).toContain('clip refilled ×2');
    expect(text(ice, 'order-fees')).toBe('$0.12 est.');
    expect(micro.textContent).toContain('SELL micro-price');
    expect(text(micro, 'order-times')).toBe('12.5 s / —');
    expect(text(micro, 'markout-60s')).toBe('—');

    expect(screen.getByTestId('report-order-hint')).toBeTruthy();
    fireEvent.click(ice);
    const detail = screen.getByTestId('report-order-detail');
    expect(within(detail).getByTestId('fills-on-micro-chart').dataset).toMatchObject({
      points: '4',
      fills: '3',
    });
    expect(within(detail).getAllByTestId('report-fill-row')).toHaveLength(3);
    expect(within(detail).getByTestId('report-replacements').textContent).toContain(
      'price left the band ×1',
    );
    expect(ice.getAttribute('aria-selected')).toBe('true');
  });

  it('shows the charts, the estimator comparison and the notes', async () => {
    setup();
    act(() => usePortfolioStore.getState().setTab('report'));
    await screen.findByTestId('markout-chart');
    const histogram = screen.getByTestId('slippage-histogram');
    expect(histogram.dataset).toMatchObject({ binWidth: '0.5', fills: '4' });
    const [h1, h10] = screen.getAllByTestId('estimator-row') as [HTMLElement, HTMLElement];
    expect(text(h1, 'estimator-mid')).toBe('0.402 / 0.210');
    expect(text(h1, 'estimator-stoikov')).toBe('0.330 / 0.170');
    expect(text(h1, 'estimator-stoikov-ratio')).toBe('0.82');
    expect(text(h1, 'estimator-fallbacks')).toBe('12');
    expect(text(h10, 'estimator-weighted_mid-ratio')).toBe('1.06');
    expect(text(h10, 'estimator-stoikov-ratio')).toBe('—');
    expect(screen.getByTestId('estimator-notes').textContent).toContain('Stoikov fell back');
    expect(screen.getByTestId('report-notes').textContent).toContain('need a minute');
  });

  it('says in a sentence why the report failed, and keeps the last report shown', async () => {
    let fail = false;
    const fake = setup(() =>
      fail
        ? { ok: false, error: { code: 'INTERNAL', message: 'The recordings could not be read' } }
        : { ok: true, result: reportFixture() },
    );
    act(() => usePortfolioStore.getState().setTab('report'));
    await screen.findByTestId('strategy-table');
    fail = true;
    fireEvent.click(screen.getByTestId('report-refresh'));
    const error = await screen.findByTestId('report-error');
    expect(error.textContent).toMatch(
      /^The report could not be loaded: The recordings could not be read\. Refresh to try again/,
    );
    expect(error.textContent).toContain('The report below is the one made at');
    expect(screen.getAllByTestId('strategy-row')).toHaveLength(3);
    fail = false;
    fireEvent.click(screen.getByTestId('report-refresh'));
    await waitFor(() => expect(screen.queryByTestId('report-error')).toBeNull());
    expect(fake.calls.filter((c) => c.method === 'report.get')).toHaveLength(3);
  });

  it('without a report, the error stands alone; a host without the call is named as such', async () => {
    setup(() => ({
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: 'Unknown method: "report.get"' },
    }));
    act(() => usePortfolioStore.getState().setTab('report'));
    const error = await screen.findByTestId('report-error');
    expect(error.textContent).toBe(
      'This host does not provide the execution report (Unknown method: "report.get"). Update Polydesk and restart the host.',
    );
    expect(screen.queryByTestId('strategy-table')).toBeNull();
    expect((screen.getByTestId('report-refresh') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows an empty report plainly: all three strategies as dashes, no charts drawn', async () => {
    setup(() => ({
      ok: true,
      result: reportFixture({ orders: [], strategies: [], estimators: null, traces: [] }),
    }));
    act(() => usePortfolioStore.getState().setTab('report'));
    await screen.findByTestId('strategy-table');
    expect(
      screen.getAllByTestId('strategy-row').every((r) => r.className.includes('empty-row')),
    ).toBe(true);
    expect(screen.getByTestId('markout-chart').textContent).toContain('No markouts yet');
    expect(screen.getByTestId('slippage-histogram').textContent).toContain('No fills');
    expect(screen.getByText(/No orders with history yet/)).toBeTruthy();
    expect(screen.getByText(/No estimator comparison/)).toBeTruthy();
  });
});
