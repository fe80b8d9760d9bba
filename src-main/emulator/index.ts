import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { formatMicros } from './engine/decimal.js';
import { MatchingEngine } from './engine/matching-engine.js';
import type { FaultController } from './faults/fault-controller.js';
import { FaultSwitchboard } from './faults/fault-controller.js';
import { AgentFlow } from './markets/agent-flow.js';
import { SeededRandom } from './markets/seeded-random.js';
import { syntheticMarkets } from './markets/synthetic-markets.js';
import { ApiKeyRegistry } from './server/api-key-registry.js';
import { ControlApi } from './server/control-api.js';
import { HeartbeatMonitor } from './server/heartbeat-monitor.js';
import { midMicros } from './server/market-views.js';
import { PriceHistory } from './server/price-history.js';
import { RestApi, type ApiReply } from './server/rest-api.js';
import { tickString } from './server/wire-format.js';
import { WsHub } from './server/ws-hub.js';

export type { FaultConfig, FaultController } from './faults/fault-controller.js';

export interface EmulatorOptions {
  /** 0 (default) = random free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 137. */
  chainId?: 137 | 80002;
  /** Reproducible synthetic flow, default 1. */
  seed?: number;
  /** Agents move the books; default true. */
  syntheticFlow?: boolean;
  /** Auto-fund every new address with this much pUSD; default 10_000 pUSD. */
  initialCollateralMicros?: bigint;
  logger?: Logger;
}

export interface EmulatorMarketInfo {
  conditionId: string;
  question: string;
  slug: string;
  yesTokenId: string;
  noTokenId: string;
  tickSize: string;
  minOrderSize: string;
  negRisk: boolean;
}

export interface EmulatorHandle {
  /** http://127.0.0.1:PORT (REST). */
  restUrl: string;
  /** ws://127.0.0.1:PORT (channels at /ws/market and /ws/user). */
  wsUrl: string;
  chainId: number;
  markets: EmulatorMarketInfo[];
  faults: FaultController;
  fund(address: string, collateralMicros: bigint): void;
  stop(): Promise<void>;
}

/** Synthetic flow steps this often. */
const FLOW_INTERVAL_MS = 150;
/** Trade settlement and GTD expiry are advanced this often. */
const SETTLEMENT_INTERVAL_MS = 25;
/** Seed of API credentials: fixed, so a restarted emulator hands out the same keys. */
const CREDENTIAL_SEED = 'polydesk-emulator-v2';

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
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Starts a Polymarket CLOB V2 compatible paper exchange on loopback. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const host = options.host ?? '127.0.0.1';
  const chainId = options.chainId ?? 137;
  const seed = options.seed ?? 1;
  const logger = options.logger ?? pino({ level: 'silent' });
  const now = (): number => Date.now();

  const engine = new MatchingEngine({
    now,
    autoFundMicros: options.initialCollateralMicros ?? 10_000n * 1_000_000n,
    idSeed: `emulator:${seed}`,
  });
  const markets = syntheticMarkets();
  for (const m of markets) engine.addMarket(m.spec);
  const flow = new AgentFlow(engine, markets, seed);
  flow.seedBooks();

  const keys = new ApiKeyRegistry(CREDENTIAL_SEED, chainId);
  const history = new PriceHistory();
  const startedAtIso = new Date(now()).toISOString();
  for (const m of engine.markets()) {
    const mid = midMicros(engine, m.yesTokenId) ?? 500_000;
    history.record(m.yesTokenId, Math.floor(now() / 1000), mid);
    history.record(m.noTokenId, Math.floor(now() / 1000), 1_000_000 - mid);
  }

  let hub: WsHub | null = null;
  const faults = new FaultSwitchboard(
    {
      disconnectStreams: () => hub?.disconnectAll(),
      stallStreams: (stalled) => hub?.setStalled(stalled),
      setFailNextTrades: (n) => engine.failNextTrades(n),
      pendingFailures: () => engine.pendingFailures(),
    },
    () => faultRandom.next(),
  );
  const faultRandom = new SeededRandom(seed ^ 0x5eed);
  const heartbeats = new HeartbeatMonitor((apiKey) => {
    const cancelled = engine.cancelWhere((o) => o.owner === apiKey);
    logger.info({ apiKey, cancelled: cancelled.length }, 'heartbeat missed: orders cancelled');
  });
  const rest = new RestApi({
    engine,
    keys,
    heartbeats,
    faults,
    history,
    chainId,
    logger,
    startedAtIso,
    now,
  });
  hub = new WsHub({ engine, keys, signerOf: (id) => rest.signerOf(id), logger, now });
  const wsHub = hub;
  engine.on((e) => {
    if (e.kind === 'last_trade') history.record(e.tokenId, Math.floor(now() / 1000), e.priceMicros);
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
  const control = new ControlApi({ faults, fund, engine, setFlow, markets: () => handleMarkets() });

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://emulator');
      const method = (req.method ?? 'GET').toUpperCase();
      if (url.pathname.startsWith('/_emulator/')) {
        sendJson(res, control.handle(method, url.pathname, body));
        return;
      }
      const decision = faults.decide();
      let reply: ApiReply;
      if (decision.status === 500)
        reply = { status: 500, body: { error: 'Internal server error' } };
      else if (decision.status === 429)
        reply = { status: 429, body: { error: 'Too Many Requests' } };
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
      if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs));
      if (decision.drop) {
        logger.info({ method, path: url.pathname }, 'fault: reply dropped');
        req.socket.destroy();
        return;
      }
      sendJson(res, reply);
    })();
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
  }, SETTLEMENT_INTERVAL_MS);
  settlementTimer.unref();
  setFlow(options.syntheticFlow ?? true);

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
  return {
    restUrl,
    wsUrl,
    chainId,
    markets: handleMarkets(),
    faults,
    fund,
    async stop() {
      if (stopped) return;
      stopped = true;
      setFlow(false);
      clearInterval(settlementTimer);
      heartbeats.stop();
      await wsHub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      logger.info('emulator stopped');
    },
  };
}
