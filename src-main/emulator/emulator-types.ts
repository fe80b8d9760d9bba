import type { Logger } from 'pino';
import type { FaultController, ProfileKnobs } from './faults/fault-controller.js';
import type { TimingProfile } from './faults/report-timing.js';
import type { OrderRecordEntry } from './server/order-record.js';

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
  /**
   * How trades and orders are reported and which production rules apply: 'prompt' (at once, in
   * order, never forgotten, no limits), 'realistic' (Polymarket-like lags, reordering, drops,
   * forgotten final orders, matches racing cancels, settlement in seconds, rate limits, amount
   * precision, delayed replies...), or knobs over 'prompt'. `faults.reset()` returns to it.
   * Default 'prompt'.
   */
  timing?: TimingProfile | Partial<ProfileKnobs>;
  /**
   * Resolves the short market `btc-up-in-next-10-minutes` this long after the start (Yes when its
   * YES price is at 0.50 or above then, else No); its Gamma end date is that moment. Default
   * null: no scheduled resolution (the standalone defaults to 10 minutes).
   */
  scheduledResolutionMs?: number | null;
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
  /** http://127.0.0.1:PORT/gamma: Gamma's /events and /markets for the synthetic markets. */
  gammaUrl: string;
  chainId: number;
  markets: EmulatorMarketInfo[];
  faults: FaultController;
  fund(address: string, collateralMicros: bigint): void;
  /**
   * The exchange's own record of every order accepted through POST /order(s) (optionally of one
   * maker address), unaffected by reporting lags, drops or forgetting.
   */
  orderRecord(makerAddress?: string): OrderRecordEntry[];
  /** Resolves a market (as POST /_emulator/resolve does); false if unknown or already resolved. */
  resolve(conditionId: string, winner: 'Yes' | 'No'): boolean;
  stop(): Promise<void>;
}
