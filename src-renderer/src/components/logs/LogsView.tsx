import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LogEntry } from '@shared/ipc/contract';
import { MAX_LOG_LINES } from '@shared/ipc/contract';
import { useApi } from '../../api/api-context';
import { formatClock } from '../format';
import { LEVEL_FILTERS, filterLogs } from './log-filter';
import type { LevelFilter } from './log-filter';

const LEVEL_TONE: Record<string, string> = { warn: 'warn', error: 'bad', fatal: 'bad' };

/** The newest lines of the host log (logs.tail), filtered here by level and text. */
export function LogsView() {
  const api = useApi();
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [level, setLevel] = useState<LevelFilter>('all');
  const [text, setText] = useState('');
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api.call('logs.tail', { lines: MAX_LOG_LINES }).then(
        (reply) => {
          setEntries(reply.entries);
          setFailed(null);
          setLoading(false);
        },
        (err: unknown) => {
          setFailed(err instanceof Error ? err.message : 'could not read the log');
          setLoading(false);
        },
      ),
    [api],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const refresh = (): void => {
    setLoading(true);
    void load();
  };

  // Newest first: what just happened is what one opens the log for.
  const shown = useMemo(() => filterLogs(entries, level, text).reverse(), [entries, level, text]);

  return (
    <div className="logs" data-testid="logs-view">
      <div className="logs-toolbar">
        <div className="segmented small" role="group" aria-label="Level">
          {LEVEL_FILTERS.map((l) => (
            <button
              key={l}
              type="button"
              className={l === level ? 'on' : ''}
              aria-pressed={l === level}
              data-testid={`logs-level-${l}`}
              onClick={() => setLevel(l)}
            >
              {l === 'all' ? 'all' : `${l}+`}
            </button>
          ))}
        </div>
        <input
          type="search"
          placeholder="Filter text or order id"
          aria-label="Filter logs"
          data-testid="logs-filter"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button
          type="button"
          className="small"
          data-testid="logs-refresh"
          disabled={loading}
          onClick={refresh}
        >
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      {failed ? (
        <p className="empty" data-testid="logs-error">
          Log unavailable: {failed}
        </p>
      ) : shown.length === 0 ? (
        <p className="empty">{entries.length === 0 ? 'No log lines yet.' : 'No line matches.'}</p>
      ) : (
        <table className="logs-table">
          <tbody>
            {shown.map((e, i) => (
              <tr key={`${e.time}-${i}`} data-testid="log-row" data-level={e.level}>
                <td className="muted">{formatClock(e.time)}</td>
                <td className={LEVEL_TONE[e.level] ?? 'muted'}>{e.level}</td>
                <td>{e.msg}</td>
                <td className="muted">{e.orderId ?? ''}</td>
                <td className="logs-fields muted" title={e.fields}>
                  {e.fields === '{}' ? '' : e.fields}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
