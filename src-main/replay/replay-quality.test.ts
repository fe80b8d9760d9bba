import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/polydesk';
import { driftingBooks, writeFixtureRecording } from './replay-fixtures';
import { runReplay } from './replay-runner';

describe('runReplay with report', () => {
  it('measures each strategy against the micro-prices of the same recording', async () => {
    // 120 s of books; the first: bid 0.50 × 40, ask 0.52 × 40, so the micro-price is 0.51.
    const file = await writeFixtureRecording(driftingBooks(1_200));
    const result = await runReplay({
      file,
      seed: 3,
      report: true,
      takerFeePpm: 20_000,
      strategies: [
        {
          name: 'taker',
          request: {
            strategyType: 'iceberg',
            totalSize: '20',
            targetPrice: '0.56',
            icebergParams: { clipSize: '20', allowTaking: true },
          },
        },
        {
          name: 'passive',
          request: {
            strategyType: 'micro_price',
            totalSize: '20',
            microPriceParams: { checkIntervalSec: 1 },
          },
        },
      ],
    });
    const [taker, passive] = result.results;
    expect(taker?.quality).toMatchObject({
      arrivalMicroPrice: 510_000,
      avgFillPriceMicros: 520_000,
      // Bought at the ask, a tick above the micro-price: 1 tick, 0.01 / 0.51 = 196 bps.
      slippageTicks: 1,
      slippageBps: 196.0784,
      fillRatio: 1,
      // 20 × 0.02 × 0.52 × 0.48 = 0.09984 pUSD.
      feesMicros: 99_840,
    });
    const markouts = taker?.quality?.markouts ?? [];
    expect(markouts.map((m) => m.horizonSec)).toEqual([1, 10, 60]);
    expect(markouts.every((m) => m.ticks !== null && m.measuredFills === 1)).toBe(true);
    expect(passive?.quality?.arrivalMicroPrice).toBe(510_000);
    expect(result.estimators?.horizons.length).toBeGreaterThan(0);
  });

  it('prints the quality table with polydesk replay --report', async () => {
    const file = await writeFixtureRecording(driftingBooks(300));
    const out: string[] = [];
    const code = await runCli(
      [
        'replay',
        file,
        '--strategy',
        'iceberg',
        '--size',
        '10',
        '--clip-size',
        '10',
        '--allow-taking',
        '--target-price',
        '0.56',
        '--report',
      ],
      { out: (t) => out.push(t), err: (t) => out.push(`ERR ${t}`) },
    );
    expect(out.filter((line) => line.startsWith('ERR'))).toEqual([]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^execution quality/m);
    expect(text).toMatch(/^iceberg\s+0\.51\s+0\.52\s+1\.00\s+196\.1/m);
  });
});
