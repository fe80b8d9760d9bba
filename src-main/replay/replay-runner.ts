import { parseOrThrow, PolydeskError } from '@shared/errors';
import type { Order, OrderEvent, OrderState } from '@shared/domain/order';
import type { EstimatorComparison, OrderQuality } from '@shared/report/execution-report';
import { OrderRequestSchema } from '@shared/domain/order-request';
import type { OrderSpec } from '@shared/domain/order-request';
import { MICROS_PER_UNIT, microsToDecimal } from '@shared/math/decimal';
import { OrderDaemon } from '../daemon/order-daemon';
import type { Logger } from '../host/logger';
import { silentLogger } from '../host/logger';
import { MarketMonitor } from '../market/market-monitor';
import type { RecordingDamage } from '../recording/recording-format';
import { openRecording } from '../recording/recording-reader';
import { MemoryStore } from '../store/memory-store';
import { indexRecording, NO_FEES } from './recording-index';
import type { RecordingIndex } from './recording-index';
import { ReplayExchange } from './replay-exchange';
import type { TimedFill } from './replay-exchange';
import { ReplayOptionsSchema, ReplayStrategySchema } from './replay-spec';
import type { ReplayOptions } from './replay-spec';
import { replayQuality } from './replay-quality';
import { seededIds, seedPrefix } from './seeded-ids';
import { settle, VirtualClock } from './virtual-clock';

export interface ReplayFill {
  /** Recorded time of the fill, unix ms. */
  atMs: number;
  tradeId: string;
  role: 'MAKER' | 'TAKER';
  side: 'BUY' | 'SELL';
  priceMicros: number;
  sizeMicros: number;
}

export interface StrategyResult {
  name: string;
  /** The request as submitted (defaults filled in). */
  request: Record<string, unknown>;
  tokenId: string;
  /** Error message when the daemon refused the order (nothing else then ran). */
  refused: string | null;
  submittedAtMs: number | null;
  targetMicros: number;
  filledMicros: number;
  /** Size-weighted, micros; null without fills. */
  avgPriceMicros: number | null;
  fills: ReplayFill[];
  /** filled / target, 0–1. */
  fillRatio: number;
  /** Recorded ms from the submit to the first fill, and to the order's completion. */
  firstFillAfterMs: number | null;
  completedAfterMs: number | null;
  /** Exchange orders placed, and of those, replacements of an earlier one. */
  placements: number;
  replacements: number;
  /** The order's state when the replay ended (ACTIVE: still working at the end of the data). */
  finalState: OrderState | null;
  finalReason: string | null;
  /** Recorded time the replay of this strategy ended at. */
  endedAtMs: number;
  bookEvents: number;
  /** Book events handed to the market monitor (those of tokens it watched). */
  deliveredBookEvents: number;
  wallMs: number;
  /** With `report`: the order's execution quality against the recorded micro-prices. */
  quality?: OrderQuality;
}

/** A replayed order with its events, which the quality figures are computed from. */
export interface ReplayedOrder {
  result: StrategyResult;
  order: Order | null;
  events: OrderEvent[];
}

export interface ReplayResult {
  file: string;
  seed: number;
  recording: {
    records: number;
    books: number;
    tokens: number;
    firstMs: number;
    lastMs: number;
    complete: boolean;
  };
  /** Where a damaged recording stopped; the replays ran up to there. */
  stoppedAt: RecordingDamage | null;
  results: StrategyResult[];
  /** With `report`: the three estimators on the traded tokens' recorded books. */
  estimators?: EstimatorComparison | null;
  /** With `report`: what the quality figures could not measure. */
  reportNotes?: string[];
}

export interface RunReplayDeps {
  logger?: Logger;
}

/**
 * Replays a recording once per strategy, each on a fresh exchange, monitor and daemon, so that
 * they are compared on the same books: the real OrderDaemon and MarketMonitor on a virtual clock
 * over a ReplayExchange. Deterministic for a given recording, seed and strategy.
 */
export async function runReplay(
  input: ReplayOptions,
  deps: RunReplayDeps = {},
): Promise<ReplayResult> {
  const options = ReplayOptionsSchema.parse(input);
  const fees = options.takerFeePpm > 0 ? { ...NO_FEES, ratePpm: options.takerFeePpm } : NO_FEES;
  const index = await indexRecording(options.file, fees);
  const replayed: ReplayedOrder[] = [];
  for (const strategy of options.strategies) {
    replayed.push(await replayOne(index, options, ReplayStrategySchema.parse(strategy), deps));
  }
  const results = replayed.map((r) => r.result);
  const quality = options.report ? await replayQuality(options.file, index, replayed, fees) : null;
  return {
    file: options.file,
    seed: options.seed,
    recording: {
      records: index.records,
      books: index.books,
      tokens: index.tokens.length,
      firstMs: index.firstMs,
      lastMs: index.lastMs,
      complete: index.complete,
    },
    stoppedAt: index.damage,
    results: quality?.results ?? results,
    ...(quality && { estimators: quality.estimators, reportNotes: quality.notes }),
  };
}

type Options = ReturnType<typeof ReplayOptionsSchema.parse>;
type Strategy = ReturnType<typeof ReplayStrategySchema.parse>;

/** The request with what the recording supplies: busiest token, BUY, the whole tick range. */
function specFor(
  index: RecordingIndex,
  strategy: Strategy,
): { spec: OrderSpec; request: Record<string, unknown> } {
  const busiest = [...index.tokens].sort((a, b) => b.books - a.books)[0];
  const tokenId =
    typeof strategy.request.tokenId === 'string' ? strategy.request.tokenId : busiest?.tokenId;
  const market = index.markets.find((m) => m.tokens.some((token) => token.tokenId === tokenId));
  if (tokenId === undefined || !market) {
    throw new PolydeskError(
      'NOT_FOUND',
      `${strategy.name}: token ${tokenId ?? '?'} has no books in the recording`,
    );
  }
  const request = {
    tokenId,
    side: 'BUY',
    minPrice: microsToDecimal(market.tickMicros),
    maxPrice: microsToDecimal(MICROS_PER_UNIT - market.tickMicros),
    ...strategy.request,
  };
  return { spec: parseOrThrow(OrderRequestSchema, request, strategy.name), request };
}

async function replayOne(
  index: RecordingIndex,
  options: Options,
  strategy: Strategy,
  deps: RunReplayDeps,
): Promise<ReplayedOrder> {
  const wallStart = performance.now();
  const { spec, request } = specFor(index, strategy);
  const logger = deps.logger ?? silentLogger();
  const clock = new VirtualClock(index.firstMs);
  const exchange = new ReplayExchange({
    clock,
    markets: index.markets,
    collateralMicros: Math.round(options.collateralUsdc * MICROS_PER_UNIT),
    sharesMicros:
      options.shares !== undefined
        ? Math.round(options.shares * 100) * 10_000
        : spec.side === 'SELL'
          ? (spec.totalSize ?? spec.kellyParams?.maxPositionSize ?? 0)
          : 0,
    idPrefix: seedPrefix(options.seed),
  });
  const monitor = new MarketMonitor({ exchange, logger, now: clock.now, timers: clock });
  const daemon = new OrderDaemon({
    exchange,
    market: monitor,
    store: new MemoryStore(),
    logger,
    now: clock.now,
    timers: clock,
    newId: seededIds(options.seed),
    onStop: 'cancel',
  });
  const token = index.tokens.find((t) => t.tokenId === spec.tokenId);
  const submitAt = (token?.firstBookMs ?? index.firstMs) + strategy.startAfterSec * 1_000;
  let orderId: string | null = null;
  let refused: string | null = null;
  let final = false;
  let submittedAtMs: number | null = null;
  let completedAtMs: number | null = null;
  let placements = 0;
  let replacements = 0;
  const events: OrderEvent[] = [];
  daemon.subscribe({
    onOrderEvent: (event) => {
      if (options.report) events.push(event);
      if (event.type === 'placed') placements += 1;
      if (event.type === 'replace') replacements += 1;
      if (event.state === 'COMPLETED' && completedAtMs === null) completedAtMs = event.at;
    },
  });
  await clock.runUntil(daemon.start(1));
  const reader = await openRecording(options.file);
  for await (const record of reader) {
    const due = clock.nextDueAt();
    if (record.receiveTimeMs > clock.now() || (due !== undefined && due <= record.receiveTimeMs)) {
      await clock.advanceTo(record.receiveTimeMs);
    }
    if (record.type !== 'book') continue;
    const moved = exchange.applyBook(record);
    if (
      orderId === null &&
      refused === null &&
      record.tokenId === spec.tokenId &&
      record.receiveTimeMs >= submitAt
    ) {
      submittedAtMs = clock.now();
      try {
        orderId = await clock.runUntil(daemon.submit(spec));
        void daemon.whenFinal(orderId).then(() => {
          final = true;
        });
      } catch (err) {
        refused = PolydeskError.from(err).message;
      }
    } else if (moved) {
      await settle();
    }
    // Once the order is final nothing more can happen to it.
    if (!options.toEnd && (refused !== null || final)) break;
  }
  await clock.advanceTo(clock.now());
  const endedAtMs = clock.now();
  const order = orderId === null ? null : daemon.status(orderId);
  await clock.runUntil(daemon.stop('cancel'));
  await monitor.stop();
  await exchange.close();
  const fills = exchange.fills().map(toReplayFill);
  const filledMicros = fills.reduce((sum, fill) => sum + fill.sizeMicros, 0);
  const notional = fills.reduce(
    (sum, fill) => sum + BigInt(fill.priceMicros) * BigInt(fill.sizeMicros),
    0n,
  );
  const targetMicros = order?.targetSize ?? 0;
  const { applied, delivered } = exchange.bookCounts;
  // Set in a listener: the compiler would otherwise take it for the null it started as.
  const completed = completedAtMs as number | null;
  const result: StrategyResult = {
    name: strategy.name,
    request,
    tokenId: spec.tokenId,
    refused,
    submittedAtMs,
    targetMicros,
    filledMicros,
    avgPriceMicros:
      filledMicros > 0
        ? Number((notional + BigInt(filledMicros) / 2n) / BigInt(filledMicros))
        : null,
    fills,
    fillRatio: targetMicros > 0 ? Math.min(1, filledMicros / targetMicros) : 0,
    firstFillAfterMs: fills[0] && submittedAtMs !== null ? fills[0].atMs - submittedAtMs : null,
    completedAfterMs:
      completed !== null && submittedAtMs !== null ? completed - submittedAtMs : null,
    placements,
    replacements,
    finalState: order?.state ?? null,
    finalReason: order?.reason ?? null,
    endedAtMs,
    bookEvents: applied,
    deliveredBookEvents: delivered,
    wallMs: performance.now() - wallStart,
  };
  return { result, order, events: events.filter((e) => e.orderId === order?.id) };
}

function toReplayFill(fill: TimedFill): ReplayFill {
  return {
    atMs: fill.atMs,
    tradeId: fill.tradeId,
    role: fill.role,
    side: fill.side,
    priceMicros: fill.priceMicros,
    sizeMicros: fill.sizeMicros,
  };
}
