import { useState } from 'react';
import type { ReactNode } from 'react';
import { SIGNATURE_TYPE_NAMES } from '@shared/domain/live';
import type { LiveStatus } from '@shared/domain/live';
import { PolydeskError } from '@shared/errors';
import { useApi } from '../../api/api-context';
import { useAppStore } from '../../state/app-store';
import { toastError, toastInfo } from '../../state/toast-store';
import { formatClock, formatUsd } from '../format';
import { EnableLiveStep } from './EnableLiveStep';
import { ForgetKeyStep } from './ForgetKeyStep';
import { LiveSetupForm } from './LiveSetupForm';
import { UnlockStep } from './UnlockStep';

/** Where the live-trading section is: the overview, or one of its steps. */
export type LiveStep = 'overview' | 'setup' | 'enable' | 'unlock' | 'forget';

const VAULT_NAMES: Record<LiveStatus['vault'], string> = {
  keystore: 'Passphrase keystore (an encrypted file in the data directory)',
  'safe-storage': 'OS keychain (encrypted by your system account)',
};

function lockText(live: LiveStatus): string {
  if (!live.address) return '—';
  if (live.unlocked) return 'unlocked: the key can sign this run';
  return live.vault === 'keystore'
    ? 'locked: its passphrase opens it for this run'
    : 'locked: the keychain could not open it';
}

function tradingText(live: LiveStatus): string {
  if (live.mode === 'PAPER') return 'off: PAPER mode, play money on the built-in exchange';
  return live.trading ? 'on: orders go to the live exchange' : 'market data only: no usable key';
}

const HEARTBEAT_TEXT = {
  off: 'off',
  ok: 'on: the exchange cancels your orders about 10 s after Polydesk stops',
  failing: 'failing: the heartbeat does not get through',
} as const;

/** Shows a CONFLICT about working orders with the kill switch right next to it. */
function ConflictNote(props: { message: string; onCleared: () => void }) {
  const api = useApi();
  const [killing, setKilling] = useState(false);
  return (
    <div className="conflict" role="alert" data-testid="live-conflict">
      <p>{props.message}</p>
      <button
        type="button"
        className="danger"
        data-testid="live-kill"
        disabled={killing}
        onClick={() => {
          setKilling(true);
          api.call('order.cancelAll', {}).then(
            ({ cancelled }) => {
              setKilling(false);
              toastInfo(
                `Cancelled ${cancelled.length} order${cancelled.length === 1 ? '' : 's'}`,
                'Fills so far are kept. You can switch now.',
                'success',
              );
              props.onCleared();
            },
            (err: unknown) => {
              setKilling(false);
              toastError('Kill switch failed', err);
            },
          );
        }}
      >
        {killing ? 'Cancelling…' : 'Cancel all working orders'}
      </button>
    </div>
  );
}

/**
 * The live-trading section: what is set up (wallet, vault, lock, exchange, heartbeat, last check)
 * and what can be done from here: set up a key, switch to LIVE with a typed confirmation, unlock,
 * go back to PAPER, delete the saved key.
 */
export function LiveSettings(props: {
  step: LiveStep;
  setStep: (step: LiveStep) => void;
  onRails: () => void;
  /** Why the setup could not be read, if it could not. */
  loadError?: string | null;
}) {
  const api = useApi();
  const live = useAppStore((s) => s.live);
  const heartbeat = useAppStore((s) => s.status?.heartbeat ?? s.live?.heartbeat ?? 'off');
  const switching = useAppStore((s) => s.status?.switching ?? false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { step, setStep } = props;

  if (!live) {
    return props.loadError ? (
      <p className="form-error" data-testid="live-loading">
        The live-trading setup could not be read: {props.loadError}
      </p>
    ) : (
      <p className="muted" data-testid="live-loading">
        Reading the live-trading setup…
      </p>
    );
  }

  const done = (next: LiveStatus): void => {
    useAppStore.getState().setLive(next);
    setConflict(null);
    setFailure(null);
    setStep('overview');
  };
  /** CONFLICT (orders working) shows the kill switch; other refusals show their message. */
  const refused = (err: unknown): void => {
    const error = PolydeskError.from(err);
    if (error.code === 'CONFLICT') setConflict(error.message);
    else setFailure(error.message);
  };

  const backToPaper = (): void => {
    setBusy(true);
    setConflict(null);
    setFailure(null);
    api.call('live.disable', {}).then(
      (next) => {
        setBusy(false);
        done(next);
      },
      (err: unknown) => {
        setBusy(false);
        refused(err);
      },
    );
  };

  /** The OS keychain opens without a question: no passphrase step. */
  const unlockKeychain = (): void => {
    setBusy(true);
    setFailure(null);
    api.call('live.unlock', {}).then(
      (next) => {
        setBusy(false);
        done(next);
      },
      (err: unknown) => {
        setBusy(false);
        refused(err);
      },
    );
  };

  const hasKey = live.address !== null;
  const paper = live.mode === 'PAPER';
  const locked = hasKey && !live.unlocked;

  let body: ReactNode;
  if (step === 'setup' || (step === 'overview' && !hasKey && paper)) {
    body = (
      <>
        <h3>{hasKey ? 'Replace the live key' : 'Set up a live key'}</h3>
        <LiveSetupForm
          live={live}
          onDone={done}
          {...(hasKey && { onCancel: () => setStep('overview') })}
        />
      </>
    );
  } else if (step === 'enable') {
    body = (
      <EnableLiveStep
        live={live}
        onDone={done}
        onCancel={() => setStep('overview')}
        onConflict={(message) => {
          setConflict(message);
          setStep('overview');
        }}
        onRails={props.onRails}
      />
    );
  } else if (step === 'unlock') {
    body = <UnlockStep onDone={done} onCancel={() => setStep('overview')} />;
  } else if (step === 'forget') {
    body = (
      <ForgetKeyStep
        address={live.address ?? ''}
        onDone={done}
        onCancel={() => setStep('overview')}
        onFailed={(message) => {
          setFailure(message);
          setStep('overview');
        }}
      />
    );
  } else {
    body = (
      <div className="dialog-actions live-actions">
        {paper && hasKey && (
          <button
            type="button"
            className="danger-outline"
            data-testid="live-forget"
            disabled={busy || switching}
            onClick={() => setStep('forget')}
          >
            Delete saved key…
          </button>
        )}
        {paper && hasKey && (
          <button
            type="button"
            data-testid="live-replace"
            disabled={busy || switching}
            onClick={() => setStep('setup')}
          >
            Replace key…
          </button>
        )}
        {!paper && locked && (
          <button
            type="button"
            data-testid="live-unlock"
            disabled={busy || switching}
            onClick={() => (live.vault === 'keystore' ? setStep('unlock') : unlockKeychain())}
          >
            {live.vault === 'keystore' ? 'Unlock…' : 'Unlock from the keychain'}
          </button>
        )}
        {!paper && (
          <button
            type="button"
            className="primary"
            data-testid="live-disable"
            disabled={busy || switching}
            onClick={backToPaper}
          >
            {busy ? 'Switching…' : 'Back to PAPER'}
          </button>
        )}
        {paper && hasKey && (
          <button
            type="button"
            className="danger"
            data-testid="live-enable"
            disabled={busy || switching}
            onClick={() => {
              setConflict(null);
              setFailure(null);
              setStep('enable');
            }}
          >
            Switch to LIVE…
          </button>
        )}
      </div>
    );
  }

  return (
    <div className="live-settings" data-testid="live-settings">
      <dl className="confirm-grid live-grid" data-testid="live-status">
        <dt>Mode</dt>
        <dd>
          <span className={`badge ${paper ? 'badge-paper' : 'badge-live'}`} data-testid="live-mode">
            {live.mode}
          </span>
          {switching && <span className="warn"> switching…</span>}
        </dd>
        <dt>Wallet</dt>
        <dd className="mono" data-testid="live-address">
          {live.address ?? <span className="muted">no key set up</span>}
        </dd>
        <dt>Key kept in</dt>
        <dd data-testid="live-vault">{VAULT_NAMES[live.vault]}</dd>
        {hasKey && (
          <>
            <dt>Signature type</dt>
            <dd data-testid="live-signature">
              {live.signatureType} · {SIGNATURE_TYPE_NAMES[live.signatureType]}
            </dd>
            <dt>Funder</dt>
            <dd className="mono" data-testid="live-funder">
              {live.funderAddress ?? <span className="muted">the wallet itself</span>}
            </dd>
            <dt>Key</dt>
            <dd data-testid="live-lock" className={locked ? 'warn' : ''}>
              {lockText(live)}
            </dd>
          </>
        )}
        <dt>Live trading</dt>
        <dd data-testid="live-trading" className={live.trading ? 'bad' : ''}>
          {tradingText(live)}
        </dd>
        <dt>Live exchange</dt>
        <dd className="mono" data-testid="live-rest-url">
          {live.restUrl} <span className="muted">· chain {live.chainId}</span>
        </dd>
        <dt>Dead-man switch</dt>
        <dd
          data-testid="live-heartbeat"
          className={heartbeat === 'ok' ? 'good' : heartbeat === 'failing' ? 'bad' : 'muted'}
        >
          {HEARTBEAT_TEXT[heartbeat]}
        </dd>
        <dt>Last check</dt>
        <dd data-testid="live-verified">
          {live.verified ? (
            <>
              {formatClock(live.verified.at)} · collateral{' '}
              {live.verified.collateral === null
                ? 'not readable'
                : formatUsd(live.verified.collateral)}
            </>
          ) : (
            <span className="muted">not checked this run</span>
          )}
        </dd>
      </dl>
      {!paper && !hasKey && (
        <p className="settings-note" data-testid="live-no-key">
          LIVE without a key shows market data only. Go back to PAPER to set up a key.
        </p>
      )}
      {conflict && <ConflictNote message={conflict} onCleared={() => setConflict(null)} />}
      {failure && (
        <p className="form-error" role="alert" data-testid="live-failure">
          {failure}
        </p>
      )}
      {body}
    </div>
  );
}
