import { runHeadless } from './run-headless';
import { startupFailure } from './startup-failure';

runHeadless().catch((err: unknown) => {
  console.error(startupFailure(err));
  process.exit(1);
});
