import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

function dataDir(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'polydesk-config-'));
  if (config !== undefined) writeFileSync(join(dir, 'config.json'), config);
  return dir;
}

describe('loadConfig', () => {
  it('defaults to paper mode with no file', () => {
    const { config, problems } = loadConfig({ POLYDESK_DATA_DIR: dataDir() });
    expect(config.mode).toBe('PAPER');
    expect(config.web.port).toBe(0);
    expect(problems).toEqual([]);
  });

  it('reads the file and lets the environment override it', () => {
    const dir = dataDir(JSON.stringify({ mode: 'LIVE', web: { port: 7000 } }));
    const fromFile = loadConfig({ POLYDESK_DATA_DIR: dir });
    expect(fromFile.config.mode).toBe('LIVE');
    expect(fromFile.config.web.port).toBe(7000);
    const overridden = loadConfig({
      POLYDESK_DATA_DIR: dir,
      POLYDESK_MODE: 'PAPER',
      POLYDESK_PORT: '7001',
    });
    expect(overridden.config).toMatchObject({ mode: 'PAPER', web: { port: 7001 } });
  });

  it('reports an unreadable or invalid file, runs on defaults and leaves the file untouched', () => {
    const broken = '{ "mode": "LIVE", ';
    const dir = dataDir(broken);
    const result = loadConfig({ POLYDESK_DATA_DIR: dir });
    expect(result.config.mode).toBe('PAPER');
    expect(result.problems[0]?.message).toMatch(/unreadable/);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(broken);

    const invalid = loadConfig({
      POLYDESK_DATA_DIR: dataDir(JSON.stringify({ mode: 'YOLO', extra: 1 })),
    });
    expect(invalid.config.mode).toBe('PAPER');
    expect(invalid.problems.map((p) => p.path).join(' ')).toMatch(/mode/);
  });

  it('refuses a bad environment override with a named problem', () => {
    const result = loadConfig({ POLYDESK_DATA_DIR: dataDir(), POLYDESK_PORT: 'eighty' });
    expect(result.config.web.port).toBe(0);
    expect(result.problems[0]?.path).toBe('env:web.port');
  });
});
