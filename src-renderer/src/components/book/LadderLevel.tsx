import { memo } from 'react';
import type { Side } from '@shared/domain/order-request';
import { useEntryStore } from '../../state/entry-store';
import { formatPrice, formatSharesCompact } from '../format';
import type { LadderRow } from './ladder-rows';
import { STOIKOV_COLOR } from './stoikov-view';

interface LadderLevelProps {
  row: LadderRow;
  tick: number;
  maxSize: number;
  mid: number | null;
}

/** Rows are rebuilt every frame; a row whose numbers did not change is not redrawn. */
function sameLevel(a: LadderLevelProps, b: LadderLevelProps): boolean {
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
    x.microOffset === y.microOffset &&
    x.stoikovOffset === y.stoikovOffset
  );
}

/** One price of the ladder; clicking a side puts the price in the order form. */
export const LadderLevel = memo(function LadderLevel({
  row,
  tick,
  maxSize,
  mid,
}: LadderLevelProps) {
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
        {row.stoikovOffset !== null && (
          <span
            className="micro-marker"
            data-testid="stoikov-marker"
            title="Stoikov's micro-price"
            style={{ top: `${50 - row.stoikovOffset * 100}%`, background: STOIKOV_COLOR }}
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
}, sameLevel);
