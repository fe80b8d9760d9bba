import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

  it('keeps an unreadable file aside, runs on defaults in read-only mode', () => {
    const broken = '{ "mode": "LIVE", ';
    const dir = dataDir(broken);
    const at = new Date('2026-11-24T11:30:05.123Z');
    const result = loadConfig({ POLYDESK_DATA_DIR: dir }, () => at);
    expect(result.config.mode).toBe('PAPER');
    expect(result.problems[0]?.message).toMatch(/unreadable/);
    const aside = 'config.json.corrupt-20261124T113005.123Z';
    expect(readdirSync(dir)).toEqual([aside]);
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(broken);
    expect(result.readOnly).toMatch(/^Read-only: config\.json could not be used \(unreadable: /);
    expect(result.readOnly).toContain(aside);
    expect(result.problems.at(-1)?.message).toContain(aside);

    // The next start finds no file: defaults, trading allowed; a second corrupt file keeps both.
    expect(loadConfig({ POLYDESK_DATA_DIR: dir }).readOnly).toBeNull();
    writeFileSync(join(dir, 'config.json'), 'garbage');
    loadConfig({ POLYDESK_DATA_DIR: dir }, () => at);
    expect(readdirSync(dir).sort()).toEqual([aside, `${aside}-1`]);
  });

  it('treats a file that breaks the schema the same way, naming the field', () => {
    const dir = dataDir(JSON.stringify({ mode: 'YOLO', extra: 1 }));
    const invalid = loadConfig({ POLYDESK_DATA_DIR: dir });
    expect(invalid.config.mode).toBe('PAPER');
    expect(invalid.problems.map((p) => p.path).join(' ')).toMatch(/mode/);
    expect(invalid.readOnly).toMatch(/\(mode: /);
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
    expect(readdirSync(dir)[0]).toMatch(/^config\.json\.corrupt-\d{8}T\d{6}\.\d{3}Z$/);
  });

  it('is not read-only with a good file or none', () => {
    expect(loadConfig({ POLYDESK_DATA_DIR: dataDir() }).readOnly).toBeNull();
    const good = dataDir(JSON.stringify({ mode: 'PAPER' }));
    expect(loadConfig({ POLYDESK_DATA_DIR: good }).readOnly).toBeNull();
    expect(existsSync(join(good, 'config.json'))).toBe(true);
  });

  it('refuses a bad environment override with a named problem', () => {
    const result = loadConfig({ POLYDESK_DATA_DIR: dataDir(), POLYDESK_PORT: 'eighty' });
    expect(result.config.web.port).toBe(0);
    expect(result.problems[0]?.path).toBe('env:web.port');
  });
});
