import { bytesToHex, ORDER_V2_FIELDS, orderDigest } from '@shared/protocol/order-digest';
import { computeAddress, concat, keccak256, recoverAddress, TypedDataEncoder } from 'ethers';
import * as ecc from 'tiny-secp256k1';

/** V2 exchange contracts (the same on Polygon and Amoy per the 1.1.0 client's config). */
export const EXCHANGE_V2 = '0xE111180000d2663C0091e4f400237545B87B996B';
export const NEG_RISK_EXCHANGE_V2 = '0xe2222d279d744050d28e00520010520000310F59';
export const NEG_RISK_ADAPTER = '0xd91E80cF2E7be2e162c6513ceD06f1dD0dA35296';
export const COLLATERAL_TOKEN = '0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB';

/** The V2 Order struct (doc V2.4), as ethers' encoder takes it. */
export const ORDER_TYPES_V2 = { Order: [...ORDER_V2_FIELDS] };

export interface SignedOrderV2 {
  salt: bigint;
  maker: string;
  signer: string;
  tokenId: bigint;
  makerAmount: bigint;
  takerAmount: bigint;
  side: 0 | 1;
  signatureType: number;
  timestamp: bigint;
  metadata: string;
  builder: string;
  signature: string;
}

export function exchangeDomainV2(chainId: number, negRisk: boolean) {
  return {
    name: 'Polymarket CTF Exchange',
    version: '2',
    chainId,
    verifyingContract: negRisk ? NEG_RISK_EXCHANGE_V2 : EXCHANGE_V2,
  };
}

function message(order: SignedOrderV2) {
  return {
    salt: order.salt,
    maker: order.maker,
    signer: order.signer,
    tokenId: order.tokenId,
    makerAmount: order.makerAmount,
    takerAmount: order.takerAmount,
    side: order.side,
    signatureType: order.signatureType,
    timestamp: order.timestamp,
    metadata: order.metadata,
    builder: order.builder,
  };
}

let check: 'fast' | 'reference' = 'fast';

/**
 * `reference` makes every order go through ethers' encoder and recovery, as before the fast path:
 * the order-throughput benchmark measures both in one run. Nothing else changes it.
 */
export function setSignatureCheck(mode: 'fast' | 'reference'): void {
  check = mode;
}

const ORDER_ENCODER = TypedDataEncoder.from(ORDER_TYPES_V2);
const domainSeparators = new Map<string, string>();

function domainSeparator(chainId: number, negRisk: boolean): string {
  const key = `${chainId}:${negRisk}`;
  let sep = domainSeparators.get(key);
  if (sep === undefined) {
    sep = TypedDataEncoder.hashDomain(exchangeDomainV2(chainId, negRisk));
    domainSeparators.set(key, sep);
  }
  return sep;
}

/**
 * The order id: the EIP-712 digest of the signed order. Computed directly from the fixed V2
 * layout (order-digest.ts, the same code the app signs with); ethers' generic encoder answers for
 * anything that layout does not take plainly (it then hashes it or throws its own error).
 */
export function orderHashV2(order: SignedOrderV2, chainId: number, negRisk: boolean): string {
  const fast =
    check === 'fast' ? orderDigest(exchangeDomainV2(chainId, negRisk), message(order)) : null;
  if (fast !== null) return bytesToHex(fast);
  return keccak256(
    concat(['0x1901', domainSeparator(chainId, negRisk), ORDER_ENCODER.hash(message(order))]),
  );
}

const HALF_N = BigInt('0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0');
const RS_HEX = /^0x[0-9a-fA-F]{128}(1b|1c)$/;
const addressOfKey = new Map<string, string>();

/**
 * Recovery in WebAssembly (libsecp256k1) for the plain shape every signer produces: 65 bytes,
 * v 27 or 28, low s. Anything else goes to ethers, whose rules (and refusals) stay the reference.
 */
function recoverFast(digest: string, signature: string): string | null | undefined {
  if (!RS_HEX.test(signature) || BigInt('0x' + signature.slice(66, 130)) > HALF_N) {
    return undefined;
  }
  const sig = Buffer.from(signature.slice(2, 130), 'hex');
  const recoveryId = signature.endsWith('1c') ? 1 : 0;
  const publicKey = ecc.recover(Buffer.from(digest.slice(2), 'hex'), sig, recoveryId, false);
  if (publicKey === null) return null;
  const keyHex = Buffer.from(publicKey).toString('hex');
  let address = addressOfKey.get(keyHex);
  if (address === undefined) {
    address = computeAddress('0x' + keyHex);
    if (addressOfKey.size >= 4_096) addressOfKey.clear();
    addressOfKey.set(keyHex, address);
  }
  return address;
}

/** Recovers the address that signed the order's digest; null when the signature is malformed. */
export function recoverOrderSigner(
  order: SignedOrderV2,
  chainId: number,
  negRisk: boolean,
  digest?: string,
): string | null {
  const hash = digest ?? orderHashV2(order, chainId, negRisk);
  try {
    const fast = check === 'fast' ? recoverFast(hash, order.signature) : undefined;
    if (fast !== undefined) return fast;
    return recoverAddress(hash, order.signature);
  } catch {
    return null;
  }
}
