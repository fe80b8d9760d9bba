import type { EventName, EventPayload } from '@shared/ipc/contract';

export type EventListener = <N extends EventName>(name: N, payload: EventPayload<N>) => void;

/** Fan-out of host events to every transport; a failing listener never blocks the others. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish<N extends EventName>(name: N, payload: EventPayload<N>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // A broken client connection must not stop events reaching the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
