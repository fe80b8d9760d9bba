import { useState } from 'react';
import type { FormEvent } from 'react';
import { MIN_PASSPHRASE_LENGTH, SIGNATURE_TYPE_NAMES } from '@shared/domain/live';
import type { LiveStatus, SignatureType } from '@shared/domain/live';
import { PolydeskError } from '@shared/errors';
import { useApi } from '../../api/api-context';
import { useAppStore } from '../../state/app-store';
import { toastInfo } from '../../state/toast-store';
import { checkLiveSetup, EMPTY_SETUP, errorsFromIssues, needsFunder } from './live-setup-model';
import type { LiveSetupValues, SetupErrors } from './live-setup-model';
import { TextField } from './TextField';

const SIGNATURE_TYPES: readonly SignatureType[] = [0, 1, 2];

const SIGNATURE_HELP: Record<SignatureType, string> = {
  0: 'You hold the key of the wallet that has the USDC (a wallet you created yourself).',
  1: 'You log in to Polymarket with an email: the key is exported from Polymarket, the funds sit in your Polymarket proxy wallet.',
  2: 'You log in to Polymarket with a browser wallet (MetaMask…): the funds sit in your Polymarket Safe.',
};

/**
 * Where a failed setup's error belongs: each issue next to its field, with the host's sentence
 * (which says what to do) under the form; a bad key without issues goes to the key field.
 */
function errorsOf(err: unknown): SetupErrors {
  const error = PolydeskError.from(err);
  if (error.issues && error.issues.length > 0) {
    const errors = errorsFromIssues(error.issues);
    errors.form ??= error.message;
    return errors;
  }
  if (error.code === 'BAD_REQUEST' && /private key/i.test(error.message)) {
    return { privateKey: error.message };
  }
  return { form: error.message };
}

/**
 * The key entry: the private key (a password field, never echoed, cleared as soon as it is sent,
 * whatever the outcome), the keystore passphrase twice (keystore vault only), the signature type
 * and the funder. "Verify and save" has the host check the key with the live exchange first.
 */
export function LiveSetupForm(props: {
  live: LiveStatus;
  onDone: (live: LiveStatus) => void;
  onCancel?: () => void;
}) {
  const api = useApi();
  const [values, setValues] = useState<LiveSetupValues>(EMPTY_SETUP);
  const [errors, setErrors] = useState<SetupErrors>({});
  const [sending, setSending] = useState(false);
  const keystore = props.live.vault === 'keystore';

  const set = (field: Exclude<keyof LiveSetupValues, 'signatureType'>, value: string): void => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => (e[field] || e.form ? { ...e, [field]: undefined, form: undefined } : e));
  };
  const setType = (value: string): void => {
    const signatureType = SIGNATURE_TYPES.find((t) => String(t) === value) ?? 0;
    setValues((v) => ({ ...v, signatureType }));
    setErrors((e) => ({ ...e, signatureType: undefined, funderAddress: undefined }));
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (sending) return;
    const check = checkLiveSetup(values, props.live.vault);
    if (!check.ok) {
      setErrors(check.errors);
      return;
    }
    setErrors({});
    setSending(true);
    const pending = api.call('live.setup', check.input);
    // The secrets have been handed over: they leave this component now, whatever the outcome.
    setValues((v) => ({ ...v, privateKey: '', passphrase: '', passphraseRepeat: '' }));
    pending.then(
      (live) => {
        setSending(false);
        useAppStore.getState().setLive(live);
        toastInfo(
          'Live key verified and saved',
          `Wallet ${live.address ?? ''}. It is kept encrypted; switch to LIVE when you are ready.`,
          'success',
        );
        props.onDone(live);
      },
      (err: unknown) => {
        setSending(false);
        setErrors(errorsOf(err));
      },
    );
  };

  return (
    <form className="settings-form" data-testid="live-setup" onSubmit={onSubmit} noValidate>
      <TextField
        id="live-privateKey"
        errorId="live-error-privateKey"
        label="Private key of the wallet"
        type="password"
        value={values.privateKey}
        error={errors.privateKey}
        placeholder="0x… (64 hex digits)"
        autoFocus
        disabled={sending}
        help="Sent once to the Polydesk host on this computer, checked with the exchange, then kept encrypted. It is never shown again."
        onChange={(v) => set('privateKey', v)}
      />
      {keystore && (
        <div className="field-pair">
          <TextField
            id="live-passphrase"
            errorId="live-error-passphrase"
            label="Passphrase for the keystore"
            type="password"
            value={values.passphrase}
            error={errors.passphrase}
            placeholder={`at least ${MIN_PASSPHRASE_LENGTH} characters`}
            disabled={sending}
            onChange={(v) => set('passphrase', v)}
          />
          <TextField
            id="live-passphraseRepeat"
            errorId="live-error-passphraseRepeat"
            label="Passphrase again"
            type="password"
            value={values.passphraseRepeat}
            error={errors.passphraseRepeat}
            disabled={sending}
            onChange={(v) => set('passphraseRepeat', v)}
          />
        </div>
      )}
      {keystore && (
        <p className="settings-note">
          The passphrase encrypts the key on disk; it is asked again when Polydesk starts in LIVE.
          There is no way to recover it: keep it somewhere safe.
        </p>
      )}
      <label className="field" htmlFor="live-signatureType">
        <span className="field-label">How your orders are signed</span>
        <select
          id="live-signatureType"
          data-testid="live-signatureType"
          value={values.signatureType}
          disabled={sending}
          onChange={(e) => setType(e.target.value)}
        >
          {SIGNATURE_TYPES.map((type) => (
            <option key={type} value={type}>
              {type} · {SIGNATURE_TYPE_NAMES[type]}
            </option>
          ))}
        </select>
        {errors.signatureType ? (
          <span className="field-error" data-testid="live-error-signatureType">
            {errors.signatureType}
          </span>
        ) : (
          <span className="field-help">{SIGNATURE_HELP[values.signatureType]}</span>
        )}
      </label>
      {needsFunder(values.signatureType) && (
        <TextField
          id="live-funderAddress"
          errorId="live-error-funderAddress"
          label="Funder address (your Polymarket wallet that holds the USDC)"
          value={values.funderAddress}
          error={errors.funderAddress}
          placeholder="0x… (40 hex digits)"
          disabled={sending}
          help="Shown on polymarket.com under your profile, as the deposit address."
          onChange={(v) => set('funderAddress', v)}
        />
      )}
      {errors.form && (
        <p className="form-error" role="alert" data-testid="live-error-form">
          {errors.form}
        </p>
      )}
      <div className="dialog-actions">
        {props.onCancel && (
          <button type="button" onClick={props.onCancel} disabled={sending}>
            Cancel
          </button>
        )}
        <button
          type="submit"
          className="primary"
          data-testid="live-setup-submit"
          disabled={sending}
        >
          {sending ? 'Verifying with the exchange…' : 'Verify and save'}
        </button>
      </div>
    </form>
  );
}
