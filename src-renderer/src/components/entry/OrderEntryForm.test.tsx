// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiContext } from '../../api/api-context';
import { useAppStore } from '../../state/app-store';
import { useEntryStore } from '../../state/entry-store';
import { useMarketStore } from '../../state/market-store';
import { fakeApi } from '../../test/fake-api';
import {
  CONDITION,
  liveStatusFixture,
  marketFixture,
  snapshotFixture,
  YES_TOKEN,
} from '../../test/fixtures';
import { useSettingsStore } from '../../state/settings-store';
import { kellyPlan } from '@shared/math';
import { formatShares, formatUsd } from '../format';
import { OrderEntryForm } from './OrderEntryForm';

function setup() {
  const fake = fakeApi({ 'order.submit': () => ({ ok: true, result: { orderId: 'ord-42' } }) });
  render(
    <ApiContext.Provider value={fake.api}>
      <OrderEntryForm />
    </ApiContext.Provider>,
  );
  return fake;
}

const type = (name: string, value: string): void => {
  fireEvent.change(screen.getByTestId(`field-${name}`), { target: { value } });
};
const submit = (): void => {
  fireEvent.click(screen.getByTestId('order-submit'));
};
const submits = (fake: ReturnType<typeof fakeApi>) =>
  fake.calls.filter((c) => c.method === 'order.submit');

beforeEach(() => {
  useMarketStore.setState({
    markets: [marketFixture()],
    selectedConditionId: CONDITION,
    outcome: 'YES',
  });
  useAppStore.setState({ status: null, info: null, account: null });
});
afterEach(cleanup);

describe('OrderEntryForm', () => {
  it('shows field errors for missing and invalid input and submits nothing', async () => {
    const fake = setup();
    submit();
    expect(screen.getByTestId('error-totalSize').textContent).toBe('required');
    expect(screen.getByTestId('error-maxPrice').textContent).toBe('required');
    expect(screen.getByTestId('error-minPrice').textContent).toBe('required');

    type('totalSize', '10.001');
    type('maxPrice', '1.2');
    type('minPrice', '0.45');
    type('thresholdBps', '0');
    submit();
    expect(screen.getByTestId('error-totalSize').textContent).toMatch(/at most 2 decimals/);
    expect(screen.getByTestId('error-maxPrice').textContent).toMatch(
      /greater than 0 and less than 1/,
    );
    expect(screen.getByTestId('error-thresholdBps').textContent).toMatch(/>=1|at least|too small/i);
    expect(screen.queryByTestId('error-minPrice')).toBeNull();

    type('totalSize', '100');
    type('maxPrice', '0.55');
    type('thresholdBps', 'abc');
    submit();
    expect(screen.getByTestId('error-thresholdBps').textContent).toBe('enter a number');

    type('thresholdBps', '50');
    type('maxPrice', '0.40');
    submit();
    expect(screen.getByTestId('error-minPrice').textContent).toBe(
      'minPrice must not be above maxPrice',
    );
    expect(screen.queryByTestId('error-thresholdBps')).toBeNull();
    await Promise.resolve();
    expect(submits(fake)).toHaveLength(0);
  });

  it('submits a valid micro-price order as the schema input, with the defaults shown', async () => {
    const fake = setup();
    expect((screen.getByTestId('field-thresholdBps') as HTMLInputElement).value).toBe('50');
    expect((screen.getByTestId('field-checkIntervalSec') as HTMLInputElement).value).toBe('2');
    expect((screen.getByTestId('field-maxAdjustments') as HTMLInputElement).value).toBe('10');
    expect((screen.getByTestId('field-aggressionLimitBps') as HTMLInputElement).value).toBe('100');
    type('totalSize', '100');
    type('maxPrice', '0.55');
    type('minPrice', '0.45');
    expect(screen.getByTestId('order-preview').textContent).toMatch(
      /^Buy 100 Yes resting near the micro-price ±50 bps.*never above 0\.55.*costs at most \$55\.00/,
    );
    submit();
    await waitFor(() => expect(submits(fake)).toHaveLength(1));
    expect(submits(fake)[0]?.params).toEqual({
      marketId: CONDITION,
      tokenId: YES_TOKEN,
      side: 'BUY',
      strategyType: 'micro_price',
      totalSize: '100',
      maxPrice: '0.55',
      minPrice: '0.45',
      urgency: 'MEDIUM',
      microPriceParams: {
        thresholdBps: 50,
        checkIntervalSec: 2,
        maxAdjustments: 10,
        aggressionLimitBps: 100,
      },
    });
  });

  it('takes a price picked on the ladder as the limit of that side', () => {
    setup();
    act(() => useEntryStore.getState().pickPrice(520_000, 'SELL'));
    expect((screen.getByTestId('field-minPrice') as HTMLInputElement).value).toBe('0.52');
    expect((screen.getByTestId('field-maxPrice') as HTMLInputElement).value).toBe('0.99');
    expect(screen.getByTestId('side-SELL').getAttribute('aria-pressed')).toBe('true');
    act(() => useEntryStore.getState().pickPrice(500_000, 'BUY'));
    expect((screen.getByTestId('field-maxPrice') as HTMLInputElement).value).toBe('0.50');
    expect((screen.getByTestId('field-minPrice') as HTMLInputElement).value).toBe('0.01');
  });

  it('checks the iceberg and Kelly parameters at their fields', async () => {
    const fake = setup();
    fireEvent.click(screen.getByTestId('strategy-iceberg'));
    type('totalSize', '50');
    type('clipSize', '80');
    type('maxPrice', '0.55');
    type('minPrice', '0.45');
    submit();
    expect(screen.getByTestId('error-clipSize').textContent).toBe(
      'clipSize must not exceed totalSize',
    );

    fireEvent.click(screen.getByTestId('strategy-kelly'));
    expect(screen.queryByTestId('field-totalSize')).toBeNull();
    expect((screen.getByTestId('field-kellyFraction') as HTMLInputElement).value).toBe('0.25');
    type('winProbability', '1.5');
    type('maxPositionSize', '5000');
    submit();
    expect(screen.getByTestId('error-winProbability').textContent).toMatch(/1/);
    await Promise.resolve();
    expect(submits(fake)).toHaveLength(0);

    type('winProbability', '0.65');
    submit();
    await waitFor(() => expect(submits(fake)).toHaveLength(1));
    expect(submits(fake)[0]?.params).toMatchObject({
      strategyType: 'kelly',
      kellyParams: {
        winProbability: 0.65,
        kellyFraction: 0.25,
        maxPositionSize: '5000',
        resizeThreshold: 0.1,
      },
    });
  });

  it('estimates the Kelly size with the shared kellyPlan at the live ask, capped by the limit', () => {
    useMarketStore.setState({ snapshots: { [YES_TOKEN]: snapshotFixture() } });
    useAppStore.setState({ account: { collateral: 1_000_000_000, positions: [] } });
    setup();
    fireEvent.click(screen.getByTestId('strategy-kelly'));
    type('winProbability', '0.7');
    type('maxPositionSize', '5000');
    type('maxPrice', '0.60');
    type('minPrice', '0.01');
    const atAsk = kellyPlan({
      belief: 0.7,
      kellyFraction: 0.25,
      bankrollMicros: 1_000_000_000,
      maxPositionMicros: 5_000_000_000,
      priceMicros: 520_000,
    });
    expect(screen.getByTestId('kelly-estimate').textContent).toBe(
      `At the best ask (0.52) that is ${formatShares(atAsk.sharesMicros)} shares for ${formatUsd(atAsk.costMicros)}.`,
    );
    type('maxPrice', '0.40');
    expect(screen.getByTestId('kelly-estimate').textContent).toMatch(
      /^The best ask \(0\.52\) is above the limit: resting at 0\.40/,
    );
  });

  it('in LIVE mode asks for confirmation stating side, size, limits and notional; Esc cancels', async () => {
    useAppStore.setState({
      info: {
        name: 'Polydesk',
        version: '1',
        mode: 'LIVE',
        startedAt: 0,
        uptimeMs: 0,
        exchangeUrl: '',
        readOnly: false,
        problems: [],
      },
    });
    const fake = setup();
    type('totalSize', '100');
    type('maxPrice', '0.55');
    type('minPrice', '0.45');
    submit();
    expect(screen.getByTestId('confirm-side').textContent).toBe('BUY Yes');
    expect(screen.getByTestId('confirm-size').textContent).toBe('100 shares');
    expect(screen.getByTestId('confirm-limits').textContent).toBe('min 0.45 · max 0.55');
    expect(screen.getByTestId('confirm-notional').textContent).toBe('at most $55.00');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('confirm-order')).toBeNull();
    await Promise.resolve();
    expect(submits(fake)).toHaveLength(0);

    submit();
    fireEvent.click(screen.getByTestId('confirm-order-submit'));
    await waitFor(() => expect(submits(fake)).toHaveLength(1));
  });

  it('sends what to do when stuck, from the advanced section, only when changed', async () => {
    const fake = setup();
    expect((screen.getByTestId('field-whenStuckAction') as HTMLSelectElement).value).toBe('wait');
    expect((screen.getByTestId('field-stuckAfterSec') as HTMLInputElement).value).toBe('60');
    type('totalSize', '100');
    type('maxPrice', '0.55');
    type('minPrice', '0.45');
    fireEvent.change(screen.getByTestId('field-whenStuckAction'), { target: { value: 'cancel' } });
    type('stuckAfterSec', 'soon');
    submit();
    expect(screen.getByTestId('error-stuckAfterSec').textContent).toBe('enter a number');
    type('stuckAfterSec', '30');
    expect(screen.getByTestId('order-preview').textContent).toContain('cancelled after 30s stuck');
    submit();
    await waitFor(() => expect(submits(fake)).toHaveLength(1));
    expect(submits(fake)[0]?.params).toMatchObject({
      microPriceParams: { whenStuck: { action: 'cancel', afterSec: 30 } },
    });
  });

  it('rests iceberg clips passively unless "Allow taking" is ticked', async () => {
    const fake = setup();
    fireEvent.click(screen.getByTestId('strategy-iceberg'));
    type('totalSize', '50');
    type('clipSize', '10');
    type('targetPrice', '0.50');
    type('maxPrice', '0.55');
    type('minPrice', '0.45');
    expect(screen.getByTestId('order-preview').textContent).toContain(
      'in clips of 10, resting passively (post-only) near the micro-price, never above 0.50',
    );
    submit();
    await waitFor(() => expect(submits(fake)).toHaveLength(1));
    expect(submits(fake)[0]?.params).toMatchObject({ icebergParams: { clipSize: '10' } });
    expect(
      (submits(fake)[0]?.params as { icebergParams: object }).icebergParams,
    ).not.toHaveProperty('allowTaking');
    fireEvent.click(screen.getByTestId('field-allowTaking'));
    expect(screen.getByTestId('order-preview').textContent).toContain(
      'sent at 0.50 (may take liquidity)',
    );
    submit();
    await waitFor(() => expect(submits(fake)).toHaveLength(2));
    expect(submits(fake)[1]?.params).toMatchObject({
      icebergParams: { clipSize: '10', allowTaking: true },
    });
  });

  it('sells settled shares only, unless "Sell unconfirmed shares" is ticked on a SELL', async () => {
    const fake = setup();
    expect(screen.queryByTestId('field-sellUnconfirmed')).toBeNull();
    fireEvent.click(screen.getByTestId('side-SELL'));
    type('totalSize', '10');
    type('maxPrice', '0.55');
    type('minPrice', '0.45');
    submit();
    await waitFor(() => expect(submits(fake)).toHaveLength(1));
    expect(submits(fake)[0]?.params).not.toHaveProperty('sellUnconfirmed');
    fireEvent.click(screen.getByTestId('field-sellUnconfirmed'));
    submit();
    await waitFor(() => expect(submits(fake)).toHaveLength(2));
    expect(submits(fake)[1]?.params).toMatchObject({ side: 'SELL', sellUnconfirmed: true });
    // Back to BUY: the option is gone and not sent.
    fireEvent.click(screen.getByTestId('side-BUY'));
    expect(screen.queryByTestId('field-sellUnconfirmed')).toBeNull();
    submit();
    await waitFor(() => expect(submits(fake)).toHaveLength(3));
    expect(submits(fake)[2]?.params).not.toHaveProperty('sellUnconfirmed');
  });

  it('shows the host’s field-level refusal at the field', async () => {
    const fake = fakeApi({
      'order.submit': () => ({
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: 'Invalid order: totalSize below the minimum',
          issues: [{ path: 'totalSize', message: 'below the market minimum of 5 shares' }],
        },
      }),
    });
    render(
      <ApiContext.Provider value={fake.api}>
        <OrderEntryForm />
      </ApiContext.Provider>,
    );
    type('totalSize', '1');
    type('maxPrice', '0.55');
    type('minPrice', '0.45');
    submit();
    await waitFor(() =>
      expect(screen.getByTestId('error-totalSize').textContent).toBe(
        'below the market minimum of 5 shares',
      ),
    );
  });

  it('in LIVE without a usable key the submit is off and says why, with the way to the settings', () => {
    useAppStore.setState({
      status: {
        status: 'ok',
        mode: 'LIVE',
        uptimeMs: 0,
        connection: 'connected',
        clients: 1,
        workers: null,
        queueDepth: 0,
        activeOrders: 0,
        stream: 'live',
        oldestBookAgeMs: null,
        canTrade: false,
        heartbeat: 'off',
        switching: false,
        at: 0,
      },
      live: liveStatusFixture({ mode: 'LIVE', address: '0xabc', unlocked: false }),
    });
    setup();
    expect(screen.getByTestId<HTMLButtonElement>('order-submit').disabled).toBe(true);
    expect(screen.getByTestId('trade-note').textContent).toMatch(/locked key: market data only/);
    fireEvent.click(screen.getByText('Live trading settings…'));
    expect(useSettingsStore.getState()).toMatchObject({ open: true, section: 'live' });
    useAppStore.setState({ live: null });
  });
});
