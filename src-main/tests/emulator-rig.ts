import { startEmulator } from '../emulator/index';
import type { EmulatorHandle, EmulatorMarketInfo, EmulatorOptions } from '../emulator/index';
import { createClobExchange } from '../exchange/index';
import type { Exchange } from '../exchange/index';
import type { ClobExchangeConfig } from '../exchange/clob-adapter';
import { silentLogger } from '../host/logger';
import type { Logger } from '../host/logger';
import { createTradingDesk } from '../daemon/trading-desk';
import type { TradingDesk } from '../daemon/trading-desk';
import type { StopMode } from '../daemon/order-daemon';

/** Hardhat's first two well-known keys: paper wallets for the desk and for a counterparty. */
export const DESK_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const COUNTERPARTY_KEY =
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';

/** Short timeouts and retries so faults resolve within a test. */
export const FAST_ADAPTER: Partial<ClobExchangeConfig> = {
  pollIntervalMs: 100,
  requestTimeoutMs: 2_000,
  placeTimeoutMs: 2_000,
  stallCheckIntervalMs: 300,
  stallGraceMs: 200,
  snapshotTimeoutMs: 1_000,
  pingIntervalMs: 200,
  pongTimeoutMs: 1_000,
  backoffInitialMs: 100,
  backoffMaxMs: 400,
};

export const FAST_TIMINGS = {
  unknownGraceMs: 100,
  reconcileIntervalMs: 300,
  pendingPollMs: 50,
  retryBaseMs: 20,
};

export async function connect(
  emulator: EmulatorHandle,
  privateKey: string,
  logger: Logger = silentLogger(),
): Promise<Exchange> {
  return createClobExchange({
    restUrl: emulator.restUrl,
    wsUrl: emulator.wsUrl,
    chainId: 137,
    privateKey,
    logger,
    ...FAST_ADAPTER,
  });
}

export interface PaperRig {
  emulator: EmulatorHandle;
  exchange: Exchange;
  counterparty: Exchange;
  desk: TradingDesk;
  market(slug: string): EmulatorMarketInfo;
  stop(mode?: StopMode): Promise<void>;
}

/** The emulator in-process, the adapter, the monitor and the daemon, as the host composes them. */
export async function paperRig(
  options: {
    seed?: number;
    syntheticFlow?: boolean;
    numWorkers?: number;
    logger?: Logger;
    /** Reporting timing of the paper exchange; default 'prompt' (startEmulator's default). */
    timing?: EmulatorOptions['timing'];
  } = {},
): Promise<PaperRig> {
  const logger = options.logger ?? silentLogger();
  const emulator = await startEmulator({
    seed: options.seed ?? 3,
    syntheticFlow: options.syntheticFlow ?? false,
    timing: options.timing,
  });
  const exchange = await connect(emulator, DESK_KEY, logger);
  const counterparty = await connect(emulator, COUNTERPARTY_KEY);
  const desk = await createTradingDesk({
    exchange,
    logger,
    numWorkers: options.numWorkers ?? 3,
    onStop: 'cancel',
    timings: FAST_TIMINGS,
  });
  let stopped = false;
  return {
    emulator,
    exchange,
    counterparty,
    desk,
    market(slug) {
      const found = emulator.markets.find((m) => m.slug === slug);
      if (!found) throw new Error(`no market ${slug}`);
      return found;
    },
    async stop(mode) {
      if (stopped) return;
      stopped = true;
      await desk.stop(mode);
      await exchange.close();
      await counterparty.close();
      await emulator.stop();
    },
  };
}

/**
 * The counterparty sells `shares` of YES at `priceMicros` by buying NO at 1 − price (the
 * mirrored book matches it against YES bids), as an immediate-or-cancel order.
 */
export async function sellYesInto(
  counterparty: Exchange,
  market: EmulatorMarketInfo,
  priceMicros: number,
  shares: number,
): Promise<void> {
  const prepared = await counterparty.prepareOrder({
    tokenId: market.noTokenId,
    side: 'BUY',
    priceMicros: 1_000_000 - priceMicros,
    sizeMicros: shares * 1_000_000,
    timeInForce: 'FAK',
  });
  const result = await counterparty.submitPrepared(prepared);
  if (result.kind !== 'accepted') throw new Error(`counterparty order ${result.kind}`);
}

/** The counterparty rests a YES bid (to move the book); returns its id for a later cancel. */
export async function restBid(
  counterparty: Exchange,
  market: EmulatorMarketInfo,
  priceMicros: number,
  shares: number,
): Promise<string> {
  const prepared = await counterparty.prepareOrder({
    tokenId: market.yesTokenId,
    side: 'BUY',
    priceMicros,
    sizeMicros: shares * 1_000_000,
    timeInForce: 'GTC',
  });
  const result = await counterparty.submitPrepared(prepared);
  if (result.kind !== 'accepted') throw new Error(`counterparty bid ${result.kind}`);
  return prepared.orderId;
}
