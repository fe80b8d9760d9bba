import type { MarketInfo } from '@shared/domain/gamma';
import type { MarketListItem } from '@shared/domain/market';
import { useContextStore } from '../../state/context-store';
import { useMarketStore } from '../../state/market-store';
import { useNow } from '../../state/use-now';
import { formatPrice } from '../format';
import { compactUsd, endText } from './market-query';
import { PriceMove } from './PriceMove';

/** Gamma's figures of a market: event, outcome, end date, 24 h volume, liquidity, tags. */
function ContextLine({ info }: { info: MarketInfo }) {
  const now = useNow(60_000);
  return (
    <span className="market-context" data-testid="market-context">
      <span title="End date">ends {endText(info.endDateMs, now)}</span>
      <span title="24 h volume">vol {compactUsd(info.volume24hMicros)}</span>
      <span title="Liquidity">liq {compactUsd(info.liquidityMicros)}</span>
      {info.tags.slice(0, 3).map((tag) => (
        <span key={tag.slug} className="tag muted-tag" data-testid="market-tag-label">
          {tag.label}
        </span>
      ))}
    </span>
  );
}

/** One market of the list: event and question, last price and its move, spread, tick. */
export function MarketRow({
  market,
  info,
  selected,
  active,
}: {
  market: MarketListItem;
  info: MarketInfo | null;
  selected: boolean;
  active: boolean;
}) {
  const previous = useMarketStore((s) => s.previousLast[market.conditionId]);
  const select = useMarketStore((s) => s.select);
  const openEvent = useContextStore((s) => s.openEvent);
  // A watched market's own book is fresher than the list: its YES snapshot wins when there is one.
  const yes = market.tokens[0]?.tokenId ?? '';
  const liveBid = useMarketStore((s) => s.snapshots[yes]?.bestBid);
  const liveAsk = useMarketStore((s) => s.snapshots[yes]?.bestAsk);
  const liveLast = useMarketStore((s) => s.snapshots[yes]?.lastTradePrice);
  const bid = liveBid !== undefined ? liveBid : market.bestBid;
  const ask = liveAsk !== undefined ? liveAsk : market.bestAsk;
  const last = liveLast ?? market.lastPrice;
  const spread = bid !== null && ask !== null ? ask - bid : null;
  const eventTitle =
    info?.eventTitle && info.eventTitle !== market.question ? info.eventTitle : null;
  const eventId = info?.negRisk ? info.eventId : null;
  return (
    <li className="market-item">
      <button
        type="button"
        className={`market-row${selected ? ' selected' : ''}${active ? ' active' : ''}`}
        data-testid="market-row"
        data-slug={market.slug}
        aria-pressed={selected}
        onClick={() => select(market.conditionId)}
      >
        {eventTitle && (
          <span className="market-event" data-testid="market-event-title">
            {eventTitle}
          </span>
        )}
        <span className="market-question">
          {info?.groupItemTitle && eventTitle ? (
            <>
              <strong>{info.groupItemTitle}</strong>{' '}
              <span className="muted">{market.tokens.map((t) => t.outcome).join(' / ')}</span>
            </>
          ) : (
            market.question
          )}
        </span>
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
        {info && <ContextLine info={info} />}
      </button>
      {eventId && (
        <button
          type="button"
          className="small event-open"
          data-testid="event-open"
          data-event-id={eventId}
          title="Every outcome of this event, the sum of their prices, and Kelly across them"
          onClick={() => openEvent(eventId)}
        >
          Event ▸
        </button>
      )}
    </li>
  );
}
