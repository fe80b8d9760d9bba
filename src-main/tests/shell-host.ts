import { ConfigSchema } from '../host/config';
import { Host } from '../host/host';
import { silentLogger } from '../host/logger';
import { startWebServer } from '../transport/web-server';
import type { WebServer } from '../transport/web-server';

export interface ShellHost {
  host: Host;
  web: WebServer;
  stop(): Promise<void>;
}

/** A host with no exchange behind its web transport: for tests of the transport and the CLI. */
export async function startShellHost(): Promise<ShellHost> {
  const host = await Host.start({ config: ConfigSchema.parse({}), logger: silentLogger() });
  const web = await startWebServer({
    dispatcher: host.dispatcher,
    events: host.events,
    logger: silentLogger(),
  });
  return {
    host,
    web,
    async stop() {
      await web.close();
      await host.stop();
    },
  };
}
