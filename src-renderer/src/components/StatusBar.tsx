import { selectTradeBlock, useAppStore } from '../state/app-store';
import { openSettings } from '../state/settings-store';
import { formatUptime } from './format';
import { useLogsStore } from './logs/logs-store';

const LINK_TEXT = {
  connecting: 'connecting to host…',
  open: 'host connected',
  closed: 'host connection lost, retrying…',
  unauthorized: 'not authorised: open the URL the host printed',
} as const;

const STREAM_TONE: Record<string, string> = {
  live: 'good',
  idle: 'muted',
  connecting: 'warn',
  resyncing: 'warn',
  polling: 'warn',
  stalled: 'bad',
  down: 'bad',
};

const BLOCK_TEXT = {
  locked: {
    text: 'LIVE · locked: market data only',
    title:
      'The live key is locked: unlock it with its passphrase to trade (Settings → Live trading)',
  },
  'data-only': {
    text: 'LIVE · market data only',
    title: 'No usable live key: set one up in Settings → Live trading (from PAPER) to trade',
  },
} as const;

const HEARTBEAT = {
  ok: {
    text: 'dead-man switch on',
    tone: 'good',
    title:
      'Polydesk sends the exchange a heartbeat: if the app stops, the exchange cancels your open orders about 10 s later',
  },
  failing: {
    text: 'dead-man switch failing',
    tone: 'bad',
    title:
      'The exchange heartbeat is not getting through: the exchange may cancel your open orders. Check the connection.',
  },
} as const;

function bookAgeText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(1)} s`;
}

export function StatusBar() {
  const info = useAppStore((s) => s.info);
  const status = useAppStore((s) => s.status);
  const link = useAppStore((s) => s.link);
  const mode = status?.mode ?? info?.mode;
  const connection = status?.connection;
  const uptime = status?.uptimeMs ?? info?.uptimeMs;
  const age = status?.oldestBookAgeMs;
  const block = useAppStore(selectTradeBlock);
  const heartbeat = mode === 'LIVE' && status ? status.heartbeat : 'off';
  const logsOpen = useLogsStore((s) => s.open);
  const toggleLogs = useLogsStore((s) => s.toggle);
  return (
    <footer
      className={`status-bar${mode === 'LIVE' ? ' status-live' : ''}`}
      data-testid="status-bar"
    >
      <button
        type="button"
        className={`badge ${mode === 'LIVE' ? 'badge-live' : 'badge-paper'}`}
        data-testid="mode-badge"
        title={
          mode === 'LIVE'
            ? 'Orders go to the live exchange with real money. Click for the live-trading settings.'
            : 'Built-in paper exchange: no real money. Click for the live-trading settings.'
        }
        onClick={() => openSettings('live')}
      >
        {mode ?? '…'}
      </button>
      {block === 'switching' ? (
        <span className="warn" data-testid="switching" title="Changing between PAPER and LIVE">
          switching…
        </span>
      ) : block ? (
        <button
          type="button"
          className="small trade-block"
          data-testid="trade-block"
          title={BLOCK_TEXT[block].title}
          onClick={() => openSettings('live')}
        >
          {BLOCK_TEXT[block].text}
        </button>
      ) : null}
      {heartbeat !== 'off' ? (
        <span
          className={HEARTBEAT[heartbeat].tone}
          data-testid="heartbeat"
          data-state={heartbeat}
          title={HEARTBEAT[heartbeat].title}
        >
          {heartbeat === 'failing' ? '⚠ ' : ''}
          {HEARTBEAT[heartbeat].text}
        </span>
      ) : null}
      {info?.readOnly ? (
        <span
          className="badge badge-readonly"
          data-testid="read-only-badge"
          title={info.problems.join('\n')}
        >
          READ-ONLY
        </span>
      ) : null}
      <span className={`link link-${link}`} data-testid="link-state">
        {LINK_TEXT[link]}
      </span>
      <span data-testid="exchange-state" title="Link from the host to the exchange">
        exchange:{' '}
        <strong className={connection === 'connected' ? 'good' : 'warn'}>
          {connection ?? '…'}
        </strong>
      </span>
      <span data-testid="stream-state" title="Market-data stream (worst of the watched books)">
        stream:{' '}
        <strong className={STREAM_TONE[status?.stream ?? ''] ?? ''}>{status?.stream ?? '…'}</strong>
      </span>
      <span data-testid="book-age" title="Age of the oldest watched book">
        book age:{' '}
        <strong className={age !== null && age !== undefined && age > 5_000 ? 'warn' : ''}>
          {bookAgeText(age)}
        </strong>
      </span>
      <span data-testid="workers" title="Order daemon workers busy / idle">
        workers:{' '}
        <strong>
          {status?.workers ? `${status.workers.busy} busy / ${status.workers.idle} idle` : '—'}
        </strong>
      </span>
      <span data-testid="queue-depth" title="Orders waiting for a worker">
        queue: <strong>{status ? status.queueDepth : '—'}</strong>
      </span>
      <span className="spacer" />
      <button
        type="button"
        className="small"
        data-testid="settings-open"
        title="Live trading and safety rails"
        onClick={() => openSettings()}
      >
        ⚙ Settings
      </button>
      <button
        type="button"
        className={`small ${logsOpen ? 'on' : ''}`}
        aria-pressed={logsOpen}
        data-testid="logs-toggle"
        onClick={toggleLogs}
      >
        Logs
      </button>
      <span data-testid="uptime">up {uptime === undefined ? '…' : formatUptime(uptime)}</span>
      <span className="muted status-version">Polydesk {info?.version ?? ''}</span>
    </footer>
  );
}
