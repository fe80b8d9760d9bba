import { keccak_256 } from '@noble/hashes/sha3';
import { getAddress, TypedDataEncoder } from 'ethers';

/**
 * The EIP-712 digest of a V2 Order computed directly (doc V2.4): the struct hash is the fixed
 * 12-word ABI encoding of the known Order type, the domain separator is cached per domain. Every
 * input this module is not certain about makes it return null, so that the caller falls back to
 * ethers' generic encoder (which then signs it, or throws its own error).
 */

/** The V2 Order struct, field order as signed. */
export const ORDER_V2_FIELDS: ReadonlyArray<{ name: string; type: string }> = [
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
];

const ORDER_TYPE_STRING = `Order(${ORDER_V2_FIELDS.map((f) => `${f.type} ${f.name}`).join(',')})`;
const ORDER_TYPE_HASH = keccak_256(new TextEncoder().encode(ORDER_TYPE_STRING));

const UINT256_LIMIT = 1n << 256n;
const DECIMAL = /^(0|[1-9]\d*)$/;
const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HEX_BYTES32 = /^0x[0-9a-fA-F]{64}$/;

const HEX_CHARS = '0123456789abcdef';
const BYTE_HEX: string[] = Array.from(
  { length: 256 },
  (_, i) => (HEX_CHARS[i >> 4] ?? '') + (HEX_CHARS[i & 15] ?? ''),
);

export function bytesToHex(bytes: Uint8Array): string {
  let out = '0x';
  for (let i = 0; i < bytes.length; i++) out += BYTE_HEX[bytes[i] as number] ?? '';
  return out;
}

function hexNibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return code - 55; // A–F; the caller has checked the alphabet
}

function writeHex(hex: string, out: Uint8Array, offset: number): void {
  for (let i = 2, j = offset; i < hex.length; i += 2, j++) {
    out[j] = (hexNibble(hex.charCodeAt(i)) << 4) | hexNibble(hex.charCodeAt(i + 1));
  }
}

/** Small caches of checked addresses and bytes32 values (the same few repeat on every order). */
const CACHE_LIMIT = 256;
const addressCache = new Map<string, Uint8Array>();
const bytes32Cache = new Map<string, Uint8Array>();

function remember(cache: Map<string, Uint8Array>, key: string, value: Uint8Array): Uint8Array {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function addressBytes(value: unknown): Uint8Array | null {
  if (typeof value !== 'string') return null;
  const cached = addressCache.get(value);
  if (cached) return cached;
  if (!HEX_ADDRESS.test(value)) return null;
  try {
    getAddress(value); // mixed case must carry a valid checksum, exactly as ethers demands
  } catch {
    return null;
  }
  const bytes = new Uint8Array(20);
  writeHex(value, bytes, 0);
  return remember(addressCache, value, bytes);
}

function bytes32(value: unknown): Uint8Array | null {
  if (typeof value !== 'string') return null;
  const cached = bytes32Cache.get(value);
  if (cached) return cached;
  if (!HEX_BYTES32.test(value)) return null;
  const bytes = new Uint8Array(32);
  writeHex(value, bytes, 0);
  return remember(bytes32Cache, value, bytes);
}

function uint(value: unknown, limit: bigint): bigint | null {
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return null;
    n = BigInt(value);
  } else if (typeof value === 'string') {
    if (!DECIMAL.test(value)) return null;
    n = BigInt(value);
  } else return null;
  return n >= 0n && n < limit ? n : null;
}

function writeUint(n: bigint, out: Uint8Array, offset: number): void {
  let rest = n;
  for (let i = offset + 31; i >= offset && rest > 0n; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/** Is `types` exactly `{ Order: <the V2 fields> }` (the client removes EIP712Domain)? */
const checkedTypes = new WeakSet<object>();
export function isOrderV2Types(types: Record<string, unknown>): boolean {
  if (checkedTypes.has(types)) return true;
  const keys = Object.keys(types);
  if (keys.length !== 1 || keys[0] !== 'Order') return false;
  const fields = types.Order;
  if (!Array.isArray(fields) || fields.length !== ORDER_V2_FIELDS.length) return false;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as { name?: unknown; type?: unknown } | null;
    const expected = ORDER_V2_FIELDS[i];
    if (!field || !expected || field.name !== expected.name || field.type !== expected.type) {
      return false;
    }
  }
  checkedTypes.add(types);
  return true;
}

/** The 32-byte struct hash of a V2 order message, or null when a value is not plainly valid. */
export function orderStructHash(message: Record<string, unknown>): Uint8Array | null {
  const buf = new Uint8Array(32 * 12);
  buf.set(ORDER_TYPE_HASH, 0);
  const salt = uint(message.salt, UINT256_LIMIT);
  const maker = addressBytes(message.maker);
  const signer = addressBytes(message.signer);
  const tokenId = uint(message.tokenId, UINT256_LIMIT);
  const makerAmount = uint(message.makerAmount, UINT256_LIMIT);
  const takerAmount = uint(message.takerAmount, UINT256_LIMIT);
  const side = uint(message.side, 256n);
  const signatureType = uint(message.signatureType, 256n);
  const timestamp = uint(message.timestamp, UINT256_LIMIT);
  const metadata = bytes32(message.metadata);
  const builder = bytes32(message.builder);
  if (
    salt === null ||
    maker === null ||
    signer === null ||
    tokenId === null ||
    makerAmount === null ||
    takerAmount === null ||
    side === null ||
    signatureType === null ||
    timestamp === null ||
    metadata === null ||
    builder === null
  ) {
    return null;
  }
  writeUint(salt, buf, 32);
  buf.set(maker, 64 + 12);
  buf.set(signer, 96 + 12);
  writeUint(tokenId, buf, 128);
  writeUint(makerAmount, buf, 160);
  writeUint(takerAmount, buf, 192);
  writeUint(side, buf, 224);
  writeUint(signatureType, buf, 256);
  writeUint(timestamp, buf, 288);
  buf.set(metadata, 320);
  buf.set(builder, 352);
  return keccak_256(buf);
}

const domainSeparators = new Map<string, Uint8Array>();

/**
 * The domain separator, computed once per (name, version, chainId, verifyingContract) with ethers'
 * own encoder; null for domains with other keys (left to ethers).
 */
export function domainSeparator(domain: Record<string, unknown>): Uint8Array | null {
  const { name, version, chainId, verifyingContract } = domain;
  const key = `${String(name)}\u0000${String(version)}\u0000${String(chainId)}\u0000${String(verifyingContract)}`;
  const cached = domainSeparators.get(key);
  if (cached) return cached;
  for (const k of Object.keys(domain)) {
    if (k !== 'name' && k !== 'version' && k !== 'chainId' && k !== 'verifyingContract') {
      return null;
    }
  }
  if (
    typeof name !== 'string' ||
    typeof version !== 'string' ||
    (typeof chainId !== 'number' && typeof chainId !== 'bigint' && typeof chainId !== 'string') ||
    typeof verifyingContract !== 'string'
  ) {
    return null;
  }
  let hex: string;
  try {
    hex = TypedDataEncoder.hashDomain({ name, version, chainId, verifyingContract });
  } catch {
    return null;
  }
  const bytes = new Uint8Array(32);
  writeHex(hex, bytes, 0);
  if (domainSeparators.size >= CACHE_LIMIT) domainSeparators.clear();
  domainSeparators.set(key, bytes);
  return bytes;
}

/** keccak256(0x1901 ‖ domainSeparator ‖ structHash) of a V2 order, or null (use ethers). */
export function orderDigest(
  domain: Record<string, unknown>,
  message: Record<string, unknown>,
): Uint8Array | null {
  const separator = domainSeparator(domain);
  if (separator === null) return null;
  const struct = orderStructHash(message);
  if (struct === null) return null;
  const buf = new Uint8Array(66);
  buf[0] = 0x19;
  buf[1] = 0x01;
  buf.set(separator, 2);
  buf.set(struct, 34);
  return keccak_256(buf);
}
