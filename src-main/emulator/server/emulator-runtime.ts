import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { EmulatorHandle, EmulatorMarketInfo, EmulatorOptions } from '../emulator-types.js';
import { formatMicros } from '../engine/decimal.js';
import { MatchingEngine } from '../engine/matching-engine.js';
import type { TradeRecord } from '../engine/types.js';
import { FaultSwitchboard, resolveTiming } from '../faults/fault-controller.js';
import { SignerBuckets } from '../faults/signer-buckets.js';
import type { ProductionRules } from '../faults/production-rules.js';
import { drawLag, type TimingProfile } from '../faults/report-timing.js';
import { StreamScheduler } from '../faults/stream-scheduler.js';
import { TradeVisibility } from '../faults/trade-visibility.js';
import { AgentFlow } from '../markets/agent-flow.js';
import { SeededRandom } from '../markets/seeded-random.js';
import { syntheticEvents } from '../markets/synthetic-events.js';
import { SCHEDULED_MARKET_SLUG, syntheticMarkets } from '../markets/synthetic-markets.js';
import { ApiKeyRegistry } from './api-key-registry.js';
import { ControlApi } from './control-api.js';
import { GammaApi } from './gamma-api.js';
import { GammaFaults } from './gamma-faults.js';
import { HeartbeatMonitor } from './heartbeat-monitor.js';
import { HeldOrders } from './held-orders.js';
import { MarketActivity } from './market-activity.js';
import { midMicros } from './market-views.js';
import { orderRecord } from './order-record.js';
import { PriceHistory } from './price-history.js';
import { Redemption } from './redemption.js';
import { RequestTimings } from './request-timings.js';
import { RestApi, type ApiReply } from './rest-api.js';
import { tickString } from './wire-format.js';
import { WsHub } from './ws-hub.js';

/** Synthetic flow steps this often. */
const FLOW_INTERVAL_MS = 150;
/** Trade settlement and GTD expiry are advanced this often. */
const SETTLEMENT_INTERVAL_MS = 25;
/** Agents' finished orders and trades are forgotten after this long. */
const HISTORY_RETENTION_MS = 60_000;
/** Seed of API credentials: fixed, so a restarted emulator hands out the same keys. */
const CREDENTIAL_SEED = 'polydesk-emulator-v2';
/** Gamma's endpoints are served under this prefix: gammaUrl = restUrl + GAMMA_PREFIX. */
export const GAMMA_PREFIX = '/gamma';
/** Timing profile of `startEmulator()` without a `timing` option. */
export const DEFAULT_TIMING: TimingProfile = 'prompt';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, reply: ApiReply): void {
  const text = JSON.stringify(reply.body, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v,
  );
  res.writeHead(reply.status, {
    ...reply.headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export interface EmulatorRuntime {
  handle: EmulatorHandle;
  /** The engine behind the server, for in-process tools (benchmarks) that need to drive it directly. */
  engine: MatchingEngine;
}

/** Starts the paper exchange and returns its handle together with its engine. */
/** Knobs for tests and tools that the public options do not expose. */
export interface EmulatorTuning {
  /** Dead-man switch delay of /v1/heartbeats (Polymarket: 10 s). */
  heartbeatTimeoutMs?: number;
}

export async function launchEmulator(
  options: EmulatorOptions = {},
  tuning: EmulatorTuning = {},
): Promise<EmulatorRuntime> {
  const host = options.host ?? '127.0.0.1';
  const chainId = options.chainId ?? 137;
  const seed = options.seed ?? 1;
  const logger = options.logger ?? pino({ level: 'silent' });
  const now = (): number => Date.now();
  const timing = resolveTiming(options.timing, DEFAULT_TIMING);

  let hub: WsHub | null = null;
  const faults: FaultSwitchboard = new FaultSwitchboard(
    {
      disconnectStreams: () => hub?.disconnectAll(),
      stallStreams: (stalled) => hub?.setStalled(stalled),
      setFailNextTrades: (n) => engine.failNextTrades(n),
      pendingFailures: (): number => engine.pendingFailures(),
    },
    () => faultRandom.next(),
    timing,
  );
  const faultRandom = new SeededRandom(seed ^ 0x5eed);
  // Settlement delays are drawn from their own sequence, so turning them on changes nothing else.
  const settlementRandom = new SeededRandom(seed ^ 0x5e77);
  const engine: MatchingEngine = new MatchingEngine({
    now,
    autoFundMicros: options.initialCollateralMicros ?? 10_000n * 1_000_000n,
    idSeed: `emulator:${seed}`,
    settlementDelays: (): { minedMs: number; finalMs: number } => {
      const rules: Readonly<ProductionRules> = faults.rules();
      return {
        minedMs: drawLag(rules.minedAfterMs, () => settlementRandom.next()),
        finalMs: drawLag(rules.confirmedAfterMs, () => settlementRandom.next()),
      };
    },
  });
  const markets = syntheticMarkets();
  for (const m of markets) engine.addMarket(m.spec);
  const flow = new AgentFlow(engine, markets, seed);
  flow.seedBooks();

  const keys = new ApiKeyRegistry(CREDENTIAL_SEED, chainId);
  const history = new PriceHistory();
  const startedAtMs = now();
  const startedAtIso = new Date(startedAtMs).toISOString();
  const scheduledResolutionMs = options.scheduledResolutionMs ?? null;
  const activity = new MarketActivity(now);
  activity.follow(engine);
  const gamma = new GammaApi({
    engine,
    markets,
    events: syntheticEvents(markets, scheduledResolutionMs),
    activity,
    startedAtMs,
    now,
  });
  const gammaFaults = new GammaFaults();
  for (const m of engine.markets()) {
    const mid = midMicros(engine, m.yesTokenId) ?? 500_000;
    history.record(m.yesTokenId, Math.floor(now() / 1000), mid);
    history.record(m.noTokenId, Math.floor(now() / 1000), 1_000_000 - mid);
  }

  // Lags get their own sequence, so that turning them on does not change which requests fail.
  const timingRandom = new SeededRandom(seed ^ 0x7a61);
  const tradeVisibility = new TradeVisibility({
    lag: () => faults.timing().restTradeLagMs,
    random: () => timingRandom.next(),
    now,
  });
  const userStream = new StreamScheduler<object>({
    timing: () => faults.timing(),
    random: () => timingRandom.next(),
    now,
  });
  const heartbeats = new HeartbeatMonitor((apiKey) => {
    const cancelled = engine.cancelWhere((o) => o.owner === apiKey);
    logger.info({ apiKey, cancelled: cancelled.length }, 'heartbeat missed: orders cancelled');
  }, tuning.heartbeatTimeoutMs);
  const held = new HeldOrders(engine, now, logger);
  const rest = new RestApi({
    engine,
    keys,
    heartbeats,
    faults,
    tradeVisibility,
    signerBuckets: new SignerBuckets(() => faults.rules().signerRateLimits, now),
    held,
    history,
    chainId,
    logger,
    startedAtIso,
    now,
  });
  const redemption = new Redemption({
    engine,
    authenticate: (req) => rest.authenticate(req),
    accountsOf: (signer) => rest.accountsOf(signer),
    logger,
  });
  hub = new WsHub({
    engine,
    keys,
    signerOf: (id) => rest.signerOf(id),
    logger,
    now,
    userStream,
    idleTimeoutMs: () => faults.rules().wsIdleTimeoutMs,
  });
  const wsHub = hub;
  const involvesSigner = (t: TradeRecord): boolean =>
    rest.signerOf(t.takerOrderId) !== undefined ||
    t.makers.some((m) => rest.signerOf(m.orderId) !== undefined);
  const logTrade = (t: TradeRecord): void => {
    const agentsOnly =
      flow.isAgentAccount(t.takerAccount) && t.makers.every((m) => flow.isAgentAccount(m.account));
    logger[agentsOnly ? 'debug' : 'info'](
      {
        tradeId: t.id,
        status: t.status,
        market: t.conditionId,
        side: t.side,
        size: formatMicros(t.sizeMicros),
        takerOrderId: t.takerOrderId,
      },
      'trade status',
    );
  };
  engine.on((e) => {
    if (e.kind === 'resolved') {
      const spec = engine.market(e.conditionId);
      logger.info(
        {
          market: e.conditionId,
          slug: spec?.slug,
          winner: spec?.yesTokenId === e.winningTokenId ? 'Yes' : 'No',
        },
        'market resolved',
      );
    }
    if (e.kind === 'last_trade') history.record(e.tokenId, Math.floor(now() / 1000), e.priceMicros);
    if (e.kind === 'trade') {
      logTrade(e.trade);
      if (involvesSigner(e.trade)) tradeVisibility.observe(e.trade);
    }
    wsHub.onEngineEvent(e);
  });

  let flowTimer: NodeJS.Timeout | null = null;
  const setFlow = (enabled: boolean): void => {
    if (enabled && !flowTimer) {
      flowTimer = setInterval(() => flow.step(), FLOW_INTERVAL_MS);
      flowTimer.unref();
    } else if (!enabled && flowTimer) {
      clearInterval(flowTimer);
      flowTimer = null;
    }
  };
  const fund = (address: string, collateralMicros: bigint): void => {
    engine.ledger.open(address);
    engine.fund(address, collateralMicros);
    logger.info({ address, collateral: formatMicros(collateralMicros) }, 'account funded');
  };
  const record = (maker?: string) => orderRecord(engine, rest.acceptedOrderIds(), maker);
  const timings = new RequestTimings();
  const control = new ControlApi({
    timings,
    faults,
    fund,
    engine,
    setFlow,
    markets: () => handleMarkets(),
    orderRecord: record,
    gammaFaults,
  });

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const startedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'POST' && url.pathname === '/_emulator/redeem') {
      const request = {
        method,
        path: url.pathname,
        query: url.searchParams,
        body,
        headers: req.headers,
      };
      sendJson(res, redemption.handle(request));
      return;
    }
    if (url.pathname.startsWith('/_emulator/')) {
      sendJson(res, control.handle(method, url.pathname, body, url.searchParams));
      return;
    }
    if (url.pathname === GAMMA_PREFIX || url.pathname.startsWith(`${GAMMA_PREFIX}/`)) {
      // Gamma is another service: the CLOB's faults do not apply, its own do (gamma-faults.ts).
      const fault = gammaFaults.current();
      if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
      sendJson(
        res,
        fault.down
          ? { status: 503, body: { error: 'Service Unavailable' } }
          : gamma.handle(method, url.pathname.slice(GAMMA_PREFIX.length), url.searchParams),
      );
      return;
    }
    const decision = faults.decide();
    let reply: ApiReply;
    if (decision.status === 500) reply = { status: 500, body: { error: 'Internal server error' } };
    else if (decision.status === 429) reply = { status: 429, body: { error: 'Too Many Requests' } };
    else {
      try {
        reply = rest.handle({
          method,
          path: url.pathname,
          query: url.searchParams,
          body,
          headers: req.headers,
        });
      } catch (err) {
        logger.error({ err, path: url.pathname }, 'request failed');
        reply = { status: 500, body: { error: 'Internal server error' } };
      }
    }
    // Injected delays are not the exchange's processing: the time is taken before them.
    const processedMs = performance.now() - startedAt;
    if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs));
    if (decision.drop) {
      logger.info({ method, path: url.pathname }, 'fault: reply dropped');
      req.socket.destroy();
      return;
    }
    const sendStartedAt = performance.now();
    sendJson(res, reply);
    timings.record(method, url.pathname, processedMs + performance.now() - sendStartedAt);
  };
  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      logger.warn({ err, path: req.url }, 'request aborted');
      res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => wsHub.handleUpgrade(req, socket, head));
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const settlementTimer = setInterval(() => {
    engine.advanceSettlement();
    engine.expire();
    tradeVisibility.prune();
  }, SETTLEMENT_INTERVAL_MS);
  settlementTimer.unref();
  const pruneTimer = setInterval(() => {
    engine.pruneHistory(now() - HISTORY_RETENTION_MS, (account) => flow.isAgentAccount(account));
  }, HISTORY_RETENTION_MS);
  pruneTimer.unref();
  setFlow(options.syntheticFlow ?? true);
  const resolveMarket = (conditionId: string, winner: 'Yes' | 'No'): boolean => {
    const spec = engine.market(conditionId);
    if (!spec) return false;
    return engine.resolve(conditionId, winner === 'Yes' ? spec.yesTokenId : spec.noTokenId);
  };
  let resolutionTimer: NodeJS.Timeout | null = null;
  if (scheduledResolutionMs !== null) {
    const scheduled = engine.markets().find((m) => m.slug === SCHEDULED_MARKET_SLUG);
    resolutionTimer = setTimeout(() => {
      resolutionTimer = null;
      if (!scheduled || scheduled.winningTokenId !== undefined) return;
      // The market's own price decides: Yes when YES trades at 0.50 or above at the bell.
      const yes = midMicros(engine, scheduled.yesTokenId) ?? 500_000;
      resolveMarket(scheduled.conditionId, yes >= 500_000 ? 'Yes' : 'No');
    }, scheduledResolutionMs);
    resolutionTimer.unref();
  }

  const handleMarkets = (): EmulatorMarketInfo[] =>
    engine.markets().map((m) => ({
      conditionId: m.conditionId,
      question: m.question,
      slug: m.slug,
      yesTokenId: m.yesTokenId,
      noTokenId: m.noTokenId,
      tickSize: tickString(m.tickMicros),
      minOrderSize: formatMicros(m.minSizeMicros),
      negRisk: m.negRisk,
    }));

  const restUrl = `http://${host}:${port}`;
  const wsUrl = `ws://${host}:${port}`;
  logger.info({ restUrl, wsUrl, chainId, seed }, 'emulator started');

  let stopped = false;
  const handle: EmulatorHandle = {
    restUrl,
    wsUrl,
    gammaUrl: `${restUrl}${GAMMA_PREFIX}`,
    chainId,
    markets: handleMarkets(),
    faults,
    fund,
    orderRecord: record,
    resolve: resolveMarket,
    async stop() {
      if (stopped) return;
      stopped = true;
      setFlow(false);
      if (resolutionTimer) clearTimeout(resolutionTimer);
      clearInterval(settlementTimer);
      clearInterval(pruneTimer);
      heartbeats.stop();
      held.clear();
      userStream.clear();
      await wsHub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      logger.info('emulator stopped');
    },
  };
  return { handle, engine };
}
