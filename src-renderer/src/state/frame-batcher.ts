import type { MarketSnapshot } from '@shared/domain/market';
import type { Order, OrderEvent } from '@shared/domain/order';

/** What one frame hands to the stores. */
export interface FrameBatch {
  /** The newest snapshot of each token that changed since the last frame. */
  snapshots: MarketSnapshot[];
  /** Every order update, in arrival order. */
  orders: Order[];
  /** Every order event, in arrival order. */
  events: OrderEvent[];
}

export type FrameScheduler = (flush: () => void) => void;

/** requestAnimationFrame, with a timer as backstop (hidden windows get no frames). */
export const animationFrameScheduler: FrameScheduler = (flush) => {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    flush();
  };
  requestAnimationFrame(once);
  setTimeout(once, 250);
};

/**
 * Coalesces host pushes so the UI does at most one store update per animation frame: snapshots
 * keep only the latest per token (a book that moved twice in a frame is drawn once), while order
 * updates and order events are queued and all delivered, in order.
 */
export class FrameBatcher {
  private snapshots = new Map<string, MarketSnapshot>();
  private orders: Order[] = [];
  private events: OrderEvent[] = [];
  private armed = false;

  constructor(
    private readonly sink: (batch: FrameBatch) => void,
    private readonly schedule: FrameScheduler = animationFrameScheduler,
  ) {}

  pushSnapshot(snapshot: MarketSnapshot): void {
    this.snapshots.set(snapshot.tokenId, snapshot);
    this.arm();
  }

  pushOrder(order: Order): void {
    this.orders.push(order);
    this.arm();
  }

  pushEvent(event: OrderEvent): void {
    this.events.push(event);
    this.arm();
  }

  /** Delivers whatever is pending now. */
  flush(): void {
    this.armed = false;
    if (this.snapshots.size === 0 && this.orders.length === 0 && this.events.length === 0) return;
    const batch: FrameBatch = {
      snapshots: [...this.snapshots.values()],
      orders: this.orders,
      events: this.events,
    };
    this.snapshots = new Map();
    this.orders = [];
    this.events = [];
    this.sink(batch);
  }

  private arm(): void {
    if (this.armed) return;
    this.armed = true;
    this.schedule(() => this.flush());
  }
}
