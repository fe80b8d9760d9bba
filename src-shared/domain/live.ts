import { z } from 'zod';

/** An Ethereum address, checksummed or not. */
export const AddressSchema = z
  .string()
  .trim()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'an address is 0x followed by 40 hex digits');

/**
 * How orders are signed (doc §4): 0 the key's own wallet (EOA), 1 a Polymarket proxy wallet
 * (email / magic login), 2 a Gnosis Safe (browser-wallet login). Types 1 and 2 trade from a
 * separate funder address.
 */
export const SignatureTypeSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export type SignatureType = z.infer<typeof SignatureTypeSchema>;

export const SIGNATURE_TYPE_NAMES: Record<SignatureType, string> = {
  0: 'EOA (the key holds the funds)',
  1: 'Polymarket proxy (email login)',
  2: 'Gnosis Safe (browser-wallet login)',
};

export const HeartbeatStateSchema = z.enum(['off', 'ok', 'failing']);
export type HeartbeatState = z.infer<typeof HeartbeatStateSchema>;

/** What the live-mode settings screen and `polydesk live status` show. No secret is in it. */
export const LiveStatusSchema = z.object({
  mode: z.enum(['PAPER', 'LIVE']),
  /** Where the key is kept: the OS keychain (desktop) or a passphrase keystore (headless). */
  vault: z.enum(['keystore', 'safe-storage']),
  /** The wallet of the saved key; null when none is set up. */
  address: z.string().nullable(),
  signatureType: SignatureTypeSchema,
  funderAddress: z.string().nullable(),
  /** The key can sign this run: keychain, or a keystore unlocked with its passphrase. */
  unlocked: z.boolean(),
  /** Live orders can be placed now (LIVE, key loaded, API key ready). */
  trading: z.boolean(),
  restUrl: z.string(),
  chainId: z.number().int(),
  heartbeat: HeartbeatStateSchema,
  /** The last check of the key against the exchange (setup or switch), if any this run. */
  verified: z
    .object({
      at: z.number().int(),
      /** Collateral of the trading wallet, micro-USDC; null when it could not be read. */
      collateral: z.number().int().min(0).nullable(),
    })
    .nullable(),
});
export type LiveStatus = z.infer<typeof LiveStatusSchema>;

/** Read once at the start of a headless host to unlock its keystore, then removed from the environment. */
export const PASSPHRASE_ENV = 'POLYDESK_KEYSTORE_PASSPHRASE';

/** Long enough that a stolen keystore file is not opened by guessing. */
export const MIN_PASSPHRASE_LENGTH = 10;

const Secret = (what: string, max: number) =>
  z.string().min(1, `${what} is required`).max(max, `${what} is too long`);

/** Types 1 and 2 sign for a proxy or Safe wallet that holds the funds: its address is needed. */
export function needsFunder(signatureType: SignatureType): boolean {
  return signatureType !== 0;
}

/** The shape of a private key; whether it is a valid secp256k1 key is checked by the host. */
export const PRIVATE_KEY_PATTERN = /^(0x)?[0-9a-fA-F]{64}$/;

export const LiveSetupSchema = z
  .object({
    /** 64 hex digits, with or without 0x. Sent once, never returned, never logged. */
    privateKey: z
      .string()
      .trim()
      .min(1, 'required')
      .regex(PRIVATE_KEY_PATTERN, 'a private key is 64 hex digits, with or without 0x'),
    /** The keystore passphrase (headless vault); ignored by the OS keychain vault. */
    passphrase: Secret('the passphrase', 1_000).optional(),
    signatureType: SignatureTypeSchema.default(0),
    funderAddress: AddressSchema.optional(),
  })
  .strict()
  .refine((setup) => !needsFunder(setup.signatureType) || setup.funderAddress !== undefined, {
    path: ['funderAddress'],
    message: 'required for signature types 1 and 2 (the proxy or Safe wallet)',
  });
export type LiveSetup = z.input<typeof LiveSetupSchema>;

export const LiveEnableSchema = z
  .object({
    /** The user typed LIVE: real money from here on. */
    confirm: z.literal('LIVE', { message: 'type LIVE to confirm the switch to live trading' }),
    /** Unlocks a keystore that is still locked. */
    passphrase: Secret('the passphrase', 1_000).optional(),
  })
  .strict();
