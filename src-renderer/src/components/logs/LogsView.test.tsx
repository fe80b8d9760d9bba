// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '@shared/ipc/contract';
import { ApiContext } from '../../api/api-context';
import { fakeApi } from '../../test/fake-api';
import { StatusBar } from '../StatusBar';
import { LogsDrawer } from './LogsDrawer';
import { useLogsStore } from './logs-store';

const entries: LogEntry[] = [
  { time: 1_000, level: 'debug', msg: 'book polled', fields: '{"tokenId":"1"}' },
  { time: 2_000, level: 'info', msg: 'order accepted', orderId: 'ord-7', fields: '{}' },
  { time: 3_000, level: 'warn', msg: 'stream stalled', fields: '{"ageMs":6000}' },
  { time: 4_000, level: 'error', msg: 'cancel failed', orderId: 'ord-9', fields: '{"err":"x"}' },
];

function setup(reply: () => LogEntry[] = () => entries) {
  const fake = fakeApi({ 'logs.tail': () => ({ ok: true, result: { entries: reply() } }) });
  render(
    <ApiContext.Provider value={fake.api}>
      <StatusBar />
      <LogsDrawer />
    </ApiContext.Provider>,
  );
  return fake;
}

function rows(): string[] {
  return screen.getAllByTestId('log-row').map((row) => row.textContent ?? '');
}

beforeEach(() => useLogsStore.setState({ open: false }));
afterEach(cleanup);

describe('Logs view', () => {
  it('opens from the status bar, newest first, and loads the tail once', async () => {
    const fake = setup();
    expect(screen.queryByTestId('panel-logs')).toBeNull();
    fireEvent.click(screen.getByTestId('logs-toggle'));
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(4));
    expect(rows()[0]).toContain('cancel failed');
    expect(fake.calls).toEqual([{ method: 'logs.tail', params: { lines: 500 } }]);
    fireEvent.click(screen.getByTestId('logs-close'));
    expect(screen.queryByTestId('panel-logs')).toBeNull();
  });

  it('filters by level and by text (message, order id or fields)', async () => {
    setup();
    act(() => useLogsStore.getState().toggle());
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(4));
    fireEvent.click(screen.getByTestId('logs-level-warn'));
    expect(screen.getAllByTestId('log-row').map((r) => r.dataset.level)).toEqual(['error', 'warn']);
    fireEvent.click(screen.getByTestId('logs-level-all'));
    fireEvent.change(screen.getByTestId('logs-filter'), { target: { value: 'ORD-7' } });
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toContain('order accepted');
    fireEvent.change(screen.getByTestId('logs-filter'), { target: { value: 'ageMs' } });
    expect(rows()[0]).toContain('stream stalled');
    fireEvent.change(screen.getByTestId('logs-filter'), { target: { value: 'nothing like it' } });
    expect(screen.queryAllByTestId('log-row')).toHaveLength(0);
    expect(screen.getByText('No line matches.')).toBeTruthy();
  });

  it('refreshes on demand and shows a failure', async () => {
    let current = entries.slice(0, 1);
    const fake = setup(() => current);
    act(() => useLogsStore.getState().toggle());
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(1));
    current = entries;
    fireEvent.click(screen.getByTestId('logs-refresh'));
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(4));
    expect(fake.calls).toHaveLength(2);
    cleanup();

    const broken = fakeApi();
    render(
      <ApiContext.Provider value={broken.api}>
        <LogsDrawer />
      </ApiContext.Provider>,
    );
    await waitFor(() => expect(screen.getByTestId('logs-error').textContent).toMatch(/not faked/));
  });
});
