import { describe, expect, it } from 'vitest';
import type { OrderSpec } from '@shared/domain/order-request';
import { KellyParamsSchema } from '@shared/domain/order-request';
import { PolydeskError } from '@shared/errors';
import { nextClipSize, icebergPrice, seededRandom } from './iceberg-strategy';
import { StrategyRouter } from './index';

const SHARE = 1_000_000;
const base: OrderSpec = {
  tokenId: '111',
  side: 'BUY',
  strategyType: 'micro_price',
  totalSize: 100 * SHARE,
  maxPrice: 550_000,
  minPrice: 450_000,
  urgency: 'MEDIUM',
};

function issuesOf(spec: OrderSpec): string[] {
  try {
    new StrategyRouter().route(spec);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(PolydeskError);
    return ((err as PolydeskError).issues ?? []).map((issue) => issue.path);
  }
}

describe('StrategyRouter', () => {
  it('knows the three strategies and routes each', () => {
    const router = new StrategyRouter();
    expect(router.types().sort()).toEqual(['iceberg', 'kelly', 'micro_price']);
    expect(router.route(base).limitMicros).toBe(100 * SHARE);
  });

  it('refuses an unknown type and bad or missing params with typed field errors', () => {
    expect(issuesOf({ ...base, strategyType: 'twap' as OrderSpec['strategyType'] })).toEqual([
      'strategyType',
    ]);
    expect(issuesOf({ ...base, totalSize: undefined })).toEqual(['totalSize']);
    expect(issuesOf({ ...base, strategyType: 'iceberg' })).toEqual(['icebergParams']);
    expect(
      issuesOf({
        ...base,
        strategyType: 'iceberg',
        icebergParams: { clipSize: 200 * SHARE, clipJitterPct: 0 },
      }),
    ).toEqual(['icebergParams.clipSize']);
    expect(issuesOf({ ...base, strategyType: 'kelly', totalSize: undefined })).toEqual([
      'kellyParams',
    ]);
    const kelly = KellyParamsSchema.parse({ winProbability: 0.6, maxPositionSize: '100' });
    expect(
      issuesOf({
        ...base,
        strategyType: 'kelly',
        totalSize: undefined,
        kellyParams: { ...kelly, winProbability: 1.5 },
      }),
    ).toEqual(['kellyParams.winProbability']);
    expect(
      issuesOf({
        ...base,
        microPriceParams: {
          thresholdBps: 0,
          checkIntervalSec: 2,
          maxAdjustments: 1,
          aggressionLimitBps: 1,
        },
      }),
    ).toEqual(['microPriceParams.thresholdBps']);
  });
});

describe('iceberg clips', () => {
  it('shows one clip, takes the tail with the last clip, and jitters within bounds', () => {
    const clip = (uncommitted: number, random = 0.5, jitterPct = 0): number =>
      nextClipSize({
        clipMicros: 10 * SHARE,
        jitterPct,
        random,
        uncommittedMicros: uncommitted,
        minOrderSizeMicros: 5 * SHARE,
      });
    expect(clip(100 * SHARE)).toBe(10 * SHARE);
    expect(clip(13 * SHARE)).toBe(13 * SHARE);
    expect(clip(4 * SHARE)).toBe(0);
    expect(clip(100 * SHARE, 0, 20)).toBe(8 * SHARE);
    expect(clip(100 * SHARE, 0.999999, 20)).toBe(11_990_000);
    const random = seededRandom(7);
    for (let i = 0; i < 100; i++) {
      const size = clip(1_000 * SHARE, random(), 30);
      expect(size % 10_000).toBe(0);
      expect(size).toBeGreaterThanOrEqual(7 * SHARE);
      expect(size).toBeLessThanOrEqual(13 * SHARE);
    }
  });

  it('rests at the target price, else at the limit', () => {
    expect(icebergPrice({ ...base, targetPrice: 500_000 })).toBe(500_000);
    expect(icebergPrice(base)).toBe(550_000);
    expect(icebergPrice({ ...base, side: 'SELL' })).toBe(450_000);
  });
});
