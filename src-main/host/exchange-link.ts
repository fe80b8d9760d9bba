import { basename } from 'node:path';
import type { ConnectionState as LinkState } from '@shared/ipc/contract';
import { riskLimitsFromConfig } from '../daemon/risk-rails';
import { createTradingDesk } from '../daemon/trading-desk';
import type { TradingDesk } from '../daemon/trading-desk';
import { startEmulator } from '../emulator/index';
import type { EmulatorHandle } from '../emulator/index';
import { createClobExchange, LIVE_REDEEM_MESSAGE } from '../exchange/index';
import type {
  ClobExchangeConfig,
  ConnectionState,
  Exchange,
  MarketContext,
} from '../exchange/index';
import { MarketMonitor } from '../market/market-monitor';
import { recordingSettings } from '../recording/recording-config';
import { SessionRecorder } from '../recording/session-recorder';
import { ReportService } from '../report/report-service';
import { SqliteStore, storeFile } from '../store/sqlite-store';
import { PortfolioService } from '../portfolio/portfolio-service';
import { resolutionsOfEvents } from '../portfolio/resolution';
import { EventDirectory } from './event-directory';
import type { PolydeskConfig } from './config';
import type { LiveCredentials, LiveVerification } from './live/live-access';
import type { ExchangeLink } from './host';
import type { Logger } from './logger';

/**
 * A publicly known test key (the first Hardhat account): the paper wallet. It never signs
 * anything outside the in-process emulator.
 */
const PAPER_PRIVATE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

/** The paper exchange's short market resolves this long after start (a redeem to try). */
const PAPER_SCHEDULED_RESOLUTION_MS = 10 * 60_000;

/** How the host sees the exchange: one word for the status bar out of the adapter's details. */
export function summarizeConnection(state: ConnectionState): LinkState {
  if (state.rest === 'degraded') return 'degraded';
  const streams = [state.marketStream, state.userStream];
  if (streams.some((s) => s === 'down')) return 'degraded';
  if (streams.some((s) => s === 'connecting')) return 'connecting';
  if (streams.some((s) => s === 'stalled' || s === 'resyncing' || s === 'polling'))
    return 'degraded';
  return 'connected';
}

/** Beat every 5 s: the exchange cancels all our orders when 10 s pass without one. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * The dead-man switch: in live mode with a trading key, the exchange heartbeat runs so that our
 * orders die about 10 s after the app does. Paper mode and a read-only link leave it off.
 */
export function deadManSwitch(
  mode: PolydeskConfig['mode'],
  readOnly: boolean,
): { intervalMs: number } | null {
  return mode === 'LIVE' && !readOnly ? { intervalMs: HEARTBEAT_INTERVAL_MS } : null;
}

/**
 * An already running paper exchange (`npm run emulator`) to use instead of an in-process one:
 * `POLYDESK_PAPER_EXCHANGE_URL` is its REST base; the WebSocket base is the same with ws(s).
 */
export function externalPaperExchange(
  env: NodeJS.ProcessEnv,
): { restUrl: string; wsUrl: string } | null {
  const restUrl = env.POLYDESK_PAPER_EXCHANGE_URL?.trim().replace(/\/+$/, '');
  if (!restUrl) return null;
  return { restUrl, wsUrl: restUrl.replace(/^http/, 'ws') };
}

/**
 * Paper mode: the emulator in-process on a random loopback port (or an external one, see
 * externalPaperExchange), and the very same adapter that live mode uses, pointed at it. Live mode
 * (read-only until keys are set up) points at Polymarket. Orders, exchange orders, fills and
 * events persist in the data directory (see storeFile), so a restarted host resumes its orders.
 */
export async function connectExchangeForMode(
  config: PolydeskConfig,
  logger: Logger,
  dataDir: string,
  credentials: LiveCredentials | null = null,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExchangeLink> {
  const store = await SqliteStore.open(
    storeFile(dataDir, config.mode),
    logger.child({ component: 'store' }),
  );
  let readOnly: string | null = null;
  if (store.setAside) {
    // What was working is unknown to us now: no new risk until the user has looked.
    readOnly =
      `Read-only: the ${config.mode.toLowerCase()} order database could not be read. It was kept ` +
      `as ${basename(store.setAside)} and a new, empty one was started; orders it held are not ` +
      'tracked. Check your orders on the exchange, then restart Polydesk to trade.';
    logger.error({ setAside: store.setAside }, 'order database damaged, kept aside: read-only');
    console.error(`Polydesk: ${readOnly}`);
  }
  const recorder = SessionRecorder.start(config, dataDir, logger);
  let emulator: EmulatorHandle | undefined;
  let exchange: Exchange | undefined;
  // The recorder's wrapper is a plain Exchange: Gamma and redeem go to the adapter itself.
  let context: MarketContext;
  let monitor: MarketMonitor | undefined;
  let url: string;
  let desk: TradingDesk;
  let portfolio: PortfolioService;
  try {
    if (config.mode === 'PAPER') {
      const endpoint =
        externalPaperExchange(env) ??
        (emulator = await startEmulator({
          seed: config.paper.seed,
          syntheticFlow: config.paper.syntheticFlow,
          timing: config.paper.timing,
          scheduledResolutionMs: PAPER_SCHEDULED_RESOLUTION_MS,
          logger: logger.child({ component: 'emulator' }),
        }));
      url = endpoint.restUrl;
      exchange = context = await createClobExchange({
        restUrl: endpoint.restUrl,
        wsUrl: endpoint.wsUrl,
        chainId: 137,
        privateKey: PAPER_PRIVATE_KEY,
        gammaUrl: `${endpoint.restUrl}/gamma`,
        paperExchange: true,
        logger: logger.child({ component: 'exchange' }),
      });
    } else {
      url = config.live.restUrl;
      exchange = context = await createClobExchange(
        liveExchangeConfig(config.live, credentials, logger.child({ component: 'exchange' })),
      );
    }
    exchange = recorder.wrap(exchange);
    // Before the desk starts, so that the first order it places is already covered.
    const heartbeat = deadManSwitch(config.mode, exchange.readOnly);
    if (heartbeat) exchange.startHeartbeat(heartbeat);
    logger.info(
      { mode: config.mode, intervalMs: heartbeat?.intervalMs },
      heartbeat ? 'dead-man switch on: exchange heartbeat started' : 'dead-man switch off',
    );
    monitor = new MarketMonitor({ exchange, logger });
    desk = await createTradingDesk({
      exchange,
      monitor,
      store,
      logger,
      risk: riskLimitsFromConfig(config.risk),
    });
    recorder.follow(desk.daemon);
    portfolio = await PortfolioService.start({
      store,
      exchange,
      markets: desk.monitor,
      orders: desk.daemon,
      logger,
      resolutions: monitor,
      redeemer: {
        route: {
          via: context.redeemVia,
          note: context.redeemVia === 'not-submitted' ? LIVE_REDEEM_MESSAGE : null,
        },
        redeem: (conditionId) => context.redeem(conditionId),
      },
    });
  } catch (err) {
    await monitor?.stop();
    await exchange?.close();
    await emulator?.stop();
    await store.close();
    throw err;
  }
  const link = exchange;
  const owned = { monitor, portfolio };
  const events = new EventDirectory({
    context,
    clobMarkets: () => desk.listMarkets(),
    logger,
    onEvents: (list) => owned.portfolio.applyResolutions(resolutionsOfEvents(list)),
  });
  const report = new ReportService({
    store,
    mode: config.mode,
    recordings: recordingSettings(config.mode, config.recording, dataDir),
    recorder,
    markets: desk.monitor,
    persist: () => desk.daemon.persist(),
    logger,
  });
  return {
    url,
    trading: desk,
    portfolio,
    events,
    report,
    canTrade: !link.readOnly,
    readOnly,
    heartbeat: () => link.connectionState().heartbeat,
    state: () => summarizeConnection(link.connectionState()),
    onStateChange: (listener) =>
      link.onConnectionState((state) => listener(summarizeConnection(state))),
    async stop() {
      portfolio.stop();
      await desk.stop();
      await owned.monitor.stop();
      await link.close();
      await emulator?.stop();
    },
  };
}

/** The adapter's settings for Polymarket (or whatever `live.restUrl` names): read-only without a key. */
function liveExchangeConfig(
  live: PolydeskConfig['live'],
  credentials: LiveCredentials | null,
  logger: Logger,
): ClobExchangeConfig {
  return {
    restUrl: live.restUrl,
    wsUrl: live.wsUrl,
    ...(live.gammaUrl !== undefined && { gammaUrl: live.gammaUrl }),
    chainId: live.chainId,
    logger,
    ...(credentials && {
      privateKey: credentials.privateKey,
      signatureType: credentials.signatureType,
      ...(credentials.funderAddress !== undefined && {
        funderAddress: credentials.funderAddress,
      }),
    }),
  };
}

/**
 * Checks live credentials before they are saved or traded with: the client creates or derives
 * the wallet's API key on the live exchange (which proves the key and the signature are
 * accepted), then the trading wallet's collateral is read.
 */
export async function verifyLiveKey(
  live: PolydeskConfig['live'],
  credentials: LiveCredentials,
  logger: Logger,
  now: () => number = Date.now,
): Promise<LiveVerification> {
  const exchange = await createClobExchange(
    liveExchangeConfig(live, credentials, logger.child({ component: 'live-check' })),
  );
  try {
    const collateral = await exchange
      .getCollateralBalance()
      .then((balance) => balance.balanceMicros)
      .catch(() => null);
    return { at: now(), collateral };
  } finally {
    await exchange.close();
  }
}
