import { useEffect, useMemo, useRef } from 'react';
import { useSelectedSnapshot } from '../../state/market-store';
import { buildLadder } from './ladder-rows';
import { formatPrice, formatShares } from '../format';
import { BookSummary } from './BookSummary';
import { LadderLevel } from './LadderLevel';
import { useStoikovChosen } from './use-stoikov-chosen';

/** DOM ladder of the shown token: one row per tick, bids left, asks right. */
export function OrderBookLadder() {
  const snapshot = useSelectedSnapshot();
  const showStoikov = useStoikovChosen(snapshot?.tokenId ?? null);
  const ladder = useMemo(
    () => (snapshot ? buildLadder(snapshot, undefined, showStoikov) : null),
    [snapshot, showStoikov],
  );
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
      <BookSummary snapshot={snapshot} showStoikov={showStoikov} />
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
            <LadderLevel
              key={row.priceMicros}
              row={row}
              tick={snapshot.tickMicros}
              maxSize={ladder.maxSizeMicros}
              mid={mid}
            />
          ))
        )}
      </div>
      {ladder.offLadder.map((o) => (
        <p key={o.orderId} className="off-ladder" data-testid="off-ladder">
          ● our {o.side} {formatShares(o.size)} at {formatPrice(o.price, snapshot.tickMicros)} is
          off the ladder
        </p>
      ))}
      {snapshot.stale && (
        <p className="stale-note" data-testid="book-stale">
          Book is stale ({Math.round(snapshot.ageMs / 1000)}s old): quoting paused until it updates.
        </p>
      )}
    </div>
  );
}
