import { z } from 'zod';
import { parseMicros } from '../engine/decimal.js';
import type { MatchingEngine } from '../engine/matching-engine.js';
import { parseFaultPatch, type FaultSwitchboard } from '../faults/fault-controller.js';
import { GammaFaultPatchSchema, type GammaFaults } from './gamma-faults.js';
import type { OrderRecordEntry } from './order-record.js';
import type { RequestTimings } from './request-timings.js';
import type { ApiReply } from './rest-api.js';

export interface ControlDeps {
  faults: FaultSwitchboard;
  engine: MatchingEngine;
  fund(address: string, collateralMicros: bigint): void;
  setFlow(enabled: boolean): void;
  markets(): unknown;
  orderRecord(maker?: string): OrderRecordEntry[];
  gammaFaults: GammaFaults;
  timings: RequestTimings;
}

const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

const Fund = z.object({
  address: Address,
  /** pUSD as a decimal string, e.g. "250.5". */
  collateral: z.string().optional(),
  /** pUSD micro-units as an integer string. */
  collateralMicros: z.string().regex(/^\d+$/).optional(),
});

const ok = (body: unknown): ApiReply => ({ status: 200, body });
const bad = (error: string): ApiReply => ({ status: 400, body: { error } });

function json(text: string): unknown {
  try {
    return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/** `/_emulator/*`: steer a running emulator from another process (no auth; loopback only). */
export class ControlApi {
  constructor(private readonly d: ControlDeps) {}

  handle(
    method: string,
    path: string,
    body: string,
    query: URLSearchParams = new URLSearchParams(),
  ): ApiReply {
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /_emulator/faults':
        return ok(this.d.faults.current());
      case 'POST /_emulator/faults': {
        const p = parseFaultPatch(json(body));
        if (!p.ok) return bad(`invalid fault config: ${p.error}`);
        this.d.faults.set(p.patch);
        return ok(this.d.faults.current());
      }
      case 'POST /_emulator/faults/reset':
        this.d.faults.reset();
        return ok(this.d.faults.current());
      case 'POST /_emulator/fund': {
        const p = Fund.safeParse(json(body));
        if (!p.success) return bad('invalid fund request');
        const micros =
          p.data.collateralMicros !== undefined
            ? BigInt(p.data.collateralMicros)
            : parseMicros(p.data.collateral ?? '');
        if (micros === null) return bad('invalid amount');
        this.d.fund(p.data.address, micros);
        return ok({
          address: p.data.address,
          balance: this.d.engine.ledger
            .balance(p.data.address.toLowerCase(), 'COLLATERAL')
            .toString(),
        });
      }
      case 'POST /_emulator/disconnect':
        this.d.faults.disconnectStreams();
        return ok({ disconnected: true });
      case 'POST /_emulator/stall': {
        const p = z.object({ stalled: z.boolean() }).safeParse(json(body));
        if (!p.success) return bad('expected {"stalled": boolean}');
        this.d.faults.stallStreams(p.data.stalled);
        return ok({ stalled: p.data.stalled });
      }
      case 'POST /_emulator/flow': {
        const p = z.object({ enabled: z.boolean() }).safeParse(json(body));
        if (!p.success) return bad('expected {"enabled": boolean}');
        this.d.setFlow(p.data.enabled);
        return ok({ enabled: p.data.enabled });
      }
      case 'POST /_emulator/tick-size': {
        const p = z.object({ conditionId: z.string(), tickSize: z.string() }).safeParse(json(body));
        const tick = p.success ? parseMicros(p.data.tickSize) : null;
        if (!p.success || tick === null || tick <= 0n || !this.d.engine.market(p.data.conditionId))
          return bad('invalid tick size request');
        this.d.engine.setTickSize(p.data.conditionId, Number(tick));
        return ok({ conditionId: p.data.conditionId, tickSize: p.data.tickSize });
      }
      case 'POST /_emulator/resolve': {
        const p = z
          .object({ conditionId: z.string(), winner: z.enum(['Yes', 'No']) })
          .safeParse(json(body));
        const market = p.success ? this.d.engine.market(p.data.conditionId) : undefined;
        if (!p.success || !market)
          return bad('expected {"conditionId": "0x…", "winner": "Yes" | "No"} of a known market');
        const winningTokenId = p.data.winner === 'Yes' ? market.yesTokenId : market.noTokenId;
        if (!this.d.engine.resolve(market.conditionId, winningTokenId))
          return bad('market already resolved');
        return ok({ conditionId: market.conditionId, winner: p.data.winner, winningTokenId });
      }
      case 'GET /_emulator/gamma-faults':
        return ok(this.d.gammaFaults.current());
      case 'POST /_emulator/gamma-faults': {
        const p = GammaFaultPatchSchema.safeParse(json(body));
        if (!p.success) return bad('expected {"down"?: boolean, "delayMs"?: integer}');
        return ok(this.d.gammaFaults.set(p.data));
      }
      case 'GET /_emulator/timings':
        return ok(this.d.timings.snapshot());
      case 'POST /_emulator/timings/reset':
        this.d.timings.reset();
        return ok({ reset: true });
      case 'GET /_emulator/markets':
        return ok(this.d.markets());
      case 'GET /_emulator/orders': {
        const maker = query.get('maker');
        if (maker !== null && !Address.safeParse(maker).success)
          return bad('maker must be a 0x address of 40 hex digits');
        return ok(this.d.orderRecord(maker ?? undefined));
      }
    }
    return { status: 404, body: { error: 'Not Found' } };
  }
}
