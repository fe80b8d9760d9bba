import { describe, expect, it } from 'vitest';
import { fieldIssues } from '../errors';
import { estimatorOf, MicroPriceParamsSchema, OrderRequestSchema } from './order-request';
import type { OrderRequestInput } from './order-request';

const microPrice: OrderRequestInput = {
  tokenId: '123456789',
  side: 'BUY',
  strategyType: 'micro_price',
  totalSize: '100',
  maxPrice: '0.55',
  minPrice: '0.45',
};

function issuesOf(input: unknown): string[] {
  const result = OrderRequestSchema.safeParse(input);
  if (result.success) return [];
  return fieldIssues(result.error).map((i) => `${i.path}: ${i.message}`);
}

describe('OrderRequestSchema', () => {
  it('turns decimal strings into integer micros and fills defaults', () => {
    const spec = OrderRequestSchema.parse(microPrice);
    expect(spec).toMatchObject({
      totalSize: 100_000_000,
      maxPrice: 550_000,
      minPrice: 450_000,
      urgency: 'MEDIUM',
    });
  });

  it('accepts the plan examples for each strategy', () => {
    expect(
      issuesOf({
        ...microPrice,
        microPriceParams: {
          thresholdBps: 50,
          checkIntervalSec: 2,
          maxAdjustments: 10,
          aggressionLimitBps: 100,
        },
      }),
    ).toEqual([]);
    expect(
      issuesOf({ ...microPrice, strategyType: 'iceberg', icebergParams: { clipSize: '10' } }),
    ).toEqual([]);
    const kelly = {
      ...microPrice,
      strategyType: 'kelly',
      totalSize: undefined,
      maxPrice: '0.60',
      minPrice: '0.40',
      kellyParams: { winProbability: 0.65, maxPositionSize: '5000' },
    };
    const spec = OrderRequestSchema.parse(kelly);
    expect(spec.kellyParams).toMatchObject({
      kellyFraction: 0.25,
      recalculateIntervalSec: 5,
      maxPositionSize: 5_000_000_000,
    });
    expect(spec.kellyParams?.microPriceParams.thresholdBps).toBe(50);
  });

  it('refuses each bad input with a field-level message', () => {
    expect(issuesOf({ ...microPrice, minPrice: '0.6' })).toEqual([
      'minPrice: minPrice must not be above maxPrice',
    ]);
    expect(issuesOf({ ...microPrice, maxPrice: '1.2' })[0]).toMatch(
      /^maxPrice: price must be greater than 0 and less than 1/,
    );
    expect(issuesOf({ ...microPrice, minPrice: '0' })[0]).toMatch(/^minPrice:/);
    expect(issuesOf({ ...microPrice, maxPrice: '0.5555555' })[0]).toMatch(
      /more than 6 decimal places/,
    );
    expect(issuesOf({ ...microPrice, totalSize: '10.001' })[0]).toMatch(
      /^totalSize: size has at most 2 decimals/,
    );
    expect(issuesOf({ ...microPrice, totalSize: '-5' })[0]).toMatch(/^totalSize:/);
    expect(issuesOf({ ...microPrice, totalSize: undefined })).toEqual([
      'totalSize: micro_price orders need totalSize',
    ]);
    expect(issuesOf({ ...microPrice, strategyType: 'iceberg' })).toEqual([
      'icebergParams: iceberg orders need icebergParams',
    ]);
    expect(issuesOf({ ...microPrice, strategyType: 'kelly', totalSize: undefined })).toEqual([
      'kellyParams: Kelly orders need kellyParams',
    ]);
    expect(
      issuesOf({
        ...microPrice,
        strategyType: 'kelly',
        totalSize: undefined,
        kellyParams: { winProbability: 1.2, maxPositionSize: '10' },
      })[0],
    ).toMatch(/^kellyParams.winProbability:/);
    expect(issuesOf({ ...microPrice, strategyType: 'twap' })[0]).toMatch(/^strategyType:/);
    expect(issuesOf({ ...microPrice, tokenId: 'abc' })).toEqual([
      'tokenId: token id is a decimal number',
    ]);
    expect(issuesOf({ ...microPrice, targetPrice: '0.7' })).toEqual([
      'targetPrice: targetPrice must be inside [minPrice, maxPrice]',
    ]);
    expect(
      issuesOf({ ...microPrice, strategyType: 'iceberg', icebergParams: { clipSize: '200' } }),
    ).toEqual(['icebergParams.clipSize: clipSize must not exceed totalSize']);
    expect(issuesOf({ ...microPrice, surprise: 1 })[0]).toMatch(/surprise/);
    expect(issuesOf({ ...microPrice, microPriceParams: { thresholdBps: 0 } })[0]).toMatch(
      /^microPriceParams.thresholdBps:/,
    );
  });

  it('quotes from the weighted mid unless the micro-price params choose stoikov', () => {
    expect(estimatorOf(MicroPriceParamsSchema.parse({}))).toBe('weighted_mid');
    const spec = OrderRequestSchema.parse({
      ...microPrice,
      microPriceParams: { estimator: 'stoikov' },
    });
    expect(spec.microPriceParams).toMatchObject({ estimator: 'stoikov', thresholdBps: 50 });
    const kelly = OrderRequestSchema.parse({
      ...microPrice,
      strategyType: 'kelly',
      totalSize: undefined,
      kellyParams: {
        winProbability: 0.7,
        maxPositionSize: '10',
        microPriceParams: { estimator: 'stoikov' },
      },
    });
    expect(kelly.kellyParams && estimatorOf(kelly.kellyParams.microPriceParams)).toBe('stoikov');
    expect(
      estimatorOf(OrderRequestSchema.parse(microPrice).kellyParams?.microPriceParams ?? {}),
    ).toBe('weighted_mid');
    expect(issuesOf({ ...microPrice, microPriceParams: { estimator: 'mid' } })).toEqual([
      expect.stringMatching(/^microPriceParams\.estimator: /),
    ]);
  });
});
