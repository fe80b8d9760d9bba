import type { ConnectionState as LinkState } from '@shared/ipc/contract';
import { createTradingDesk } from '../daemon/trading-desk';
import { startEmulator } from '../emulator/index';
import type { EmulatorHandle } from '../emulator/index';
import { createClobExchange } from '../exchange/index';
import type { ConnectionState, Exchange } from '../exchange/index';
import type { PolydeskConfig } from './config';
import type { ExchangeLink } from './host';
import type { Logger } from './logger';

/**
 * A publicly known test key (the first Hardhat account): the paper wallet. It never signs
 * anything outside the in-process emulator.
 */
const PAPER_PRIVATE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

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

/**
 * Paper mode: the emulator in-process on a random loopback port, and the very same adapter that
 * live mode uses, pointed at it. Live mode (read-only until keys are set up) points at Polymarket.
 */
export async function connectExchangeForMode(
  config: PolydeskConfig,
  logger: Logger,
): Promise<ExchangeLink> {
  let emulator: EmulatorHandle | undefined;
  let exchange: Exchange;
  if (config.mode === 'PAPER') {
    emulator = await startEmulator({
      seed: config.paper.seed,
      syntheticFlow: config.paper.syntheticFlow,
      logger: logger.child({ component: 'emulator' }),
    });
    exchange = await createClobExchange({
      restUrl: emulator.restUrl,
      wsUrl: emulator.wsUrl,
      chainId: 137,
      privateKey: PAPER_PRIVATE_KEY,
      logger: logger.child({ component: 'exchange' }),
    });
  } else {
    exchange = await createClobExchange({
      restUrl: config.live.restUrl,
      wsUrl: config.live.wsUrl,
      chainId: config.live.chainId,
      logger: logger.child({ component: 'exchange' }),
    });
  }
  const desk = await createTradingDesk({ exchange, logger });
  const url = emulator?.restUrl ?? config.live.restUrl;
  return {
    url,
    trading: desk,
    state: () => summarizeConnection(exchange.connectionState()),
    onStateChange: (listener) =>
      exchange.onConnectionState((state) => listener(summarizeConnection(state))),
    async stop() {
      await desk.stop();
      await exchange.close();
      await emulator?.stop();
    },
  };
}
