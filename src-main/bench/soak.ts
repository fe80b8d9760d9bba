import { cpus } from 'node:os';
import { runSoak } from '../tests/order-safety-soak';

/**
 * `npm run soak [-- --schedules N --seed S --concurrency C]`: the order-safety schedules of the CI
 * property test, 10,000 of them by default, judged by the exchange's own record (matched + resting
 * per maker order). Exits 1 if any schedule breaks a rule.
 */
function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const schedules = arg('schedules', 10_000);
  const firstSeed = arg('seed', 1);
  const concurrency = arg('concurrency', 16);
  console.log(
    `order-safety soak — node ${process.version}, ${cpus().length} cores: ${schedules} schedules from seed ${firstSeed}, ${concurrency} at a time`,
  );
  let lastShown = 0;
  const summary = await runSoak(schedules, {
    firstSeed,
    concurrency,
    onProgress(done) {
      if (done - lastShown >= 1_000) {
        lastShown = done;
        console.log(`  … ${done} schedules`);
      }
    },
  });
  const lines: [string, string][] = [
    ['schedules run', String(summary.schedules)],
    ['  with a crash and restart in the middle', String(summary.restarts)],
    ['  trades at the exchange on our orders', String(summary.trades)],
    ['  placements held for unreported fills', String(summary.settleWaits)],
    ['  placements made around unreported fills', String(summary.conservativePlacements)],
    ['overfills at the exchange (must be 0)', String(summary.overfills)],
    ['limit breaches (must be 0)', String(summary.limitBreaches)],
    ['sent on a stale book (must be 0)', String(summary.staleSends)],
    ['orders not final at the end (must be 0)', String(summary.notFinal)],
    ['exchange orders left resting (must be 0)', String(summary.leftResting)],
    ['overfill events recorded by the daemon', String(summary.overfillEvents)],
    ['worst exposure (matched + resting) / size', summary.worstExposure.toFixed(4)],
    ['elapsed', `${(summary.elapsedMs / 1000).toFixed(1)} s`],
  ];
  for (const [label, value] of lines) console.log(`  ${label.padEnd(46)} ${value}`);
  for (const failure of summary.failures.slice(0, 10)) {
    console.log(`  FAILED seed ${failure.seed}: ${JSON.stringify(failure)}`);
  }
  process.exit(summary.failures.length > 0 ? 1 : 0);
}

void main();
