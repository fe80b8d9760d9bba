import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from './config';
import { createFileLogger } from './file-logger';

const config = ConfigSchema.parse({});

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'polydesk-log-'));
}

function logFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => /^polydesk\.\d+\.log$/.test(name));
}

describe('createFileLogger', () => {
  it('rotates by size and keeps only the newest files', async () => {
    const log = await createFileLogger(tempDir(), config, { maxBytes: 2_000, files: 3 });
    const padding = 'x'.repeat(200);
    for (let i = 0; i < 200; i++) {
      log.logger.info({ i, padding }, 'line');
      // Rotation happens between writes: let the stream drain now and then.
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await log.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const files = logFiles(log.dir);
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3);
    expect(log.currentFile()).toMatch(/polydesk\.\d+\.log$/);
    const lines = files
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
      .flatMap((name) => readFileSync(join(log.dir, name), 'utf8').split('\n'))
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as { i: number });
    // Nothing is lost inside the files kept, and the newest line is the last one written.
    expect(lines.at(-1)?.i).toBe(199);
    expect(lines.map((l) => l.i)).toEqual(lines.map((_, k) => 200 - lines.length + k));
  });

  it('never writes a private key, API secret or passphrase', async () => {
    const log = await createFileLogger(tempDir(), config);
    log.logger.info(
      {
        privateKey: '0xdeadbeefprivate',
        creds: { apiSecret: 'api-secret-value', passphrase: 'pass-phrase-value' },
        request: { headers: { POLY_PASSPHRASE: 'header-phrase-value' } },
        secret: 'plain-secret-value',
      },
      'signing',
    );
    await log.close();
    const text = readFileSync(log.currentFile(), 'utf8');
    expect(text).toContain('signing');
    for (const secret of [
      'deadbeefprivate',
      'api-secret-value',
      'pass-phrase-value',
      'header-phrase-value',
      'plain-secret-value',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });
});
