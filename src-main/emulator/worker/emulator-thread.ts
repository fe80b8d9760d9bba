import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { EmulatorHandle } from '../emulator-types.js';
import type { FaultPatch } from '../faults/fault-controller.js';
import { setSignatureCheck } from '../protocol/order-signature.js';
import { launchEmulator } from '../server/emulator-runtime.js';
import type { ThreadCall, ThreadReady, ThreadReply, ThreadStart } from './thread-protocol.js';

/**
 * The paper exchange on a worker thread (threaded-emulator.ts starts it): the same server, so
 * that a client in the main thread and the exchange each have a core. Calls of the handle arrive
 * on `workerData.port`; each reply is posted there and the shared flag is notified, since the
 * caller waits synchronously.
 */

function dispatch(handle: EmulatorHandle, call: ThreadCall): unknown {
  switch (call.method) {
    case 'faults.set':
      return handle.faults.set(call.args[0] as FaultPatch);
    case 'faults.reset':
      return handle.faults.reset();
    case 'faults.current':
      return handle.faults.current();
    case 'faults.disconnectStreams':
      return handle.faults.disconnectStreams();
    case 'faults.stallStreams':
      return handle.faults.stallStreams(call.args[0]);
    case 'fund':
      return handle.fund(call.args[0], call.args[1]);
    case 'orderRecord':
      return handle.orderRecord(call.args[0]);
    case 'resolve':
      return handle.resolve(call.args[0], call.args[1]);
    case 'stop':
      return undefined;
  }
}

async function main(): Promise<void> {
  const start = workerData as ThreadStart & { port: MessagePort };
  const replied = new Int32Array(start.replied);
  const parent = parentPort;
  if (!parent) throw new Error('emulator-thread runs as a worker thread');
  setSignatureCheck(start.signatureCheck);
  let handle: EmulatorHandle;
  try {
    handle = (await launchEmulator(start.options)).handle;
  } catch (err) {
    const failed: ThreadReady = { kind: 'failed', message: String(err) };
    parent.postMessage(failed);
    return;
  }
  const reply = (message: ThreadReply): void => {
    start.port.postMessage(message);
    Atomics.store(replied, 0, 1);
    Atomics.notify(replied, 0);
  };
  start.port.on('message', (call: ThreadCall) => {
    if (call.method === 'stop') {
      handle.stop().then(
        () => reply({ ok: true, value: undefined }),
        (err: unknown) => reply({ ok: false, message: String(err) }),
      );
      return;
    }
    try {
      reply({ ok: true, value: dispatch(handle, call) });
    } catch (err) {
      reply({ ok: false, message: err instanceof Error ? err.message : String(err) });
    }
  });
  const ready: ThreadReady = {
    kind: 'ready',
    restUrl: handle.restUrl,
    wsUrl: handle.wsUrl,
    gammaUrl: handle.gammaUrl,
    chainId: handle.chainId,
    markets: handle.markets,
  };
  parent.postMessage(ready);
}

void main();
