import { Chain, ClobClient, OrderType, Side } from '@polymarket/clob-client-v2';
import { Wallet } from 'ethers';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { MatchingEngine } from './engine/matching-engine.js';
import type { MarketSpec } from './engine/types.js';
import { SeededRandom } from './markets/seeded-random.js';
import { launchEmulator } from './server/emulator-runtime.js';
import { ethersV6Signer } from './testing/clob-test-client.js';
import { setSignatureCheck } from './protocol/order-signature.js';
import type { RouteTiming } from './server/request-timings.js';
import { startEmulatorThread } from './worker/threaded-emulator.js';
import type { EmulatorHandle } from './emulator-types.js';

/** One benchmark's figures: the measured rate or latency next to a baseline taken in the same run. */
export interface BenchResult {
  name: string;
  measured: Record<string, number>;
  baseline: Record<string, number>;
  /** measured / baseline of the headline figure. */
  ratio: number;
  notes: string;
}

async function timedLoop(
  durationMs: number,
  step: (i: number) => Promise<void>,
): Promise<{ count: number; perSec: number }> {
  const start = performance.now();
  let i = 0;
  while (performance.now() - start < durationMs) await step(i++);
  const seconds = (performance.now() - start) / 1000;
  return { count: i, perSec: i / seconds };
}

/** The ethers-v5 signer shape the official client takes. */
export type ClientSigner = ReturnType<typeof ethersV6Signer>;

export interface ClientOrdersOptions {
  durationMs?: number;
  concurrency?: number;
  /** The client's signer (default: ethers' signTypedData, as a third-party bot signs). */
  signer?: (wallet: Wallet) => ClientSigner;
  /** The exchange's signature check: the fast path (default) or ethers' encoder and recovery. */
  check?: 'fast' | 'reference';
  /**
   * Where the exchange runs: on the clients' event loop (default, as paper mode does today) or on
   * a worker thread of the same process (each gets a core, as with a remote exchange).
   */
  exchange?: 'in-process' | 'thread';
}

/** The exchange's own processing time per request, by route, since the last reset. */
export async function exchangeTimings(restUrl: string): Promise<Record<string, RouteTiming>> {
  const reply = await fetch(`${restUrl}/_emulator/timings`);
  return (await reply.json()) as Record<string, RouteTiming>;
}

export async function resetExchangeTimings(restUrl: string): Promise<void> {
  await fetch(`${restUrl}/_emulator/timings/reset`, { method: 'POST' });
}

async function startExchange(
  check: 'fast' | 'reference',
  exchange: 'in-process' | 'thread',
): Promise<EmulatorHandle> {
  const options = { syntheticFlow: false, timing: 'prompt' as const };
  if (exchange === 'thread') return startEmulatorThread(options, { signatureCheck: check });
  setSignatureCheck(check);
  return (await launchEmulator(options)).handle;
}

async function trader(restUrl: string, chainId: number, signer: ClientSigner) {
  const chain = chainId === 80002 ? Chain.AMOY : Chain.POLYGON;
  const l1 = new ClobClient({ host: restUrl, chain, signer });
  const creds = await l1.createOrDeriveApiKey();
  return new ClobClient({ host: restUrl, chain, signer, creds });
}

/**
 * (a) Orders placed and acknowledged per second through the official clob-client-v2 on loopback,
 * signing included (each client sequential createAndPostOrder, resting GTC orders), against a bare
 * `GET /ok`. Client and exchange share this one process, as in paper mode: on one event loop by
 * default, or the exchange on its own thread. Beside the rates, the exchange's own processing time
 * of each POST /order in the same run (measured inside it: what no client can go below).
 */
export async function benchClientOrders(options: ClientOrdersOptions = {}): Promise<BenchResult> {
  const durationMs = options.durationMs ?? 2_000;
  const concurrency = options.concurrency ?? 1;
  const makeSigner = options.signer ?? ethersV6Signer;
  const exchange = options.exchange ?? 'in-process';
  const handle = await startExchange(options.check ?? 'fast', exchange);
  try {
    const market = handle.markets[0] as (typeof handle.markets)[number];
    const traders = await Promise.all(
      Array.from({ length: concurrency }, () =>
        trader(
          handle.restUrl,
          handle.chainId,
          makeSigner(Wallet.createRandom() as unknown as Wallet),
        ),
      ),
    );
    // Warm up: caches of the client (tick size, neg-risk) and the JIT of both sides.
    for (const t of traders) {
      for (let i = 0; i < 30; i++) {
        await t.createAndPostOrder(
          { tokenID: market.yesTokenId, price: 0.01 + (i % 30) * 0.01, size: 5, side: Side.BUY },
          undefined,
          OrderType.GTC,
        );
      }
      await t.cancelAll();
    }
    const parallel = async (step: (t: ClobClient, i: number) => Promise<void>) => {
      const runs = await Promise.all(traders.map((t) => timedLoop(durationMs, (i) => step(t, i))));
      return runs.reduce(
        (acc, r) => ({ count: acc.count + r.count, perSec: acc.perSec + r.perSec }),
        { count: 0, perSec: 0 },
      );
    };
    const ok = await parallel(async (t) => {
      await t.getOk();
    });
    await resetExchangeTimings(handle.restUrl);
    const orders = await parallel(async (t, i) => {
      const r = await t.createAndPostOrder(
        { tokenID: market.yesTokenId, price: 0.01 + (i % 30) * 0.01, size: 5, side: Side.BUY },
        undefined,
        OrderType.GTC,
      );
      if (r.status !== 'live') throw new Error(`order not acknowledged: ${JSON.stringify(r)}`);
    });
    const post = (await exchangeTimings(handle.restUrl))['POST /order'];
    for (const t of traders) await t.cancelAll();
    return {
      name: `client orders/s (clob-client-v2, signing included, ${concurrency} client${concurrency > 1 ? 's' : ''}, ${options.check ?? 'fast'} check, exchange ${exchange})`,
      measured: {
        ordersPerSec: orders.perSec,
        orders: orders.count,
        exchangePostMeanMs: post?.meanMs ?? Number.NaN,
        exchangePostP50Ms: post?.p50Ms ?? Number.NaN,
        exchangePostP99Ms: post?.p99Ms ?? Number.NaN,
      },
      baseline: { okPerSec: ok.perSec, requests: ok.count },
      ratio: orders.perSec / ok.perSec,
      notes: 'each client sequential, loopback; ratio = order rate / GET /ok rate',
    };
  } finally {
    setSignatureCheck('fast');
    await handle.stop();
  }
}

const BENCH_MARKET: MarketSpec = {
  conditionId: '0x' + '42'.repeat(32),
  questionId: '0x' + '43'.repeat(32),
  question: 'Bench?',
  slug: 'bench',
  description: '',
  yesTokenId: '1',
  noTokenId: '2',
  tickMicros: 10_000,
  minSizeMicros: 5_000_000n,
  negRisk: false,
  fee: { r: 0, e: 0, to: true },
};

/**
 * (b) Matching-engine orders per second in-process: a crossing mix (random sides and tokens within
 * ±5 ticks of 0.50, so about half the orders trade), against inserting non-crossing orders.
 */
export function benchMatchingEngine(options: { orders?: number } = {}): BenchResult {
  const n = options.orders ?? 100_000;
  const run = (crossing: boolean): number => {
    const engine = new MatchingEngine({ autoFundMicros: 10n ** 15n });
    engine.addMarket(BENCH_MARKET);
    const rng = new SeededRandom(9);
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const yes = rng.next() < 0.5;
      // Crossing: YES and NO bids around 0.50 meet (MINT trades); baseline: both sides below 0.41 never do.
      const price = crossing
        ? 450_000 + rng.int(0, 10) * 10_000
        : 100_000 + rng.int(0, 30) * 10_000;
      const r = engine.place({
        id: `o${i}`,
        account: `a${i % 50}`,
        owner: 'bench',
        tokenId: yes ? '1' : '2',
        side: 'BUY',
        priceMicros: price,
        sizeMicros: BigInt(5 + rng.int(0, 95)) * 1_000_000n,
        orderType: 'GTC',
      });
      if (!r.ok) throw new Error(r.error);
      if (i % 1000 === 999) engine.advanceSettlement(Number.MAX_SAFE_INTEGER);
    }
    return n / ((performance.now() - start) / 1000);
  };
  run(false);
  const insert = run(false);
  const matching = run(true);
  return {
    name: 'matching engine orders/s (in-process)',
    measured: { ordersPerSec: matching },
    baseline: { insertPerSec: insert },
    ratio: matching / insert,
    notes: `${n} GTC orders; baseline: YES and NO bids that never cross (each rests)`,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function openClients(
  url: string,
  count: number,
  onMessage: (data: string) => void,
  first?: unknown,
): Promise<WebSocket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url);
          ws.on('message', (d) => onMessage(d.toString()));
          ws.once('open', () => {
            if (first !== undefined) ws.send(JSON.stringify(first));
            resolve(ws);
          });
          ws.once('error', reject);
        }),
    ),
  );
}

/** Sends `rate` events per second for `durationMs`, in small batches paced by the clock. */
async function paced(rate: number, durationMs: number, emit: (i: number) => void): Promise<number> {
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < durationMs) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < due) emit(sent++);
    await new Promise((r) => setTimeout(r, 2));
  }
  return sent;
}

/**
 * (c) Market-stream delivery latency at `eventsPerSec` to `subscribers` sockets: each event is an
 * order placed or cancelled in the engine, timed until each subscriber has parsed its price_change.
 * Baseline: a raw `ws` server broadcasting messages of the same size at the same rate.
 */
export async function benchStreamLatency(
  options: { eventsPerSec?: number; subscribers?: number; durationMs?: number } = {},
): Promise<BenchResult> {
  const rate = options.eventsPerSec ?? 2_000;
  const subs = options.subscribers ?? 10;
  const durationMs = options.durationMs ?? 3_000;

  const { handle, engine } = await launchEmulator({ syntheticFlow: false, timing: 'prompt' });
  const emuLatencies: number[] = [];
  let messageBytes = 0;
  try {
    const market = handle.markets[0] as (typeof handle.markets)[number];
    const sentAt = new Map<string, number>();
    const sockets = await openClients(
      `${handle.wsUrl}/ws/market`,
      subs,
      (text) => {
        const now = performance.now();
        const msg = JSON.parse(text) as unknown;
        if (Array.isArray(msg)) return;
        const m = msg as { event_type?: string; price_changes?: { price: string; size: string }[] };
        if (m.event_type !== 'price_change' || !m.price_changes?.[0]) return;
        messageBytes = text.length;
        const t0 = sentAt.get(`${m.price_changes[0].price}|${m.price_changes[0].size}`);
        if (t0 !== undefined) emuLatencies.push(now - t0);
      },
      { type: 'market', assets_ids: [market.yesTokenId] },
    );
    await new Promise((r) => setTimeout(r, 100));
    const account = '0x00000000000000000000000000000000000be7c4';
    handle.fund(account, 10n ** 12n);
    const live = new Map<number, string>();
    const sent = await paced(rate, durationMs, (i) => {
      const level = i % 40;
      const priceMicros = 20_000 + level * 10_000;
      const price = (priceMicros / 1_000_000).toString();
      const existing = live.get(level);
      if (existing) {
        sentAt.set(`${price}|0`, performance.now());
        engine.cancel(existing);
        live.delete(level);
      } else {
        const shares = 5 + (i % 900);
        const id = `bench-${i}`;
        sentAt.set(`${price}|${shares}`, performance.now());
        engine.place({
          id,
          account,
          owner: 'bench',
          tokenId: market.yesTokenId,
          side: 'BUY',
          priceMicros,
          sizeMicros: BigInt(shares) * 1_000_000n,
          orderType: 'GTC',
        });
        live.set(level, id);
      }
    });
    await new Promise((r) => setTimeout(r, 200));
    for (const s of sockets) s.terminate();
    for (const id of live.values()) engine.cancel(id);
    if (emuLatencies.length < sent * subs * 0.9)
      throw new Error(`only ${emuLatencies.length} of ${sent * subs} deliveries`);
  } finally {
    await handle.stop();
  }

  // Baseline: raw ws broadcast of same-sized messages.
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as { port: number }).port;
  const rawLatencies: number[] = [];
  const rawSentAt = new Map<number, number>();
  const clients = await openClients(`ws://127.0.0.1:${port}`, subs, (text) => {
    const now = performance.now();
    const t0 = rawSentAt.get(Number(text.slice(0, text.indexOf('|'))));
    if (t0 !== undefined) rawLatencies.push(now - t0);
  });
  const padding = 'x'.repeat(Math.max(0, messageBytes - 10));
  await paced(rate, durationMs, (i) => {
    const payload = `${i}|${padding}`;
    rawSentAt.set(i, performance.now());
    for (const c of wss.clients) c.send(payload);
  });
  await new Promise((r) => setTimeout(r, 200));
  for (const c of clients) c.terminate();
  await new Promise<void>((r) => wss.close(() => r()));

  emuLatencies.sort((a, b) => a - b);
  rawLatencies.sort((a, b) => a - b);
  const p50 = percentile(emuLatencies, 50);
  const rawP50 = percentile(rawLatencies, 50);
  return {
    name: `market-stream latency ms at ${rate} events/s to ${subs} subscribers`,
    measured: { p50Ms: p50, p99Ms: percentile(emuLatencies, 99), deliveries: emuLatencies.length },
    baseline: {
      p50Ms: rawP50,
      p99Ms: percentile(rawLatencies, 99),
      deliveries: rawLatencies.length,
    },
    ratio: p50 / rawP50,
    notes: `${durationMs} ms per run; message ≈ ${messageBytes} bytes; ratio = emulator p50 / raw ws p50`,
  };
}

function print(r: BenchResult): void {
  const fmt = (o: Record<string, number>): string =>
    Object.entries(o)
      .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`)
      .join(' ');
  process.stdout.write(
    `${r.name}\n  measured: ${fmt(r.measured)}\n  baseline: ${fmt(r.baseline)}\n  ratio:    ${r.ratio.toFixed(3)}  (${r.notes})\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  print(await benchClientOrders());
  print(await benchClientOrders({ concurrency: 4 }));
  print(await benchClientOrders({ concurrency: 4, exchange: 'thread' }));
  print(benchMatchingEngine());
  print(await benchStreamLatency());
}
