import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { LiveStatus } from '@shared/domain/live';
import type { RiskSettings } from '@shared/domain/risk-settings';
import { PolydeskError } from '@shared/errors';
import { useApi } from '../../api/api-context';
import { formatUsd } from '../format';
import { microsToDecimal } from '@shared/math';
import { TextField } from './TextField';

function railsSentence(rails: RiskSettings): string {
  return (
    `at most ${formatUsd(rails.maxOrderNotional)} per order, ` +
    `at most ${formatUsd(rails.maxMarketNotional)} of buys per market, ` +
    `at most ${rails.maxOpenOrders} open orders, ` +
    `no price more than ${microsToDecimal(rails.maxThroughMicroPrice)} through the micro-price`
  );
}

/**
 * The switch to LIVE: says what changes (real money, the dead-man switch, the rails in force) and
 * goes ahead only once the user typed LIVE (and the keystore passphrase if the key is locked).
 */
export function EnableLiveStep(props: {
  live: LiveStatus;
  onDone: (live: LiveStatus) => void;
  onCancel: () => void;
  onConflict: (message: string) => void;
  onRails: () => void;
}) {
  const api = useApi();
  const { live } = props;
  const [typed, setTyped] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [rails, setRails] = useState<RiskSettings | null>(null);
  const [error, setError] = useState<{ field: 'passphrase' | 'form'; message: string } | null>(
    null,
  );
  const [sending, setSending] = useState(false);
  const needsPassphrase = live.vault === 'keystore' && !live.unlocked;
  const confirmed = typed.trim() === 'LIVE';

  useEffect(() => {
    let current = true;
    api.call('settings.risk', {}).then(
      (r) => {
        if (current) setRails(r);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api]);

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!confirmed || sending) return;
    if (needsPassphrase && passphrase === '') {
      setError({ field: 'passphrase', message: 'the keystore passphrase is needed' });
      return;
    }
    setError(null);
    setSending(true);
    const pending = api.call('live.enable', {
      confirm: 'LIVE',
      ...(needsPassphrase && { passphrase }),
    });
    setPassphrase('');
    pending.then(
      (next) => {
        setSending(false);
        props.onDone(next);
      },
      (err: unknown) => {
        setSending(false);
        const e = PolydeskError.from(err);
        if (e.code === 'CONFLICT') props.onConflict(e.message);
        else if (e.code === 'UNAUTHORIZED') setError({ field: 'passphrase', message: e.message });
        else setError({ field: 'form', message: e.message });
      },
    );
  };

  const wallet = live.funderAddress ?? live.address ?? '';
  return (
    <form
      className="settings-form live-confirm"
      data-testid="live-confirm"
      onSubmit={onSubmit}
      noValidate
    >
      <h3 className="bad">Switch to LIVE trading</h3>
      <ul className="live-warnings">
        <li>
          <strong>Real money.</strong> Orders go to <span className="mono">{live.restUrl}</span> and
          trade the funds of <span className="mono">{wallet}</span>. Every LIVE order asks for a
          confirmation before it is sent.
        </li>
        <li>
          <strong>Dead-man switch.</strong> While LIVE, Polydesk sends the exchange a heartbeat
          every few seconds. If Polydesk stops (closed, crashed, computer asleep, network lost), the
          exchange cancels all your open orders about 10 seconds later.
        </li>
        <li data-testid="live-confirm-rails">
          <strong>Safety rails in force.</strong> {rails ? railsSentence(rails) : 'reading…'}.{' '}
          <button type="button" className="link-button" onClick={props.onRails}>
            Change the rails
          </button>
        </li>
        <li>
          Orders still working in PAPER must be cancelled first. You can come back to PAPER at any
          time from here.
        </li>
      </ul>
      {needsPassphrase && (
        <TextField
          id="live-confirm-passphrase"
          errorId="live-error-confirm-passphrase"
          label="Keystore passphrase (the key is locked)"
          type="password"
          value={passphrase}
          error={error?.field === 'passphrase' ? error.message : undefined}
          disabled={sending}
          onChange={(v) => {
            setPassphrase(v);
            setError(null);
          }}
        />
      )}
      <TextField
        id="live-confirm-input"
        errorId="live-error-confirm-input"
        label="Type LIVE to confirm"
        value={typed}
        error={undefined}
        placeholder="LIVE"
        autoFocus
        disabled={sending}
        onChange={setTyped}
      />
      {error?.field === 'form' && (
        <p className="form-error" role="alert" data-testid="live-error-form">
          {error.message}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel} disabled={sending}>
          Stay in PAPER
        </button>
        <button
          type="submit"
          className="danger"
          data-testid="live-confirm-submit"
          disabled={!confirmed || sending}
        >
          {sending ? 'Switching to LIVE…' : 'Switch to LIVE'}
        </button>
      </div>
    </form>
  );
}
