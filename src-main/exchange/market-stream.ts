import type { Logger } from '../host/logger';
import type {
  BookListener,
  BookSnapshot,
  BookSubscription,
  MarketResolvedEvent,
  StreamState,
} from './exchange-port';
import { KeepaliveSocket, type SocketState } from './keepalive-socket';
import { LocalBook } from './local-book';
import type { StageTimer } from './stage-timing';
import {
  type RestBook,
  WsBookSchema,
  WsLastTradePriceSchema,
  WsMarketResolvedSchema,
  WsPriceChangeSchema,
  WsTickSizeChangeSchema,
} from './wire-schemas';

export interface MarketStreamOptions {
  /** Base WS url; the channel is `${wsUrl}/ws/market`. */
  wsUrl: string;
  /** A REST book (already validated); used for resync, stall checks and polling. */
  fetchBook(tokenId: string): Promise<RestBook>;
  logger: Logger;
  /** REST polling cadence while a connection is down (default 2000). */
  pollIntervalMs?: number;
  /** How often each live book is compared with REST (silent-stall check, default 15000). */
  stallCheckIntervalMs?: number;
  /** Wait before confirming a stall: the stream must stay silent while REST differs (default 1500). */
  stallGraceMs?: number;
  /** No snapshot this long after subscribing → fetch it from REST (default 10000). */
  snapshotTimeoutMs?: number;
  /** Assets per connection (lessons §2.2; default 200). */
  maxAssetsPerConnection?: number;
  /** Verify book hashes after each delta and resync on mismatch (default true). */
  verifyHashes?: boolean;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** The exchange announced a new tick for a token (the adapter patches its caches). */
  onTickSize?(tokenId: string, tickSize: string): void;
  /** Worst state over all subscribed tokens changed. */
  onSummary?(state: StreamState | 'idle'): void;
  now?: () => number;
  /** Benchmarks only: marks `stream-received` and `book-applied` (stage-timing.ts). */
  stageTimer?: StageTimer;
}

interface BufferedChange {
  change: { price: string; size: string; side: string; hash?: string | undefined };
  timestamp: string;
}

interface Entry {
  tokenId: string;
  book: LocalBook;
  listeners: Set<BookListener>;
  shard: Shard;
  state: StreamState;
  resyncing: boolean;
  resyncGeneration: number;
  buffer: BufferedChange[];
  hashTrusted: boolean;
  consecutiveMismatches: number;
  lastStreamUpdateAt: number;
  snapshotTimer: NodeJS.Timeout | undefined;
  retryTimer: NodeJS.Timeout | undefined;
}

interface Shard {
  index: number;
  tokens: Set<string>;
  socket: KeepaliveSocket;
  /** Assets subscribed on the current connection: each is sent exactly once per connection. */
  sent: Set<string>;
  pendingSubscribe: Set<string>;
  pendingUnsubscribe: Set<string>;
  flushScheduled: boolean;
  pollTimer: NodeJS.Timeout | undefined;
  /** A silent stall was seen: books are polled until the connection delivers data again. */
  suspect: boolean;
}

const STATE_RANK: Record<StreamState, number> = {
  live: 0,
  connecting: 1,
  resyncing: 2,
  polling: 3,
  stalled: 4,
  down: 5,
};

/** Consecutive hash mismatches after a fresh REST snapshot before hashes are no longer trusted. */
const MAX_CONSECUTIVE_MISMATCHES = 3;

/**
 * Local books for subscribed tokens from `/ws/market`: snapshots + deltas, hash verification,
 * tick-size epochs, sharded connections, silent-stall detection against REST, REST polling
 * while a connection is down.
 */
export class MarketStream {
  private readonly entries = new Map<string, Entry>();
  private readonly shards: Shard[] = [];
  private nextShardIndex = 0;
  private stallTimer: NodeJS.Timeout | undefined;
  private lastSummary: StreamState | 'idle' = 'idle';
  /** `${conditionId}:${tokenId}` already announced resolved: each is passed on once. */
  private readonly resolvedSeen = new Set<string>();
  private closed = false;
  private readonly pollIntervalMs: number;
  private readonly stallCheckIntervalMs: number;
  private readonly stallGraceMs: number;
  private readonly snapshotTimeoutMs: number;
  private readonly maxAssets: number;
  private readonly verifyHashes: boolean;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly options: MarketStreamOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.stallCheckIntervalMs = options.stallCheckIntervalMs ?? 15_000;
    this.stallGraceMs = options.stallGraceMs ?? 1_500;
    this.snapshotTimeoutMs = options.snapshotTimeoutMs ?? 10_000;
    this.maxAssets = options.maxAssetsPerConnection ?? 200;
    this.verifyHashes = options.verifyHashes ?? true;
    this.now = options.now ?? Date.now;
    this.log = options.logger;
  }

  subscribe(tokenId: string, listener: BookListener): BookSubscription {
    if (this.closed) throw new Error('market stream closed');
    let entry = this.entries.get(tokenId);
    if (!entry) {
      entry = this.addToken(tokenId);
    }
    entry.listeners.add(listener);
    const current = entry.book.synced ? entry.book.snapshot(this.now()) : undefined;
    if (current) safeCall(() => listener.onBook(current));
    let active = true;
    return {
      tokenId,
      current: () => {
        const e = this.entries.get(tokenId);
        return e && e.book.synced ? e.book.snapshot(this.now()) : undefined;
      },
      state: () => this.entries.get(tokenId)?.state ?? 'down',
      unsubscribe: () => {
        if (!active) return;
        active = false;
        this.removeListener(tokenId, listener);
      },
    };
  }

  /** Worst state over all subscribed tokens. */
  summary(): StreamState | 'idle' {
    let worst: StreamState | 'idle' = 'idle';
    for (const entry of this.entries.values()) {
      if (worst === 'idle' || STATE_RANK[entry.state] > STATE_RANK[worst]) worst = entry.state;
    }
    return worst;
  }

  /** Number of open-or-opening connections (for tests and diagnostics). */
  shardCount(): number {
    return this.shards.length;
  }

  close(): void {
    this.closed = true;
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.stallTimer = undefined;
    for (const shard of this.shards) this.stopShard(shard);
    this.shards.length = 0;
    for (const entry of this.entries.values()) this.clearEntryTimers(entry);
    this.entries.clear();
  }

  // ── subscription bookkeeping ───────────────────────────────────────────────

  private addToken(tokenId: string): Entry {
    const shard = this.shards.find((s) => s.tokens.size < this.maxAssets) ?? this.newShard();
    const entry: Entry = {
      tokenId,
      book: new LocalBook(tokenId),
      listeners: new Set(),
      shard,
      state: 'connecting',
      resyncing: false,
      resyncGeneration: 0,
      buffer: [],
      hashTrusted: true,
      consecutiveMismatches: 0,
      lastStreamUpdateAt: 0,
      snapshotTimer: undefined,
      retryTimer: undefined,
    };
    this.entries.set(tokenId, entry);
    shard.tokens.add(tokenId);
    shard.pendingUnsubscribe.delete(tokenId);
    if (shard.socket.isOpen()) {
      shard.pendingSubscribe.add(tokenId);
      this.scheduleFlush(shard);
    } else if (shard.socket.currentState === 'idle') {
      shard.socket.start();
    } else if (shard.socket.currentState === 'reconnecting') {
      this.setState(entry, 'polling', 'connection down');
      this.ensurePolling(shard);
    }
    this.armSnapshotTimer(entry);
    this.ensureStallTimer();
    this.emitSummary();
    return entry;
  }

  private removeListener(tokenId: string, listener: BookListener): void {
    const entry = this.entries.get(tokenId);
    if (!entry) return;
    entry.listeners.delete(listener);
    if (entry.listeners.size > 0) return;
    this.clearEntryTimers(entry);
    this.entries.delete(tokenId);
    const shard = entry.shard;
    shard.tokens.delete(tokenId);
    shard.pendingSubscribe.delete(tokenId);
    if (shard.tokens.size === 0) {
      this.stopShard(shard);
      this.shards.splice(this.shards.indexOf(shard), 1);
    } else if (shard.sent.has(tokenId)) {
      shard.pendingUnsubscribe.add(tokenId);
      this.scheduleFlush(shard);
    }
    if (this.entries.size === 0 && this.stallTimer) {
      clearInterval(this.stallTimer);
      this.stallTimer = undefined;
    }
    this.emitSummary();
  }

  private newShard(): Shard {
    const index = this.nextShardIndex++;
    const shard: Shard = {
      index,
      tokens: new Set(),
      sent: new Set(),
      pendingSubscribe: new Set(),
      pendingUnsubscribe: new Set(),
      flushScheduled: false,
      pollTimer: undefined,
      suspect: false,
      socket: undefined as unknown as KeepaliveSocket,
    };
    shard.socket = new KeepaliveSocket({
      url: `${this.options.wsUrl.replace(/\/$/, '')}/ws/market`,
      name: `market#${index}`,
      logger: this.log,
      ...(this.options.pingIntervalMs !== undefined && {
        pingIntervalMs: this.options.pingIntervalMs,
      }),
      ...(this.options.pongTimeoutMs !== undefined && {
        pongTimeoutMs: this.options.pongTimeoutMs,
      }),
      ...(this.options.backoffInitialMs !== undefined && {
        backoffInitialMs: this.options.backoffInitialMs,
      }),
      ...(this.options.backoffMaxMs !== undefined && { backoffMaxMs: this.options.backoffMaxMs }),
      onOpen: () => this.onShardOpen(shard),
      onMessage: (text) => this.onShardMessage(shard, text),
      onStateChange: (state, reason) => this.onShardState(shard, state, reason),
    });
    this.shards.push(shard);
    return shard;
  }

  private stopShard(shard: Shard): void {
    shard.socket.stop();
    if (shard.pollTimer) clearInterval(shard.pollTimer);
    shard.pollTimer = undefined;
  }

  /** Subscription changes on an open connection, batched per tick. */
  private scheduleFlush(shard: Shard): void {
    if (shard.flushScheduled) return;
    shard.flushScheduled = true;
    queueMicrotask(() => {
      shard.flushScheduled = false;
      if (!shard.socket.isOpen()) return;
      const add = [...shard.pendingSubscribe].filter((t) => !shard.sent.has(t));
      const remove = [...shard.pendingUnsubscribe].filter((t) => shard.sent.has(t));
      shard.pendingSubscribe.clear();
      shard.pendingUnsubscribe.clear();
      if (
        add.length > 0 &&
        shard.socket.send(
          JSON.stringify({ operation: 'subscribe', assets_ids: add, custom_feature_enabled: true }),
        )
      ) {
        for (const t of add) shard.sent.add(t);
      }
      if (
        remove.length > 0 &&
        shard.socket.send(JSON.stringify({ operation: 'unsubscribe', assets_ids: remove }))
      ) {
        for (const t of remove) shard.sent.delete(t);
      }
    });
  }

  // ── connection events ──────────────────────────────────────────────────────

  private onShardOpen(shard: Shard): void {
    shard.pendingSubscribe.clear();
    shard.pendingUnsubscribe.clear();
    shard.sent = new Set(shard.tokens);
    if (!shard.suspect) this.stopPolling(shard);
    if (shard.tokens.size === 0) return;
    shard.socket.send(
      JSON.stringify({
        type: 'market',
        assets_ids: [...shard.tokens],
        markets: [],
        initial_dump: true,
        // For market_resolved (best_bid_ask and new_market come with it and are ignored).
        custom_feature_enabled: true,
      }),
    );
    this.log.info({ shard: shard.index, assets: shard.tokens.size }, 'market stream subscribed');
    for (const tokenId of shard.tokens) {
      const entry = this.entries.get(tokenId);
      if (entry) this.armSnapshotTimer(entry);
    }
  }

  private onShardState(shard: Shard, state: SocketState, reason: string): void {
    if (state !== 'reconnecting' || this.closed) return;
    shard.sent.clear();
    for (const tokenId of shard.tokens) {
      const entry = this.entries.get(tokenId);
      if (entry && entry.state !== 'stalled') this.setState(entry, 'polling', reason);
    }
    this.ensurePolling(shard);
  }

  /** The connection is open and trusted to deliver (not under a suspected stall). */
  private streaming(shard: Shard): boolean {
    return shard.socket.isOpen() && !shard.suspect;
  }

  private stopPolling(shard: Shard): void {
    if (shard.pollTimer) clearInterval(shard.pollTimer);
    shard.pollTimer = undefined;
  }

  private ensurePolling(shard: Shard): void {
    if (shard.pollTimer) return;
    const poll = (): void => {
      for (const tokenId of shard.tokens) void this.pollOnce(tokenId);
    };
    shard.pollTimer = setInterval(poll, this.pollIntervalMs);
    poll();
  }

  private async pollOnce(tokenId: string): Promise<void> {
    const entry = this.entries.get(tokenId);
    if (!entry || entry.resyncing) return;
    try {
      const rest = await this.options.fetchBook(tokenId);
      const current = this.entries.get(tokenId);
      if (current !== entry || this.streaming(entry.shard)) return;
      this.applyRest(entry, rest, 'poll');
      this.setState(entry, 'polling', 'connection down');
      this.emitBook(entry);
    } catch (err) {
      if (this.entries.get(tokenId) !== entry || this.streaming(entry.shard)) return;
      this.setState(entry, 'down', `poll failed: ${errMessage(err)}`);
    }
  }

  private onShardMessage(shard: Shard, text: string): void {
    this.options.stageTimer?.mark('stream-received');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.log.debug({ shard: shard.index }, 'market stream: non-JSON frame ignored');
      return;
    }
    const events = Array.isArray(parsed) ? parsed : [parsed];
    const touched = new Set<Entry>();
    for (const event of events) {
      try {
        this.onEvent(event, touched);
      } catch (err) {
        this.onUnreadable(event, err);
      }
    }
    if (shard.suspect && touched.size > 0) {
      shard.suspect = false;
      this.stopPolling(shard);
      this.log.info({ shard: shard.index }, 'market stream delivering again after a stall');
    }
    if (touched.size > 0) this.options.stageTimer?.mark('book-applied');
    for (const entry of touched) {
      if (entry.book.synced && !entry.resyncing) {
        this.setState(entry, 'live', 'stream update');
        this.emitBook(entry);
      }
    }
  }

  /** An event with an unreadable value may have changed a book we cannot follow: resync it. */
  private onUnreadable(event: unknown, err: unknown): void {
    this.log.warn({ err: errMessage(err) }, 'market stream: unreadable event');
    const record = (event ?? {}) as { asset_id?: unknown; price_changes?: unknown };
    const assets = new Set<unknown>([record.asset_id]);
    if (Array.isArray(record.price_changes)) {
      for (const change of record.price_changes as Array<{ asset_id?: unknown }>) {
        assets.add(change.asset_id);
      }
    }
    for (const asset of assets) {
      const entry = typeof asset === 'string' ? this.entries.get(asset) : undefined;
      if (entry) void this.resync(entry, 'unreadable event');
    }
  }

  private onEvent(event: unknown, touched: Set<Entry>): void {
    if (event === null || typeof event !== 'object' || !('event_type' in event)) return;
    switch ((event as { event_type: unknown }).event_type) {
      case 'book':
        return this.onBookEvent(event, touched);
      case 'price_change':
        return this.onPriceChange(event, touched);
      case 'tick_size_change':
        return this.onTickSizeChange(event);
      case 'market_resolved':
        return this.onMarketResolved(event);
      case 'last_trade_price': {
        const parsed = WsLastTradePriceSchema.safeParse(event);
        const entry = parsed.success ? this.entries.get(parsed.data.asset_id) : undefined;
        if (entry && parsed.success) entry.book.lastTradePrice = parsed.data.price;
        return;
      }
      default:
        return;
    }
  }

  private onBookEvent(event: unknown, touched: Set<Entry>): void {
    const parsed = WsBookSchema.safeParse(event);
    if (!parsed.success) {
      this.log.warn(
        { issues: parsed.error.issues.length },
        'market stream: malformed book ignored',
      );
      return;
    }
    const book = parsed.data;
    const entry = this.entries.get(book.asset_id);
    if (!entry) return;
    if (entry.snapshotTimer) clearTimeout(entry.snapshotTimer);
    entry.snapshotTimer = undefined;
    // A stream snapshot supersedes any REST resync in flight.
    entry.resyncing = false;
    entry.resyncGeneration += 1;
    entry.buffer = [];
    entry.lastStreamUpdateAt = this.now();
    entry.book.applySnapshot(
      {
        market: book.market,
        timestamp: book.timestamp,
        hash: book.hash,
        bids: book.bids ?? book.buys ?? [],
        asks: book.asks ?? book.sells ?? [],
        minOrderSize: book.min_order_size,
        tickSize: book.tick_size,
        negRisk: book.neg_risk,
        lastTradePrice: book.last_trade_price,
      },
      'stream',
      this.now(),
    );
    if (!this.hashOk(entry, book.hash)) {
      void this.resync(entry, 'hash mismatch on stream snapshot');
      return;
    }
    touched.add(entry);
  }

  private onPriceChange(event: unknown, touched: Set<Entry>): void {
    const parsed = WsPriceChangeSchema.safeParse(event);
    if (!parsed.success) {
      this.log.warn(
        { issues: parsed.error.issues.length },
        'market stream: malformed price_change',
      );
      return;
    }
    const { timestamp, price_changes: changes } = parsed.data;
    // Within one message only the asset's last change is verified: how the server stamps the
    // intermediate hashes of a batch is not documented.
    const lastIndex = new Map<string, number>();
    changes.forEach((change, index) => lastIndex.set(change.asset_id, index));
    for (const [index, change] of changes.entries()) {
      const entry = this.entries.get(change.asset_id);
      if (!entry) continue;
      entry.lastStreamUpdateAt = this.now();
      if (entry.resyncing) {
        entry.buffer.push({ change, timestamp });
        continue;
      }
      if (!entry.book.applyChange(change, timestamp, this.now())) continue;
      if (lastIndex.get(change.asset_id) !== index) continue;
      if (!this.hashOk(entry, change.hash)) {
        this.countMismatch(entry);
        void this.resync(entry, 'hash mismatch after delta');
        continue;
      }
      entry.consecutiveMismatches = 0;
      touched.add(entry);
    }
  }

  private onTickSizeChange(event: unknown): void {
    const parsed = WsTickSizeChangeSchema.safeParse(event);
    if (!parsed.success) return;
    const entry = this.entries.get(parsed.data.asset_id);
    if (!entry) return;
    const tick = parsed.data.new_tick_size;
    this.log.info(
      { tokenId: entry.tokenId, tick, epoch: entry.book.epoch + 1 },
      'tick size change',
    );
    entry.book.startEpoch(tick);
    safeCall(() => this.options.onTickSize?.(entry.tokenId, tick));
    void this.resync(entry, 'tick size change');
  }

  private onMarketResolved(event: unknown): void {
    const parsed = WsMarketResolvedSchema.safeParse(event);
    if (!parsed.success) {
      this.log.warn('market stream: malformed market_resolved ignored');
      return;
    }
    const resolved = parsed.data;
    this.log.info(
      { conditionId: resolved.market, winner: resolved.winning_outcome },
      'market resolved',
    );
    for (const tokenId of resolved.assets_ids) {
      const entry = this.entries.get(tokenId);
      const key = `${resolved.market}:${tokenId}`;
      if (!entry || this.resolvedSeen.has(key)) continue;
      this.resolvedSeen.add(key);
      const announced: MarketResolvedEvent = {
        conditionId: resolved.market,
        tokenId,
        tokenIds: resolved.assets_ids,
        winningTokenId: resolved.winning_asset_id,
        winningOutcome: resolved.winning_outcome,
        question: resolved.question,
        slug: resolved.slug,
        timestampMs: Number.isFinite(Number(resolved.timestamp))
          ? Number(resolved.timestamp)
          : this.now(),
      };
      for (const listener of entry.listeners) {
        safeCall(() => listener.onMarketResolved?.(announced));
      }
    }
  }

  /** True when the hash checks out, cannot be checked, or verification is off. */
  private hashOk(entry: Entry, serverHash: string | undefined): boolean {
    if (!this.verifyHashes || !entry.hashTrusted || !serverHash) return true;
    if (!entry.book.canHash()) return false;
    return entry.book.computeHash() === serverHash;
  }

  // ── REST resync ────────────────────────────────────────────────────────────

  private async resync(entry: Entry, reason: string): Promise<void> {
    if (entry.resyncing || this.closed) return;
    entry.resyncing = true;
    entry.buffer = [];
    const generation = ++entry.resyncGeneration;
    this.setState(entry, 'resyncing', reason);
    this.log.info({ tokenId: entry.tokenId, reason }, 'book resync');
    try {
      const rest = await this.options.fetchBook(entry.tokenId);
      if (this.entries.get(entry.tokenId) !== entry || entry.resyncGeneration !== generation)
        return;
      const buffered = entry.buffer;
      entry.buffer = [];
      entry.resyncing = false;
      this.applyRest(entry, rest, 'rest');
      this.replay(entry, rest, buffered);
      if (entry.resyncing) return;
      this.setState(entry, this.streaming(entry.shard) ? 'live' : 'polling', 'resynced');
      this.emitBook(entry);
    } catch (err) {
      if (this.entries.get(entry.tokenId) !== entry || entry.resyncGeneration !== generation)
        return;
      entry.resyncing = false;
      this.setState(entry, 'down', `resync failed: ${errMessage(err)}`);
      if (entry.retryTimer) clearTimeout(entry.retryTimer);
      entry.retryTimer = setTimeout(() => {
        entry.retryTimer = undefined;
        if (this.entries.get(entry.tokenId) === entry) void this.resync(entry, 'retry');
      }, this.pollIntervalMs);
    }
  }

  private applyRest(entry: Entry, rest: RestBook, source: 'rest' | 'poll'): void {
    entry.book.applySnapshot(
      {
        market: rest.market,
        timestamp: rest.timestamp,
        hash: rest.hash,
        bids: rest.bids,
        asks: rest.asks,
        minOrderSize: rest.min_order_size,
        tickSize: rest.tick_size,
        negRisk: rest.neg_risk,
        lastTradePrice: rest.last_trade_price ?? '',
      },
      source,
      this.now(),
    );
    if (
      this.verifyHashes &&
      entry.hashTrusted &&
      rest.hash &&
      entry.book.computeHash() !== rest.hash
    ) {
      entry.hashTrusted = false;
      this.log.warn(
        { tokenId: entry.tokenId },
        'REST book hash does not match our computation: hash verification off for this token',
      );
    }
  }

  /** Deltas that arrived while REST was in flight: apply those newer than the snapshot. */
  private replay(entry: Entry, rest: RestBook, buffered: BufferedChange[]): void {
    if (buffered.length === 0) return;
    const matchIndex = buffered.map((b) => b.change.hash).lastIndexOf(rest.hash);
    const fresh =
      matchIndex >= 0
        ? buffered.slice(matchIndex + 1)
        : buffered.filter((b) => Number(b.timestamp) > Number(rest.timestamp));
    for (const { change, timestamp } of fresh)
      entry.book.applyChange(change, timestamp, this.now());
    const lastHash = fresh.at(-1)?.change.hash;
    if (this.hashOk(entry, lastHash)) {
      entry.consecutiveMismatches = 0;
      return;
    }
    this.countMismatch(entry);
    void this.resync(entry, 'hash mismatch after replay');
  }

  /** Mismatches with no verified delta in between mean our hash differs from the server's. */
  private countMismatch(entry: Entry): void {
    entry.consecutiveMismatches += 1;
    if (entry.consecutiveMismatches < MAX_CONSECUTIVE_MISMATCHES) return;
    entry.hashTrusted = false;
    this.log.warn(
      { tokenId: entry.tokenId },
      'repeated hash mismatches: verification off for token',
    );
  }

  private armSnapshotTimer(entry: Entry): void {
    if (entry.snapshotTimer) clearTimeout(entry.snapshotTimer);
    entry.snapshotTimer = setTimeout(() => {
      entry.snapshotTimer = undefined;
      if (this.entries.get(entry.tokenId) === entry)
        void this.resync(entry, 'no snapshot from stream');
    }, this.snapshotTimeoutMs);
  }

  // ── silent-stall detection (lessons §2.1) ──────────────────────────────────

  private ensureStallTimer(): void {
    if (this.stallTimer || this.closed) return;
    this.stallTimer = setInterval(() => void this.checkStalls(), this.stallCheckIntervalMs);
  }

  private async checkStalls(): Promise<void> {
    const suspects = new Map<Shard, Entry[]>();
    await Promise.all(
      [...this.entries.values()].map(async (entry) => {
        try {
          if (await this.looksStalled(entry)) {
            suspects.set(entry.shard, [...(suspects.get(entry.shard) ?? []), entry]);
          }
        } catch (err) {
          this.log.warn({ tokenId: entry.tokenId, err: errMessage(err) }, 'stall check failed');
        }
      }),
    );
    for (const [shard, entries] of suspects) this.onStall(shard, entries);
  }

  /**
   * REST differs from our book twice, a grace period apart, and the stream said nothing about
   * this token in between: the connection is silently stalled (lessons §2.1).
   */
  private async looksStalled(entry: Entry): Promise<boolean> {
    if (!this.streaming(entry.shard) || entry.resyncing || !entry.book.synced) return false;
    const checkStartedAt = this.now();
    const rest = await this.options.fetchBook(entry.tokenId);
    if (entry.resyncing || !entry.book.synced) return false;
    if (entry.book.sameLevels(rest.bids, rest.asks)) {
      entry.book.confirm(this.now());
      return false;
    }
    // Differs: a delta may be in flight. Look again after a grace period.
    await sleep(this.stallGraceMs);
    if (this.entries.get(entry.tokenId) !== entry || entry.resyncing) return false;
    if (entry.lastStreamUpdateAt > checkStartedAt) return false;
    const again = await this.options.fetchBook(entry.tokenId);
    if (entry.lastStreamUpdateAt > checkStartedAt) return false;
    return !entry.book.sameLevels(again.bids, again.asks);
  }

  private onStall(shard: Shard, entries: Entry[]): void {
    if (this.closed) return;
    this.log.warn(
      { shard: shard.index, tokens: entries.map((e) => e.tokenId) },
      'market stream silent stall: books differ from REST, reconnecting',
    );
    for (const entry of entries) this.setState(entry, 'stalled', 'book differs from REST');
    shard.suspect = true;
    shard.socket.reconnectNow('silent stall');
    for (const entry of entries) void this.resync(entry, 'silent stall');
    this.ensurePolling(shard);
  }

  // ── emission ───────────────────────────────────────────────────────────────

  private emitBook(entry: Entry): void {
    const snapshot: BookSnapshot = entry.book.snapshot(this.now());
    for (const listener of entry.listeners) safeCall(() => listener.onBook(snapshot));
  }

  private setState(entry: Entry, state: StreamState, reason: string): void {
    if (entry.state === state) return;
    entry.state = state;
    for (const listener of entry.listeners) {
      safeCall(() => listener.onState?.({ tokenId: entry.tokenId, state, reason }));
    }
    this.emitSummary();
  }

  private emitSummary(): void {
    const summary = this.summary();
    if (summary === this.lastSummary) return;
    this.lastSummary = summary;
    safeCall(() => this.options.onSummary?.(summary));
  }

  private clearEntryTimers(entry: Entry): void {
    if (entry.snapshotTimer) clearTimeout(entry.snapshotTimer);
    if (entry.retryTimer) clearTimeout(entry.retryTimer);
    entry.snapshotTimer = undefined;
    entry.retryTimer = undefined;
  }
}

function safeCall(fn: () => void): void {
  try {
    fn();
  } catch {
    // A listener's failure must not break the stream for the others.
  }
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
