import { secp256k1 } from '@noble/curves/secp256k1';
import type { TypedDataDomain, TypedDataField, Wallet } from 'ethers';
import { isOrderV2Types, orderDigest } from './order-digest';
import type { StageTimer } from './stage-timing';

/** The ethers-v5 signer shape the clob client detects first (doc §1.6, V2.1). */
export interface ClobTypedDataSigner {
  getAddress(): Promise<string>;
  _signTypedData(
    domain: Record<string, unknown>,
    types: Record<string, Array<{ name: string; type: string }>>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

const N_HEX = 64;

/**
 * Signs a 32-byte digest exactly as ethers' SigningKey.sign does (it uses the same noble curve):
 * RFC 6979 deterministic nonce, low s, recovery bit; 0x r ‖ s ‖ v with v = 27 or 28. noble keeps
 * a precomputed window table of the base point, built on the first signature.
 */
export function signDigest(digest: Uint8Array, privateKey: bigint): string {
  const sig = secp256k1.sign(digest, privateKey, { lowS: true });
  return (
    '0x' +
    sig.r.toString(16).padStart(N_HEX, '0') +
    sig.s.toString(16).padStart(N_HEX, '0') +
    (sig.recovery ? '1c' : '1b')
  );
}

/**
 * Wraps an ethers v6 Wallet: v6 has `signTypedData` but no `_signTypedData`, so the client would
 * mistake it for a viem WalletClient and fail with "wallet client is missing account address".
 *
 * V2 orders (`{Order: <the V2 fields>}`) are signed on a fast path: the digest is computed
 * directly (order-digest.ts) and signed with noble, byte-identical to ethers; any other typed
 * data (the L1 ClobAuth message, unexpected values) goes to `wallet.signTypedData`.
 */
export function toClobSigner(wallet: Wallet, timer?: StageTimer): ClobTypedDataSigner {
  const privateKey = BigInt(wallet.privateKey);
  const address = Promise.resolve(wallet.address);
  const sign = (
    domain: Record<string, unknown>,
    types: Record<string, Array<{ name: string; type: string }>>,
    value: Record<string, unknown>,
  ): Promise<string> => {
    if (isOrderV2Types(types)) {
      const digest = orderDigest(domain, value);
      if (digest !== null) return Promise.resolve(signDigest(digest, privateKey));
    }
    return wallet.signTypedData(
      domain as TypedDataDomain,
      types as Record<string, TypedDataField[]>,
      value,
    );
  };
  if (!timer) return { getAddress: () => address, _signTypedData: sign };
  return {
    getAddress: () => address,
    _signTypedData: async (domain, types, value) => {
      timer.mark('order-built');
      const signature = await sign(domain, types, value);
      timer.mark('order-signed');
      return signature;
    },
  };
}
