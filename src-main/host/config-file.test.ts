import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { section, updateConfigFile } from './config-file';

function dir(content?: string): string {
  const d = mkdtempSync(join(tmpdir(), 'polydesk-config-file-'));
  if (content !== undefined) writeFileSync(join(d, 'config.json'), content);
  return d;
}

describe('updateConfigFile', () => {
  it('creates the file, owner-only, and keeps what the user wrote elsewhere', () => {
    const d = dir(JSON.stringify({ web: { port: 7100 }, live: { chainId: 80002 } }));
    updateConfigFile(d, (file) => {
      section(file, 'live').signatureType = 2;
      return { ...file, mode: 'LIVE' };
    });
    const file = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8')) as unknown;
    expect(file).toEqual({
      web: { port: 7100 },
      live: { chainId: 80002, signatureType: 2 },
      mode: 'LIVE',
    });
    expect(statSync(join(d, 'config.json')).mode & 0o077).toBe(0);
    expect(loadConfig({ POLYDESK_DATA_DIR: d }).config).toMatchObject({
      mode: 'LIVE',
      web: { port: 7100 },
      live: { chainId: 80002, signatureType: 2 },
    });
    expect(readdirSync(d)).toEqual(['config.json']);
  });

  it('does not write environment overrides into the file', () => {
    const d = dir();
    const env = { POLYDESK_DATA_DIR: d, POLYDESK_PORT: '7200' };
    expect(loadConfig(env).config.web.port).toBe(7200);
    updateConfigFile(d, (file) => ({ ...file, mode: 'PAPER' }));
    expect(JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'))).toEqual({ mode: 'PAPER' });
  });

  it('refuses a change that would make the file invalid, and leaves the file alone', () => {
    const d = dir(JSON.stringify({ mode: 'PAPER' }));
    expect(() => updateConfigFile(d, (file) => ({ ...file, mode: 'REAL' }))).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    expect(readFileSync(join(d, 'config.json'), 'utf8')).toBe('{"mode":"PAPER"}');
  });

  it('will not overwrite a file it cannot read', () => {
    const d = dir('{ not json');
    expect(() => updateConfigFile(d, (file) => file)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(readFileSync(join(d, 'config.json'), 'utf8')).toBe('{ not json');
  });
});
