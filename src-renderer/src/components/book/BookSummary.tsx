import type { MarketSnapshot } from '@shared/domain/market';
import { formatMicro, formatPrice, formatSharesCompact } from '../format';

/** Best bid and ask with their sizes, the spread in ticks and the micro-price. */
export function BookSummary({ snapshot }: { snapshot: MarketSnapshot }) {
  const tick = snapshot.tickMicros;
  const ticks = snapshot.spread === null ? null : Math.round(snapshot.spread / tick);
  return (
    <div className="book-summary">
      <span className="bid-text" title="Best bid × size">
        <span className="label">bid</span>{' '}
        <strong data-testid="best-bid">{formatPrice(snapshot.bestBid, tick)}</strong>
        <span className="muted"> × {formatSharesCompact(snapshot.bidDepth)}</span>
      </span>
      <span className="ask-text" title="Best ask × size">
        <span className="label">ask</span>{' '}
        <strong data-testid="best-ask">{formatPrice(snapshot.bestAsk, tick)}</strong>
        <span className="muted"> × {formatSharesCompact(snapshot.askDepth)}</span>
      </span>
      <span title="Best ask − best bid">
        <span className="label">spread</span>{' '}
        <strong data-testid="spread">{formatPrice(snapshot.spread, tick)}</strong>
        {ticks !== null && <span className="muted"> ({ticks}t)</span>}
      </span>
      <span
        className="micro-text"
        title="Micro-price: the size-weighted mid (bid·ask size + ask·bid size)/(bid size + ask size), Stoikov's weighted mid. The shaded rows are its band (± threshold, at least one tick)."
      >
        <span className="label">micro</span>{' '}
        <strong data-testid="micro-price">{formatMicro(snapshot.microPrice)}</strong>
      </span>
    </div>
  );
}
