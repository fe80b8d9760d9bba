import type { EventName, EventPayload } from '@shared/ipc/contract';
import type { EventListener } from './event-hub';

/** Events where only the newest per key matters; every other event is passed on at once. */
const KEY_OF: Partial<Record<EventName, (payload: unknown) => string>> = {
  'market.snapshot': (payload) => (payload as EventPayload<'market.snapshot'>).tokenId,
  'app.status': () => 'status',
};

export const DEFAULT_FLUSH_INTERVAL_MS = 33;

export interface CoalescedSender {
  listener: EventListener;
  close(): void;
}

/**
 * Per client: book snapshots arrive far faster than a screen can show them, so the newest per
 * token is kept and flushed at most every `intervalMs` (≈30 Hz). Order and fill events are never
 * coalesced or dropped. `ready()` lets a transport hold back a flush while its socket is congested.
 */
export function coalescedSender(
  send: <N extends EventName>(name: N, payload: EventPayload<N>) => void,
  options: { intervalMs?: number; ready?: () => boolean } = {},
): CoalescedSender {
  const intervalMs = options.intervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
  const pending = new Map<string, { name: EventName; payload: unknown }>();
  let timer: NodeJS.Timeout | undefined;

  const flush = (): void => {
    timer = undefined;
    if (options.ready && !options.ready()) {
      schedule();
      return;
    }
    const batch = [...pending.values()];
    pending.clear();
    for (const { name, payload } of batch) send(name, payload as EventPayload<typeof name>);
  };
  const schedule = (): void => {
    timer ??= setTimeout(flush, intervalMs);
  };

  const listener: EventListener = (name, payload) => {
    const keyOf = KEY_OF[name];
    if (!keyOf) {
      send(name, payload);
      return;
    }
    pending.set(`${name}:${keyOf(payload)}`, { name, payload });
    schedule();
  };

  return {
    listener,
    close() {
      clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
