// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo, AppStatusEvent } from '@shared/ipc/contract';
import { useAppStore } from '../state/app-store';
import { useSettingsStore } from '../state/settings-store';
import { liveStatusFixture } from '../test/fixtures';
import { ProblemsBanner } from './ProblemsBanner';
import { StatusBar } from './StatusBar';

const info: AppInfo = {
  name: 'Polydesk',
  version: '1',
  mode: 'PAPER',
  startedAt: 0,
  uptimeMs: 0,
  exchangeUrl: '',
  readOnly: false,
  problems: [],
};

const status = (over: Partial<AppStatusEvent> = {}): AppStatusEvent => ({
  status: 'ok',
  mode: 'LIVE',
  uptimeMs: 1_000,
  connection: 'connected',
  clients: 1,
  workers: { busy: 0, idle: 3 },
  queueDepth: 0,
  activeOrders: 0,
  stream: 'live',
  oldestBookAgeMs: 100,
  canTrade: true,
  heartbeat: 'ok',
  switching: false,
  at: 0,
  ...over,
});

beforeEach(() => useSettingsStore.setState({ open: false, section: 'live' }));
afterEach(() => {
  cleanup();
  useAppStore.setState({ info: null, status: null, live: null });
});

describe('StatusBar', () => {
  it('shows no read-only badge when the host trades', () => {
    useAppStore.setState({ info });
    render(<StatusBar />);
    expect(screen.queryByTestId('read-only-badge')).toBeNull();
    expect(screen.getByTestId('mode-badge').textContent).toBe('PAPER');
    expect(screen.queryByTestId('heartbeat')).toBeNull();
  });

  it('shows READ-ONLY with the problems in its tooltip', () => {
    const reason = 'Read-only: config.json could not be used (unreadable: bad JSON).';
    useAppStore.setState({
      info: { ...info, readOnly: true, problems: [reason, '/d/config.json: kept aside'] },
    });
    render(<StatusBar />);
    const badge = screen.getByTestId('read-only-badge');
    expect(badge.textContent).toBe('READ-ONLY');
    expect(badge.getAttribute('title')).toBe(`${reason}\n/d/config.json: kept aside`);
  });

  it('in LIVE: a red badge and the dead-man switch, on or failing', () => {
    useAppStore.setState({ info: { ...info, mode: 'LIVE' }, status: status() });
    render(<StatusBar />);
    expect(screen.getByTestId('mode-badge').className).toContain('badge-live');
    expect(screen.getByTestId('heartbeat').textContent).toBe('dead-man switch on');
    expect(screen.queryByTestId('trade-block')).toBeNull();
    act(() => useAppStore.setState({ status: status({ heartbeat: 'failing' }) }));
    expect(screen.getByTestId('heartbeat').textContent).toBe('⚠ dead-man switch failing');
    expect(screen.getByTestId('heartbeat').className).toBe('bad');
  });

  it('in LIVE without a usable key: market data only, locked when the keystore is', () => {
    useAppStore.setState({
      status: status({ canTrade: false, heartbeat: 'off' }),
      live: liveStatusFixture({ mode: 'LIVE', address: '0xabc', unlocked: false }),
    });
    render(<StatusBar />);
    expect(screen.getByTestId('trade-block').textContent).toBe('LIVE · locked: market data only');
    expect(screen.queryByTestId('heartbeat')).toBeNull();
    act(() => useAppStore.setState({ live: liveStatusFixture({ mode: 'LIVE' }) }));
    expect(screen.getByTestId('trade-block').textContent).toBe('LIVE · market data only');
    fireEvent.click(screen.getByTestId('trade-block'));
    expect(useSettingsStore.getState()).toMatchObject({ open: true, section: 'live' });
  });

  it('says switching… while the host changes mode', () => {
    useAppStore.setState({ status: status({ switching: true, canTrade: false }) });
    render(<StatusBar />);
    expect(screen.getByTestId('switching').textContent).toBe('switching…');
    expect(screen.queryByTestId('trade-block')).toBeNull();
  });

  it('opens the settings from the gear button and from the mode badge', () => {
    useAppStore.setState({ info });
    render(<StatusBar />);
    useSettingsStore.setState({ section: 'rails' });
    fireEvent.click(screen.getByTestId('settings-open'));
    expect(useSettingsStore.getState()).toMatchObject({ open: true, section: 'rails' });
    useSettingsStore.setState({ open: false });
    fireEvent.click(screen.getByTestId('mode-badge'));
    expect(useSettingsStore.getState()).toMatchObject({ open: true, section: 'live' });
  });
});

describe('ProblemsBanner', () => {
  it('shows the host’s problems even when it trades, until dismissed', () => {
    const problem =
      'The paper order database could not be read; it was kept as polydesk-paper.db.corrupt-1 and a new, empty one was started.';
    useAppStore.setState({ info: { ...info, problems: [problem] } });
    render(<ProblemsBanner />);
    expect(screen.getByTestId('problem').textContent).toBe(problem);
    fireEvent.click(screen.getByTestId('problems-dismiss'));
    expect(screen.queryByTestId('problems-banner')).toBeNull();
    act(() => useAppStore.setState({ info: { ...info, problems: [problem, 'another one'] } }));
    expect(screen.getAllByTestId('problem').map((p) => p.textContent)).toEqual(['another one']);
  });
});
