import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Order } from '@shared/domain/order';
import { silentLogger } from '../host/logger';
import { recordPaperSession } from '../recording/paper-session';
import { indexRecording } from '../replay/recording-index';
import { MemoryStore } from '../store/memory-store';
import { readRecordedPrices } from './recorded-prices';
import { ReportService } from './report-service';

/**
 * Report build time: records --seconds of the paper exchange's synthetic flow, stores --orders
 * made-up orders on its tokens (three fills each, inside the recording), then times
 * `ReportService.build` (store read, recordings read, figures) and, apart, the recordings read
 * alone. Best of three passes.
 *
 *   npx tsx src-main/report/bench.ts [--orders 200] [--seconds 30]
 */

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
  },
});

const SHARE = 1_000_000;

async function best(run: () => Promise<unknown>): Promise<number> {
  let bestMs = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const start = performance.now();
    await run();
    bestMs = Math.min(bestMs, performance.now() - start);
  }
  return bestMs;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'polydesk-report-bench-'));
  try {
    const { sessionDir } = await recordPaperSession({
      dataDir,
      seconds: Number(values.seconds),
      seed: 1,
    });
    const index = await indexRecording(sessionDir);
    const store = new MemoryStore();
    const count = Number(values.orders);
    const span = index.lastMs - index.firstMs;
    const strategies = ['iceberg', 'micro_price', 'kelly'] as const;
    for (let i = 0; i < count; i++) {
      const token = index.tokens[i % index.tokens.length];
      if (!token) break;
      const createdAt = index.firstMs + Math.floor((span * (i % 10)) / 20);
      const order: Order = {
        id: `o${i}`,
        spec: {
          tokenId: token.tokenId,
          side: i % 2 === 0 ? 'BUY' : 'SELL',
          strategyType: strategies[i % 3] ?? 'iceberg',
          totalSize: 30 * SHARE,
          maxPrice: 990_000,
          minPrice: 10_000,
          urgency: 'MEDIUM',
        } as Order['spec'],
        state: 'COMPLETED',
        createdAt,
        updatedAt: createdAt + 3_000,
        targetSize: 30 * SHARE,
        filled: 30 * SHARE,
        pendingFilled: 0,
        avgPrice: null,
        adjustments: 0,
        arrivalMicroPrice: null,
        exchangeOrders: [],
      };
      await store.saveOrder(order);
      for (let f = 0; f < 3; f++) {
        await store.saveFill({
          fillKey: `t${i}-${f}:e${i}`,
          tradeId: `t${i}-${f}`,
          exchangeOrderId: `e${i}`,
          userOrderId: order.id,
          price: 500_000,
          size: 10 * SHARE,
          status: 'CONFIRMED',
          role: f === 0 ? 'TAKER' : 'MAKER',
          at: createdAt + (f + 1) * 1_000,
        });
      }
    }
    const service = new ReportService({
      store,
      mode: 'PAPER',
      recordings: { enabled: true, dir: join(dataDir, 'recordings') },
      markets: {
        marketInfo: (tokenId) => {
          const market = index.markets.find((m) => m.tokens.some((t) => t.tokenId === tokenId));
          return market ? Promise.resolve(market) : Promise.reject(new Error('unknown token'));
        },
      },
      logger: silentLogger(),
    });
    const report = await service.build({});
    const buildMs = await best(() => service.build({}));
    const readMs = await best(() => readRecordedPrices({ paths: [sessionDir] }));
    const fills = report.orders.reduce((sum, o) => sum + o.fills.length, 0);
    console.log(
      `${index.books} books of ${index.tokens.length} tokens over ${(span / 1_000).toFixed(1)} s`,
    );
    console.log(
      `report of ${report.orders.length} orders, ${fills} fills: ${buildMs.toFixed(1)} ms ` +
        `(the recording's read alone: ${readMs.toFixed(1)} ms; ` +
        `${((buildMs / Math.max(1, report.orders.length)) * 1_000).toFixed(0)} µs an order)`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
