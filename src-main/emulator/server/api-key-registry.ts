import { deriveCredentials, type ApiCredentials } from '../protocol/auth-signatures.js';

export interface ApiKeyRecord {
  creds: ApiCredentials;
  /** Lower-case signer address the key belongs to. */
  address: string;
  nonce: bigint;
}

/** Nonces tried when recognising a key created before a restart. */
const RECOGNISED_NONCES = 16n;

/** API keys created through L1: one per (address, nonce), credentials derived deterministically. */
export class ApiKeyRegistry {
  private readonly byKey = new Map<string, ApiKeyRecord>();
  /** Keys deleted by their owner: never recognised again until created anew. */
  private readonly deleted = new Set<string>();

  constructor(
    private readonly seed: string,
    private readonly chainId: number,
  ) {}

  private credsFor(address: string, nonce: bigint): ApiCredentials {
    return deriveCredentials(this.seed, this.chainId, address, nonce);
  }

  /** Creates the key; null if it already exists. */
  create(address: string, nonce: bigint): ApiCredentials | null {
    const creds = this.credsFor(address, nonce);
    if (this.byKey.has(creds.apiKey)) return null;
    this.deleted.delete(creds.apiKey);
    this.byKey.set(creds.apiKey, { creds, address: address.toLowerCase(), nonce });
    return creds;
  }

  /** Returns the existing key; null if it was never created. */
  derive(address: string, nonce: bigint): ApiCredentials | null {
    const creds = this.credsFor(address, nonce);
    return this.byKey.has(creds.apiKey) ? creds : null;
  }

  /** Creates the key if needed and returns it (for the standalone's test wallet). */
  ensure(address: string, nonce: bigint): ApiCredentials {
    return this.create(address, nonce) ?? this.credsFor(address, nonce);
  }

  /**
   * The key's record. A key unknown to this process but derived for `address` with a small nonce is
   * recognised and registered, so credentials stored by a client survive an emulator restart.
   */
  get(apiKey: string, address?: string): ApiKeyRecord | undefined {
    const known = this.byKey.get(apiKey);
    if (known || address === undefined || this.deleted.has(apiKey)) return known;
    for (let nonce = 0n; nonce < RECOGNISED_NONCES; nonce++) {
      const creds = this.credsFor(address, nonce);
      if (creds.apiKey === apiKey) {
        const record = { creds, address: address.toLowerCase(), nonce };
        this.byKey.set(apiKey, record);
        return record;
      }
    }
    return undefined;
  }

  keysOf(address: string): string[] {
    const lower = address.toLowerCase();
    return [...this.byKey.values()].filter((r) => r.address === lower).map((r) => r.creds.apiKey);
  }

  delete(apiKey: string): boolean {
    this.deleted.add(apiKey);
    return this.byKey.delete(apiKey);
  }
}
