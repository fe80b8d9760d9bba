import { useState } from 'react';
import { selectTradeBlock, useAppStore } from '../state/app-store';
import { openSettings } from '../state/settings-store';

/**
 * What the host found wrong at start or at a switch (a config or order database kept aside, a
 * locked live key), above the panels until dismissed. A problem that comes back after being
 * dismissed (another text) shows again; the READ-ONLY badge stays whatever is dismissed here.
 */
export function ProblemsBanner() {
  const problems = useAppStore((s) => s.info?.problems);
  const readOnly = useAppStore((s) => s.info?.readOnly ?? false);
  const block = useAppStore(selectTradeBlock);
  const [dismissed, setDismissed] = useState<readonly string[]>([]);
  const shown = (problems ?? []).filter((p) => !dismissed.includes(p));
  if (shown.length === 0) return null;
  return (
    <div
      className={`problems-banner${readOnly ? ' problems-read-only' : ''}`}
      role="alert"
      data-testid="problems-banner"
    >
      <span className="problems-icon" aria-hidden="true">
        ⚠
      </span>
      <ul className="problems-list">
        {shown.map((problem) => (
          <li key={problem} data-testid="problem">
            {problem}
          </li>
        ))}
      </ul>
      {block === 'locked' || block === 'data-only' ? (
        <button type="button" className="small" onClick={() => openSettings('live')}>
          Live trading…
        </button>
      ) : null}
      <button
        type="button"
        className="small"
        data-testid="problems-dismiss"
        title="Hide these messages (they stay in the host log)"
        onClick={() => setDismissed((d) => [...d, ...shown])}
      >
        Dismiss
      </button>
    </div>
  );
}
