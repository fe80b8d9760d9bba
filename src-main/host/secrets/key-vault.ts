/**
 * Where the live wallet's private key is kept: never in clear, never in a log, never sent to the
 * renderer. Two kinds: an ethers encrypted keystore unlocked by a passphrase (headless), and
 * Electron's safeStorage (the OS keychain) in the desktop app.
 */
export interface KeyVault {
  readonly kind: 'keystore' | 'safe-storage';
  /** True when a key has been saved. */
  exists(): boolean;
  /** The saved key's address (public), or null. */
  address(): string | null;
  /** Encrypts and saves the key; returns its address. `secret` is the keystore passphrase. */
  save(privateKey: string, secret?: string): Promise<string>;
  /** Decrypts the key for the exchange adapter; throws UNAUTHORIZED on a wrong passphrase. */
  load(secret?: string): Promise<string>;
  remove(): void;
}
