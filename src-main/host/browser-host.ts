import { join } from 'node:path';
import { APP_ROOT } from './app-root';
import type { PolydeskConfig } from './config';
import { Host } from './host';
import type { HostOptions } from './host';
import type { Logger } from './logger';
import { startWebServer } from '../transport/web-server';
import type { WebServer } from '../transport/web-server';

/** The built renderer, wherever this module runs from. */
export const DEFAULT_RENDERER_DIR = join(APP_ROOT, 'out', 'renderer');

export interface BrowserHost {
  host: Host;
  web: WebServer;
  stop(): Promise<void>;
}

/** The host plus the web transport: how Polydesk runs where no Electron runtime exists. */
export async function startBrowserHost(options: {
  config: PolydeskConfig;
  logger: Logger;
  connectExchange?: HostOptions['connectExchange'];
  live?: HostOptions['live'];
  verifyLiveKey?: HostOptions['verifyLiveKey'];
  saveConfig?: HostOptions['saveConfig'];
  logFiles?: HostOptions['logFiles'];
  readOnly?: HostOptions['readOnly'];
  problems?: HostOptions['problems'];
  rendererDir?: string;
  token?: string;
}): Promise<BrowserHost> {
  const host = await Host.start({
    config: options.config,
    logger: options.logger,
    connectExchange: options.connectExchange,
    live: options.live,
    verifyLiveKey: options.verifyLiveKey,
    saveConfig: options.saveConfig,
    logFiles: options.logFiles,
    readOnly: options.readOnly,
    problems: options.problems,
  });
  const web = await startWebServer({
    dispatcher: host.dispatcher,
    events: host.events,
    logger: options.logger,
    rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR,
    port: options.config.web.port,
    token: options.token,
    onClient: (delta) => host.trackClient(delta),
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
