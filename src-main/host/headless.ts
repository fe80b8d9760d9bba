import { runHeadless } from './run-headless';

runHeadless().catch((err: unknown) => {
  console.error('Polydesk failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
