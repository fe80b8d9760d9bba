import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type TransferListItem,
} from 'node:worker_threads';
import type { EmulatorHandle, EmulatorOptions } from '../emulator-types.js';
import type { FaultConfig, FaultPatch } from '../faults/fault-controller.js';
import type { OrderRecordEntry } from '../server/order-record.js';
import type { ThreadCall, ThreadReady, ThreadReply, ThreadStart } from './thread-protocol.js';

/** A call the thread has not answered in this long has failed (a stuck or dead thread). */
const CALL_TIMEOUT_MS = 10_000;

/** tsx's ESM API, resolved from here (vitest's import.meta has no resolve: its CJS twin's path). */
function tsxApiUrl(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

/**
 * Run from TypeScript sources (tsx, vitest), a worker does not inherit the TypeScript loader of
 * its parent in Node 20: it starts from a small script that registers tsx's, then imports the
 * entry. Compiled, the entry is plain JavaScript beside this file.
 */
function spawn(start: ThreadStart & { port: unknown }, transfer: TransferListItem[]): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./emulator-thread.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: start, transferList: transfer });
  const tsx = tsxApiUrl();
  const boot = `const { workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then(({ tsImport }) => tsImport(workerData.entry, workerData.entry))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });`;
  return new Worker(boot, {
    eval: true,
    workerData: { ...start, tsx, entry: entry.href },
    transferList: transfer,
  });
}

export interface ThreadOptions {
  /** The exchange's signature check; 'reference' is ethers' encoder and recovery (benchmarks). */
  signatureCheck?: 'fast' | 'reference';
}

/**
 * The paper exchange on its own worker thread, behind the same handle as `startEmulator()`: the
 * client's event loop and the exchange's each get a core, as with a remote exchange. The handle's
 * calls (faults, fund, orderRecord, resolve) stay synchronous: each waits for the thread's answer.
 * A logger cannot cross threads, so `options.logger` is not taken.
 */
export async function startEmulatorThread(
  options: Omit<EmulatorOptions, 'logger'> = {},
  thread: ThreadOptions = {},
): Promise<EmulatorHandle> {
  const replied = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  port1.unref();
  const worker = spawn(
    {
      options,
      signatureCheck: thread.signatureCheck ?? 'fast',
      replied: replied.buffer as SharedArrayBuffer,
      port: port2,
    },
    [port2],
  );
  let failure: Error | null = null;
  const ready = await new Promise<Extract<ThreadReady, { kind: 'ready' }>>((resolve, reject) => {
    worker.once('message', (message: ThreadReady) => {
      if (message.kind === 'ready') resolve(message);
      else reject(new Error(`emulator thread failed to start: ${message.message}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`emulator thread exited (${code})`)));
  });
  worker.on('error', (err) => {
    failure = err;
  });

  const answer = (method: string): unknown => {
    const reply = receiveMessageOnPort(port1)?.message as ThreadReply | undefined;
    if (!reply) throw new Error(`emulator thread: no reply to ${method}`);
    if (!reply.ok) throw new Error(reply.message);
    return reply.value;
  };
  const call = (message: ThreadCall): unknown => {
    if (failure) throw failure;
    Atomics.store(replied, 0, 0);
    port1.postMessage(message);
    if (Atomics.wait(replied, 0, 0, CALL_TIMEOUT_MS) === 'timed-out') {
      throw new Error(`emulator thread did not answer ${message.method}`);
    }
    return answer(message.method);
  };

  let stopped = false;
  return {
    restUrl: ready.restUrl,
    wsUrl: ready.wsUrl,
    gammaUrl: ready.gammaUrl,
    chainId: ready.chainId,
    markets: ready.markets,
    faults: {
      set: (patch: FaultPatch) => void call({ method: 'faults.set', args: [patch] }),
      reset: () => void call({ method: 'faults.reset', args: [] }),
      current: () => call({ method: 'faults.current', args: [] }) as FaultConfig,
      disconnectStreams: () => void call({ method: 'faults.disconnectStreams', args: [] }),
      stallStreams: (stalled: boolean) =>
        void call({ method: 'faults.stallStreams', args: [stalled] }),
    },
    fund: (address, collateralMicros) =>
      void call({ method: 'fund', args: [address, collateralMicros] }),
    orderRecord: (maker) => call({ method: 'orderRecord', args: [maker] }) as OrderRecordEntry[],
    resolve: (conditionId, winner) =>
      call({ method: 'resolve', args: [conditionId, winner] }) as boolean,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (!failure) {
        // Stopping is asynchronous in the thread: its reply is awaited, not waited for (no sync
        // call follows, so the port may deliver it as an event).
        const done = new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, CALL_TIMEOUT_MS);
          port1.once('message', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        port1.postMessage({ method: 'stop', args: [] } satisfies ThreadCall);
        await done;
      }
      port1.close();
      await worker.terminate();
    },
  };
}
