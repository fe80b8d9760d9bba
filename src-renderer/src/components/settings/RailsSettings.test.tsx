// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOutcome } from '@shared/ipc/wire';
import { ApiContext } from '../../api/api-context';
import { useSettingsStore } from '../../state/settings-store';
import { toastError, useToastStore } from '../../state/toast-store';
import { PolydeskError } from '@shared/errors';
import { fakeApi } from '../../test/fake-api';
import { Toasts } from '../common/Toasts';
import { SettingsDialog } from './SettingsDialog';

const RAILS = {
  maxOrderNotional: 1_000_000_000,
  maxMarketNotional: 5_000_000_000,
  maxOpenOrders: 50,
  maxThroughMicroPrice: 100_000,
};

function setup(update: (params: unknown) => CallOutcome) {
  const fake = fakeApi({
    'settings.risk': () => ({ ok: true, result: RAILS }),
    'settings.updateRisk': update,
  });
  render(
    <ApiContext.Provider value={fake.api}>
      <SettingsDialog />
      <Toasts />
    </ApiContext.Provider>,
  );
  return fake;
}

const field = (key: string): HTMLInputElement => screen.getByTestId(`rails-${key}`);
const type = (key: string, value: string): void => {
  fireEvent.change(field(key), { target: { value } });
};
const updates = (fake: ReturnType<typeof fakeApi>) =>
  fake.calls.filter((c) => c.method === 'settings.updateRisk');

beforeEach(() => {
  useToastStore.setState({ toasts: [] });
  useSettingsStore.setState({ open: false, section: 'live' });
});
afterEach(cleanup);

describe('Settings → Safety rails', () => {
  it('a RISK_LIMIT toast opens the rails, prefilled as people write them', async () => {
    setup(() => ({ ok: true, result: RAILS }));
    act(() =>
      toastError(
        'Order not accepted',
        new PolydeskError('RISK_LIMIT', 'per-order cap: $1,200.00 is $200.00 over $1,000.00'),
      ),
    );
    fireEvent.click(screen.getByTestId('toast-action'));
    expect(screen.getByTestId('settings-tab-rails').getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(field('maxOrderNotional').value).toBe('1000'));
    expect(field('maxMarketNotional').value).toBe('5000');
    expect(field('maxOpenOrders').value).toBe('50');
    expect(field('maxThroughMicroPrice').value).toBe('0.1');
    expect(screen.getByTestId('rails-form').textContent).toMatch(/size times its limit price/);
    expect(useToastStore.getState().toasts).toHaveLength(0);
  });

  it('checks the fields, saves the change and shows what the host refused', async () => {
    let reply: CallOutcome = {
      ok: true,
      result: { ...RAILS, maxOrderNotional: 250_500_000, maxOpenOrders: 10 },
    };
    const fake = setup(() => reply);
    act(() => useSettingsStore.getState().show('rails'));
    await waitFor(() => expect(field('maxOrderNotional').value).toBe('1000'));

    type('maxOrderNotional', '');
    type('maxOpenOrders', '2.5');
    type('maxThroughMicroPrice', '2');
    fireEvent.click(screen.getByTestId('rails-save'));
    expect(screen.getByTestId('rails-error-maxOrderNotional').textContent).toBe('required');
    expect(screen.getByTestId('rails-error-maxOpenOrders').textContent).toBe('a whole number');
    expect(screen.getByTestId('rails-error-maxThroughMicroPrice').textContent).toMatch(
      /between 0.01 and 1/,
    );
    expect(updates(fake)).toHaveLength(0);

    type('maxOrderNotional', '$250.50');
    type('maxOpenOrders', '10');
    type('maxThroughMicroPrice', '0.1');
    fireEvent.click(screen.getByTestId('rails-save'));
    await waitFor(() => expect(field('maxOrderNotional').value).toBe('250.5'));
    expect(updates(fake)[0]?.params).toEqual({
      maxOrderNotional: '250.50',
      maxMarketNotional: '5000',
      maxOpenOrders: 10,
      maxThroughMicroPrice: '0.1',
    });
    expect(useToastStore.getState().toasts.map((t) => t.title)).toContain('Safety rails saved');

    reply = {
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'Invalid params of settings.updateRisk',
        issues: [{ path: 'maxMarketNotional', message: 'the per-market cap is more than $0' }],
      },
    };
    fireEvent.click(screen.getByTestId('rails-save'));
    await waitFor(() =>
      expect(screen.getByTestId('rails-error-maxMarketNotional').textContent).toBe(
        'the per-market cap is more than $0',
      ),
    );
    expect(screen.getByTestId('rails-error-form').textContent).toMatch(/Invalid params/);
  });
});
