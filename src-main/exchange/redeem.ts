import { createL2Headers, type ApiKeyCreds } from './official-client';
import { z } from 'zod';
import { PolydeskError } from '@shared/errors';
import type { ClobTypedDataSigner } from './ethers-signer';
import type { RedeemOutcome } from './exchange-port';

/**
 * What the UI shows when a resolved position is to be redeemed in live mode. Polymarket's REST
 * API has no redeem call: redeeming is an on-chain transaction from the wallet (the Conditional
 * Tokens contract's redeemPositions, or the Neg Risk Adapter's for neg-risk markets), which
 * Polymarket's site sends for its users.
 */
export const LIVE_REDEEM_MESSAGE =
  'Polydesk does not submit the redeem transaction. Redeem resolved positions on polymarket.com ' +
  '(Portfolio → Redeem), which calls the Conditional Tokens contract (the Neg Risk Adapter for ' +
  'neg-risk markets) from your wallet: each winning share pays 1 pUSD, losing shares pay nothing.';

/** Live mode: Polydesk does not redeem (see LIVE_REDEEM_MESSAGE). */
export class RedeemNotSubmittedError extends PolydeskError {
  constructor() {
    super('BAD_REQUEST', LIVE_REDEEM_MESSAGE);
    this.name = 'RedeemNotSubmittedError';
  }
}

/** The paper exchange's stand-in for the on-chain redeem (src-main/emulator/README.md). */
export const PAPER_REDEEM_PATH = '/_emulator/redeem';

const micros = z
  .string()
  .regex(/^\d+$/)
  .transform((text, ctx) => {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
    ctx.addIssue({ code: 'custom', message: 'amount out of range' });
    return z.NEVER;
  });

const PaperRedeemReplySchema = z.object({
  conditionId: z.string(),
  winningTokenId: z.string(),
  payoutMicros: micros,
  redeemed: z.array(z.object({ tokenId: z.string(), sharesMicros: micros })),
  transactionHash: z.string(),
});

const ErrorBodySchema = z.object({ error: z.string() });

export interface PaperRedeemRequest {
  restUrl: string;
  signer: ClobTypedDataSigner;
  creds: ApiKeyCreds;
  conditionId: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** POST /_emulator/redeem with L2 headers; the exchange's refusals become typed errors. */
export async function paperRedeem(request: PaperRedeemRequest): Promise<RedeemOutcome> {
  const body = JSON.stringify({ conditionId: request.conditionId });
  const endpoint = `POST ${PAPER_REDEEM_PATH}`;
  let status: number;
  let reply: unknown;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const headers = await createL2Headers(request.signer, request.creds, {
      method: 'POST',
      requestPath: PAPER_REDEEM_PATH,
      body,
    });
    const res = await (request.fetch ?? fetch)(`${request.restUrl}${PAPER_REDEEM_PATH}`, {
      method: 'POST',
      headers: {
        ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
        'content-type': 'application/json',
      },
      body,
      signal: controller.signal,
    });
    status = res.status;
    reply = await res.json().catch(() => null);
  } catch (err) {
    const why = controller.signal.aborted
      ? `no answer within ${request.timeoutMs} ms`
      : err instanceof Error
        ? err.message
        : String(err);
    throw new PolydeskError('EXCHANGE_UNAVAILABLE', `${endpoint}: ${why}`);
  } finally {
    clearTimeout(timer);
  }
  if (status !== 200) {
    const error = ErrorBodySchema.safeParse(reply);
    const message = `${endpoint}: ${error.success ? error.data.error : `HTTP ${status}`}`;
    if (status === 404) throw new PolydeskError('NOT_FOUND', message);
    if (status >= 400 && status < 500) throw new PolydeskError('EXCHANGE_REJECTED', message);
    throw new PolydeskError('EXCHANGE_UNAVAILABLE', message);
  }
  const parsed = PaperRedeemReplySchema.safeParse(reply);
  if (!parsed.success) {
    throw new PolydeskError('EXCHANGE_UNAVAILABLE', `${endpoint}: malformed reply`);
  }
  return {
    conditionId: parsed.data.conditionId,
    winningTokenId: parsed.data.winningTokenId,
    payoutMicros: parsed.data.payoutMicros,
    burned: parsed.data.redeemed,
    transactionHash: parsed.data.transactionHash,
  };
}
