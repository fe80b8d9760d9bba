import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSessionName, partsFor, sessionsOverlapping } from './recording-sessions';

describe('recording sessions', () => {
  it('reads the start and mode out of a session name', () => {
    expect(parseSessionName('20260124T103000123Z-paper')).toEqual({
      startMs: Date.parse('2026-01-24T10:30:00.123Z'),
      mode: 'PAPER',
    });
    expect(parseSessionName('20260124T103000123Z-live-2')?.mode).toBe('LIVE');
    expect(parseSessionName('fixture')).toBeNull();
  });

  it('reads a long session from one part before the span to the part that holds its end', () => {
    const parts = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const writes = [100, 200, 300, 400, 500];
    expect(partsFor(parts, writes, 250, 320)).toEqual(['p2', 'p3', 'p4']);
    expect(partsFor(parts, writes, 50, 150)).toEqual(['p1', 'p2']);
    expect(partsFor(parts, writes, 450, 10_000)).toEqual(['p4', 'p5']);
  });

  it('lists the sessions of a mode that overlap a span, oldest first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'polydesk-sessions-'));
    const session = (name: string, lastWriteMs: number) => {
      mkdirSync(join(dir, name));
      const part = join(dir, name, 'part-000001.pdrec');
      writeFileSync(part, '');
      utimesSync(part, lastWriteMs / 1_000, lastWriteMs / 1_000);
    };
    const t = (iso: string) => Date.parse(iso);
    session('20260124T100000000Z-paper', t('2026-01-24T10:30:00Z'));
    session('20260124T110000000Z-paper', t('2026-01-24T11:30:00Z'));
    session('20260124T113000000Z-live', t('2026-01-24T11:45:00Z'));
    session('20260124T120000000Z-paper', t('2026-01-24T12:30:00Z'));
    return sessionsOverlapping(
      dir,
      'PAPER',
      t('2026-01-24T10:45:00Z'),
      t('2026-01-24T11:50:00Z'),
    ).then((spans) => {
      expect(spans.map((s) => s.dir.slice(dir.length + 1))).toEqual(['20260124T110000000Z-paper']);
      expect(spans[0]?.parts).toHaveLength(1);
    });
  });
});
