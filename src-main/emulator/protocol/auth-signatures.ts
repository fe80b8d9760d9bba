import { createHash, createHmac } from 'node:crypto';
import { verifyTypedData } from 'ethers';

/** The text every L1 (ClobAuth) signature attests to. */
export const CLOB_AUTH_MESSAGE = 'This message attests that I control the given wallet';

export const CLOB_AUTH_TYPES = {
  ClobAuth: [
    { name: 'address', type: 'address' },
    { name: 'timestamp', type: 'string' },
    { name: 'nonce', type: 'uint256' },
    { name: 'message', type: 'string' },
  ],
};

export interface ApiCredentials {
  apiKey: string;
  secret: string;
  passphrase: string;
}

/** Recovers the signer of an L1 ClobAuth signature; null when the signature is malformed. */
export function recoverClobAuthSigner(
  chainId: number,
  address: string,
  timestamp: string,
  nonce: bigint,
  signature: string,
): string | null {
  try {
    return verifyTypedData(
      { name: 'ClobAuthDomain', version: '1', chainId },
      CLOB_AUTH_TYPES,
      { address, timestamp, nonce, message: CLOB_AUTH_MESSAGE },
      signature,
    );
  } catch {
    return null;
  }
}

/** The L2 HMAC exactly as the official client computes it: url-safe base64 that keeps `=` padding. */
export function l2Signature(
  secret: string,
  timestamp: string,
  method: string,
  requestPath: string,
  body?: string,
): string {
  const normalized = secret
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/[^A-Za-z0-9+/=]/g, '');
  const key = Buffer.from(normalized, 'base64');
  const message = timestamp + method + requestPath + (body ?? '');
  return createHmac('sha256', key)
    .update(message)
    .digest('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/**
 * Credentials are a pure function of (chain, address, nonce) and a server seed, the way Polymarket
 * derives them from the L1 signature's identity: create and derive always agree, across restarts too.
 */
export function deriveCredentials(
  seed: string,
  chainId: number,
  address: string,
  nonce: bigint,
): ApiCredentials {
  const base = `${seed}:${chainId}:${address.toLowerCase()}:${nonce.toString()}`;
  const h = (label: string): Buffer => createHash('sha256').update(`${label}:${base}`).digest();
  const k = h('key').toString('hex');
  const apiKey = `${k.slice(0, 8)}-${k.slice(8, 12)}-4${k.slice(13, 16)}-8${k.slice(17, 20)}-${k.slice(20, 32)}`;
  const secret = h('secret').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  const passphrase = h('passphrase').toString('hex');
  return { apiKey, secret, passphrase };
}
