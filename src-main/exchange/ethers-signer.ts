import type { TypedDataDomain, TypedDataField, Wallet } from 'ethers';
import { bytesToHex, isOrderV2Types, orderDigest } from '@shared/protocol/order-digest';
import * as ecc from 'tiny-secp256k1';
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

/**
 * Signs a 32-byte digest exactly as ethers' SigningKey.sign does: RFC 6979 deterministic nonce,
 * low s, recovery bit; 0x r ‖ s ‖ v with v = 27 or 28. libsecp256k1 (in WebAssembly, so the same
 * build runs in Node and Electron with nothing to compile) does the curve work.
 */
export function signDigest(digest: Uint8Array, privateKey: Uint8Array): string | null {
  const { signature, recoveryId } = ecc.signRecoverable(digest, privateKey);
  // Ids 2 and 3 (r beyond the group order, odds about 2^-127) have no v; ethers answers those.
  if (recoveryId > 1) return null;
  return bytesToHex(signature) + (recoveryId === 1 ? '1c' : '1b');
}

/**
 * Wraps an ethers v6 Wallet: v6 has `signTypedData` but no `_signTypedData`, so the client would
 * mistake it for a viem WalletClient and fail with "wallet client is missing account address".
 *
 * V2 orders (`{Order: <the V2 fields>}`) are signed on a fast path: the digest is computed
 * directly (order-digest.ts) and signed with libsecp256k1, byte-identical to ethers; any other typed
 * data (the L1 ClobAuth message, unexpected values) goes to `wallet.signTypedData`.
 */
export function toClobSigner(wallet: Wallet, timer?: StageTimer): ClobTypedDataSigner {
  const privateKey = Uint8Array.from(Buffer.from(wallet.privateKey.slice(2), 'hex'));
  const address = Promise.resolve(wallet.address);
  const sign = (
    domain: Record<string, unknown>,
    types: Record<string, Array<{ name: string; type: string }>>,
    value: Record<string, unknown>,
  ): Promise<string> => {
    if (isOrderV2Types(types)) {
      const digest = orderDigest(domain, value);
      const signature = digest === null ? null : signDigest(digest, privateKey);
      if (signature !== null) return Promise.resolve(signature);
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
