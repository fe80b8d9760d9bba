import { describe, expect, it } from 'vitest';
import { mergeRequest } from './replay-command';

describe('replay --compare sets', () => {
  it('replace fields, merge params one level deep, and drop what a switched strategy leaves', () => {
    const base = {
      strategyType: 'micro_price',
      totalSize: '50',
      microPriceParams: { thresholdBps: 50, checkIntervalSec: 1 },
    };
    expect(mergeRequest(base, { microPriceParams: { thresholdBps: 200 }, side: 'SELL' })).toEqual({
      strategyType: 'micro_price',
      totalSize: '50',
      side: 'SELL',
      microPriceParams: { thresholdBps: 200, checkIntervalSec: 1 },
    });
    const iceberg = { strategyType: 'iceberg', totalSize: '50', icebergParams: { clipSize: '10' } };
    expect(
      mergeRequest(iceberg, { strategyType: 'kelly', kellyParams: { winProbability: 0.7 } }),
    ).toEqual({ strategyType: 'kelly', kellyParams: { winProbability: 0.7 } });
  });
});
