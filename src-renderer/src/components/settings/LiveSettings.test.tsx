// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveStatus } from '@shared/domain/live';
import type { CallOutcome } from '@shared/ipc/wire';
import { ApiContext } from '../../api/api-context';
import { useAppStore } from '../../state/app-store';
import { useSettingsStore } from '../../state/settings-store';
import { useToastStore } from '../../state/toast-store';
import { fakeApi } from '../../test/fake-api';
import { liveStatusFixture } from '../../test/fixtures';
import { SettingsDialog } from './SettingsDialog';

/** Hardhat's public test account #1: never holds real funds. */
const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const PASSPHRASE = 'correct horse battery';
const RAILS = {
  maxOrderNotional: 1_000_000_000,
  maxMarketNotional: 5_000_000_000,
  maxOpenOrders: 50,
  maxThroughMicroPrice: 100_000,
};

const ok = (result: unknown): CallOutcome => ({ ok: true, result });

function setup(live: LiveStatus, replies: Record<string, (params: unknown) => CallOutcome> = {}) {
  const fake = fakeApi({
    'live.status': () => ok(live),
    'settings.risk': () => ok(RAILS),
    ...replies,
  });
  useAppStore.setState({ live });
  act(() => useSettingsStore.getState().show('live'));
  render(
    <ApiContext.Provider value={fake.api}>
      <SettingsDialog />
    </ApiContext.Provider>,
  );
  return fake;
}

const type = (testId: string, value: string): void => {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
};
const input = (testId: string): HTMLInputElement => screen.getByTestId(testId);
const callsOf = (fake: ReturnType<typeof fakeApi>, method: string) =>
  fake.calls.filter((c) => c.method === method);

beforeEach(() => {
  useToastStore.setState({ toasts: [] });
  useAppStore.setState({ live: null, status: null, info: null });
  useSettingsStore.setState({ open: false, section: 'live' });
});
afterEach(cleanup);

describe('Settings → Live trading: key setup', () => {
  it('checks the form before sending anything: key shape, passphrase twice, funder for types 1 and 2', async () => {
    const fake = setup(liveStatusFixture());
    expect(input('live-privateKey').type).toBe('password');
    expect(input('live-privateKey').getAttribute('autocomplete')).toBe('off');
    expect(input('live-privateKey').getAttribute('spellcheck')).toBe('false');
    expect(screen.queryByTestId('live-funderAddress')).toBeNull();

    fireEvent.click(screen.getByTestId('live-setup-submit'));
    expect(screen.getByTestId('live-error-privateKey').textContent).toBe('required');
    expect(screen.getByTestId('live-error-passphrase').textContent).toMatch(/at least 10/);

    type('live-privateKey', '0x1234');
    type('live-passphrase', PASSPHRASE);
    type('live-passphraseRepeat', 'correct horse battery!');
    fireEvent.click(screen.getByTestId('live-setup-submit'));
    expect(screen.getByTestId('live-error-privateKey').textContent).toMatch(/64 hex digits/);
    expect(screen.getByTestId('live-error-passphraseRepeat').textContent).toBe(
      'the two passphrases differ',
    );

    type('live-privateKey', KEY);
    type('live-passphraseRepeat', PASSPHRASE);
    fireEvent.change(screen.getByTestId('live-signatureType'), { target: { value: '2' } });
    expect(screen.getByTestId('live-funderAddress')).toBeTruthy();
    fireEvent.click(screen.getByTestId('live-setup-submit'));
    expect(screen.getByTestId('live-error-funderAddress').textContent).toBe(
      'required for signature types 1 and 2 (the proxy or Safe wallet)',
    );
    type('live-funderAddress', '0x1234');
    fireEvent.click(screen.getByTestId('live-setup-submit'));
    expect(screen.getByTestId('live-error-funderAddress').textContent).toMatch(/40 hex digits/);
    await Promise.resolve();
    expect(callsOf(fake, 'live.setup')).toHaveLength(0);
  });

  it('shows the host’s field errors next to the fields, and clears the key whatever the outcome', async () => {
    const fake = setup(liveStatusFixture(), {
      'live.setup': () => ({
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: 'The funder is the proxy or Safe wallet, not the key’s own address',
          issues: [{ path: 'funderAddress', message: 'same as the key’s address' }],
        },
      }),
    });
    type('live-privateKey', KEY);
    type('live-passphrase', PASSPHRASE);
    type('live-passphraseRepeat', PASSPHRASE);
    fireEvent.change(screen.getByTestId('live-signatureType'), { target: { value: '1' } });
    type('live-funderAddress', ADDRESS);
    fireEvent.click(screen.getByTestId('live-setup-submit'));
    expect(input('live-privateKey').value).toBe('');
    expect(input('live-passphrase').value).toBe('');
    await waitFor(() =>
      expect(screen.getByTestId('live-error-funderAddress').textContent).toBe(
        'same as the key’s address',
      ),
    );
    expect(screen.getByTestId('live-error-form').textContent).toMatch(/proxy or Safe wallet/);
    expect(input('live-privateKey').value).toBe('');
    expect(input('live-funderAddress').value).toBe(ADDRESS);
    expect(callsOf(fake, 'live.setup')[0]?.params).toEqual({
      privateKey: KEY,
      passphrase: PASSPHRASE,
      signatureType: 1,
      funderAddress: ADDRESS,
    });
  });

  it('verifies and saves: the key is cleared, nowhere in a store, and the wallet is shown', async () => {
    const saved = liveStatusFixture({
      address: ADDRESS,
      unlocked: true,
      verified: { at: 1_700_000_000_000, collateral: 10_000_000_000 },
    });
    const fake = setup(liveStatusFixture(), { 'live.setup': () => ok(saved) });
    type('live-privateKey', KEY.slice(2));
    type('live-passphrase', PASSPHRASE);
    type('live-passphraseRepeat', PASSPHRASE);
    fireEvent.click(screen.getByTestId('live-setup-submit'));
    expect(input('live-privateKey').value).toBe('');
    await waitFor(() => expect(screen.getByTestId('live-address').textContent).toBe(ADDRESS));
    expect(screen.queryByTestId('live-setup')).toBeNull();
    expect(screen.getByTestId('live-verified').textContent).toContain('$10,000.00');
    expect(screen.getByTestId('live-vault').textContent).toMatch(/Passphrase keystore/);
    expect(callsOf(fake, 'live.setup')[0]?.params).toEqual({
      privateKey: KEY.slice(2),
      passphrase: PASSPHRASE,
      signatureType: 0,
    });
    const stores = JSON.stringify([
      useAppStore.getState(),
      useSettingsStore.getState(),
      useToastStore.getState().toasts,
    ]);
    expect(stores).not.toContain(KEY.slice(2, 30));
    expect(stores).not.toContain(PASSPHRASE);
    expect(document.body.innerHTML).not.toContain(KEY.slice(2, 30));
  });

  it('asks no passphrase when the key goes to the OS keychain', async () => {
    const fake = setup(liveStatusFixture({ vault: 'safe-storage' }), {
      'live.setup': () => ok(liveStatusFixture({ vault: 'safe-storage', address: ADDRESS })),
    });
    expect(screen.queryByTestId('live-passphrase')).toBeNull();
    expect(screen.getByTestId('live-vault').textContent).toMatch(/OS keychain/);
    type('live-privateKey', KEY);
    fireEvent.click(screen.getByTestId('live-setup-submit'));
    await waitFor(() => expect(callsOf(fake, 'live.setup')).toHaveLength(1));
    expect(callsOf(fake, 'live.setup')[0]?.params).toEqual({ privateKey: KEY, signatureType: 0 });
  });
});

describe('Settings → Live trading: switching', () => {
  const withKey = liveStatusFixture({ address: ADDRESS, unlocked: false });

  it('switches to LIVE only once LIVE is typed, with the passphrase of a locked keystore', async () => {
    const fake = setup(withKey, {
      'live.enable': () =>
        ok({ ...withKey, mode: 'LIVE', unlocked: true, trading: true, heartbeat: 'ok' }),
    });
    fireEvent.click(screen.getByTestId('live-enable'));
    const confirm = screen.getByTestId('live-confirm');
    expect(confirm.textContent).toMatch(/Real money/);
    expect(confirm.textContent).toMatch(/about 10 seconds/);
    await waitFor(() =>
      expect(screen.getByTestId('live-confirm-rails').textContent).toContain(
        'at most $1,000.00 per order',
      ),
    );
    expect(screen.getByTestId('live-confirm-rails').textContent).toContain('0.1 through');
    const submit = screen.getByTestId<HTMLButtonElement>('live-confirm-submit');
    expect(submit.disabled).toBe(true);
    type('live-confirm-input', 'live');
    expect(submit.disabled).toBe(true);
    type('live-confirm-input', 'LIVE');
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    expect(screen.getByTestId('live-error-confirm-passphrase').textContent).toMatch(/passphrase/);
    expect(callsOf(fake, 'live.enable')).toHaveLength(0);

    type('live-confirm-passphrase', PASSPHRASE);
    fireEvent.click(submit);
    await waitFor(() => expect(screen.getByTestId('live-mode').textContent).toBe('LIVE'));
    expect(callsOf(fake, 'live.enable')[0]?.params).toEqual({
      confirm: 'LIVE',
      passphrase: PASSPHRASE,
    });
    expect(screen.getByTestId('live-disable')).toBeTruthy();
    expect(screen.queryByTestId('live-forget')).toBeNull();
  });

  it('shows a wrong passphrase next to its field', async () => {
    setup(withKey, {
      'live.enable': () => ({
        ok: false,
        error: {
          code: 'UNAUTHORIZED',
          message: 'Wrong passphrase, or the keystore file is damaged',
        },
      }),
    });
    fireEvent.click(screen.getByTestId('live-enable'));
    type('live-confirm-passphrase', 'not it at all');
    type('live-confirm-input', 'LIVE');
    fireEvent.click(screen.getByTestId('live-confirm-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('live-error-confirm-passphrase').textContent).toMatch(
        /Wrong passphrase/,
      ),
    );
    expect(input('live-confirm-passphrase').value).toBe('');
  });

  it('offers the kill switch when orders are working', async () => {
    const unlocked = { ...withKey, unlocked: true };
    const fake = setup(unlocked, {
      'live.enable': () => ({
        ok: false,
        error: {
          code: 'CONFLICT',
          message:
            '2 orders are working in PAPER mode: cancel them (or use the kill switch) before you switch to LIVE',
        },
      }),
      'order.cancelAll': () => ok({ cancelled: ['a', 'b'] }),
    });
    fireEvent.click(screen.getByTestId('live-enable'));
    expect(screen.queryByTestId('live-confirm-passphrase')).toBeNull();
    type('live-confirm-input', 'LIVE');
    fireEvent.click(screen.getByTestId('live-confirm-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('live-conflict').textContent).toMatch(/2 orders are working/),
    );
    expect(callsOf(fake, 'live.enable')[0]?.params).toEqual({ confirm: 'LIVE' });
    fireEvent.click(screen.getByTestId('live-kill'));
    await waitFor(() => expect(screen.queryByTestId('live-conflict')).toBeNull());
    expect(callsOf(fake, 'order.cancelAll')).toHaveLength(1);
    expect(useToastStore.getState().toasts.map((t) => t.title)).toContain('Cancelled 2 orders');
  });

  it('Esc leaves the confirmation first, then the dialog', () => {
    setup(withKey);
    fireEvent.click(screen.getByTestId('live-enable'));
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('live-confirm')).toBeNull();
    expect(screen.getByTestId('live-enable')).toBeTruthy();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('settings')).toBeNull();
  });

  it('in LIVE with a locked keystore: unlock, and back to PAPER', async () => {
    const lockedLive = { ...withKey, mode: 'LIVE' as const };
    const fake = setup(lockedLive, {
      'live.unlock': () => ok({ ...lockedLive, unlocked: true, trading: true }),
      'live.disable': () => ok({ ...withKey, unlocked: true }),
    });
    expect(screen.getByTestId('live-lock').textContent).toMatch(/locked/);
    fireEvent.click(screen.getByTestId('live-unlock'));
    type('live-unlock-passphrase', PASSPHRASE);
    fireEvent.click(screen.getByTestId('live-unlock-submit'));
    expect(input('live-unlock-passphrase').value).toBe('');
    await waitFor(() => expect(screen.getByTestId('live-lock').textContent).toMatch(/unlocked/));
    expect(screen.queryByTestId('live-unlock')).toBeNull();
    expect(callsOf(fake, 'live.unlock')[0]?.params).toEqual({ passphrase: PASSPHRASE });

    fireEvent.click(screen.getByTestId('live-disable'));
    await waitFor(() => expect(screen.getByTestId('live-mode').textContent).toBe('PAPER'));
  });

  it('deletes the saved key only after a confirmation', async () => {
    const fake = setup(withKey, { 'live.forget': () => ok(liveStatusFixture()) });
    fireEvent.click(screen.getByTestId('live-forget'));
    expect(callsOf(fake, 'live.forget')).toHaveLength(0);
    expect(screen.getByTestId('live-forget-confirm').textContent).toContain(ADDRESS);
    fireEvent.click(screen.getByTestId('live-forget-submit'));
    await waitFor(() => expect(screen.getByTestId('live-setup')).toBeTruthy());
    expect(callsOf(fake, 'live.forget')).toHaveLength(1);
  });

  it('unlocks a key kept in the OS keychain without asking a passphrase', async () => {
    const keychain = liveStatusFixture({ mode: 'LIVE', vault: 'safe-storage', address: ADDRESS });
    const fake = setup(keychain, {
      'live.unlock': () => ok({ ...keychain, unlocked: true, trading: true }),
    });
    fireEvent.click(screen.getByTestId('live-unlock'));
    await waitFor(() => expect(screen.getByTestId('live-lock').textContent).toMatch(/unlocked/));
    expect(callsOf(fake, 'live.unlock')[0]?.params).toEqual({});
  });
});
