import { basename } from 'node:path';
import { MICROS_PER_UNIT } from '@shared/math/decimal';
import {
  MARKOUT_HORIZONS_SEC,
  type ExecutionReport,
  type ReportParams,
} from '@shared/report/execution-report';
import type { MarketInfo } from '../exchange/exchange-port';
import type { Logger } from '../host/logger';
import type { Store } from '../store/store-port';
import { buildExecutionReport } from './execution-report-builder';
import type { OrderInput } from './order-quality';
import { readRecordedPrices, type RecordedPrices } from './recorded-prices';
import { sessionsOverlapping } from './recording-sessions';
import { ordersFromHistory, type HistoryOrder } from './report-inputs';

/** Polymarket's usual tick, for a market whose tick is known neither to us nor to a recording. */
const FALLBACK_TICK_MICROS = 10_000;
/** Recordings are read this far past the last fill (the longest markout, and a second). */
const READ_PAST_MS = Math.max(...MARKOUT_HORIZONS_SEC) * 1_000 + 1_000;

export interface ReportServiceOptions {
  store: Pick<Store, 'loadHistory'>;
  mode: 'PAPER' | 'LIVE';
  /** Where the sessions are recorded, and whether this session is. */
  recordings: { enabled: boolean; dir: string };
  /** The current session's recorder: flushed before its files are read. */
  recorder?: {
    flush(): Promise<void>;
    readonly sessionDir: string | null;
    readonly stats: { failure: string | null } | null;
  } | null;
  /** Questions, outcomes, ticks and fee schedules of the orders' markets. */
  markets: {
    marketInfo(
      tokenId: string,
    ): Promise<Pick<MarketInfo, 'question' | 'tokens' | 'tickMicros' | 'fees'>>;
  };
  /** Resolves once the daemon's queued store writes are done. */
  persist?: () => Promise<void>;
  logger: Logger;
  now?: () => number;
}

type MarketFacts = Pick<MarketInfo, 'question' | 'tokens' | 'tickMicros' | 'fees'>;

/**
 * `report.get` for the host: the store's orders, events and fills, the recordings of this
 * mode's sessions that overlap them, and the market facts (tick, fees, names) → ExecutionReport.
 */
export class ReportService {
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly options: ReportServiceOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.logger.child({ component: 'report' });
  }

  async build(params: ReportParams): Promise<ExecutionReport> {
    const started = this.now();
    await this.options.persist?.();
    const history = await this.options.store.loadHistory();
    const { orders, unknown } = ordersFromHistory(history, params);
    const notes = unknown.map((id) => `Order ${id} is not in the ${this.modeName} order store.`);
    const facts = await this.marketFacts(orders.map((o) => o.order.spec.tokenId));
    const prices = orders.length > 0 ? await this.recordedPrices(orders, notes) : null;
    const inputs: OrderInput[] = orders.map(({ order, events, fills }) => {
      const market = facts.get(order.spec.tokenId) ?? null;
      const tickMicros =
        market?.tickMicros ??
        prices?.series.get(order.spec.tokenId)?.tickMicros ??
        FALLBACK_TICK_MICROS;
      const outcome = market?.tokens.find((t) => t.tokenId === order.spec.tokenId)?.outcome;
      return {
        order,
        events,
        fills,
        tickMicros,
        label: market ? `${market.question}${outcome ? ` — ${outcome}` : ''}` : order.spec.tokenId,
        fees: market?.fees ?? null,
      };
    });
    const unnamed = inputs.filter((input) => !facts.get(input.order.spec.tokenId)).length;
    if (unnamed > 0) {
      notes.push(
        `${unnamed} order${unnamed === 1 ? "'s market" : "s' markets"} could not be looked up: ` +
          `ticks from the recordings (else ${FALLBACK_TICK_MICROS / MICROS_PER_UNIT}), fees as 0.`,
      );
    }
    const report = buildExecutionReport({
      orders: inputs,
      prices,
      generatedAtMs: this.now(),
      source: this.sourceOf(prices),
      notes,
      ...(params.strategyType !== undefined && { strategyType: params.strategyType }),
    });
    // Debug: the Report tab asks again every few seconds.
    this.log.debug(
      {
        orders: report.orders.length,
        recordings: prices?.read.length ?? 0,
        books: prices?.books ?? 0,
        ms: this.now() - started,
      },
      'execution report built',
    );
    return report;
  }

  private get modeName(): string {
    return this.options.mode.toLowerCase();
  }

  private async marketFacts(tokenIds: readonly string[]): Promise<Map<string, MarketFacts>> {
    const facts = new Map<string, MarketFacts>();
    for (const tokenId of new Set(tokenIds)) {
      try {
        facts.set(tokenId, await this.options.markets.marketInfo(tokenId));
      } catch (err) {
        this.log.warn({ tokenId, err }, 'market unavailable for the report');
      }
    }
    return facts;
  }

  /** The micro-prices of the orders' tokens over their span, from the recordings that cover it. */
  private async recordedPrices(
    orders: readonly HistoryOrder[],
    notes: string[],
  ): Promise<RecordedPrices | null> {
    const { recordings, recorder } = this.options;
    let current: { path: string; flushedAtMs: number } | undefined;
    if (recordings.enabled && recorder?.sessionDir) {
      try {
        const flushedAtMs = this.now();
        await recorder.flush();
        if (!recorder.stats?.failure) current = { path: recorder.sessionDir, flushedAtMs };
      } catch (err) {
        this.log.warn({ err }, 'recording flush failed before the report');
      }
    }
    const fromMs = Math.min(...orders.map((o) => o.order.createdAt));
    const untilMs =
      Math.max(...orders.map((o) => Math.max(o.order.createdAt, ...o.fills.map((f) => f.timeMs)))) +
      READ_PAST_MS;
    const sessions = await sessionsOverlapping(recordings.dir, this.options.mode, fromMs, untilMs);
    if (sessions.length === 0) {
      notes.push(
        recordings.enabled
          ? `No recording in ${recordings.dir} covers these orders: no micro-price figures.`
          : this.recordingOffNote(),
      );
      return null;
    }
    if (!recordings.enabled) notes.push(this.recordingOffNote());
    return readRecordedPrices({
      paths: sessions.map((s) => ({ name: s.dir, parts: s.parts })),
      tokens: new Set(orders.map((o) => o.order.spec.tokenId)),
      untilMs,
      ...(current && { current }),
    });
  }

  private recordingOffNote(): string {
    return (
      `Recording is off in this ${this.modeName} session (the default in LIVE mode), so orders ` +
      'it did not record have no arrival micro-price, slippage or markouts. To record books, ' +
      'set "recording": { "enabled": true } in config.json in the data directory and restart.'
    );
  }

  private sourceOf(prices: RecordedPrices | null): string {
    if (!prices || prices.read.length === 0) {
      return `the ${this.modeName} order store; no recordings`;
    }
    const names = prices.read.map((path) => basename(path));
    return (
      `the ${this.modeName} order store; micro-prices from ${names.length} recorded ` +
      `session${names.length === 1 ? '' : 's'} in ${this.options.recordings.dir}: ${names.join(', ')}`
    );
  }
}
