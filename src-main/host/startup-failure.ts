import { PolydeskError } from '@shared/errors';

/** A start-up failure as one clear line; a PolydeskError's message is already written for people. */
export function startupFailure(err: unknown): string {
  if (err instanceof PolydeskError) return `Polydesk cannot start: ${err.message}`;
  return `Polydesk failed to start: ${err instanceof Error ? err.message : String(err)}`;
}
