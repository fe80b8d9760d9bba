import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from './config';
import { createFileLogger } from './file-logger';
import { Host } from './host';
import { readLogTail } from './log-tail';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'polydesk-tail-'));
}

function line(i: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    level: 30,
    time: 1_000 + i,
    name: 'polydesk',
    msg: `line ${i}`,
    ...extra,
  });
}

describe('readLogTail', () => {
  it('returns the newest lines oldest first, across a long file', async () => {
    const file = join(tempDir(), 'polydesk.1.log');
    const padding = 'p'.repeat(300);
    writeFileSync(
      file,
      Array.from({ length: 2_000 }, (_, i) => line(i, { padding })).join('\n') + '\n',
    );
    const entries = await readLogTail([file], 300);
    expect(entries).toHaveLength(300);
    expect(entries[0]?.msg).toBe('line 1700');
    expect(entries.at(-1)).toMatchObject({ msg: 'line 1999', time: 2_999, level: 'info' });
  });

  it('maps levels, lifts orderId, skips lines that are not JSON, redacts secrets', async () => {
    const file = join(tempDir(), 'polydesk.1.log');
    writeFileSync(
      file,
      [
        line(1, { level: 50, orderId: 'o-1', err: 'boom' }),
        'not json at all',
        line(2, { level: 40, creds: { apiSecret: 'leaked-secret', passphrase: 'leaked-phrase' } }),
        line(3, { level: 20, privateKey: '0xleakedkey' }),
        '{"level":30,"time":9,"msg":"half a li',
      ].join('\n'),
    );
    const entries = await readLogTail([file], 10);
    expect(entries.map((e) => e.level)).toEqual(['error', 'warn', 'debug']);
    expect(entries[0]).toMatchObject({ orderId: 'o-1', msg: 'line 1' });
    expect(JSON.parse(entries[0]?.fields ?? '')).toEqual({ err: 'boom' });
    const text = JSON.stringify(entries);
    for (const secret of ['leaked-secret', 'leaked-phrase', 'leakedkey']) {
      expect(text).not.toContain(secret);
    }
  });

  it('fills in from the previous file after a rotation, and is empty without files', async () => {
    const dir = tempDir();
    const older = join(dir, 'polydesk.1.log');
    const newer = join(dir, 'polydesk.2.log');
    writeFileSync(older, [line(1), line(2), line(3)].join('\n') + '\n');
    writeFileSync(newer, line(4) + '\n');
    const entries = await readLogTail([newer, older], 3);
    expect(entries.map((e) => e.msg)).toEqual(['line 2', 'line 3', 'line 4']);
    expect(await readLogTail([join(dir, 'missing.log')], 5)).toEqual([]);
  });
});

describe('logs.tail', () => {
  it("answers with the host's own log lines", async () => {
    const fileLog = await createFileLogger(tempDir(), ConfigSchema.parse({}));
    const host = await Host.start({
      config: ConfigSchema.parse({}),
      logger: fileLog.logger,
      logFiles: fileLog.files,
    });
    fileLog.logger.info({ orderId: 'abc', apiSecret: 'never-shown' }, 'order accepted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const outcome = await host.dispatcher.dispatch(
      'logs.tail',
      { lines: 2 },
      { transport: 'web', client: 't' },
    );
    await host.stop();
    await fileLog.close();
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const { entries } = outcome.result as { entries: { msg: string; orderId?: string }[] };
    expect(entries.map((e) => e.msg)).toEqual(['host started', 'order accepted']);
    expect(entries[1]?.orderId).toBe('abc');
    expect(JSON.stringify(entries)).not.toContain('never-shown');
    const tooMany = await host.dispatcher.dispatch(
      'logs.tail',
      { lines: 501 },
      { transport: 'web', client: 't' },
    );
    expect(tooMany.ok ? null : tooMany.error.code).toBe('BAD_REQUEST');
  });
});
