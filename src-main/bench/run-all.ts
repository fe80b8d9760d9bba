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
  // Before the fast path: clients signing with ethers, the exchange checking with ethers.
  const reference = await benchClientOrders({ durationMs: ordersMs, check: 'reference' });
  const thirdParty = await benchClientOrders({ durationMs: ordersMs });
  const fastest = await benchClientOrders({ durationMs: ordersMs, signer: toClobSigner });
  const fastest4 = await benchClientOrders({
    durationMs: ordersMs,
    signer: toClobSigner,
    concurrency: 4,
  });
  const perSec = (r: typeof reference): number => r.measured.ordersPerSec ?? 0;
  const ordersGain = Math.max(perSec(fastest), perSec(fastest4)) / perSec(reference);
  add({
    suite: 'exchange',
    figure: 'orders acknowledged/s via clob-client-v2, reference path (ethers sign, ethers check)',
    measured: `${fmt(perSec(reference))}/s`,
    baseline: `GET /ok ${fmt(reference.baseline.okPerSec ?? 0)}/s`,
    ratio: reference.ratio,
  });
  add({
    suite: 'exchange',
    figure: 'orders acknowledged/s, client signing with ethers, fast exchange check',
    measured: `${fmt(perSec(thirdParty))}/s`,
    baseline: `reference path ${fmt(perSec(reference))}/s`,
    ratio: perSec(thirdParty) / perSec(reference),
  });
  add({
    suite: 'exchange',
    figure: "orders acknowledged/s, Polydesk's signer, fast exchange check",
    measured: `${fmt(perSec(fastest))}/s`,
    baseline: `reference path ${fmt(perSec(reference))}/s`,
    ratio: perSec(fastest) / perSec(reference),
  });
  add({
    suite: 'exchange',
    figure: "orders acknowledged/s, 4 clients, Polydesk's signer, fast exchange check",
    measured: `${fmt(perSec(fastest4))}/s`,
    baseline: `reference path ${fmt(perSec(reference))}/s`,
    ratio: perSec(fastest4) / perSec(reference),
  });
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
  add({
    suite: 'daemon',
    figure: 'reaction: book change → replacement at the exchange, streaming, p50 / p99',
    measured: `${fmt(reaction.stream.p50Ms)} / ${fmt(reaction.stream.p99Ms)} ms`,
    baseline: `2 s polling ${fmt(reaction.poll.p50Ms)} / ${fmt(reaction.poll.p99Ms)} ms`,
    ratio: reaction.stream.p50Ms / reaction.poll.p50Ms,
  });
  for (const stage of reaction.stream.stages) {
    add({
      suite: 'daemon',
      figure: `reaction stage (streaming): ${stage.label}, p50 / p99`,
      measured: `${fmt(stage.p50Ms, 2)} / ${fmt(stage.p99Ms, 2)} ms`,
      baseline: `whole reaction ${fmt(reaction.stream.p50Ms, 2)} / ${fmt(reaction.stream.p99Ms, 2)} ms`,
      ratio: stage.p99Ms / reaction.stream.p99Ms,
    });
  }
  const signing = await benchSigning({ orders: quick ? 1_000 : 3_000 });
  add({
    suite: 'daemon',
    figure: 'signing a V2 order (adapter signer), p50 / p99',
    measured: `${fmt(signing.fast.p50Ms, 3)} / ${fmt(signing.fast.p99Ms, 3)} ms`,
    baseline: `ethers signTypedData ${fmt(signing.ethers.p50Ms, 3)} / ${fmt(signing.ethers.p99Ms, 3)} ms`,
    ratio: signing.fast.p99Ms / signing.ethers.p99Ms,
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
  const targets = [
    {
      figure: 'reaction p99 (streaming) under 5 ms on loopback',
      measured: `${fmt(reaction.stream.p99Ms, 2)} ms`,
      ratio: reaction.stream.p99Ms / 5,
      met: reaction.stream.p99Ms < 5,
    },
    {
      figure: 'signing p99 under 0.3 ms',
      measured: `${fmt(signing.fast.p99Ms, 3)} ms (ethers ${fmt(signing.ethers.p99Ms, 3)} ms, ×${fmt(signing.ethers.p99Ms / signing.fast.p99Ms, 1)} faster)`,
      ratio: signing.fast.p99Ms / 0.3,
      met: signing.fast.p99Ms < 0.3,
    },
    {
      figure: 'orders acknowledged/s at least 5× the reference path',
      measured: `×${fmt(ordersGain, 2)}`,
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
}

run().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
