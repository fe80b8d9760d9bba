import type { MarketSnapshot } from '@shared/domain/market';
import { formatMicro, formatPrice, formatSharesCompact } from '../format';
import { STOIKOV_COLOR, stoikovText } from './stoikov-view';

/**
 * Best bid and ask with their sizes, the spread in ticks and the micro-price; Stoikov's
 * micro-price beside it when it is chosen (in the order form, or by an open order here).
 */
export function BookSummary({
  snapshot,
  showStoikov = false,
}: {
  snapshot: MarketSnapshot;
  showStoikov?: boolean;
}) {
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
      {showStoikov && <StoikovSummary snapshot={snapshot} />}
    </div>
  );
}

function StoikovSummary({ snapshot }: { snapshot: MarketSnapshot }) {
  const text = stoikovText(snapshot.stoikov);
  return (
    <span
      className="stoikov-text"
      title={text.title}
      data-testid="stoikov-figure"
      // A whole row of the summary: the status ("fitting (n/m transitions)") is long.
      style={text.priced ? undefined : { gridColumn: '1 / -1' }}
    >
      <span className="label">Stoikov</span>{' '}
      {text.priced ? (
        <strong data-testid="stoikov-price" style={{ color: STOIKOV_COLOR }}>
          {text.value}
        </strong>
      ) : (
        <span className="muted" data-testid="stoikov-status">
          {text.value}
        </span>
      )}
    </span>
  );
}
