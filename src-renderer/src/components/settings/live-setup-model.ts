import { AddressSchema, LiveSetupSchema, MIN_PASSPHRASE_LENGTH } from '@shared/domain/live';
import type { LiveSetup, LiveStatus, SignatureType } from '@shared/domain/live';

/** What the setup form holds while the user types; the key and passphrases never leave it. */
export interface LiveSetupValues {
  privateKey: string;
  passphrase: string;
  passphraseRepeat: string;
  signatureType: SignatureType;
  funderAddress: string;
}

export type SetupField =
  'privateKey' | 'passphrase' | 'passphraseRepeat' | 'signatureType' | 'funderAddress' | 'form';
export type SetupErrors = Partial<Record<SetupField, string>>;

export const EMPTY_SETUP: LiveSetupValues = {
  privateKey: '',
  passphrase: '',
  passphraseRepeat: '',
  signatureType: 0,
  funderAddress: '',
};

/** Types 1 and 2 sign for a proxy or Safe wallet: its address (the funder) is needed. */
export function needsFunder(signatureType: SignatureType): boolean {
  return signatureType !== 0;
}

const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

export type SetupCheck = { ok: true; input: LiveSetup } | { ok: false; errors: SetupErrors };

/**
 * Checks the form before anything is sent: the key's shape, the passphrase (keystore vault only)
 * typed twice alike, the funder for types 1 and 2. The host checks again, against the exchange.
 */
export function checkLiveSetup(values: LiveSetupValues, vault: LiveStatus['vault']): SetupCheck {
  const errors: SetupErrors = {};
  const key = values.privateKey.trim();
  if (key === '') errors.privateKey = 'required';
  else if (!PRIVATE_KEY.test(key)) {
    errors.privateKey = 'a private key is 64 hex digits, with or without 0x';
  }
  const keystore = vault === 'keystore';
  if (keystore) {
    if (values.passphrase.length < MIN_PASSPHRASE_LENGTH) {
      errors.passphrase = `at least ${MIN_PASSPHRASE_LENGTH} characters: it encrypts the key on disk`;
    } else if (values.passphraseRepeat !== values.passphrase) {
      errors.passphraseRepeat = 'the two passphrases differ';
    }
  }
  const funder = values.funderAddress.trim();
  if (needsFunder(values.signatureType)) {
    if (funder === '') errors.funderAddress = 'required for this signature type';
    else {
      const parsed = AddressSchema.safeParse(funder);
      if (!parsed.success) errors.funderAddress = parsed.error.issues[0]?.message ?? 'invalid';
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const input: LiveSetup = {
    privateKey: key,
    signatureType: values.signatureType,
    ...(keystore && { passphrase: values.passphrase }),
    ...(needsFunder(values.signatureType) && { funderAddress: funder }),
  };
  const parsed = LiveSetupSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: errorsFromIssues(parsed.error.issues) };
  return { ok: true, input };
}

const FIELDS: readonly SetupField[] = [
  'privateKey',
  'passphrase',
  'passphraseRepeat',
  'signatureType',
  'funderAddress',
];

/** The host's (or the schema's) field issues as errors next to the fields; others go to the form. */
export function errorsFromIssues(
  issues: readonly { path: string | readonly PropertyKey[]; message: string }[],
): SetupErrors {
  const errors: SetupErrors = {};
  for (const issue of issues) {
    const path = typeof issue.path === 'string' ? issue.path : issue.path.map(String).join('.');
    const field = FIELDS.find((f) => f === path) ?? 'form';
    errors[field] ??= field === 'form' && path !== '' ? `${path}: ${issue.message}` : issue.message;
  }
  return errors;
}
