// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '@shared/ipc/contract';
import type { CallOutcome } from '@shared/ipc/wire';
import { ApiClient } from '../../api/api-client';
import { useReportStore } from '../../state/report-store';
import { fakeApi } from '../../test/fake-api';
import { ICEBERG_ORDER, reportFixture } from './report-fixture';
import { REPORT_REFRESH_MS, useReportRefresh } from './use-report-refresh';

const live: AppInfo = {
  name: 'Polydesk',
  version: '1',
  mode: 'LIVE',
  startedAt: 0,
  uptimeMs: 0,
  exchangeUrl: 'https://clob.example',
  readOnly: false,
  problems: [],
};

function setup() {
  const fake = fakeApi({ 'report.get': () => ({ ok: true, result: reportFixture() }) });
  const hook = renderHook(() => useReportRefresh(fake.api));
  const asked = (): number => fake.calls.filter((c) => c.method === 'report.get').length;
  return { fake, hook, asked };
}

beforeEach(() => {
  vi.useFakeTimers();
  useReportStore.getState().reset();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('report refresh', () => {
  it('loads at once, then every 10 s while shown, and stops when hidden', async () => {
    const { hook, asked } = setup();
    expect(asked()).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(REPORT_REFRESH_MS));
    expect(asked()).toBe(2);
    expect(useReportStore.getState().report?.orders).toHaveLength(2);
    hook.unmount();
    await act(() => vi.advanceTimersByTimeAsync(3 * REPORT_REFRESH_MS));
    expect(asked()).toBe(2);
  });

  it('loads again on a reconnect, and drops the old report on a PAPER/LIVE switch', async () => {
    const { fake, asked } = setup();
    await act(() => vi.advanceTimersByTimeAsync(0));
    act(() => useReportStore.getState().select(ICEBERG_ORDER));
    act(() => fake.link('open'));
    expect(asked()).toBe(2);
    expect(useReportStore.getState().selectedOrderId).toBe(ICEBERG_ORDER);
    act(() => fake.emit('app.info', live));
    expect(useReportStore.getState().report).toBeNull();
    expect(useReportStore.getState().selectedOrderId).toBeNull();
    expect(asked()).toBe(3);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(useReportStore.getState().report).not.toBeNull();
  });

  it('drops a reply overtaken by a newer request', async () => {
    const replies: ((outcome: CallOutcome) => void)[] = [];
    const api = new ApiClient({
      kind: 'web',
      call: () => new Promise<CallOutcome>((resolve) => replies.push(resolve)),
      onEvent: () => () => undefined,
      onLinkState: () => () => undefined,
    });
    const older = useReportStore.getState().load(api);
    const newer = useReportStore.getState().load(api);
    replies[1]?.({ ok: true, result: reportFixture({ source: 'newer' }) });
    await newer;
    replies[0]?.({ ok: false, error: { code: 'INTERNAL', message: 'late failure' } });
    await older;
    expect(useReportStore.getState()).toMatchObject({ loading: false, error: null });
    expect(useReportStore.getState().report?.source).toBe('newer');
  });
});
