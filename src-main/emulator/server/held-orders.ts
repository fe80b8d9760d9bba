import type { Logger } from 'pino';
import { formatMicros } from '../engine/decimal.js';
import type { MatchingEngine } from '../engine/matching-engine.js';
import type { PlaceInput } from '../engine/types.js';
import { checksum, seconds } from './wire-format.js';

export type HeldStatus = 'DELAYED' | 'UNMATCHED' | 'CANCELED';

export interface HeldOrder {
  readonly input: PlaceInput;
  readonly conditionId: string;
  readonly outcome: 'Yes' | 'No';
  readonly createdAtMs: number;
  status: HeldStatus;
  /** When it stopped being DELAYED; null while held. */
  finalAtMs: number | null;
}

/**
 * Marketable orders the exchange answered `delayed` (held, then matched) or `unmatched`
 * (accepted, never matched, never resting). A delayed order goes to the engine when its delay
 * ends; if the engine refuses it then (FOK no longer fillable, balance gone), it ends UNMATCHED.
 */
export class HeldOrders {
  private readonly orders = new Map<string, HeldOrder>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly engine: MatchingEngine,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  hold(input: PlaceInput, delayMs: number): void {
    const order = this.record(input, 'DELAYED');
    const timer = setTimeout(() => this.release(order), delayMs);
    timer.unref();
    this.timers.set(input.id, timer);
  }

  unmatched(input: PlaceInput): void {
    const order = this.record(input, 'UNMATCHED');
    order.finalAtMs = order.createdAtMs;
  }

  get(id: string): HeldOrder | undefined {
    return this.orders.get(id);
  }

  /** Orders still waiting out their delay. */
  delayed(): HeldOrder[] {
    return [...this.orders.values()].filter((o) => o.status === 'DELAYED');
  }

  /** Cancels a delayed order before it reaches the book; false if it is not delayed. */
  cancel(id: string): boolean {
    const order = this.orders.get(id);
    if (order?.status !== 'DELAYED') return false;
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    order.status = 'CANCELED';
    order.finalAtMs = this.now();
    return true;
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private record(input: PlaceInput, status: HeldStatus): HeldOrder {
    const ref = this.engine.token(input.tokenId);
    const order: HeldOrder = {
      input,
      conditionId: ref?.market.conditionId ?? '',
      outcome: ref?.isYes === false ? 'No' : 'Yes',
      createdAtMs: this.now(),
      status,
      finalAtMs: null,
    };
    this.orders.set(input.id, order);
    return order;
  }

  private release(order: HeldOrder): void {
    this.timers.delete(order.input.id);
    if (order.status !== 'DELAYED') return;
    const result = this.engine.place(order.input);
    if (result.ok) {
      this.orders.delete(order.input.id);
      this.logger.info({ orderId: order.input.id, status: result.status }, 'delayed order placed');
      return;
    }
    order.status = 'UNMATCHED';
    order.finalAtMs = this.now();
    this.logger.info({ orderId: order.input.id, error: result.error }, 'delayed order unmatched');
  }
}

/** OpenOrder of a held order, as GET /data/order(s) returns it. */
export function heldOrderJson(h: HeldOrder) {
  const { input } = h;
  return {
    id: input.id,
    status: h.status,
    owner: input.owner,
    maker_address: checksum(input.account.toLowerCase()),
    market: h.conditionId,
    asset_id: input.tokenId,
    side: input.side,
    original_size: formatMicros(input.sizeMicros),
    size_matched: '0',
    price: formatMicros(input.priceMicros),
    associate_trades: [],
    outcome: h.outcome,
    created_at: seconds(h.createdAtMs),
    expiration: String(input.expirationSec ?? 0),
    order_type: input.orderType,
  };
}
