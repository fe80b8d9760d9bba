import { usePortfolioStore } from '../../state/portfolio-store';
import { formatClock, formatPrice, formatShares, formatUsd } from '../format';

/** Our fills, newest first; a MATCHED fill is pending until CONFIRMED, a FAILED one is undone. */
export function TradesBlotter() {
  const trades = usePortfolioStore((s) => s.trades);
  const total = usePortfolioStore((s) => s.tradesTotal);
  if (trades.length === 0) return <p className="empty">No trades yet.</p>;
  return (
    <div className="trades" data-testid="trades">
      <table className="orders-table trades-table">
        <thead>
          <tr>
            <th>time</th>
            <th>market</th>
            <th>side</th>
            <th className="num">price</th>
            <th className="num">size</th>
            <th>status</th>
            <th className="num">fee</th>
            <th>role</th>
          </tr>
        </thead>
        <tbody>
          {trades.map((t) => (
            <tr
              key={t.key}
              className={`trade-row status-${t.status.toLowerCase()}`}
              data-testid="trade-row"
              data-status={t.status}
            >
              <td className="muted" title={new Date(t.timeMs).toISOString()}>
                {formatClock(t.timeMs)}
              </td>
              <td className="order-market" title={t.question ?? t.tokenId}>
                {t.question
                  ? `${t.question} · ${t.outcome ?? '?'}`
                  : `token ${t.tokenId.slice(0, 10)}…`}
              </td>
              <td className={t.side === 'BUY' ? 'bid-text' : 'ask-text'}>{t.side}</td>
              <td className="num">{formatPrice(t.priceMicros)}</td>
              <td className="num">{formatShares(t.sizeMicros)}</td>
              <td>
                <span
                  className={`trade-status trade-${t.status.toLowerCase()}`}
                  data-testid="trade-status"
                >
                  {t.status}
                </span>
              </td>
              <td className="num">{formatUsd(t.feeMicros)}</td>
              <td className="muted">{t.role?.toLowerCase() ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > trades.length && (
        <p className="muted">
          The newest {trades.length} of {total}; `polydesk trades --limit {total}` lists them all.
        </p>
      )}
    </div>
  );
}
