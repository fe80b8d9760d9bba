import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TopOfBookState } from '@shared/math/stoikov';
import type { BookSnapshot } from '../exchange/exchange-port';
import { silentLogger } from '../host/logger';
import { estimatorErrors, formatErrorReport, topOfBookSeries } from './estimator-error';
import { RecordingWriter } from './recording-writer';

const TICK = 10_000;
const SH = 1_000_000;

function top(bidTicks: number, bidShares: number, askShares: number): TopOfBookState {
  return {
    bidPriceMicros: bidTicks * TICK,
    bidSizeMicros: bidShares * SH,
    askPriceMicros: (bidTicks + 1) * TICK,
    askSizeMicros: askShares * SH,
    tickMicros: TICK,
  };
}

/**
 * Imbalance drives the next move: up with probability I/4, down with (1 − I)/4, so the expected
 * move is (I − ½)/2 ticks; the sizes are drawn afresh at every step.
 */
function drivenSeries(count: number, seed: number): TopOfBookState[] {
  let s = seed;
  const random = (): number => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
  const states: TopOfBookState[] = [];
  let level = 50;
  for (let i = 0; i < count; i++) {
    const bid = 1 + Math.floor(random() * 99);
    const ask = 1 + Math.floor(random() * 99);
    states.push(top(level, bid, ask));
    const u = random();
    if (u < (bid / (bid + ask)) * 0.25) level += 1;
    else if (u < 0.25) level -= 1;
    level = Math.max(10, Math.min(90, level));
  }
  return states;
}

describe('estimatorErrors', () => {
  it('measures errors in ticks against the mid N events ahead', () => {
    // No training data: Stoikov falls back to the weighted mid at every point.
    const states = [top(50, 10, 30), top(51, 10, 10), top(50, 30, 10)];
    const report = estimatorErrors([{ tokenId: 't', states }], {
      trainFraction: 0,
      horizons: [1, 2],
    });
    const [one, two] = report.overall;
    // Mids 50.5, 51.5, 50.5 ticks: the mid is off by 1 tick at both points of horizon 1.
    expect(one?.mid).toEqual({ samples: 2, mae: 1, rmse: 1 });
    // Weighted mids: (50·30 + 51·10)/40 = 50.25 → −1.25 against 51.5; 51.5 → +1 against 50.5.
    expect(one?.weightedMid.mae).toBeCloseTo((1.25 + 1) / 2, 12);
    expect(one?.weightedMid.rmse).toBeCloseTo(Math.sqrt((1.25 ** 2 + 1) / 2), 12);
    expect(one?.stoikov).toEqual(one?.weightedMid);
    expect(one?.stoikovFallbacks).toBe(2);
    expect(two?.mid).toEqual({ samples: 1, mae: 0, rmse: 0 });
    expect(report.tokens[0]?.fit).toMatchObject({ kind: 'insufficient', reason: 'no book states' });
  });

  it('finds Stoikov and the weighted mid better than the mid when imbalance drives the mid', () => {
    const report = estimatorErrors(
      [
        { tokenId: 'a', states: drivenSeries(20_000, 3) },
        { tokenId: 'b', states: drivenSeries(20_000, 4) },
      ],
      { horizons: [1, 10], stoikov: { maxSpreadTicks: 1 } },
    );
    const [one] = report.overall;
    expect(report.tokens.every((t) => t.fit.kind === 'fit')).toBe(true);
    expect(one?.mid.samples).toBe(2 * (10_000 - 1));
    expect(one?.stoikovFallbacks).toBe(0);
    // On a one-tick spread the weighted mid leans I − ½ ticks, twice the expected move;
    // Stoikov learns the size of the lean from the data.
    expect(one?.stoikov.rmse).toBeLessThan(one?.mid.rmse ?? 0);
    expect(one?.stoikov.rmse).toBeLessThan(one?.weightedMid.rmse ?? 0);
    expect(formatErrorReport(report)).toMatch(/^all test points.*\nN events \| samples/);
  });

  it('fits per tick size when asked, on the training parts of every token on it', () => {
    // Each token alone has too little data for the default thresholds; together they do.
    const series = [3, 4, 5, 6].map((seed) => ({
      tokenId: `t${seed}`,
      states: drivenSeries(300, seed),
    }));
    const options = { horizons: [1], stoikov: { maxSpreadTicks: 1 } };
    const perToken = estimatorErrors(series, options);
    expect(perToken.tokens.every((t) => t.fit.kind === 'insufficient')).toBe(true);
    expect(perToken.overall[0]?.stoikovFallbacks).toBe(perToken.overall[0]?.stoikov.samples);
    const pooled = estimatorErrors(series, { ...options, fitScope: 'tick' });
    const fits = pooled.tokens.map((t) => t.fit);
    expect(fits[0]).toMatchObject({ kind: 'fit', transitions: 4 * 149 });
    expect(fits.every((fit) => fit === fits[0])).toBe(true);
    expect(pooled.overall[0]?.stoikovFallbacks).toBeLessThan(
      pooled.overall[0]?.stoikov.samples ?? 0,
    );
  });

  it('reads the series from a recording, one state per change of the top of book', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polydesk-errors-'));
    const writer = new RecordingWriter({
      sessionDir: dir,
      sessionId: 's',
      mode: 'PAPER',
      logger: silentLogger(),
    });
    const book = (bidSize: number, deep: number): BookSnapshot => ({
      tokenId: '77',
      conditionId: '0xc',
      bids: [
        { price: 500_000, size: bidSize },
        { price: 490_000, size: deep },
      ],
      asks: [{ price: 510_000, size: 20_000_000 }],
      tickMicros: TICK,
      minOrderSizeMicros: 5_000_000,
      lastTradePriceMicros: undefined,
      exchangeTimestampMs: 1,
      confirmedAtMs: 1,
      ageMs: 0,
      source: 'stream',
      epoch: 0,
      hash: '',
    });
    writer.book(book(10_000_000, 1_000_000));
    writer.book(book(10_000_000, 2_000_000)); // deeper level only: not a top-of-book event
    writer.book(book(30_000_000, 2_000_000));
    await writer.close();
    const { series, outcome } = await topOfBookSeries(dir);
    expect(outcome.complete).toBe(true);
    expect(series).toEqual([
      {
        tokenId: '77',
        states: [
          {
            bidPriceMicros: 500_000,
            bidSizeMicros: 10_000_000,
            askPriceMicros: 510_000,
            askSizeMicros: 20_000_000,
            tickMicros: TICK,
          },
          {
            bidPriceMicros: 500_000,
            bidSizeMicros: 30_000_000,
            askPriceMicros: 510_000,
            askSizeMicros: 20_000_000,
            tickMicros: TICK,
          },
        ],
      },
    ]);
  });
});
