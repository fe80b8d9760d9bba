import { describe, expect, it } from 'vitest';
import type { OrderSpec } from '@shared/domain/order-request';
import { KellyParamsSchema } from '@shared/domain/order-request';
import { PolydeskError } from '@shared/errors';
import { nextClipSize, icebergPrice, seededRandom } from './iceberg-strategy';
import { kellyTarget, targetMoved } from './kelly-strategy';
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

describe('Kelly target', () => {
  const params = KellyParamsSchema.parse({
    winProbability: 0.6,
    kellyFraction: 1,
    maxPositionSize: '100000',
  });

  it('sizes the worked example: p = 0.40, q = 0.60, full Kelly stakes a third of the bankroll', () => {
    const { targetMicros, plan } = kellyTarget({
      side: 'BUY',
      params,
      quotePriceMicros: 400_000,
      bankrollMicros: 1_000 * SHARE,
      baselineHeldMicros: 0,
      doneMicros: 0,
    });
    expect(plan.fraction).toBeCloseTo(1 / 3, 6);
    expect(targetMicros).toBeGreaterThan(830 * SHARE);
    expect(targetMicros).toBeLessThanOrEqual(834 * SHARE);
  });

  it('caps by maxPositionSize, counts what is held, and has no target without edge', () => {
    const capped = kellyTarget({
      side: 'BUY',
      params: { ...params, maxPositionSize: 50 * SHARE },
      quotePriceMicros: 400_000,
      bankrollMicros: 1_000 * SHARE,
      baselineHeldMicros: 20 * SHARE,
      doneMicros: 10 * SHARE,
    });
    expect(capped.targetMicros).toBe(30 * SHARE);
    const noEdge = kellyTarget({
      side: 'BUY',
      params,
      quotePriceMicros: 650_000,
      bankrollMicros: 1_000 * SHARE,
      baselineHeldMicros: 0,
      doneMicros: 0,
    });
    expect(noEdge.targetMicros).toBe(0);
  });

  it('sells no more than is held', () => {
    const sell = kellyTarget({
      side: 'SELL',
      params: { ...params, winProbability: 0.2 },
      quotePriceMicros: 500_000,
      bankrollMicros: 1_000 * SHARE,
      baselineHeldMicros: 40 * SHARE,
      doneMicros: 0,
    });
    expect(sell.targetMicros).toBeGreaterThan(0);
    expect(sell.targetMicros).toBeLessThanOrEqual(40 * SHARE);
  });

  it('resizes only past the threshold', () => {
    expect(targetMoved(0, 10, 0.1)).toBe(true);
    expect(targetMoved(100, 109, 0.1)).toBe(false);
    expect(targetMoved(100, 111, 0.1)).toBe(true);
    expect(targetMoved(100, 89, 0.1)).toBe(true);
  });
});
