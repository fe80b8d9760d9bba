import { z } from 'zod';
import { MicrosSchema, PriceMicrosSchema } from './units';
import { OrderSpecSchema, SideSchema } from './order-request';

/** Lifecycle of a user order (design.md §3). */
export const OrderStateSchema = z.enum(['QUEUED', 'ACTIVE', 'COMPLETED', 'CANCELLED', 'FAILED']);
export type OrderState = z.infer<typeof OrderStateSchema>;
export const FINAL_ORDER_STATES: readonly OrderState[] = ['COMPLETED', 'CANCELLED', 'FAILED'];

/** Lifecycle of one exchange order working part of a user order. */
export const ExchangeOrderStateSchema = z.enum([
  'PENDING_NEW',
  'LIVE',
  'PARTIALLY_FILLED',
  'FILLED',
  'PENDING_CANCEL',
  'CANCELLED',
  'REJECTED',
]);
export type ExchangeOrderState = z.infer<typeof ExchangeOrderStateSchema>;

export const ExchangeOrderViewSchema = z.object({
  /** The exchange's order id (EIP-712 hash), known before the order is sent. */
  id: z.string(),
  state: ExchangeOrderStateSchema,
  side: SideSchema,
  price: PriceMicrosSchema,
  size: MicrosSchema,
  /** Confirmed fills. */
  filled: MicrosSchema,
  /** Matched but not yet confirmed on chain. */
  pendingFilled: MicrosSchema,
  createdAt: z.number().int(),
  reason: z.string().optional(),
  /**
   * Off the book, but its last fills may not be reported yet: these shares are counted as filled
   * (worst case, or the exchange's matched size) until its trades arrive or its fate is known.
   */
  heldBack: MicrosSchema.optional(),
});
export type ExchangeOrderView = z.infer<typeof ExchangeOrderViewSchema>;

/** Exactly the fields clients see, out of a richer stored or tracked exchange order. */
export function exchangeOrderView(eo: ExchangeOrderView): ExchangeOrderView {
  return {
    id: eo.id,
    state: eo.state,
    side: eo.side,
    price: eo.price,
    size: eo.size,
    filled: eo.filled,
    pendingFilled: eo.pendingFilled,
    createdAt: eo.createdAt,
    ...(eo.reason !== undefined && { reason: eo.reason }),
    ...(eo.heldBack !== undefined && eo.heldBack > 0 && { heldBack: eo.heldBack }),
  };
}

/**
 * Why a working order is not working as asked, or how it ended short (shown beside its state):
 * ADJUSTMENTS_EXHAUSTED: it needed a replacement after using maxAdjustments; its quote stays.
 * STALE_BOOK: the book is stale (or missing), so quoting is paused.
 * REMAINDER_BELOW_MINIMUM: it ended COMPLETED with a remainder too small for the market to take.
 */
export const OrderConditionSchema = z.enum([
  'ADJUSTMENTS_EXHAUSTED',
  'STALE_BOOK',
  'REMAINDER_BELOW_MINIMUM',
]);
export type OrderCondition = z.infer<typeof OrderConditionSchema>;

export const OrderSchema = z.object({
  id: z.string(),
  spec: OrderSpecSchema,
  state: OrderStateSchema,
  /** Why the order is where it is (final states always say). */
  reason: z.string().optional(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  /** Size the order is working toward: totalSize, or the Kelly target. */
  targetSize: MicrosSchema,
  /** Confirmed fills, micro-shares. */
  filled: MicrosSchema,
  /** Matched, awaiting confirmation, micro-shares. */
  pendingFilled: MicrosSchema,
  /** Size-weighted fill price, micros; null before the first fill. */
  avgPrice: PriceMicrosSchema.nullable(),
  adjustments: z.number().int().min(0),
  /** Micro-price when the order was created (arrival price), micros. */
  arrivalMicroPrice: PriceMicrosSchema.nullable(),
  /** Shares the exchange matched beyond the order's size (late trades), micro-shares; absent when none. */
  overfilled: MicrosSchema.optional(),
  /** See OrderConditionSchema; absent when nothing holds the order; kept when the order ends. */
  condition: OrderConditionSchema.optional(),
  /** When the condition started, epoch ms (the whenStuck timer runs from it). */
  conditionSince: z.number().int().optional(),
  exchangeOrders: z.array(ExchangeOrderViewSchema),
});
export type Order = z.infer<typeof OrderSchema>;

/** Every transition is an event, stored and streamed (design.md §3). */
export const OrderEventTypeSchema = z.enum([
  'state',
  'placed',
  'acknowledged',
  'rejected',
  'fill',
  'fill_failed',
  'cancel_requested',
  'cancelled',
  'replace',
  'resize',
  'note',
  /** Waiting for, or placing around, an exchange order whose last fills are not reported yet. */
  'settle',
  /** A late trade pushed the order over its size: recorded, never absorbed. */
  'overfill',
]);
export type OrderEventType = z.infer<typeof OrderEventTypeSchema>;

export const OrderEventSchema = z.object({
  /** Increasing per host run and across restarts (store sequence). */
  seq: z.number().int().min(0),
  orderId: z.string(),
  at: z.number().int(),
  type: OrderEventTypeSchema,
  /** The user order's state after this event. */
  state: OrderStateSchema,
  exchangeOrderId: z.string().optional(),
  price: PriceMicrosSchema.optional(),
  size: MicrosSchema.optional(),
  filled: MicrosSchema.optional(),
  reason: z.string(),
});
export type OrderEvent = z.infer<typeof OrderEventSchema>;
