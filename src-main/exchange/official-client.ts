import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Clob from '@polymarket/clob-client-v2';
import type { AxiosStatic } from 'axios';
import { fastPolyHmac, type PolyHmacSignature } from './poly-hmac';

/**
 * Polymarket's official client as the desk uses it: its CommonJS build, with the one function that
 * signs every authenticated request's headers (`buildPolyHmacSignature`) replaced by
 * `fastPolyHmac`, which returns the same string without a trip through WebCrypto's thread pool.
 *
 * The CommonJS build is the one whose internal modules are plain objects (the ESM build's bindings
 * are read-only), and its headers module reads the function from its hmac module at each call.
 * When a release moves or freezes that function, `fastHmac` is false and the client signs as it
 * ships: the same headers, only slower. `poly-hmac.test.ts` checks byte-identical headers against
 * the client's own function. The desk's one other change, to its own client instances, is
 * `answerPlacementsAtOnce` below; everything else goes through the client as published.
 */
const requireHere = createRequire(import.meta.url);
const entry = requireHere.resolve('@polymarket/clob-client-v2');
const clob = requireHere(entry) as typeof Clob;

/** The axios the client sends through, resolved from the client's own directory. */
export const clientAxios = createRequire(entry)('axios') as AxiosStatic;

function installFastHmac(): boolean {
  const path = join(dirname(entry), 'signing', 'hmac.cjs');
  try {
    const hmacModule = requireHere(path) as { buildPolyHmacSignature?: unknown };
    const stock = hmacModule.buildPolyHmacSignature;
    if (typeof stock !== 'function') return false;
    const fast = fastPolyHmac(stock as PolyHmacSignature);
    hmacModule.buildPolyHmacSignature = fast;
    return hmacModule.buildPolyHmacSignature === fast;
  } catch {
    return false;
  }
}

/** True when the client's L2 headers are signed by `fastPolyHmac`. */
export const fastHmac = installFastHmac();

export const {
  AssetType,
  Chain,
  ClobClient,
  OrderType,
  Side,
  createL2Headers,
  getContractConfig,
  isV2Order,
} = clob;
export type ClobClient = Clob.ClobClient;
export type AssetType = Clob.AssetType;
export type Chain = Clob.Chain;
export type OrderType = Clob.OrderType;
export type Side = Clob.Side;
export type { ApiKeyCreds, SignedOrder } from '@polymarket/clob-client-v2';

/**
 * The client's step after a POST /order (or /orders) whose reply lists trade ids without
 * transaction hashes (Polymarket's async settlement): it polls GET /data/trades?id= for each
 * trade every 250 ms, for up to 30 s, until the trade is mined, and only then returns the reply
 * (polymarket-clob.md V2.2). The desk takes the reply as it came: its fills come from the user
 * stream and GET /data/trades, and it never uses the hashes; waiting would make a matched
 * placement seconds late (or `unknown` past placeTimeoutMs) and spend the signer's read budget.
 * The request is unchanged: `deferExec`, which has its own meaning at the exchange, stays false.
 */
export function answerPlacementsAtOnce(client: ClobClient): void {
  const hook = client as unknown as { resolveTransactionsHashes?: unknown };
  if (typeof hook.resolveTransactionsHashes !== 'function') return;
  hook.resolveTransactionsHashes = (response: unknown): Promise<unknown> =>
    Promise.resolve(response);
}
