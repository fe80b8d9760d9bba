import { useState } from 'react';
import type { PortfolioPosition, PortfolioSnapshot } from '@shared/ipc/contract';
import { useApi } from '../../api/api-context';
import { usePortfolioStore } from '../../state/portfolio-store';
import { toastError, toastInfo } from '../../state/toast-store';
import { formatPrice, formatShares, formatUsd } from '../format';
import { closingProposal, prefillClosingOrder } from './close-position';
import { Pnl } from './PnlCell';

function marketName(p: Pick<PortfolioPosition, 'question' | 'outcome' | 'tokenId'>): string {
  return p.question ? `${p.question} · ${p.outcome ?? '?'}` : `token ${p.tokenId.slice(0, 10)}…`;
}

/** A micro-price for reading: at most 4 decimals (the figure inside stays exact). */
function formatMark(micros: number | null): string {
  return micros === null ? '—' : formatPrice(Math.round(micros / 100) * 100);
}

function Pending({ p }: { p: PortfolioPosition }) {
  if (p.pendingBuyMicros === 0 && p.pendingSellMicros === 0)
    return <span className="muted">—</span>;
  return (
    <span className="pending" title="Matched, not yet CONFIRMED on chain">
      {p.pendingBuyMicros > 0 && `+${formatShares(p.pendingBuyMicros)}`}
      {p.pendingBuyMicros > 0 && p.pendingSellMicros > 0 && ' '}
      {p.pendingSellMicros > 0 && `−${formatShares(p.pendingSellMicros)}`}
    </span>
  );
}

function CloseButtons({ p }: { p: PortfolioPosition }) {
  const buttons = [
    { fraction: 1, label: 'Close', testId: 'position-close' },
    { fraction: 0.5, label: '−50%', testId: 'position-reduce' },
  ];
  return (
    <>
      {buttons.map(({ fraction, label, testId }) => {
        const proposal = closingProposal(p, fraction);
        return (
          <button
            key={testId}
            type="button"
            className="small"
            data-testid={testId}
            disabled={!proposal.ok}
            aria-label={fraction === 1 ? 'Close the position' : 'Reduce the position by 50%'}
            title={
              proposal.ok
                ? `Fill the order form: SELL ${formatShares(proposal.order.sizeMicros)} at ${proposal.order.price} (about ${formatUsd(proposal.order.estimatedRealizedPnlMicros)} realized)`
                : proposal.message
            }
            onClick={() => {
              if (prefillClosingOrder(p, fraction)) {
                toastInfo(
                  'Order form filled',
                  'Check the SELL in the order form, then send it.',
                  'success',
                );
              }
            }}
          >
            {label}
          </button>
        );
      })}
    </>
  );
}

/**
 * A resolved position: what it pays, and the Redeem button on the paper exchange; in live mode
 * the plain note that Polydesk does not redeem and where to do it.
 */
function Redeem({ p }: { p: PortfolioPosition }) {
  const api = useApi();
  const [sending, setSending] = useState(false);
  const { resolution, conditionId } = p;
  if (!resolution?.redeemable || !conditionId) return null;
  if (resolution.redeemVia === 'not-submitted') {
    return (
      <span className="redeem-note" data-testid="redeem-live-note" title={resolution.note ?? ''}>
        {resolution.note}
      </span>
    );
  }
  return (
    <button
      type="button"
      className="small primary"
      data-testid="position-redeem"
      disabled={sending}
      title={`Redeem: pays ${formatUsd(resolution.payoutMicros)} (1 pUSD per winning share)`}
      onClick={() => {
        setSending(true);
        api.call('portfolio.redeem', { conditionId }).then(
          (result) => {
            setSending(false);
            toastInfo(
              'Redeemed',
              `${formatUsd(result.payoutMicros)} credited: ${p.question ?? conditionId}`,
              'success',
            );
          },
          (err: unknown) => {
            setSending(false);
            toastError('Redeem failed', err);
          },
        );
      }}
    >
      Redeem
    </button>
  );
}

function ResolutionBadge({ p }: { p: PortfolioPosition }) {
  const { resolution } = p;
  if (!resolution) return null;
  return (
    <span
      className={`tag resolution-tag${resolution.won ? ' won' : ' lost'}`}
      data-testid="position-resolution"
      title={`Resolved ${resolution.winningOutcome}: ${resolution.won ? 'each share pays 1 pUSD' : 'these shares pay nothing'}`}
    >
      {resolution.redeemable ? 'redeemable' : `resolved ${resolution.winningOutcome}`}
    </span>
  );
}

function PositionRow({ p, warned }: { p: PortfolioPosition; warned: boolean }) {
  const flat = p.heldMicros === 0;
  const resolved = p.resolution !== null;
  return (
    <tr
      className={`position-row${flat ? ' flat' : ''}${warned ? ' warned' : ''}`}
      data-testid="position-row"
      data-token-id={p.tokenId}
    >
      <td className="order-market" title={p.question ?? p.tokenId}>
        {warned && (
          <span className="warn-mark" title="The exchange balance disagrees with our fills">
            ⚠{' '}
          </span>
        )}
        <span className="outcome-tag">{p.outcome ?? '?'}</span> <ResolutionBadge p={p} />
        {p.question ?? `token ${p.tokenId}`}
      </td>
      <td className="num" data-testid="position-held">
        {flat ? <span className="muted">flat</span> : formatShares(p.heldMicros)}
      </td>
      <td className="num" data-testid="position-confirmed">
        {formatShares(p.confirmedMicros)}
      </td>
      <td className="num" data-testid="position-pending">
        <Pending p={p} />
      </td>
      <td className="num" data-testid="position-avg">
        {formatPrice(p.avgCostMicros)}
      </td>
      <td className="num" data-testid="position-mark">
        {p.resolution ? (
          <span title="What each share pays on redeem, pUSD">
            pays {p.resolution.won ? '1' : '0'}
          </span>
        ) : (
          <>
            {formatMark(p.microPriceMicros)} / {formatPrice(p.bestBidMicros)}
          </>
        )}
        {p.markStale && !flat && !p.resolution && (
          <span className="muted" title="The book is stale">
            {' '}
            ⏱
          </span>
        )}
      </td>
      <td className="num" data-testid="position-unrealized">
        <Pnl micros={p.unrealizedAtMicroMicros} /> / <Pnl micros={p.unrealizedAtBidMicros} />
      </td>
      <td className="num" data-testid="position-realized">
        <Pnl micros={p.realizedPnlMicros} />
      </td>
      <td className="actions">{resolved ? <Redeem p={p} /> : !flat && <CloseButtons p={p} />}</td>
    </tr>
  );
}

function Summary({ s }: { s: PortfolioSnapshot }) {
  const t = s.totals;
  return (
    <div className="portfolio-summary" data-testid="portfolio-summary">
      <div>
        <span className="label">Cash (pUSD)</span>
        <strong data-testid="cash-balance">{formatUsd(s.cash?.balanceMicros)}</strong>
        <span className="muted">
          {' '}
          free <span data-testid="cash-free">{formatUsd(s.cash?.freeMicros)}</span> · reserved{' '}
          <span data-testid="cash-reserved">{formatUsd(s.cash?.reservedMicros)}</span>
        </span>
      </div>
      <div>
        <span className="label">Value micro / bid</span>
        {formatUsd(t.valueAtMicroMicros)} / {formatUsd(t.valueAtBidMicros)}
      </div>
      <div>
        <span className="label">Unrealized micro / bid</span>
        <span data-testid="total-unrealized">
          <Pnl micros={t.unrealizedAtMicroMicros} /> / <Pnl micros={t.unrealizedAtBidMicros} />
        </span>
      </div>
      <div>
        <span className="label">Realized</span>
        <span data-testid="total-realized">
          <Pnl micros={t.realizedPnlMicros} />
        </span>
        {t.feesMicros > 0 && <span className="muted"> fees {formatUsd(t.feesMicros)}</span>}
      </div>
      <div>
        <span className="label">Equity micro / bid</span>
        {formatUsd(s.equityAtMicroMicros)} / {formatUsd(s.equityAtBidMicros)}
      </div>
    </div>
  );
}

/** Positions from our fills beside the exchange's balances, with P&L, cash and warnings. */
export function PositionsPanel() {
  const snapshot = usePortfolioStore((s) => s.snapshot);
  if (!snapshot) return <p className="empty">Loading positions…</p>;
  const warned = new Set(snapshot.warnings.map((w) => w.tokenId));
  const names = new Map(snapshot.positions.map((p) => [p.tokenId, marketName(p)]));
  return (
    <div className="positions" data-testid="positions">
      <Summary s={snapshot} />
      {snapshot.warnings.map((w) => (
        <div
          key={w.tokenId}
          className="reconcile-warning"
          role="alert"
          data-testid="reconcile-warning"
          data-token-id={w.tokenId}
        >
          <strong>⚠ Balance differs</strong> {names.get(w.tokenId) ?? `token ${w.tokenId}`}: the
          exchange reports{' '}
          <strong data-testid="warning-exchange">{formatShares(w.exchangeMicros)}</strong> shares,
          our fills give{' '}
          <strong data-testid="warning-ours">{formatShares(w.expectedMicros)}</strong> (difference{' '}
          {w.differenceMicros > 0 ? '+' : ''}
          {formatShares(w.differenceMicros)}). Neither figure is changed: check the trades.
        </div>
      ))}
      {snapshot.balanceError && (
        <p className="trade-note" data-testid="balance-error">
          Balances not read: {snapshot.balanceError}
        </p>
      )}
      {snapshot.positions.length === 0 ? (
        <p className="empty">No positions yet: fills of your orders show here.</p>
      ) : (
        <table className="orders-table positions-table">
          <thead>
            <tr>
              <th>market</th>
              <th className="num">shares</th>
              <th className="num">confirmed</th>
              <th className="num">pending</th>
              <th className="num">avg cost</th>
              <th className="num">mark micro/bid</th>
              <th className="num">unrealized micro/bid</th>
              <th className="num">realized</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {snapshot.positions.map((p) => (
              <PositionRow key={p.tokenId} p={p} warned={warned.has(p.tokenId)} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
