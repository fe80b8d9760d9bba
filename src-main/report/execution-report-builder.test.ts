import { describe, expect, it } from 'vitest';
import type { Order } from '@shared/domain/order';
import { ExecutionReportSchema } from '@shared/report/execution-report';
import { buildExecutionReport } from './execution-report-builder';
import { Coverage, MicroPriceSeries } from './micro-price-series';
import type { OrderInput } from './order-quality';
import type { RecordedPrices } from './recorded-prices';

const SHARE = 1_000_000;

function input(id: string, tokenId: string, createdAt: number): OrderInput {
  const order = {
    id,
    spec: { tokenId, side: 'BUY', strategyType: 'kelly' },
    state: 'ACTIVE',
    createdAt,
    targetSize: 10 * SHARE,
  } as unknown as Order;
  return {
    order,
    events: [],
    fills: [
      {
        fillKey: `${id}-f`,
        timeMs: createdAt + 1_000,
        priceMicros: 400_000,
        sizeMicros: 5 * SHARE,
        role: 'MAKER',
        status: 'MATCHED',
      },
    ],
    tickMicros: 10_000,
    label: tokenId,
    fees: null,
  };
}

function prices(): RecordedPrices {
  const coverage = new Coverage();
  coverage.add({ startMs: 0, endMs: 100_000 });
  const series = new MicroPriceSeries('seen', coverage);
  for (let t = 0; t <= 100_000; t += 50) series.push(t, 400_000 + ((t / 50) % 5) * 1_000, 10_000);
  return {
    coverage,
    series: new Map([['seen', series]]),
    tops: [],
    read: ['s'],
    books: 0,
    notes: [],
  };
}

describe('buildExecutionReport', () => {
  it('notes an unseen token once, thins the traces, and orders rows by arrival', () => {
    const report = buildExecutionReport({
      orders: [
        input('b', 'seen', 20_000),
        input('a', 'unseen', 10_000),
        input('c', 'unseen', 30_000),
      ],
      prices: prices(),
      generatedAtMs: 1,
      source: 'test',
    });
    expect(ExecutionReportSchema.safeParse(report).success).toBe(true);
    expect(report.orders.map((o) => o.orderId)).toEqual(['a', 'b', 'c']);
    expect(report.orders[1]).toMatchObject({ arrivalMicroPrice: 400_000, slippageTicks: 0 });
    expect(report.notes.filter((n) => n.includes('unseen'))).toHaveLength(1);
    expect(report.traces.map((t) => t.tokenId)).toEqual(['seen']);
    const points = report.traces[0]?.points ?? [];
    expect(points.length).toBeLessThanOrEqual(500);
    // From 5 s before the arrival to 60 s after the last fill.
    expect(points[0]?.timeMs).toBe(15_000);
    expect(points.at(-1)?.timeMs).toBe(81_000);
    expect(report.strategies.map((s) => [s.strategyType, s.orders, s.fills])).toEqual([
      ['iceberg', 0, 0],
      ['micro_price', 0, 0],
      ['kelly', 3, 3],
    ]);
  });
});
