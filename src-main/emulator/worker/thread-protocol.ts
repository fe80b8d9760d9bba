import type { EmulatorMarketInfo, EmulatorOptions } from '../emulator-types.js';

/** What the thread is started with (structured-cloned; a logger cannot cross, so there is none). */
export interface ThreadStart {
  options: Omit<EmulatorOptions, 'logger'>;
  /** The exchange's signature check (order-signature.ts): the benchmarks' reference path. */
  signatureCheck: 'fast' | 'reference';
  /** Int32 flag the thread sets (and notifies) when it has posted a call's reply. */
  replied: SharedArrayBuffer;
}

/** The thread's first message on the parent port. */
export type ThreadReady =
  | {
      kind: 'ready';
      restUrl: string;
      wsUrl: string;
      gammaUrl: string;
      chainId: number;
      markets: EmulatorMarketInfo[];
    }
  | { kind: 'failed'; message: string };

/** The handle's synchronous calls, by name, with their arguments. */
export type ThreadCall =
  | { method: 'faults.set'; args: [patch: unknown] }
  | { method: 'faults.reset'; args: [] }
  | { method: 'faults.current'; args: [] }
  | { method: 'faults.disconnectStreams'; args: [] }
  | { method: 'faults.stallStreams'; args: [stalled: boolean] }
  | { method: 'fund'; args: [address: string, collateralMicros: bigint] }
  | { method: 'orderRecord'; args: [maker?: string] }
  | { method: 'resolve'; args: [conditionId: string, winner: 'Yes' | 'No'] }
  | { method: 'stop'; args: [] };

export type ThreadReply = { ok: true; value: unknown } | { ok: false; message: string };
