import { describe, expect, it } from 'vitest';
import { deadManSwitch, HEARTBEAT_INTERVAL_MS } from './exchange-link';

describe('the dead-man switch', () => {
  it('runs the exchange heartbeat in live mode with a trading key only', () => {
    expect(deadManSwitch('LIVE', false)).toEqual({ intervalMs: HEARTBEAT_INTERVAL_MS });
    expect(deadManSwitch('LIVE', true)).toBeNull();
    expect(deadManSwitch('PAPER', false)).toBeNull();
    expect(deadManSwitch('PAPER', true)).toBeNull();
  });
});
