import { loadConfig } from './config';
import { createFileLogger } from './file-logger';
import { startBrowserHost } from './browser-host';

/**
 * `npm run daemon`: the host in plain Node, serving the UI to a browser at a printed URL.
 * The same entry is used by `npm start` where no Electron runtime exists.
 */
export async function runHeadless(): Promise<void> {
  const { config, dataDir, problems } = loadConfig();
  const { logger, file } = createFileLogger(dataDir, config);
  for (const problem of problems) {
    console.error(`Polydesk: config problem, using defaults: ${problem.path} ${problem.message}`);
  }
  const running = await startBrowserHost({ config, logger });
  console.log(`Polydesk ${config.mode} is running.`);
  console.log(`Open: ${running.web.url}`);
  console.log(`Logs: ${file}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`Polydesk: ${signal} received, stopping.`);
    void running.stop().then(() => {
      logger.flush();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
