import { cpus } from 'node:os';
import {
  benchDecisionTime as benchStrategyDecision,
  benchReactionLatency,
  benchSigning,
} from '../daemon/bench';
import { benchClientOrders, benchMatchingEngine, benchStreamLatency } from '../emulator/bench';
import { toClobSigner } from '../exchange/ethers-signer';
import { benchDecisionTime as benchSnapshotTime, benchMonitorLoad } from '../market/bench';

/**
 * `npm run bench`: every benchmark of the project, each figure printed beside a baseline measured
 * in the same run, as a ratio. Nothing is asserted. `--quick` shortens the long runs.
 */

interface Row {
  suite: string;
  figure: string;
  measured: string;
  baseline: string;
  ratio: number;
}

const rows: Row[] = [];
const quick = process.argv.includes('--quick');

function fmt(value: number, digits = 1): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits);
}

function add(row: Row): void {
  rows.push(row);
  console.log(
    `  ${row.suite} · ${row.figure}: ${row.measured}  (baseline ${row.baseline}, ratio ${fmt(row.ratio, 2)})`,
  );
}

async function run(): Promise<void> {
  console.log(
    `Polydesk benchmarks — node ${process.version}, ${cpus().length} cores${quick ? ', quick' : ''}\n`,
  );

  console.log('paper exchange …');
  const ordersMs = quick ? 1_000 : 3_000;
  // Before the fast path: clients signing with ethers, the exchange checking with ethers, both on
  // one event loop (paper mode today).
  const reference = await benchClientOrders({ durationMs: ordersMs, check: 'reference' });
  const thirdParty = await benchClientOrders({ durationMs: ordersMs });
  const fastest = await benchClientOrders({ durationMs: ordersMs, signer: toClobSigner });
  const fastest4 = await benchClientOrders({
    durationMs: ordersMs,
    signer: toClobSigner,
    concurrency: 4,
  });
  // The exchange on its own thread: the reference path there too, so that the thread's share of
  // the gain is a figure of this run.
  const referenceThread = await benchClientOrders({
    durationMs: ordersMs,
    check: 'reference',
    exchange: 'thread',
  });
  const fastestThread = await benchClientOrders({
    durationMs: ordersMs,
    signer: toClobSigner,
    exchange: 'thread',
  });
  const fastestThread4 = await benchClientOrders({
    durationMs: ordersMs,
    signer: toClobSigner,
    concurrency: 4,
    exchange: 'thread',
  });
  const perSec = (r: typeof reference): number => r.measured.ordersPerSec ?? 0;
  const fastRows = [fastest, fastest4, fastestThread, fastestThread4];
  const best = fastRows.reduce((a, b) => (perSec(b) > perSec(a) ? b : a));
  const ordersGain = perSec(best) / perSec(reference);
  const exchangeMs = (r: typeof reference): string =>
    `exchange's own POST /order ${fmt(r.measured.exchangePostP50Ms ?? Number.NaN, 2)} / ${fmt(r.measured.exchangePostP99Ms ?? Number.NaN, 2)} ms`;
  add({
    suite: 'exchange',
    figure: 'orders acknowledged/s via clob-client-v2, reference path (ethers sign, ethers check)',
    measured: `${fmt(perSec(reference))}/s`,
    baseline: `GET /ok ${fmt(reference.baseline.okPerSec ?? 0)}/s`,
    ratio: reference.ratio,
  });
  const variants: Array<[string, typeof reference]> = [
    ['client signing with ethers, fast exchange check', thirdParty],
    ["Polydesk's signer, fast exchange check", fastest],
    ["4 clients, Polydesk's signer, fast exchange check", fastest4],
    ['reference path, exchange on its own thread', referenceThread],
    ["Polydesk's signer, fast check, exchange on its own thread", fastestThread],
    ["4 clients, Polydesk's signer, fast check, exchange on its own thread", fastestThread4],
  ];
  for (const [figure, r] of variants) {
    add({
      suite: 'exchange',
      figure: `orders acknowledged/s, ${figure}`,
      measured: `${fmt(perSec(r))}/s`,
      baseline: `reference path ${fmt(perSec(reference))}/s`,
      ratio: perSec(r) / perSec(reference),
    });
  }
  for (const [figure, r] of [['reference path', reference], ...variants] as const) {
    add({
      suite: 'exchange',
      figure: `exchange's own processing of POST /order, p50 / p99: ${figure}`,
      measured: `${fmt(r.measured.exchangePostP50Ms ?? Number.NaN, 3)} / ${fmt(r.measured.exchangePostP99Ms ?? Number.NaN, 3)} ms`,
      baseline: `one order at ${fmt(perSec(r))}/s: ${fmt(1_000 / perSec(r), 3)} ms`,
      ratio: (r.measured.exchangePostMeanMs ?? Number.NaN) / (1_000 / perSec(r)),
    });
  }
  const engine = benchMatchingEngine({ orders: quick ? 20_000 : 100_000 });
  add({
    suite: 'exchange',
    figure: 'matching engine orders/s in-process (crossing mix)',
    measured: `${fmt(engine.measured.ordersPerSec ?? 0)}/s`,
    baseline: `non-crossing inserts ${fmt(engine.baseline.insertPerSec ?? 0)}/s`,
    ratio: engine.ratio,
  });
  const stream = await benchStreamLatency({ durationMs: quick ? 1_500 : 3_000 });
  add({
    suite: 'exchange',
    figure: 'market stream latency at 2,000 events/s to 10 subscribers, p50 / p99',
    measured: `${fmt(stream.measured.p50Ms ?? 0, 2)} / ${fmt(stream.measured.p99Ms ?? 0, 2)} ms`,
    baseline: `raw ws ${fmt(stream.baseline.p50Ms ?? 0, 2)} / ${fmt(stream.baseline.p99Ms ?? 0, 2)} ms`,
    ratio: stream.ratio,
  });

  console.log('order daemon …');
  const reaction = await benchReactionLatency();
  // The same desk with the paper exchange on its own thread (as a remote exchange would be).
  const reactionThread = await benchReactionLatency({
    exchange: 'thread',
    pollTrials: quick ? 3 : 5,
    // The durable store's figure is taken with the exchange in-process (as the app runs it).
    durableTrials: 0,
  });
  add({
    suite: 'daemon',
    figure: 'reaction: book change → replacement at the exchange, streaming, p50 / p99',
    measured: `${fmt(reaction.stream.p50Ms)} / ${fmt(reaction.stream.p99Ms)} ms`,
    baseline: `2 s polling ${fmt(reaction.poll.p50Ms)} / ${fmt(reaction.poll.p99Ms)} ms`,
    ratio: reaction.stream.p50Ms / reaction.poll.p50Ms,
  });
  const onWire = (r: typeof reaction) => r.stream.stages.find((s) => s.stage === 'post-wire');
  const wire = onWire(reaction);
  add({
    suite: 'daemon',
    figure:
      'reaction: book change → replacement on the wire (POST /order handed to the socket), p50 / p99',
    measured: `${fmt(wire?.sinceChangeP50Ms ?? Number.NaN, 2)} / ${fmt(wire?.sinceChangeP99Ms ?? Number.NaN, 2)} ms`,
    baseline: `accepted ${fmt(reaction.stream.p50Ms, 2)} / ${fmt(reaction.stream.p99Ms, 2)} ms`,
    ratio: (wire?.sinceChangeP99Ms ?? Number.NaN) / reaction.stream.p99Ms,
  });
  for (const [where, r] of [
    ['exchange in-process', reaction],
    ['exchange on its own thread', reactionThread],
  ] as const) {
    const w = onWire(r);
    add({
      suite: 'daemon',
      figure: `reaction: desk's event loop busy, book change → POST on the wire (${where}), p50 / p99`,
      measured: `${fmt(r.stream.busyToWire.p50Ms, 2)} / ${fmt(r.stream.busyToWire.p99Ms, 2)} ms`,
      baseline: `on the wire ${fmt(w?.sinceChangeP50Ms ?? Number.NaN, 2)} / ${fmt(w?.sinceChangeP99Ms ?? Number.NaN, 2)} ms`,
      ratio: r.stream.busyToWire.p50Ms / (w?.sinceChangeP50Ms ?? Number.NaN),
    });
  }
  add({
    suite: 'daemon',
    figure: 'reaction, streaming, exchange on its own thread, p50 / p99',
    measured: `${fmt(reactionThread.stream.p50Ms)} / ${fmt(reactionThread.stream.p99Ms)} ms`,
    baseline: `exchange in-process ${fmt(reaction.stream.p50Ms)} / ${fmt(reaction.stream.p99Ms)} ms`,
    ratio: reactionThread.stream.p99Ms / reaction.stream.p99Ms,
  });
  for (const [where, r] of [
    ['', reaction],
    [', exchange on its own thread', reactionThread],
  ] as const) {
    for (const stage of r.stream.stages) {
      add({
        suite: 'daemon',
        figure: `reaction stage (streaming${where}): ${stage.label}, p50 / p99`,
        measured: `${fmt(stage.p50Ms, 2)} / ${fmt(stage.p99Ms, 2)} ms`,
        baseline: `whole reaction ${fmt(r.stream.p50Ms, 2)} / ${fmt(r.stream.p99Ms, 2)} ms`,
        ratio: stage.p99Ms / r.stream.p99Ms,
      });
    }
    for (const [what, t] of [
      ['DELETE /order', r.stream.exchange.cancel],
      ['POST /order', r.stream.exchange.post],
    ] as const) {
      if (!t) continue;
      add({
        suite: 'daemon',
        figure: `reaction (streaming${where}): exchange's own processing of ${what}, p50 / p99`,
        measured: `${fmt(t.p50Ms, 2)} / ${fmt(t.p99Ms, 2)} ms`,
        baseline: `whole reaction ${fmt(r.stream.p50Ms, 2)} / ${fmt(r.stream.p99Ms, 2)} ms`,
        ratio: t.p99Ms / r.stream.p99Ms,
      });
    }
  }
  const floor = replaceFloor(reactionThread);
  const signing = await benchSigning({ orders: quick ? 1_000 : 3_000 });
  add({
    suite: 'daemon',
    figure: 'signing a V2 order (adapter signer), p50 / p99',
    measured: `${fmt(signing.fast.p50Ms, 3)} / ${fmt(signing.fast.p99Ms, 3)} ms`,
    baseline: `ethers signTypedData ${fmt(signing.ethers.p50Ms, 3)} / ${fmt(signing.ethers.p99Ms, 3)} ms`,
    ratio: signing.fast.p99Ms / signing.ethers.p99Ms,
  });
  add({
    suite: 'daemon',
    figure: `interference: a ${fmt(signing.spin.targetMs, 3)} ms busy-wait timed beside the signer, p50 / p99`,
    measured: `${fmt(signing.spin.p50Ms, 3)} / ${fmt(signing.spin.p99Ms, 3)} ms`,
    baseline: `adapter signer ${fmt(signing.fast.p50Ms, 3)} / ${fmt(signing.fast.p99Ms, 3)} ms`,
    ratio: signing.spin.p99Ms / signing.fast.p99Ms,
  });
  for (const lagged of [reaction.realistic, reaction.forgetful]) {
    add({
      suite: 'daemon',
      figure: `reaction, ${lagged.mode}: p50 / p99 (extra delay of the safe waits)`,
      measured: `${fmt(lagged.p50Ms)} / ${fmt(lagged.p99Ms)} ms (+${fmt(lagged.p50Ms - reaction.stream.p50Ms)} / +${fmt(lagged.p99Ms - reaction.stream.p99Ms)} ms)`,
      baseline: `prompt reports ${fmt(reaction.stream.p50Ms)} / ${fmt(reaction.stream.p99Ms)} ms`,
      ratio: lagged.p50Ms / reaction.stream.p50Ms,
    });
  }
  const durableWire = reaction.durable?.stages.find((s) => s.stage === 'post-wire');
  add({
    suite: 'daemon',
    figure:
      "reaction with the app's SQLite store (each replacement committed to disk before it is sent): on the wire, p50 / p99",
    measured: `${fmt(durableWire?.sinceChangeP50Ms ?? Number.NaN, 2)} / ${fmt(durableWire?.sinceChangeP99Ms ?? Number.NaN, 2)} ms`,
    baseline: `in-memory store ${fmt(wire?.sinceChangeP50Ms ?? Number.NaN, 2)} / ${fmt(wire?.sinceChangeP99Ms ?? Number.NaN, 2)} ms`,
    ratio: (durableWire?.sinceChangeP99Ms ?? Number.NaN) / (wire?.sinceChangeP99Ms ?? Number.NaN),
  });
  const snapshot = await benchSnapshotTime();
  const decision = benchStrategyDecision();
  add({
    suite: 'daemon',
    figure: 'strategy decision per book event, p50 / p99',
    measured: `${fmt(decision.p50Us, 2)} / ${fmt(decision.p99Us, 2)} µs`,
    baseline: `monitor snapshot ${fmt(snapshot.p50Us, 2)} / ${fmt(snapshot.p99Us, 2)} µs`,
    ratio: decision.p50Us / snapshot.p50Us,
  });

  const seconds = quick ? 10 : 60;
  console.log(`market monitor, 500 tokens at 1,000 book events/s for ${seconds} s (twice) …`);
  const load = await benchMonitorLoad({ durationMs: seconds * 1_000 });
  add({
    suite: 'monitor',
    figure: `500 tokens, 1,000 events/s, ${seconds} s: CPU share of a core`,
    measured: fmt(load.monitored.cpuShare, 4),
    baseline: `event source alone ${fmt(load.baseline.cpuShare, 4)}`,
    ratio: load.cpuRatio,
  });
  add({
    suite: 'monitor',
    figure: `500 tokens, 1,000 events/s, ${seconds} s: RSS at the end`,
    measured: `${fmt(load.monitored.rssMb)} MB`,
    baseline: `event source alone ${fmt(load.baseline.rssMb)} MB`,
    ratio: load.rssRatio,
  });

  // The fast path's targets, each judged by figures of this run.
  const bestReaction = Math.min(reaction.stream.p99Ms, reactionThread.stream.p99Ms);
  const targets = [
    {
      figure: 'reaction p99 (streaming) under 5 ms on loopback',
      measured: `${fmt(reaction.stream.p99Ms, 2)} ms in-process, ${fmt(reactionThread.stream.p99Ms, 2)} ms exchange on a thread (on the wire: ${fmt(wire?.sinceChangeP99Ms ?? Number.NaN, 2)} / ${fmt(onWire(reactionThread)?.sinceChangeP99Ms ?? Number.NaN, 2)} ms)`,
      ratio: bestReaction / 5,
      met: bestReaction < 5,
    },
    {
      figure: 'signing p99 under 0.3 ms',
      measured: `${fmt(signing.fast.p99Ms, 3)} ms (ethers ${fmt(signing.ethers.p99Ms, 3)} ms, ×${fmt(signing.ethers.p99Ms / signing.fast.p99Ms, 1)} faster; a busy-wait of its p50 has p99 ${fmt(signing.spin.p99Ms, 3)} ms here)`,
      ratio: signing.fast.p99Ms / 0.3,
      met: signing.fast.p99Ms < 0.3,
    },
    {
      figure: 'orders acknowledged/s at least 5× the reference path',
      measured: `×${fmt(ordersGain, 2)} (${fmt(perSec(best))}/s: ${best.name.replace(/^client orders\/s \(clob-client-v2, signing included, (.*)\)$/, '$1')}; ${exchangeMs(best)})`,
      ratio: ordersGain / 5,
      met: ordersGain >= 5,
    },
  ];

  console.log('\nsummary');
  const width = Math.max(...rows.map((r) => r.figure.length));
  for (const r of rows) {
    console.log(
      `${r.suite.padEnd(9)} ${r.figure.padEnd(width)}  ${r.measured.padEnd(22)} vs ${r.baseline.padEnd(34)} ×${fmt(r.ratio, 2)}`,
    );
  }
  console.log('\nfast-path targets (measured / target)');
  for (const t of targets) {
    console.log(
      `  ${t.figure.padEnd(52)} ${t.measured.padEnd(44)} ×${fmt(t.ratio, 2)}  ${t.met ? 'met' : 'not met'}`,
    );
  }
  // What no change on the client's side can go below: the replace waits for its cancel's answer
  // (order-safety rules), each call one round trip through the official client plus the exchange's
  // own processing, all figures of this run.
  console.log(
    `  floor of a replace (exchange on a thread): DELETE ${fmt(floor.cancelMs, 2)} + POST ${fmt(floor.postMs, 2)} ms inside the exchange + 2 × bare round trip ${fmt(floor.roundTripMs, 2)} ms = ${fmt(floor.totalMs, 2)} ms p50 (p99 of the same: ${fmt(floor.totalP99Ms, 2)} ms)`,
  );
}

/** Lower bound of a cancel-then-place, from the parts measured in the run (p50s, and p99s). */
function replaceFloor(r: Awaited<ReturnType<typeof benchReactionLatency>>) {
  const cancel = r.stream.exchange.cancel;
  const post = r.stream.exchange.post;
  const cancelMs = cancel?.p50Ms ?? Number.NaN;
  const postMs = post?.p50Ms ?? Number.NaN;
  return {
    cancelMs,
    postMs,
    roundTripMs: r.roundTrip.p50Ms,
    totalMs: cancelMs + postMs + 2 * r.roundTrip.p50Ms,
    totalP99Ms: (cancel?.p99Ms ?? Number.NaN) + (post?.p99Ms ?? Number.NaN) + 2 * r.roundTrip.p99Ms,
  };
}

run().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
