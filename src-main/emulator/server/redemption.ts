import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { formatMicros } from '../engine/decimal.js';
import type { MatchingEngine } from '../engine/matching-engine.js';
import type { ApiReply, ApiRequest } from './rest-api.js';

export interface RedemptionDeps {
  engine: MatchingEngine;
  /** The L2-authenticated signer of a request (lower-case address), or null. */
  authenticate(req: ApiRequest): { address: string } | null;
  /** The accounts (the signer and the funders it placed orders for) a signer holds tokens in. */
  accountsOf(signer: string): Set<string>;
  logger: Logger;
}

const RedeemSchema = z.object({ conditionId: z.string().regex(/^0x[0-9a-fA-F]{64}$/) });

const fail = (status: number, error: string): ApiReply => ({ status, body: { error } });

/** Refusal text of a redeem before the market has resolved. */
export const NOT_RESOLVED = 'market not resolved yet: nothing can be redeemed before resolution';

/**
 * `POST /_emulator/redeem {conditionId}` with L2 headers: the paper exchange's stand-in for the
 * on-chain redeem (CTF `redeemPositions`, or the NegRiskAdapter's for neg-risk markets), which
 * Polymarket's REST API does not offer. Every account of the caller is redeemed: its tokens of
 * both outcomes are burned and each winning share pays 1 pUSD.
 */
export class Redemption {
  private seq = 0;

  constructor(private readonly d: RedemptionDeps) {}

  handle(req: ApiRequest): ApiReply {
    const who = this.d.authenticate(req);
    if (!who) return fail(401, 'Unauthorized/Invalid api key');
    let body: unknown;
    try {
      body = req.body.trim() === '' ? {} : JSON.parse(req.body);
    } catch {
      body = null;
    }
    const parsed = RedeemSchema.safeParse(body);
    if (!parsed.success) return fail(400, 'expected {"conditionId": "0x<64 hex digits>"}');
    const conditionId = parsed.data.conditionId.toLowerCase();
    const market = this.d.engine.market(conditionId);
    if (!market) return fail(404, 'market not found');
    if (market.winningTokenId === undefined) return fail(400, NOT_RESOLVED);
    const redeemed: {
      account: string;
      tokenId: string;
      outcome: 'Yes' | 'No';
      sharesMicros: string;
      payoutMicros: string;
    }[] = [];
    let payout = 0n;
    for (const account of this.d.accountsOf(who.address)) {
      const result = this.d.engine.redeem(account, conditionId);
      if (!result.ok) return fail(400, NOT_RESOLVED);
      payout += result.payoutMicros;
      for (const b of result.burned) {
        const won = b.tokenId === result.winningTokenId;
        redeemed.push({
          account,
          tokenId: b.tokenId,
          outcome: b.tokenId === market.yesTokenId ? 'Yes' : 'No',
          sharesMicros: b.sharesMicros.toString(),
          payoutMicros: (won ? b.sharesMicros : 0n).toString(),
        });
      }
    }
    const transactionHash =
      '0x' +
      createHash('sha256')
        .update(`polydesk:redeem:${who.address}:${conditionId}:${++this.seq}`)
        .digest('hex');
    this.d.logger.info(
      { signer: who.address, conditionId, payout: formatMicros(payout), burned: redeemed.length },
      'positions redeemed',
    );
    return {
      status: 200,
      body: {
        conditionId,
        winningTokenId: market.winningTokenId,
        winner: market.winningTokenId === market.yesTokenId ? 'Yes' : 'No',
        payoutMicros: payout.toString(),
        payout: formatMicros(payout),
        redeemed,
        transactionHash,
      },
    };
  }
}
