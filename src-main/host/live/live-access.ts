import { needsFunder } from '@shared/domain/live';
import type { SignatureType } from '@shared/domain/live';
import { PolydeskError } from '@shared/errors';
import type { Logger } from '../logger';
import type { KeyVault } from '../secrets/key-vault';
import { checkPassphrase, walletFrom } from '../secrets/keystore-vault';

/** What the exchange adapter needs to trade live. Lives in the host process only. */
export interface LiveCredentials {
  privateKey: string;
  signatureType: SignatureType;
  funderAddress?: string;
}

/** The non-secret half of the setup, kept in config.json. */
export interface LiveProfile {
  signatureType: SignatureType;
  funderAddress?: string;
}

/** The outcome of checking a key against the live exchange. */
export interface LiveVerification {
  at: number;
  collateral: number | null;
}

/** Proves the credentials work on the live exchange (API key created or derived); throws if not. */
export type VerifyLiveKey = (credentials: LiveCredentials) => Promise<LiveVerification>;

export interface LiveSetupInput {
  privateKey: string;
  passphrase?: string;
  signatureType: SignatureType;
  funderAddress?: string;
}

/**
 * The live wallet: the key in its vault, and once unlocked, in this process's memory only (never
 * in a reply, a log or a file in clear). Knows the rules tying signature type and funder address.
 */
export class LiveAccess {
  private key: string | null = null;
  private lastVerified: LiveVerification | null = null;

  constructor(
    readonly vault: KeyVault,
    private readonly logger: Logger,
  ) {}

  get address(): string | null {
    return this.vault.address();
  }

  /** The key can sign this run. */
  get unlocked(): boolean {
    return this.key !== null;
  }

  get verified(): LiveVerification | null {
    return this.lastVerified;
  }

  /** The OS keychain opens without a question; a keystore needs its passphrase. */
  get needsPassphrase(): boolean {
    return this.vault.kind === 'keystore';
  }

  /**
   * Checks the key, the signature type and the funder against the exchange, and only then saves
   * the key: a setup that fails leaves the previous one in place.
   */
  async setup(input: LiveSetupInput, verify: VerifyLiveKey): Promise<LiveProfile> {
    const wallet = walletFrom(input.privateKey);
    const profile = profileFor(wallet.address, input.signatureType, input.funderAddress);
    if (this.needsPassphrase) checkPassphrase(input.passphrase);
    const verification = await verify({ privateKey: wallet.privateKey, ...profile });
    await this.vault.save(wallet.privateKey, input.passphrase);
    this.key = wallet.privateKey;
    this.lastVerified = verification;
    this.logger.info(
      { address: wallet.address, signatureType: profile.signatureType, vault: this.vault.kind },
      'live key set up',
    );
    return profile;
  }

  /** Opens the vault for this run (the passphrase for a keystore). */
  async unlock(passphrase?: string): Promise<void> {
    if (this.key) return;
    this.key = await this.vault.load(passphrase);
    this.logger.info({ address: this.address, vault: this.vault.kind }, 'live key unlocked');
  }

  noteVerified(verification: LiveVerification): void {
    this.lastVerified = verification;
  }

  /** The credentials for the adapter, when the key is unlocked. */
  credentials({ signatureType, funderAddress }: LiveProfile): LiveCredentials | null {
    if (!this.key) return null;
    return {
      privateKey: this.key,
      signatureType,
      ...(funderAddress !== undefined && { funderAddress }),
    };
  }

  forget(): void {
    const address = this.address;
    this.vault.remove();
    this.key = null;
    this.lastVerified = null;
    this.logger.info({ address }, 'live key deleted');
  }
}

/**
 * Type 0 trades from the key's own wallet, so a funder is either absent or that same wallet.
 * Types 1 and 2 sign for a proxy or Safe wallet that holds the funds: its address is required.
 */
export function profileFor(
  signer: string,
  signatureType: SignatureType,
  funderAddress: string | undefined,
): LiveProfile {
  const funder = funderAddress?.trim();
  if (!needsFunder(signatureType)) {
    if (funder && funder.toLowerCase() !== signer.toLowerCase()) {
      throw new PolydeskError(
        'BAD_REQUEST',
        'With signature type 0 (EOA) the key trades from its own wallet: leave the funder ' +
          'address empty, or choose type 1 or 2 for a proxy or Safe wallet',
        [{ path: 'funderAddress', message: 'not the key’s own address' }],
      );
    }
    return { signatureType };
  }
  if (!funder) {
    throw new PolydeskError(
      'BAD_REQUEST',
      'Signature types 1 and 2 trade from a proxy or Safe wallet: give its address as the funder',
      [{ path: 'funderAddress', message: 'required for signature types 1 and 2' }],
    );
  }
  if (funder.toLowerCase() === signer.toLowerCase()) {
    throw new PolydeskError(
      'BAD_REQUEST',
      'The funder is the proxy or Safe wallet, not the key’s own address: use type 0 for that',
      [{ path: 'funderAddress', message: 'same as the key’s address' }],
    );
  }
  return { signatureType, funderAddress: funder };
}
