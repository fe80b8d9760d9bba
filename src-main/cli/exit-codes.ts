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
