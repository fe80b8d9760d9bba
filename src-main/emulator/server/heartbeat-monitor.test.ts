import { describe, expect, it } from 'vitest';
import { eventually } from '../testing/clob-test-client.js';
import { HeartbeatMonitor } from './heartbeat-monitor.js';

describe('HeartbeatMonitor', () => {
  it('chains ids and refuses anything else, telling the expected id', () => {
    const m = new HeartbeatMonitor(() => undefined, 60_000);
    expect(m.beat('k', 'x')).toEqual({ ok: false, expected: '' });
    const first = m.beat('k', '');
    if (!first.ok) throw new Error('first beat refused');
    expect(m.beat('k', '')).toEqual({ ok: false, expected: first.id });
    const second = m.beat('k', first.id);
    expect(second.ok).toBe(true);
    expect(m.beat('other', null).ok).toBe(true);
    m.stop();
  });

  it('fires the dead-man switch for the silent key only, then starts over', async () => {
    const expired: string[] = [];
    const m = new HeartbeatMonitor((k) => expired.push(k), 30);
    m.beat('quiet', '');
    await eventually(() => (expired.length > 0 ? true : undefined));
    expect(expired).toEqual(['quiet']);
    expect(m.beat('quiet', '').ok).toBe(true);
    m.stop();
  });
});
