import { LiveSetupSchema, MIN_PASSPHRASE_LENGTH, needsFunder } from '@shared/domain/live';
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

export { needsFunder };

export type SetupCheck = { ok: true; input: LiveSetup } | { ok: false; errors: SetupErrors };

/**
 * Checks the form before anything is sent: the shared setup schema (key shape, funder for types 1
 * and 2), plus what only the form knows: the keystore passphrase, typed twice alike. The host
 * checks again, against the exchange.
 */
export function checkLiveSetup(values: LiveSetupValues, vault: LiveStatus['vault']): SetupCheck {
  const keystore = vault === 'keystore';
  const funder = values.funderAddress.trim();
  const input: LiveSetup = {
    privateKey: values.privateKey.trim(),
    signatureType: values.signatureType,
    ...(keystore && { passphrase: values.passphrase }),
    ...(needsFunder(values.signatureType) && funder !== '' && { funderAddress: funder }),
  };
  const parsed = LiveSetupSchema.safeParse(input);
  const errors: SetupErrors = parsed.success ? {} : errorsFromIssues(parsed.error.issues);
  if (keystore) {
    if (values.passphrase.length < MIN_PASSPHRASE_LENGTH) {
      errors.passphrase = `at least ${MIN_PASSPHRASE_LENGTH} characters: it encrypts the key on disk`;
    } else if (values.passphraseRepeat !== values.passphrase) {
      errors.passphraseRepeat = 'the two passphrases differ';
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
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
