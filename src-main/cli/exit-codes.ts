import type { ErrorCode } from '@shared/errors';

/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  hostUnreachable: 3,
  refused: 4,
  exchange: 5,
  orderNotCompleted: 6,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'HOST_UNREACHABLE':
    case 'SHUTTING_DOWN':
      return EXIT.hostUnreachable;
    case 'EXCHANGE_REJECTED':
    case 'EXCHANGE_UNAVAILABLE':
    case 'STALE_BOOK':
      return EXIT.exchange;
    case 'INTERNAL':
      return EXIT.failure;
    default:
      return EXIT.refused;
  }
}

/** The exit codes as `polydesk --help` lists them. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  unexpected failure
  2  usage: bad arguments, or a confirmation (--yes) missing where nothing can be asked
  3  no host reachable
  4  refused by the host: invalid input (BAD_REQUEST), wrong passphrase or host token
     (UNAUTHORIZED), no live key (NOT_FOUND), orders working or not in PAPER (CONFLICT),
     read-only host, risk limit; or a question left unanswered (Ctrl+C) or answered no
  5  exchange unavailable or rejecting
  6  a --wait order ended without completing`;

/** A stop decided by the CLI itself, with its exit code (no host error behind it). */
export class CliExit extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliExit';
  }
}
