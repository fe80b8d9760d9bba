import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/polydesk';
import { runReplay } from './replay-runner';
import { driftingBooks, writeFixtureRecording } from './replay-fixtures';

const microPrice = {
  strategyType: 'micro_price',
  totalSize: '60',
  microPriceParams: { checkIntervalSec: 1 },
};

describe('runReplay on a hand-made recording', () => {
  it('runs the daemon on recorded time and compares parameter sets on the same books', async () => {
    const file = await writeFixtureRecording(driftingBooks(600));
    const result = await runReplay({
      file,
      seed: 7,
      strategies: [
        { name: 'passive', request: microPrice },
        {
          name: 'taker',
          request: {
            ...microPrice,
            strategyType: 'iceberg',
            icebergParams: { clipSize: '20', allowTaking: true },
            targetPrice: '0.56',
          },
        },
      ],
    });
    expect(result.stoppedAt).toBeNull();
    expect(result.recording).toMatchObject({ books: 600, tokens: 1, complete: true });
    const [passive, taker] = result.results;
    expect(passive?.refused).toBeNull();
    expect(passive?.placements).toBeGreaterThan(0);
    expect(passive?.fills.every((fill) => fill.role === 'MAKER')).toBe(true);
    // Taking clips at 0.56 cross the recorded asks at once.
    expect(taker?.fills[0]?.role).toBe('TAKER');
    expect(taker?.finalState).toBe('COMPLETED');
    expect(taker?.filledMicros).toBe(60_000_000);
    expect(taker?.fillRatio).toBe(1);
    for (const r of result.results) {
      // Recorded time, not wall time: the fills happen inside the recording's span.
      for (const fill of r.fills) {
        expect(fill.atMs).toBeGreaterThanOrEqual(result.recording.firstMs);
        expect(fill.atMs).toBeLessThanOrEqual(result.recording.lastMs);
      }
    }
  });

  it('replays a truncated or corrupt recording up to the damage and says where it stopped', async () => {
    const file = await writeFixtureRecording(driftingBooks(400));
    const bytes = readFileSync(file);
    const truncated = `${file}.truncated.pdrec`;
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const torn = await runReplay({
      file: truncated,
      toEnd: true,
      strategies: [{ name: 'mp', request: microPrice }],
    });
    expect(torn.stoppedAt).toMatchObject({ code: 'TRUNCATED', file: truncated });
    expect(torn.recording.complete).toBe(false);
    expect(torn.recording.books).toBeGreaterThan(100);
    expect(torn.recording.books).toBeLessThan(400);
    expect(torn.results[0]?.bookEvents).toBe(torn.recording.books);
  });

  it('stops a corrupt recording at the flipped byte and reports it', async () => {
    // Large enough that the damage is past the reader's first 1 MiB chunk.
    const file = await writeFixtureRecording(driftingBooks(60_000));
    const bytes = readFileSync(file);
    const corrupt = `${file}.corrupt.pdrec`;
    const flipped = Buffer.from(bytes);
    const at = Math.floor(bytes.length * 0.9);
    flipped[at] = (flipped[at] ?? 0) ^ 0xff;
    writeFileSync(corrupt, flipped);
    const damaged = await runReplay({
      file: corrupt,
      toEnd: true,
      strategies: [{ name: 'mp', request: microPrice }],
    });
    expect(damaged.stoppedAt?.code).toMatch(/CHECKSUM|BAD_LENGTH|BAD_RECORD/);
    expect(damaged.stoppedAt?.offset).toBeLessThanOrEqual(at);
    expect(damaged.stoppedAt?.offset).toBeGreaterThan(at - 100);
    expect(damaged.recording.books).toBeGreaterThan(0);
    expect(damaged.recording.books).toBeLessThan(60_000);
    expect(damaged.results[0]?.bookEvents).toBe(damaged.recording.books);
    expect(damaged.results[0]?.endedAtMs).toBeLessThanOrEqual(damaged.recording.lastMs);
  }, 60_000);

  it('refuses an invalid request per strategy without stopping the others', async () => {
    const file = await writeFixtureRecording(driftingBooks(50));
    await expect(
      runReplay({
        file,
        strategies: [{ name: 'bad', request: { strategyType: 'iceberg', totalSize: '10' } }],
      }),
    ).rejects.toThrow(/icebergParams/);
  });
});

describe('polydesk replay', () => {
  it('prints a table of the base run and each --compare set, or JSON', async () => {
    const file = await writeFixtureRecording(driftingBooks(300));
    const out: string[] = [];
    const io = {
      out: (text: string) => out.push(text),
      err: (text: string) => out.push(`ERR ${text}`),
    };
    const code = await runCli(
      [
        'replay',
        file,
        '--strategy',
        'micro_price',
        '--size',
        '30',
        '--check-interval',
        '1',
        '--compare',
        '{"name":"taker","strategyType":"iceberg","icebergParams":{"clipSize":"10","allowTaking":true},"targetPrice":"0.56"}',
      ],
      io,
    );
    expect(out.filter((line) => line.startsWith('ERR'))).toEqual([]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/strategy\s+fills\s+filled\/target/);
    expect(text).toMatch(/^micro_price\s/m);
    expect(text).toMatch(/^taker\s+\d+\s+30\/30\s.*COMPLETED/m);

    out.length = 0;
    expect(
      await runCli(
        ['replay', file, '--strategy', 'kelly', '--win-probability', '0.8', '--json'],
        io,
      ),
    ).toBe(0);
    const json = JSON.parse(out.join('\n')) as {
      results: { name: string; request: { kellyParams: unknown } }[];
    };
    expect(json.results[0]).toMatchObject({
      name: 'kelly',
      request: { kellyParams: { winProbability: 0.8, maxPositionSize: '50' } },
    });

    out.length = 0;
    expect(
      await runCli(['replay', file, '--strategy', 'micro_price', '--compare', 'nope'], io),
    ).not.toBe(0);
    expect(out.join('\n')).toMatch(/--compare #1: not JSON/);
  });
});
