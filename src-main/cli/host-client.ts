import { PolydeskError } from '@shared/errors';
import { calls } from '@shared/ipc/contract';
import type { CallName, CallParams, CallResult } from '@shared/ipc/contract';
import { CallOutcomeSchema } from '@shared/ipc/wire';
import { defaultDataDir } from '../host/config';
import { readHostFile } from '../host/host-file';

export interface HostAddress {
  origin: string;
  token: string;
}

/**
 * Finds the running host: --url/--token (or POLYDESK_URL / POLYDESK_TOKEN), else the host file
 * the host wrote into the data directory.
 */
export function resolveHost(
  options: { url?: string; token?: string },
  env = process.env,
): HostAddress {
  const url = options.url ?? env.POLYDESK_URL;
  const token = options.token ?? env.POLYDESK_TOKEN;
  if (url) {
    const parsed = new URL(url);
    const fromUrl = parsed.searchParams.get('token');
    const resolved = token ?? fromUrl;
    if (!resolved)
      throw new PolydeskError('BAD_REQUEST', 'A host URL needs its token (--token or ?token=)');
    return { origin: parsed.origin, token: resolved };
  }
  const file = readHostFile(defaultDataDir(env));
  if (!file) {
    throw new PolydeskError(
      'HOST_UNREACHABLE',
      `No running Polydesk host found in ${defaultDataDir(env)}: start one with \`polydesk daemon\` (or npm start).`,
    );
  }
  return { origin: file.origin, token: file.token };
}

/** The contract over HTTP: typed params in, schema-checked results out, typed errors. */
export class HostClient {
  constructor(private readonly address: HostAddress) {}

  async call<N extends CallName>(method: N, params: CallParams<N>): Promise<CallResult<N>> {
    let response: Response;
    try {
      response = await fetch(`${this.address.origin}/api/call/${method}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.address.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(params),
      });
    } catch {
      throw new PolydeskError(
        'HOST_UNREACHABLE',
        `Cannot reach the Polydesk host at ${this.address.origin}`,
      );
    }
    const outcome = CallOutcomeSchema.safeParse(await response.json().catch(() => null));
    if (!outcome.success) {
      throw new PolydeskError(
        'INTERNAL',
        `Malformed reply from the host (HTTP ${response.status})`,
      );
    }
    if (!outcome.data.ok) {
      const { code, message, issues } = outcome.data.error;
      throw new PolydeskError(code, message, issues);
    }
    const result = calls[method].result.safeParse(outcome.data.result);
    if (!result.success) throw new PolydeskError('INTERNAL', `Malformed reply to ${method}`);
    return result.data as CallResult<N>;
  }
}
