import { bookHash, type WireLevel } from './book-hash';
import type { BookLevel, BookSnapshot, BookSource } from './exchange-port';
import { decimalToMicros } from './units';

interface Level {
  priceText: string;
  sizeText: string;
  price: number;
  size: number;
}

/** Fields of a full snapshot (REST summary or WS `book`); absent optional fields keep old values. */
export interface SnapshotInput {
  market: string;
  timestamp: string;
  hash: string;
  bids: WireLevel[];
  asks: WireLevel[];
  minOrderSize?: string | undefined;
  tickSize?: string | undefined;
  negRisk?: boolean | undefined;
  lastTradePrice?: string | undefined;
}

/**
 * One token's book as the server holds it, kept in wire text so its hash can be recomputed
 * (doc §5.4). Deltas replace a level's aggregate size; "0" removes it (doc §5.2).
 */
export class LocalBook {
  private bids = new Map<number, Level>();
  private asks = new Map<number, Level>();
  market = '';
  timestamp = '0';
  serverHash = '';
  minOrderSize: string | undefined;
  tickSize: string | undefined;
  negRisk: boolean | undefined;
  lastTradePrice: string | undefined;
  epoch = 0;
  /** False until a snapshot of the current epoch arrived: deltas are dropped meanwhile. */
  synced = false;
  confirmedAtMs = 0;
  source: BookSource = 'stream';

  constructor(readonly tokenId: string) {}

  applySnapshot(input: SnapshotInput, source: BookSource, nowMs: number): void {
    this.bids = toLevels(input.bids);
    this.asks = toLevels(input.asks);
    this.market = input.market || this.market;
    this.timestamp = input.timestamp;
    this.serverHash = input.hash;
    if (input.minOrderSize !== undefined) this.minOrderSize = input.minOrderSize;
    if (input.tickSize !== undefined) this.tickSize = input.tickSize;
    if (input.negRisk !== undefined) this.negRisk = input.negRisk;
    if (input.lastTradePrice !== undefined) this.lastTradePrice = input.lastTradePrice;
    this.synced = true;
    this.source = source;
    this.confirmedAtMs = nowMs;
  }

  /** Applies one price_change entry; returns false when dropped (no snapshot in this epoch). */
  applyChange(
    change: { price: string; size: string; side: string; hash?: string | undefined },
    timestamp: string,
    nowMs: number,
  ): boolean {
    if (!this.synced) return false;
    const side = change.side.toUpperCase() === 'BUY' ? this.bids : this.asks;
    const price = decimalToMicros(change.price);
    const size = decimalToMicros(change.size);
    if (size === 0) side.delete(price);
    else side.set(price, { priceText: change.price, sizeText: change.size, price, size });
    this.timestamp = timestamp;
    this.serverHash = change.hash ?? '';
    this.source = 'stream';
    this.confirmedAtMs = nowMs;
    return true;
  }

  /** tick_size_change: the old levels are on another grid; wait for a fresh snapshot. */
  startEpoch(newTickSize: string): void {
    this.epoch += 1;
    this.tickSize = newTickSize;
    this.bids.clear();
    this.asks.clear();
    this.synced = false;
  }

  /** Marks the book as verified current without a change (stall check matched REST). */
  confirm(nowMs: number): void {
    this.confirmedAtMs = nowMs;
  }

  /** Whether the fields the hash needs are known (a WS `book` may omit some). */
  canHash(): boolean {
    return (
      this.minOrderSize !== undefined && this.tickSize !== undefined && this.negRisk !== undefined
    );
  }

  computeHash(): string {
    return bookHash({
      market: this.market,
      asset_id: this.tokenId,
      timestamp: this.timestamp,
      bids: sorted(this.bids, 'asc').map(toWire),
      asks: sorted(this.asks, 'desc').map(toWire),
      min_order_size: this.minOrderSize ?? '',
      tick_size: this.tickSize ?? '',
      neg_risk: this.negRisk ?? false,
      last_trade_price: this.lastTradePrice ?? '',
    });
  }

  /** Same levels (prices and sizes) as another book's wire levels. */
  sameLevels(bids: WireLevel[], asks: WireLevel[]): boolean {
    return sameMap(this.bids, toLevels(bids)) && sameMap(this.asks, toLevels(asks));
  }

  snapshot(nowMs: number): BookSnapshot {
    return {
      tokenId: this.tokenId,
      conditionId: this.market,
      bids: sorted(this.bids, 'desc').map(toBookLevel),
      asks: sorted(this.asks, 'asc').map(toBookLevel),
      tickMicros: this.tickSize ? decimalToMicros(this.tickSize) : 0,
      minOrderSizeMicros: this.minOrderSize ? decimalToMicros(this.minOrderSize) : undefined,
      lastTradePriceMicros:
        this.lastTradePrice && this.lastTradePrice !== ''
          ? decimalToMicros(this.lastTradePrice)
          : undefined,
      exchangeTimestampMs: Number(this.timestamp) || 0,
      confirmedAtMs: this.confirmedAtMs,
      ageMs: Math.max(0, nowMs - this.confirmedAtMs),
      source: this.source,
      epoch: this.epoch,
      hash: this.serverHash,
    };
  }
}

function toLevels(levels: WireLevel[]): Map<number, Level> {
  const map = new Map<number, Level>();
  for (const level of levels) {
    const price = decimalToMicros(level.price);
    const size = decimalToMicros(level.size);
    if (size > 0) map.set(price, { priceText: level.price, sizeText: level.size, price, size });
  }
  return map;
}

function sorted(map: Map<number, Level>, order: 'asc' | 'desc'): Level[] {
  const levels = [...map.values()];
  levels.sort((a, b) => (order === 'asc' ? a.price - b.price : b.price - a.price));
  return levels;
}

function toWire(level: Level): WireLevel {
  return { price: level.priceText, size: level.sizeText };
}

function toBookLevel(level: Level): BookLevel {
  return { price: level.price, size: level.size };
}

function sameMap(a: Map<number, Level>, b: Map<number, Level>): boolean {
  if (a.size !== b.size) return false;
  for (const [price, level] of a) {
    if (b.get(price)?.size !== level.size) return false;
  }
  return true;
}
