import { Option } from 'commander';
import type { Command } from 'commander';
import { MicroPriceEstimatorSchema } from '@shared/domain/order-request';
import { integer, number } from './arguments';

/** The micro-price parameters, as `submit` and `replay` take them. */
export function addMicroPriceOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--estimator <name>',
        "micro-price quotes are measured from: the weighted mid, or Stoikov's micro-price (fitted per market; the weighted mid until it has a fit)",
      ).choices(MicroPriceEstimatorSchema.options),
    )
    .addOption(
      new Option('--threshold-bps <bps>', 'micro-price band half-width').argParser(
        integer('threshold-bps', 1, 5000),
      ),
    )
    .addOption(
      new Option('--check-interval <sec>', 'micro-price review interval').argParser(
        number('check-interval', 0.1, 600),
      ),
    )
    .addOption(
      new Option('--max-adjustments <n>', 'micro-price replacements allowed').argParser(
        integer('max-adjustments', 0, 1000),
      ),
    )
    .addOption(
      new Option(
        '--aggression-limit-bps <bps>',
        'max distance ahead of the best other order',
      ).argParser(integer('aggression-limit-bps', 0, 5000)),
    );
}

/** The Kelly parameters, as `submit` and `replay` take them; where the bankroll comes from differs. */
export function addKellyOptions(command: Command, bankrollDefault: string): Command {
  return command
    .addOption(
      new Option('--win-probability <q>', 'Kelly: your probability the token wins').argParser(
        number('win-probability', 0, 1),
      ),
    )
    .addOption(
      new Option('--kelly-fraction <f>', 'Kelly: fraction of full Kelly').argParser(
        number('kelly-fraction', 0, 1),
      ),
    )
    .option('--max-position-size <shares>', 'Kelly: position cap')
    .option('--bankroll <usdc>', `Kelly: bankroll (default: ${bankrollDefault})`)
    .addOption(
      new Option('--recalculate-interval <sec>', 'Kelly: recompute every N seconds').argParser(
        number('recalculate-interval', 0.5, 3600),
      ),
    );
}
