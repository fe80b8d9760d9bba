import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallName, CallParams, CallResult } from '@shared/ipc/contract';
import { runCli } from '../cli/polydesk';
import { ConfigSchema } from '../host/config';
import { connectExchangeForMode } from '../host/exchange-link';
import { Host } from '../host/host';
import { silentLogger } from '../host/logger';
import { startWebServer } from '../transport/web-server';
import type { WebServer } from '../transport/web-server';

const context = { transport: 'web', client: 'test' } as const;

/** A real headless host in PAPER mode on a fresh data directory, reachable by calls and the CLI. */
export interface PaperHostRig {
  host: Host;
  web: WebServer;
  call<N extends CallName>(name: N, params: CallParams<N>): Promise<CallResult<N>>;
  /** Runs `polydesk …` against the host's web transport; output and errors in one text. */
  cli(...args: string[]): Promise<{ code: number; out: string }>;
  stop(): Promise<void>;
}

/**
 * Starts the host on its own paper exchange (prompt timing, no synthetic flow), or on the one at
 * `exchangeUrl`.
 */
export async function startPaperHost(name: string, exchangeUrl?: string): Promise<PaperHostRig> {
  const dataDir = mkdtempSync(join(tmpdir(), `polydesk-${name}-`));
  const config = ConfigSchema.parse({ paper: { syntheticFlow: false, timing: 'prompt' } });
  const env = exchangeUrl ? { POLYDESK_PAPER_EXCHANGE_URL: exchangeUrl } : {};
  const host = await Host.start({
    config,
    logger: silentLogger(),
    connectExchange: (cfg, log, credentials) =>
      connectExchangeForMode(cfg, log, dataDir, credentials, env),
  });
  const web = await startWebServer({
    dispatcher: host.dispatcher,
    events: host.events,
    logger: silentLogger(),
  });
  return {
    host,
    web,
    async call(method, params) {
      const outcome = await host.dispatcher.dispatch(method, params, context);
      if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
      return outcome.result as CallResult<typeof method>;
    },
    async cli(...args) {
      const out: string[] = [];
      const code = await runCli(['--url', web.origin, '--host-token', web.token, ...args], {
        out: (t) => out.push(t),
        err: (t) => out.push(t),
      });
      return { code, out: out.join('\n') };
    },
    async stop() {
      await web.close();
      await host.stop();
    },
  };
}
