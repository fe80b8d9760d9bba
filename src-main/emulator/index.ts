import type { EmulatorHandle, EmulatorOptions } from './emulator-types.js';
import { launchEmulator } from './server/emulator-runtime.js';

export type { EmulatorHandle, EmulatorMarketInfo, EmulatorOptions } from './emulator-types.js';
export {
  PROFILE_PROMPT,
  PROFILE_REALISTIC,
  PROFILES,
  type FaultConfig,
  type FaultController,
  type FaultPatch,
  type ProfileKnobs,
} from './faults/fault-controller.js';
export {
  RULES_PROMPT,
  RULES_REALISTIC,
  STANDARD_TIER,
  type ProductionRules,
  type SignerRateLimits,
} from './faults/production-rules.js';
export {
  TIMING_PROFILES,
  TIMING_PROMPT,
  TIMING_REALISTIC,
  type LagRange,
  type ReportTiming,
  type TimingProfile,
} from './faults/report-timing.js';
export type { OrderRecordEntry } from './server/order-record.js';

/** Starts a Polymarket CLOB V2 compatible paper exchange on loopback (REST + /ws/market + /ws/user). */
export async function startEmulator(options?: EmulatorOptions): Promise<EmulatorHandle> {
  return (await launchEmulator(options)).handle;
}
