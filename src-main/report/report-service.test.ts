import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Order } from '@shared/domain/order';
import { ExecutionReportSchema } from '@shared/report/execution-report';
import { silentLogger } from '../host/logger';
import { RecordingWriter } from '../recording/recording-writer';
import { MemoryStore } from '../store/memory-store';
import { ReportService } from './report-service';

const SHARE = 1_000_000;
const START = 1_760_000_000_000;
const TOKEN = '1001';

const market = {
  question: 'Will it rain?',
  tokens: [
    { tokenId: TOKEN, outcome: 'Yes' },
    { tokenId: '1002', outcome: 'No' },
  ],
  tickMicros: 10_000,
  fees: { ratePpm: 0, exponent: 1, takerOnly: true },
};

/** A session directory of a paper session: a book each second, bid 0.49 × 30 / ask 0.51 × 10. */
async function recordSession(recordingsDir: string, seconds: number): Promise<void> {
  const stamp = new Date(START).toISOString().replace(/[-:.]/g, '');
  const writer = new RecordingWriter({
    sessionDir: join(recordingsDir, `${stamp}-paper`),
    sessionId: `${stamp}-paper`,
    mode: 'PAPER',
    logger: silentLogger(),
    flushIntervalMs: 60_000,
    now: () => START,
  });
  for (let s = 0; s <= seconds; s++) {
    writer.book(
      {
        tokenId: TOKEN,
        conditionId: '0xc',
        bids: [{ price: 490_000, size: (30 + (s % 2)) * SHARE }],
        asks: [{ price: 510_000, size: 10 * SHARE }],
        tickMicros: 10_000,
        minOrderSizeMicros: 5 * SHARE,
        lastTradePriceMicros: undefined,
        exchangeTimestampMs: START + s * 1_000,
        source: 'stream',
        epoch: 0,
        hash: s.toString(16).padStart(8, '0'),
      },
      START + s * 1_000,
    );
  }
  await writer.close();
}

async function storeWithOrder(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const order: Order = {
    id: 'o1',
    spec: {
      tokenId: TOKEN,
      side: 'BUY',
      strategyType: 'iceberg',
      totalSize: 10 * SHARE,
      maxPrice: 600_000,
      minPrice: 10_000,
      urgency: 'MEDIUM',
    } as Order['spec'],
    state: 'COMPLETED',
    createdAt: START + 10_500,
    updatedAt: START + 12_000,
    targetSize: 10 * SHARE,
    filled: 10 * SHARE,
    pendingFilled: 0,
    avgPrice: 500_000,
    adjustments: 0,
    arrivalMicroPrice: null,
    exchangeOrders: [],
  };
  await store.saveOrder(order);
  await store.saveFill({
    fillKey: 't1:e1',
    tradeId: 't1',
    exchangeOrderId: 'e1',
    userOrderId: 'o1',
    price: 500_000,
    size: 10 * SHARE,
    status: 'CONFIRMED',
    role: 'MAKER',
    at: START + 12_000,
  });
  await store.appendEvent({
    seq: 1,
    orderId: 'o1',
    at: START + 11_500,
    type: 'fill',
    state: 'ACTIVE',
    exchangeOrderId: 'e1',
    price: 500_000,
    size: 10 * SHARE,
    reason: 'fill matched, pending (trade t1)',
  });
  return store;
}

describe('ReportService', () => {
  it('reads the recorded sessions that cover the orders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polydesk-report-svc-'));
    await recordSession(dir, 30);
    const service = new ReportService({
      store: await storeWithOrder(),
      mode: 'PAPER',
      recordings: { enabled: true, dir },
      markets: { marketInfo: () => Promise.resolve(market) },
      logger: silentLogger(),
      now: () => START + 100_000,
    });
    const report = ExecutionReportSchema.parse(await service.build({}));
    const [order] = report.orders;
    // (0.49·10 + 0.51·30)/40 = 0.505 on the even seconds, (0.49·10 + 0.51·31)/41 on the odd.
    expect(order).toMatchObject({
      label: 'Will it rain? — Yes',
      arrivalMicroPrice: 505_000,
      avgFillPriceMicros: 500_000,
      slippageTicks: -0.5,
      timeToFirstFillMs: 1_000,
      timeToFillMs: 1_000,
    });
    // The fill at 11.5 s: 1 s → 12.5 s (even: 0.505), 10 s → 21.5 s (odd), 60 s → past the end.
    expect(order?.fills[0]?.markouts.map((m) => m.microPrice)).toEqual([505_000, 505_122, null]);
    expect(report.strategies.map((s) => [s.strategyType, s.orders])).toEqual([
      ['iceberg', 1],
      ['micro_price', 0],
      ['kelly', 0],
    ]);
    expect(report.source).toMatch(/1 recorded session/);
    expect(report.traces[0]?.points.length).toBeGreaterThan(10);
    expect(report.notes.join(' ')).toMatch(/markouts without a figure/);
  });

  it('without recordings says recording is off and how to turn it on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polydesk-report-off-'));
    const service = new ReportService({
      store: await storeWithOrder(),
      mode: 'LIVE',
      recordings: { enabled: false, dir: join(dir, 'none') },
      markets: { marketInfo: () => Promise.reject(new Error('offline')) },
      logger: silentLogger(),
    });
    const report = ExecutionReportSchema.parse(await service.build({ orderIds: ['o1', 'nope'] }));
    expect(report.orders[0]).toMatchObject({
      arrivalMicroPrice: null,
      slippageTicks: null,
      fillRatio: 1,
      timeToFillMs: 1_000,
      label: TOKEN,
    });
    expect(report.estimators).toBeNull();
    expect(report.traces).toEqual([]);
    const notes = report.notes.join(' ');
    expect(notes).toMatch(/Order nope is not in the live order store/);
    expect(notes).toMatch(/Recording is off .* "recording": \{ "enabled": true \}/);
    expect(notes).toMatch(/could not be looked up/);
  });
});
