import type { MarketListItem } from '@shared/domain/market';
import { useMarketStore } from '../../state/market-store';
import { formatPrice } from '../format';
import { PriceMove } from './PriceMove';

/** One market of the list: question, last price and its move, spread, tick. */
export function MarketRow({
  market,
  selected,
  active,
}: {
  market: MarketListItem;
  selected: boolean;
  active: boolean;
}) {
  const previous = useMarketStore((s) => s.previousLast[market.conditionId]);
  const select = useMarketStore((s) => s.select);
  // A watched market's own book is fresher than the list: its YES snapshot wins when there is one.
  const yes = market.tokens[0]?.tokenId ?? '';
  const liveBid = useMarketStore((s) => s.snapshots[yes]?.bestBid);
  const liveAsk = useMarketStore((s) => s.snapshots[yes]?.bestAsk);
  const liveLast = useMarketStore((s) => s.snapshots[yes]?.lastTradePrice);
  const bid = liveBid !== undefined ? liveBid : market.bestBid;
  const ask = liveAsk !== undefined ? liveAsk : market.bestAsk;
  const last = liveLast ?? market.lastPrice;
  const spread = bid !== null && ask !== null ? ask - bid : null;
  return (
    <li>
      <button
        type="button"
        className={`market-row${selected ? ' selected' : ''}${active ? ' active' : ''}`}
        data-testid="market-row"
        data-slug={market.slug}
        aria-pressed={selected}
        onClick={() => select(market.conditionId)}
      >
        <span className="market-question">{market.question}</span>
        <span className="market-stats">
          <span title="Last traded price of YES">
            last <strong>{formatPrice(last, market.tickMicros)}</strong>
            <PriceMove last={market.lastPrice} previous={previous} />
          </span>
          <span title="Best ask − best bid of YES">
            spr{' '}
            {spread === null ? '—' : formatPrice(spread, market.tickMicros).replace(/^0\./, '.')}
          </span>
          <span title="Tick size">tick {formatPrice(market.tickMicros, market.tickMicros)}</span>
          {market.negRisk && <span className="tag">neg-risk</span>}
        </span>
      </button>
    </li>
  );
}
