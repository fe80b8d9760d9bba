import type { EstimatorComparison } from '@shared/report/execution-report';
import type { FeeSchedule } from '../exchange/exchange-port';
import { estimatorComparison } from '../report/estimator-comparison';
import { orderQuality } from '../report/order-quality';
import { readRecordedPrices } from '../report/recorded-prices';
import type { RecordingIndex } from './recording-index';
import type { ReplayedOrder, StrategyResult } from './replay-runner';

/**
 * The execution quality of each replayed order, against the micro-prices of the same recording
 * (read once more, for the traded tokens only), and the estimators compared on those tokens.
 */
export async function replayQuality(
  file: string,
  index: RecordingIndex,
  replayed: readonly ReplayedOrder[],
  fees: FeeSchedule,
): Promise<{ results: StrategyResult[]; estimators: EstimatorComparison | null; notes: string[] }> {
  const tokens = new Set(replayed.map((r) => r.result.tokenId));
  const prices = await readRecordedPrices({ paths: [file], tokens });
  const notes = [...prices.notes];
  const results = replayed.map(({ result, order, events }) => {
    if (!order) return result;
    const market = index.markets.find((m) => m.tokens.some((t) => t.tokenId === result.tokenId));
    const { quality, notes: orderNotes } = orderQuality(
      {
        order,
        events,
        fills: result.fills.map((fill) => ({
          fillKey: `${fill.tradeId}:${order.id}`,
          timeMs: fill.atMs,
          priceMicros: fill.priceMicros,
          sizeMicros: fill.sizeMicros,
          role: fill.role,
          status: 'CONFIRMED',
        })),
        tickMicros: market?.tickMicros ?? prices.series.get(result.tokenId)?.tickMicros ?? 10_000,
        label: result.name,
        fees,
      },
      prices.series.get(result.tokenId) ?? null,
    );
    notes.push(...orderNotes.map((note) => note.replace(`Order ${order.id}`, result.name)));
    return { ...result, quality };
  });
  return { results, estimators: estimatorComparison(prices.tops), notes };
}
