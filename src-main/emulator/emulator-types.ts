import type { Logger } from 'pino';
import type { FaultController } from './faults/fault-controller.js';

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
