// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppStatusEvent } from '@shared/ipc/contract';
import { useAppStore } from './app-store';
import { useToastStore } from './toast-store';
import { useStatusAlerts } from './use-status-alerts';

const status = (over: Partial<AppStatusEvent> = {}): AppStatusEvent => ({
  status: 'ok',
  mode: 'PAPER',
  uptimeMs: 1_000,
  connection: 'connected',
  clients: 1,
  workers: { busy: 0, idle: 3 },
  queueDepth: 0,
  activeOrders: 0,
  stream: 'live',
  oldestBookAgeMs: 100,
  canTrade: true,
  heartbeat: 'off',
  switching: false,
  at: 0,
  ...over,
});

beforeEach(() => {
  useToastStore.setState({ toasts: [] });
  useAppStore.setState({ link: 'open', status: status() });
});
afterEach(cleanup);

describe('useStatusAlerts', () => {
  it('toasts when the host link drops, the exchange degrades or the stream stalls, and not otherwise', () => {
    renderHook(() => useStatusAlerts());
    act(() => useAppStore.setState({ status: status({ uptimeMs: 2_000 }) }));
    expect(useToastStore.getState().toasts).toHaveLength(0);

    act(() => useAppStore.setState({ status: status({ stream: 'stalled' }) }));
    act(() => useAppStore.setState({ status: status({ stream: 'stalled', connection: 'down' }) }));
    act(() => useAppStore.setState({ link: 'closed' }));
    const titles = useToastStore.getState().toasts.map((t) => t.title);
    expect(titles).toEqual([
      'Market data stalled: no book updates',
      'Exchange link down',
      'Lost the connection to the Polydesk host',
    ]);
    expect(useToastStore.getState().toasts.every((t) => t.detail.length > 0)).toBe(true);
  });
});
