// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '@shared/ipc/contract';
import { useAppStore } from '../state/app-store';
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

afterEach(() => {
  cleanup();
  useAppStore.setState({ info: null });
});

describe('StatusBar', () => {
  it('shows no read-only badge when the host trades', () => {
    useAppStore.setState({ info });
    render(<StatusBar />);
    expect(screen.queryByTestId('read-only-badge')).toBeNull();
    expect(screen.getByTestId('mode-badge').textContent).toBe('PAPER');
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
});
