import { concat, keccak256, recoverAddress, TypedDataEncoder } from 'ethers';

/** V2 exchange contracts (the same on Polygon and Amoy per the 1.1.0 client's config). */
export const EXCHANGE_V2 = '0xE111180000d2663C0091e4f400237545B87B996B';
export const NEG_RISK_EXCHANGE_V2 = '0xe2222d279d744050d28e00520010520000310F59';
export const NEG_RISK_ADAPTER = '0xd91E80cF2E7be2e162c6513ceD06f1dD0dA35296';
export const COLLATERAL_TOKEN = '0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB';

export const ORDER_TYPES_V2 = {
  Order: [
    { name: 'salt', type: 'uint256' },
    { name: 'maker', type: 'address' },
    { name: 'signer', type: 'address' },
    { name: 'tokenId', type: 'uint256' },
    { name: 'makerAmount', type: 'uint256' },
    { name: 'takerAmount', type: 'uint256' },
    { name: 'side', type: 'uint8' },
    { name: 'signatureType', type: 'uint8' },
    { name: 'timestamp', type: 'uint256' },
    { name: 'metadata', type: 'bytes32' },
    { name: 'builder', type: 'bytes32' },
  ],
};

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

/** The order id: the EIP-712 digest of the signed order (encoder and domain separator cached). */
export function orderHashV2(order: SignedOrderV2, chainId: number, negRisk: boolean): string {
  return keccak256(
    concat(['0x1901', domainSeparator(chainId, negRisk), ORDER_ENCODER.hash(message(order))]),
  );
}

/** Recovers the address that signed the order's digest; null when the signature is malformed. */
export function recoverOrderSigner(
  order: SignedOrderV2,
  chainId: number,
  negRisk: boolean,
  digest?: string,
): string | null {
  try {
    return recoverAddress(digest ?? orderHashV2(order, chainId, negRisk), order.signature);
  } catch {
    return null;
  }
}
