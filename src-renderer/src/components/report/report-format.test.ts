import { describe, expect, it } from 'vitest';
import { formatBps, formatDuration, formatTicks, toneClass } from './report-format';

describe('report figures', () => {
  it('shows signed ticks and bps, a dash for what was not measured', () => {
    expect(formatTicks(0.8333)).toBe('+0.83');
    expect(formatTicks(-1)).toBe('-1.00');
    expect(formatTicks(-0.001)).toBe('0.00');
    expect(formatTicks(null)).toBe('—');
    expect(formatBps(161.84)).toBe('+161.8');
    expect(formatBps(undefined)).toBe('—');
  });

  it('shows durations in ms, seconds or minutes', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4_200)).toBe('4.2 s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(null)).toBe('—');
  });

  it('colours a cost red and a gain green: slippage and markouts read opposite ways', () => {
    expect(toneClass(0.5, false)).toBe('pnl-down');
    expect(toneClass(0.5, true)).toBe('pnl-up');
    expect(toneClass(-0.5, false)).toBe('pnl-up');
    expect(toneClass(0, true)).toBe('');
    expect(toneClass(null, true)).toBe('');
  });
});
