import { useAppStore } from '../state/app-store';
import { formatUptime } from './format';

const LINK_TEXT = {
  connecting: 'connecting to host…',
  open: 'host connected',
  closed: 'host connection lost, retrying…',
  unauthorized: 'not authorised: open the URL the host printed',
} as const;

export function StatusBar() {
  const info = useAppStore((s) => s.info);
  const status = useAppStore((s) => s.status);
  const link = useAppStore((s) => s.link);
  const mode = status?.mode ?? info?.mode;
  const connection = status?.connection;
  const uptime = status?.uptimeMs ?? info?.uptimeMs;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span
        className={`badge ${mode === 'LIVE' ? 'badge-live' : 'badge-paper'}`}
        data-testid="mode-badge"
        title={
          mode === 'LIVE'
            ? 'Orders go to Polymarket with real money'
            : 'Built-in paper exchange: no real money'
        }
      >
        {mode ?? '…'}
      </span>
      <span className={`link link-${link}`} data-testid="link-state">
        {LINK_TEXT[link]}
      </span>
      <span data-testid="exchange-state" title="Link from the host to the exchange">
        exchange: <strong>{connection ?? '…'}</strong>
      </span>
      <span className="spacer" />
      <span data-testid="uptime">up {uptime === undefined ? '…' : formatUptime(uptime)}</span>
      <span className="muted">Polydesk {info?.version ?? ''}</span>
    </footer>
  );
}
