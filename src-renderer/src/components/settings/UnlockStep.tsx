import { useState } from 'react';
import type { FormEvent } from 'react';
import type { LiveStatus } from '@shared/domain/live';
import { PolydeskError } from '@shared/errors';
import { useApi } from '../../api/api-context';
import { toastInfo } from '../../state/toast-store';
import { TextField } from './TextField';

/** Opens the keystore for this run with its passphrase; in LIVE, trading starts. */
export function UnlockStep(props: { onDone: (live: LiveStatus) => void; onCancel: () => void }) {
  const api = useApi();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (sending) return;
    if (passphrase === '') {
      setError('required');
      return;
    }
    setSending(true);
    const pending = api.call('live.unlock', { passphrase });
    setPassphrase('');
    pending.then(
      (next) => {
        setSending(false);
        toastInfo(
          next.trading ? 'Key unlocked: LIVE trading is on' : 'Key unlocked',
          next.trading ? 'Orders go to the live exchange with real money.' : '',
          'success',
        );
        props.onDone(next);
      },
      (err: unknown) => {
        setSending(false);
        setError(PolydeskError.from(err).message);
      },
    );
  };

  return (
    <form className="settings-form" data-testid="live-unlock-form" onSubmit={onSubmit} noValidate>
      <h3>Unlock the live key</h3>
      <TextField
        id="live-unlock-passphrase"
        errorId="live-error-unlock-passphrase"
        label="Keystore passphrase"
        type="password"
        value={passphrase}
        error={error ?? undefined}
        autoFocus
        disabled={sending}
        help="The key stays unlocked until Polydesk stops."
        onChange={(v) => {
          setPassphrase(v);
          setError(null);
        }}
      />
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel} disabled={sending}>
          Cancel
        </button>
        <button
          type="submit"
          className="primary"
          data-testid="live-unlock-submit"
          disabled={sending}
        >
          {sending ? 'Unlocking…' : 'Unlock'}
        </button>
      </div>
    </form>
  );
}
