import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import { formatMicros } from '../engine/decimal.js';
import type { MatchingEngine } from '../engine/matching-engine.js';
import {
  reportedHash,
  type EngineEvent,
  type EngineOrder,
  type MarketSpec,
  type TradeRecord,
} from '../engine/types.js';
import type { StreamMessageKind, StreamScheduler } from '../faults/stream-scheduler.js';
import type { BookSummary } from '../protocol/book-summary.js';
import type { ApiKeyRegistry } from './api-key-registry.js';
import { bookSummary } from './market-views.js';
import { checksum, seconds, tickString } from './wire-format.js';

interface Client {
  ws: WebSocket;
  kind: 'market' | 'user';
  subscribed: boolean;
  assets: Set<string>;
  /** User channel: condition ids to report (empty = all). */
  markets: Set<string>;
  customFeatures: boolean;
  address: string | null;
  apiKey: string | null;
  /** When the client last sent anything (PING included). */
  heardAtMs: number;
}

const SubscribeSchema = z.object({
  type: z.string().optional(),
  assets_ids: z.array(z.string()).optional(),
  markets: z.array(z.string()).optional(),
  initial_dump: z.boolean().optional(),
  custom_feature_enabled: z.boolean().optional(),
  operation: z.enum(['subscribe', 'unsubscribe']).optional(),
  auth: z.object({ apiKey: z.string(), secret: z.string(), passphrase: z.string() }).optional(),
});
type SubscribeMessage = z.infer<typeof SubscribeSchema>;

const INVALID_SUBSCRIPTION = 'invalid subscription payload';
const IDLE_CLOSE_REASON = 'no PING received: idle connection closed';
/** How often sockets are checked for idleness. */
const IDLE_CHECK_MS = 50;

export interface WsHubDeps {
  engine: MatchingEngine;
  keys: ApiKeyRegistry;
  /** Lower-case signer that placed an order, undefined for agents' orders. */
  signerOf: (orderId: string) => string | undefined;
  logger: Logger;
  now: () => number;
  /** Lags, reorders and drops user-channel messages (the market channel is sent at once). */
  userStream: StreamScheduler<object>;
  /** A socket silent for this long is closed (`wsIdleTimeoutMs`); null = never. */
  idleTimeoutMs: () => number | null;
}

/** The market and user WebSocket channels, fed by the engine's events. */
export class WsHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<Client>();
  private readonly lastBestBidAsk = new Map<string, string>();
  private stalled = false;
  private readonly idleTimer: NodeJS.Timeout;

  constructor(private readonly d: WsHubDeps) {
    this.idleTimer = setInterval(() => this.closeIdle(), IDLE_CHECK_MS);
    this.idleTimer.unref();
  }

  /** Polymarket closes sockets that stop sending PINGs; server traffic does not keep them open. */
  private closeIdle(): void {
    const timeout = this.d.idleTimeoutMs();
    if (timeout === null || this.clients.size === 0) return;
    const now = this.d.now();
    for (const c of [...this.clients]) {
      if (now - c.heardAtMs < timeout) continue;
      this.d.logger.info({ kind: c.kind, idleMs: now - c.heardAtMs }, 'idle socket closed');
      c.ws.close(1001, IDLE_CLOSE_REASON);
      this.detach(c);
    }
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '').split('?')[0];
    const kind = path === '/ws/market' ? 'market' : path === '/ws/user' ? 'user' : null;
    if (!kind) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, kind));
  }

  private attach(ws: WebSocket, kind: 'market' | 'user'): void {
    const client: Client = {
      ws,
      kind,
      subscribed: false,
      assets: new Set(),
      markets: new Set(),
      customFeatures: false,
      address: null,
      apiKey: null,
      heardAtMs: this.d.now(),
    };
    this.clients.add(client);
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(client, data, isBinary));
    ws.on('close', () => this.detach(client));
    ws.on('error', () => this.detach(client));
  }

  private detach(client: Client): void {
    this.clients.delete(client);
    this.d.userStream.forget(client);
  }

  private onMessage(client: Client, data: RawData, isBinary: boolean): void {
    const text = isBinary ? '' : data.toString();
    client.heardAtMs = this.d.now();
    if (text === 'PING') {
      if (!client.subscribed) client.ws.close(1008, INVALID_SUBSCRIPTION);
      else client.ws.send('PONG');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      client.ws.close(1008, INVALID_SUBSCRIPTION);
      return;
    }
    const parsed = SubscribeSchema.safeParse(json);
    if (!parsed.success) {
      client.ws.close(1008, INVALID_SUBSCRIPTION);
      return;
    }
    if (client.kind === 'market') this.onMarketMessage(client, parsed.data);
    else this.onUserMessage(client, parsed.data);
  }

  private onMarketMessage(client: Client, m: SubscribeMessage): void {
    const assets = (m.assets_ids ?? []).filter((a) => this.d.engine.token(a) !== undefined);
    if (m.custom_feature_enabled !== undefined) client.customFeatures = m.custom_feature_enabled;
    if (m.operation === 'unsubscribe') {
      for (const a of m.assets_ids ?? []) client.assets.delete(a);
      return;
    }
    if (!m.operation && m.type !== undefined && m.type.toLowerCase() !== 'market') {
      client.ws.close(1008, INVALID_SUBSCRIPTION);
      return;
    }
    const fresh = assets.filter((a) => !client.assets.has(a));
    for (const a of assets) client.assets.add(a);
    client.subscribed = true;
    if (m.initial_dump !== false && fresh.length > 0) {
      const now = this.d.now();
      const books = fresh.map((a) => ({
        ...(bookSummary(this.d.engine, a, now) as BookSummary),
        event_type: 'book',
      }));
      this.send(client, books);
    }
  }

  private onUserMessage(client: Client, m: SubscribeMessage): void {
    if (m.operation) {
      if (!client.subscribed) {
        client.ws.close(1008, INVALID_SUBSCRIPTION);
        return;
      }
      for (const cid of m.markets ?? []) {
        if (m.operation === 'subscribe') client.markets.add(cid);
        else client.markets.delete(cid);
      }
      return;
    }
    const auth = m.auth;
    const record = auth ? this.d.keys.get(auth.apiKey) : undefined;
    if (
      !auth ||
      !record ||
      record.creds.secret !== auth.secret ||
      record.creds.passphrase !== auth.passphrase
    ) {
      client.ws.close(1008, 'invalid authentication');
      return;
    }
    client.address = record.address;
    client.apiKey = auth.apiKey;
    client.markets = new Set(m.markets ?? []);
    client.subscribed = true;
  }

  private send(client: Client, payload: unknown): void {
    if (this.stalled || client.ws.readyState !== client.ws.OPEN) return;
    client.ws.send(JSON.stringify(payload));
  }

  setStalled(stalled: boolean): void {
    this.stalled = stalled;
    this.d.logger.info({ stalled }, 'fault: streams stalled');
  }

  /** Drops every connection without a closing handshake (the client sees 1006). */
  disconnectAll(): void {
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
    this.d.userStream.clear();
    this.d.logger.info('fault: streams disconnected');
  }

  connectionCount(): number {
    return this.clients.size;
  }

  close(): Promise<void> {
    clearInterval(this.idleTimer);
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
    this.d.userStream.clear();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  onEngineEvent(e: EngineEvent): void {
    if (this.clients.size === 0) return;
    switch (e.kind) {
      case 'book':
        this.onBook(e.conditionId, e.cause, e.changes);
        return;
      case 'last_trade':
        this.toMarket(e.tokenId, () => ({
          event_type: 'last_trade_price',
          asset_id: e.tokenId,
          market: e.conditionId,
          price: formatMicros(e.priceMicros),
          side: e.side,
          size: formatMicros(e.sizeMicros),
          fee_rate_bps: String(
            Math.round((this.d.engine.market(e.conditionId)?.fee.r ?? 0) * 10_000),
          ),
          timestamp: String(this.d.now()),
        }));
        return;
      case 'tick_size': {
        const spec = this.d.engine.market(e.conditionId);
        if (!spec) return;
        for (const tokenId of [spec.yesTokenId, spec.noTokenId]) {
          this.toMarket(tokenId, () => ({
            event_type: 'tick_size_change',
            asset_id: tokenId,
            market: e.conditionId,
            old_tick_size: tickString(e.oldTickMicros),
            new_tick_size: tickString(e.newTickMicros),
            timestamp: String(this.d.now()),
          }));
        }
        return;
      }
      case 'order':
        this.onOrder(e.type, e.order);
        return;
      case 'trade':
        this.onTrade(e.trade);
        return;
      case 'resolved':
        this.onResolved(e.conditionId, e.winningTokenId);
        return;
    }
  }

  /** `market_resolved` (a custom feature) to market subscribers of either outcome. */
  private onResolved(conditionId: string, winningTokenId: string): void {
    const spec = this.d.engine.market(conditionId);
    if (!spec) return;
    const tokens = [spec.yesTokenId, spec.noTokenId];
    const payload = {
      event_type: 'market_resolved',
      id: spec.questionId,
      question: spec.question,
      market: conditionId,
      slug: spec.slug,
      description: spec.description,
      assets_ids: tokens,
      outcomes: ['Yes', 'No'],
      winning_asset_id: winningTokenId,
      winning_outcome: winningTokenId === spec.yesTokenId ? 'Yes' : 'No',
      event_message: {
        id: spec.questionId,
        ticker: spec.slug,
        slug: spec.slug,
        title: spec.question,
        description: spec.description,
      },
      timestamp: String(this.d.now()),
    };
    for (const c of this.clients) {
      if (c.kind === 'market' && c.customFeatures && tokens.some((t) => c.assets.has(t)))
        this.send(c, payload);
    }
  }

  private toMarket(tokenId: string, build: () => unknown): void {
    let payload: unknown;
    for (const c of this.clients) {
      if (c.kind !== 'market' || !c.assets.has(tokenId)) continue;
      payload ??= build();
      this.send(c, payload);
    }
  }

  private onBook(
    conditionId: string,
    cause: 'order' | 'trade',
    changes: { side: 'bid' | 'ask'; priceMicros: number; sizeMicros: bigint }[],
  ): void {
    const spec = this.d.engine.market(conditionId);
    if (!spec) return;
    const tokens = [spec.yesTokenId, spec.noTokenId];
    const watched = (t: string): boolean =>
      [...this.clients].some((c) => c.kind === 'market' && c.assets.has(t));
    if (!tokens.some(watched)) return;
    const now = this.d.now();
    const summaries = new Map<string, BookSummary>();
    for (const t of tokens)
      if (watched(t)) summaries.set(t, bookSummary(this.d.engine, t, now) as BookSummary);
    if (cause === 'trade') {
      for (const [t, s] of summaries) this.toMarket(t, () => ({ ...s, event_type: 'book' }));
    } else {
      this.sendPriceChange(spec, changes, summaries, now);
    }
    this.sendBestBidAsk(spec, summaries, now);
  }

  private sendPriceChange(
    spec: MarketSpec,
    changes: { side: 'bid' | 'ask'; priceMicros: number; sizeMicros: bigint }[],
    summaries: Map<string, BookSummary>,
    now: number,
  ): void {
    const entries: Record<string, string>[] = [];
    for (const ch of changes) {
      for (const [tokenId, isYes] of [
        [spec.yesTokenId, true],
        [spec.noTokenId, false],
      ] as const) {
        const s = summaries.get(tokenId);
        if (!s) continue;
        const { bid, ask } = this.d.engine.bestBidAsk(tokenId);
        const side = (ch.side === 'bid') === isYes ? 'BUY' : 'SELL';
        entries.push({
          asset_id: tokenId,
          price: formatMicros(isYes ? ch.priceMicros : 1_000_000 - ch.priceMicros),
          size: formatMicros(ch.sizeMicros),
          side,
          hash: s.hash,
          best_bid: formatMicros(bid ?? 0),
          best_ask: formatMicros(ask ?? 1_000_000),
        });
      }
    }
    for (const c of this.clients) {
      if (c.kind !== 'market') continue;
      const mine = entries.filter((en) => c.assets.has(en.asset_id as string));
      if (mine.length === 0) continue;
      this.send(c, {
        market: spec.conditionId,
        price_changes: mine,
        timestamp: String(now),
        event_type: 'price_change',
      });
    }
  }

  private sendBestBidAsk(spec: MarketSpec, summaries: Map<string, BookSummary>, now: number): void {
    for (const tokenId of summaries.keys()) {
      const { bid, ask } = this.d.engine.bestBidAsk(tokenId);
      const key = `${bid}:${ask}`;
      if (this.lastBestBidAsk.get(tokenId) === key) continue;
      this.lastBestBidAsk.set(tokenId, key);
      const payload = {
        event_type: 'best_bid_ask',
        market: spec.conditionId,
        asset_id: tokenId,
        best_bid: formatMicros(bid ?? 0),
        best_ask: formatMicros(ask ?? 1_000_000),
        spread: bid !== null && ask !== null ? formatMicros(ask - bid) : '',
        timestamp: String(now),
      };
      for (const c of this.clients) {
        if (c.kind === 'market' && c.customFeatures && c.assets.has(tokenId)) this.send(c, payload);
      }
    }
  }

  /** The payload is built at event time, so a late message still says what was true then. */
  private toUsers(
    signer: string,
    conditionId: string,
    kind: StreamMessageKind,
    payload: unknown,
  ): void {
    for (const c of this.clients) {
      if (c.kind !== 'user' || c.address !== signer) continue;
      if (c.markets.size > 0 && !c.markets.has(conditionId)) continue;
      this.d.userStream.push(c, kind, () => this.send(c, payload));
    }
  }

  private onOrder(type: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION', o: EngineOrder): void {
    const signer = this.d.signerOf(o.id);
    if (!signer) return;
    this.toUsers(signer, o.conditionId, 'order', {
      event_type: 'order',
      type,
      id: o.id,
      owner: o.owner,
      order_owner: o.owner,
      market: o.conditionId,
      asset_id: o.tokenId,
      side: o.side,
      outcome: o.outcome,
      price: formatMicros(o.priceMicros),
      original_size: formatMicros(o.originalSize),
      size_matched: formatMicros(o.matched),
      associate_trades: o.associateTrades.length > 0 ? [...o.associateTrades] : null,
      order_type: o.orderType,
      status: o.status,
      maker_address: checksum(o.account),
      created_at: String(seconds(o.createdAtMs)),
      expiration: String(o.expirationSec),
      timestamp: String(this.d.now()),
    });
  }

  private onTrade(t: TradeRecord): void {
    const signers = new Set<string>();
    const taker = this.d.signerOf(t.takerOrderId);
    if (taker) signers.add(taker);
    for (const m of t.makers) {
      const s = this.d.signerOf(m.orderId);
      if (s) signers.add(s);
    }
    if (signers.size === 0) return;
    const matchTime = String(seconds(t.matchTimeMs));
    for (const signer of signers) {
      const payload = {
        event_type: 'trade',
        type: 'TRADE',
        id: t.id,
        taker_order_id: t.takerOrderId,
        market: t.conditionId,
        asset_id: t.tokenId,
        side: t.side,
        size: formatMicros(t.sizeMicros),
        price: formatMicros(t.priceMicros),
        fee_rate_bps: String(t.feeRateBps),
        status: t.status,
        outcome: t.outcome,
        owner: t.takerOwner,
        trade_owner: t.takerOwner,
        maker_address: checksum(t.takerAccount),
        transaction_hash: reportedHash(t),
        trader_side: signer === taker ? 'TAKER' : 'MAKER',
        maker_orders: t.makers.map((m) => ({
          order_id: m.orderId,
          owner: m.owner,
          maker_address: checksum(m.account),
          asset_id: m.tokenId,
          matched_amount: formatMicros(m.sizeMicros),
          price: formatMicros(m.priceMicros),
          fee_rate_bps: '0',
          outcome: m.outcome,
          side: m.side,
        })),
        matchtime: matchTime,
        match_time: matchTime,
        last_update: String(seconds(t.lastUpdateMs)),
        timestamp: String(this.d.now()),
        ...(t.errMsg ? { err_msg: t.errMsg } : {}),
      };
      this.toUsers(signer, t.conditionId, 'trade', payload);
    }
  }
}
