import { LogsView } from './LogsView';
import { useLogsStore } from './logs-store';

/** The Logs view over the lower part of the window, so the panels' layout stays as it is. */
export function LogsDrawer() {
  const open = useLogsStore((s) => s.open);
  const close = useLogsStore((s) => s.close);
  if (!open) return null;
  return (
    <section className="panel logs-drawer" data-testid="panel-logs" aria-label="Logs">
      <header className="panel-title logs-title">
        Logs
        <button type="button" className="link-button" data-testid="logs-close" onClick={close}>
          close
        </button>
      </header>
      <div className="panel-body">
        <LogsView />
      </div>
    </section>
  );
}
