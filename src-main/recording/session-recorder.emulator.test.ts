import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../host/config';
import { connectExchangeForMode } from '../host/exchange-link';
import { Host } from '../host/host';
import { silentLogger } from '../host/logger';
import type { RecordingRecord } from './recording-format';
import { listSessions, openRecording } from './recording-reader';
import { SessionRecorder } from './session-recorder';

const context = { transport: 'web', client: 'test' } as const;

async function dispatch(host: Host, method: string, params: object): Promise<unknown> {
  const outcome = await host.dispatcher.dispatch(method, params, context);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
  return outcome.result;
}

describe('SessionRecorder', () => {
  it('is on by default in paper mode and off in live mode, unless configured', () => {
    const dir = mkdtempSync(join(tmpdir(), 'polydesk-rec-config-'));
    const log = silentLogger();
    expect(SessionRecorder.start({ mode: 'PAPER' }, dir, log).enabled).toBe(true);
    expect(SessionRecorder.start({ mode: 'LIVE' }, dir, log).enabled).toBe(false);
    const live = SessionRecorder.start({ mode: 'LIVE', recording: { enabled: true } }, dir, log);
    expect(live.sessionDir).toMatch(/recordings[/\\]\d{8}T\d{9}Z-live(-\d+)?$/);
    const off = SessionRecorder.start({ mode: 'PAPER', recording: { enabled: false } }, dir, log);
    expect(off.sessionDir).toBeNull();
    // An absolute dir is used as it is, a relative one under the data directory.
    const other = join(dir, 'elsewhere');
    const absolute = SessionRecorder.start({ mode: 'PAPER', recording: { dir: other } }, '/x', log);
    expect(absolute.sessionDir?.startsWith(join(other, '/'))).toBe(true);
    const relative = SessionRecorder.start({ mode: 'PAPER', recording: { dir: 'rec' } }, dir, log);
    expect(relative.sessionDir?.startsWith(join(dir, 'rec', '/'))).toBe(true);
    expect(ConfigSchema.safeParse({ recording: { enabled: 'yes' } }).success).toBe(false);
    expect(ConfigSchema.safeParse({ recording: { size: 1 } }).success).toBe(false);
    expect(ConfigSchema.parse({}).recording).toBeUndefined();
  });

  it('records a paper session: books as received, order events and exchange calls', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'polydesk-rec-paper-'));
    const config = ConfigSchema.parse({ paper: { syntheticFlow: false, timing: 'prompt' } });
    const host = await Host.start({
      config,
      logger: silentLogger(),
      connectExchange: (cfg, log, credentials) =>
        connectExchangeForMode(cfg, log, dataDir, credentials, {}),
    });
    let tokenId = '';
    try {
      const { markets } = (await dispatch(host, 'market.list', {})) as {
        markets: { tokens: { tokenId: string }[] }[];
      };
      tokenId = markets[0]?.tokens[0]?.tokenId ?? '';
      await dispatch(host, 'market.watch', { tokenId });
      const { orderId } = (await dispatch(host, 'order.submit', {
        tokenId,
        side: 'BUY',
        strategyType: 'micro_price',
        totalSize: '10',
        maxPrice: '0.2',
        minPrice: '0.01',
      })) as { orderId: string };
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const { events } = (await dispatch(host, 'order.events', { orderId })) as {
          events: { type: string }[];
        };
        if (events.some((e) => e.type === 'acknowledged' || e.type === 'rejected')) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await dispatch(host, 'order.cancel', { orderId });
    } finally {
      await host.stop();
    }

    const sessions = await listSessions(join(dataDir, 'recordings'));
    expect(sessions).toHaveLength(1);
    const session = sessions[0] ?? '';
    expect(readdirSync(session)).toEqual(['part-000001.pdrec']);
    const reader = await openRecording(session);
    const records: RecordingRecord[] = [];
    for await (const record of reader) records.push(record);
    expect(reader.outcome).toMatchObject({ complete: true, damage: null });
    expect(records[0]).toMatchObject({ type: 'session', mode: 'PAPER', part: 1 });
    const books = records.filter((r) => r.type === 'book' && r.tokenId === tokenId);
    expect(books[0]).toMatchObject({ kind: 'snapshot', tickMicros: expect.any(Number) });
    expect(books[0]?.type === 'book' && books[0].bids.length).toBeGreaterThan(0);
    const orders = records.filter((r) => r.type === 'order');
    const daemonTypes = orders.filter((r) => r.source === 'daemon').map((r) => r.eventType);
    expect(daemonTypes).toEqual(expect.arrayContaining(['placed', 'acknowledged']));
    const submits = orders.filter((r) => r.source === 'exchange' && r.eventType === 'submit');
    expect(submits.length).toBeGreaterThan(0);
    expect(submits[0]?.payload).toMatchObject({
      request: { tokenId, side: 'BUY' },
      outcome: { kind: 'accepted' },
    });
    expect(orders.some((r) => r.source === 'exchange' && r.eventType === 'cancel')).toBe(true);
    // Receive times are wall-clock unix milliseconds.
    const times = records.map((r) => r.receiveTimeMs);
    expect(Math.min(...times)).toBeGreaterThan(1_600_000_000_000);
  }, 30_000);

  it('records nothing in live mode by default', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'polydesk-rec-live-'));
    const recorder = SessionRecorder.start({ mode: 'LIVE' }, dataDir, silentLogger());
    expect(recorder.stats).toBeNull();
    expect(existsSync(join(dataDir, 'recordings'))).toBe(false);
  });
});
