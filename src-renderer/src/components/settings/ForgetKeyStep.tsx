import { useState } from 'react';
import type { LiveStatus } from '@shared/domain/live';
import { PolydeskError } from '@shared/errors';
import { useApi } from '../../api/api-context';
import { toastInfo } from '../../state/toast-store';

/** Deletes the saved key after a confirmation (PAPER only: the host refuses it in LIVE). */
export function ForgetKeyStep(props: {
  address: string;
  onDone: (live: LiveStatus) => void;
  onCancel: () => void;
  onFailed: (message: string) => void;
}) {
  const api = useApi();
  const [sending, setSending] = useState(false);
  const forget = (): void => {
    setSending(true);
    api.call('live.forget', {}).then(
      (next) => {
        setSending(false);
        toastInfo('Saved live key deleted', 'Set up a key again to trade LIVE.', 'success');
        props.onDone(next);
      },
      (err: unknown) => {
        setSending(false);
        props.onFailed(PolydeskError.from(err).message);
      },
    );
  };
  return (
    <div className="settings-form" data-testid="live-forget-confirm">
      <h3>Delete the saved key?</h3>
      <p>
        The encrypted key of <span className="mono">{props.address}</span> is removed from this
        computer. The wallet and its funds are not affected, but you need the private key to set up
        LIVE trading again.
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel} disabled={sending} autoFocus>
          Keep it
        </button>
        <button
          type="button"
          className="danger"
          data-testid="live-forget-submit"
          disabled={sending}
          onClick={forget}
        >
          {sending ? 'Deleting…' : 'Delete saved key'}
        </button>
      </div>
    </div>
  );
}
