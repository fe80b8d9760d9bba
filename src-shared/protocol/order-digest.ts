import { getAddress, TypedDataEncoder } from 'ethers';
import { keccak256 } from './keccak256';

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
const ORDER_TYPE_HASH = keccak256(new TextEncoder().encode(ORDER_TYPE_STRING));

const UINT256_LIMIT = 1n << 256n;
const UINT8_LIMIT = 256n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
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

/** Large decimal values that repeat (token ids) as their 32 big-endian bytes. */
const bigUintCache = new Map<string, Uint8Array>();
const TWO_32 = 0x1_0000_0000;

/** Writes a safe non-negative integer as the big-endian word at `offset` (the word is zero). */
function writeSmall(n: number, out: Uint8Array, offset: number): void {
  const low = n % TWO_32;
  const high = (n - low) / TWO_32;
  const end = offset + 31;
  out[end] = low & 0xff;
  out[end - 1] = (low >>> 8) & 0xff;
  out[end - 2] = (low >>> 16) & 0xff;
  out[end - 3] = low >>> 24;
  out[end - 4] = high & 0xff;
  out[end - 5] = (high >>> 8) & 0xff;
  out[end - 6] = (high >>> 16) & 0xff;
}

function bigWord(n: bigint): Uint8Array {
  const word = new Uint8Array(32);
  let rest = n;
  for (let i = 31; i >= 0 && rest > 0n; i--) {
    word[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return word;
}

/**
 * Writes a uint below `limit` (2^8 or 2^256) as the big-endian word at `offset` of a zeroed
 * buffer; false when the value is not plainly one. Safe integers skip BigInt altogether.
 */
function writeUint(value: unknown, limit: bigint, out: Uint8Array, offset: number): boolean {
  let n: bigint;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0 || (limit === UINT8_LIMIT && value > 255)) {
      return false;
    }
    writeSmall(value, out, offset);
    return true;
  }
  if (typeof value === 'string') {
    if (value.length <= 15 && value.length > 0 && (limit !== UINT8_LIMIT || value.length <= 3)) {
      if (!DECIMAL.test(value)) return false;
      const small = Number(value);
      if (limit === UINT8_LIMIT && small > 255) return false;
      writeSmall(small, out, offset);
      return true;
    }
    const cached = bigUintCache.get(value);
    if (cached && limit === UINT256_LIMIT) {
      out.set(cached, offset);
      return true;
    }
    if (!DECIMAL.test(value)) return false;
    n = BigInt(value);
    if (n >= limit) return false;
    const word = bigWord(n);
    if (limit === UINT256_LIMIT) {
      if (bigUintCache.size >= CACHE_LIMIT) bigUintCache.clear();
      bigUintCache.set(value, word);
    }
    out.set(word, offset);
    return true;
  }
  if (typeof value !== 'bigint') return false;
  n = value;
  if (n < 0n || n >= limit) return false;
  if (n <= MAX_SAFE) writeSmall(Number(n), out, offset);
  else out.set(bigWord(n), offset);
  return true;
}

/**
 * Is `types` exactly `{ Order: <the V2 fields> }` (the client removes EIP712Domain)? The client
 * builds a new `types` around the same constant field list each time: the list is remembered.
 */
const checkedFields = new WeakSet<object>();
export function isOrderV2Types(types: Record<string, unknown>): boolean {
  const keys = Object.keys(types);
  if (keys.length !== 1 || keys[0] !== 'Order') return false;
  const fields = types.Order;
  if (!Array.isArray(fields) || fields.length !== ORDER_V2_FIELDS.length) return false;
  if (checkedFields.has(fields)) return true;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as { name?: unknown; type?: unknown } | null;
    const expected = ORDER_V2_FIELDS[i];
    if (!field || !expected || field.name !== expected.name || field.type !== expected.type) {
      return false;
    }
  }
  checkedFields.add(fields);
  return true;
}

/** Scratch encoding of one struct (12 words) and of the final 0x1901 message (66 bytes). */
const structBuf = new Uint8Array(32 * 12);
const digestBuf = new Uint8Array(66);
digestBuf[0] = 0x19;
digestBuf[1] = 0x01;

/**
 * Encodes a V2 order message into `structBuf` (type hash first); false when a value is not
 * plainly valid.
 */
function encodeStruct(message: Record<string, unknown>): boolean {
  const buf = structBuf;
  buf.fill(0, 32);
  buf.set(ORDER_TYPE_HASH, 0);
  const maker = addressBytes(message.maker);
  const signer = addressBytes(message.signer);
  const metadata = bytes32(message.metadata);
  const builder = bytes32(message.builder);
  if (maker === null || signer === null || metadata === null || builder === null) return false;
  buf.set(maker, 64 + 12);
  buf.set(signer, 96 + 12);
  buf.set(metadata, 320);
  buf.set(builder, 352);
  return (
    writeUint(message.salt, UINT256_LIMIT, buf, 32) &&
    writeUint(message.tokenId, UINT256_LIMIT, buf, 128) &&
    writeUint(message.makerAmount, UINT256_LIMIT, buf, 160) &&
    writeUint(message.takerAmount, UINT256_LIMIT, buf, 192) &&
    writeUint(message.side, UINT8_LIMIT, buf, 224) &&
    writeUint(message.signatureType, UINT8_LIMIT, buf, 256) &&
    writeUint(message.timestamp, UINT256_LIMIT, buf, 288)
  );
}

/** The 32-byte struct hash of a V2 order message, or null when a value is not plainly valid. */
export function orderStructHash(message: Record<string, unknown>): Uint8Array | null {
  return encodeStruct(message) ? keccak256(structBuf) : null;
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
  if (separator === null || !encodeStruct(message)) return null;
  digestBuf.set(separator, 2);
  keccak256(structBuf, digestBuf, 34);
  return keccak256(digestBuf);
}
