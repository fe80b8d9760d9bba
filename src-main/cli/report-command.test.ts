import { describe, expect, it } from 'vitest';
import { runCli } from './polydesk';
import { parseSince, reportParams } from './report-command';

describe('polydesk report arguments', () => {
  it('takes --since as unix ms or an ISO date/time', () => {
    expect(parseSince('1769250600000')).toBe(1_769_250_600_000);
    expect(parseSince('2026-01-24T10:30:00Z')).toBe(Date.parse('2026-01-24T10:30:00Z'));
    expect(() => parseSince('yesterday')).toThrow(/unix milliseconds or an ISO/);
  });

  it('builds the report.get params from the flags', () => {
    expect(reportParams({ order: [] })).toEqual({});
    expect(reportParams({ order: ['a', 'b'], strategy: 'micro-price', since: 5 })).toEqual({
      orderIds: ['a', 'b'],
      strategyType: 'micro_price',
      sinceMs: 5,
    });
  });

  it('refuses a bad --since or --strategy as a usage error', async () => {
    const io = { out: () => undefined, err: () => undefined };
    expect(await runCli(['report', '--since', 'soon'], io)).toBe(2);
    expect(await runCli(['report', '--strategy', 'twap'], io)).toBe(2);
  });
});
