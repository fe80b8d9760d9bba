import { memo, useEffect, useMemo, useRef } from 'react';
import type { MarketSnapshot } from '@shared/domain/market';
import type { Side } from '@shared/domain/order-request';
import { useEntryStore } from '../../state/entry-store';
import { useSelectedSnapshot } from '../../state/market-store';
import { formatMicro, formatPrice, formatSharesCompact } from '../format';
import { buildLadder } from './ladder-rows';
import type { LadderRow } from './ladder-rows';

interface RowProps {
  row: LadderRow;
  tick: number;
  maxSize: number;
  mid: number | null;
}

/** Rows are rebuilt every frame; a row whose numbers did not change is not redrawn. */
function sameRow(a: RowProps, b: RowProps): boolean {
  const x = a.row;
  const y = b.row;
  return (
    a.tick === b.tick &&
    a.maxSize === b.maxSize &&
    a.mid === b.mid &&
    x.priceMicros === y.priceMicros &&
    x.bidMicros === y.bidMicros &&
    x.askMicros === y.askMicros &&
    x.ourBuyMicros === y.ourBuyMicros &&
    x.ourSellMicros === y.ourSellMicros &&
    x.inBand === y.inBand &&
    x.bestBid === y.bestBid &&
    x.bestAsk === y.bestAsk &&
    x.microOffset === y.microOffset
  );
}

const Row = memo(function Row({ row, tick, maxSize, mid }: RowProps) {
  const pickPrice = useEntryStore((s) => s.pickPrice);
  const pick = (side: Side) => () => pickPrice(row.priceMicros, side);
  const bar = (size: number): string => `${maxSize > 0 ? (100 * size) / maxSize : 0}%`;
  const sideByPosition: Side = mid !== null && row.priceMicros > mid ? 'SELL' : 'BUY';
  const classes = ['ladder-row'];
  if (row.inBand) classes.push('in-band');
  if (row.bestBid) classes.push('best-bid');
  if (row.bestAsk) classes.push('best-ask');
  return (
    <div
      className={classes.join(' ')}
      data-testid="ladder-row"
      data-price={formatPrice(row.priceMicros, tick)}
    >
      <button
        type="button"
        className="cell bid"
        title={`Buy at ${formatPrice(row.priceMicros, tick)}`}
        onClick={pick('BUY')}
        data-testid="ladder-bid"
      >
        {row.ourBuyMicros > 0 && (
          <span className="ours" data-testid="ladder-ours" title="Our resting buy">
            ● {formatSharesCompact(row.ourBuyMicros)}
          </span>
        )}
        <span className="bar bid-bar" style={{ width: bar(row.bidMicros) }} />
        <span className="size">{row.bidMicros > 0 ? formatSharesCompact(row.bidMicros) : ''}</span>
      </button>
      <button
        type="button"
        className="cell price"
        title="Use this price in the order form"
        onClick={pick(sideByPosition)}
        data-testid="ladder-price"
      >
        <span className="price-text">{formatPrice(row.priceMicros, tick)}</span>
        {row.microOffset !== null && (
          <span
            className="micro-marker"
            data-testid="micro-marker"
            style={{ top: `${50 - row.microOffset * 100}%` }}
          />
        )}
      </button>
      <button
        type="button"
        className="cell ask"
        title={`Sell at ${formatPrice(row.priceMicros, tick)}`}
        onClick={pick('SELL')}
        data-testid="ladder-ask"
      >
        <span className="bar ask-bar" style={{ width: bar(row.askMicros) }} />
        <span className="size">{row.askMicros > 0 ? formatSharesCompact(row.askMicros) : ''}</span>
        {row.ourSellMicros > 0 && (
          <span className="ours" data-testid="ladder-ours" title="Our resting sell">
            ● {formatSharesCompact(row.ourSellMicros)}
          </span>
        )}
      </button>
    </div>
  );
}, sameRow);

function Summary({ snapshot }: { snapshot: MarketSnapshot }) {
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

/** DOM ladder of the shown token: one row per tick, bids left, asks right. */
export function OrderBookLadder() {
  const snapshot = useSelectedSnapshot();
  const ladder = useMemo(() => (snapshot ? buildLadder(snapshot) : null), [snapshot]);
  const rowsBox = useRef<HTMLDivElement>(null);
  const centredFor = useRef<string | null>(null);
  const tokenId = snapshot?.tokenId ?? null;
  const hasRows = (ladder?.rows.length ?? 0) > 0;
  // Once per token, scroll the inside of the book (the spread) to the middle of the view.
  useEffect(() => {
    const box = rowsBox.current;
    if (!box || !hasRows || centredFor.current === tokenId) return;
    centredFor.current = tokenId;
    const spread =
      box.querySelector<HTMLElement>('.best-ask') ?? box.querySelector<HTMLElement>('.best-bid');
    if (spread) box.scrollTop = spread.offsetTop - box.clientHeight / 2;
  }, [tokenId, hasRows]);
  if (!snapshot || !ladder) {
    return <p className="empty">Waiting for the book…</p>;
  }
  const mid =
    snapshot.bestBid !== null && snapshot.bestAsk !== null
      ? (snapshot.bestBid + snapshot.bestAsk) / 2
      : snapshot.microPrice;
  return (
    <div className="book" data-testid="ladder" data-stale={snapshot.stale}>
      <Summary snapshot={snapshot} />
      <div className="ladder-head">
        <span>bid</span>
        <span>price</span>
        <span>ask</span>
      </div>
      <div className="ladder-rows" ref={rowsBox}>
        {ladder.rows.length === 0 ? (
          <p className="empty">The book is empty.</p>
        ) : (
          ladder.rows.map((row) => (
            <Row
              key={row.priceMicros}
              row={row}
              tick={snapshot.tickMicros}
              maxSize={ladder.maxSizeMicros}
              mid={mid}
            />
          ))
        )}
      </div>
      {snapshot.stale && (
        <p className="stale-note" data-testid="book-stale">
          Book is stale ({Math.round(snapshot.ageMs / 1000)}s old): quoting paused until it updates.
        </p>
      )}
    </div>
  );
}
