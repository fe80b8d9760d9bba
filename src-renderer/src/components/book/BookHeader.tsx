import { useMarketStore, useSelectedMarket, useSelectedSnapshot } from '../../state/market-store';
import { formatPrice } from '../format';
import { outcomePrices } from './outcome-prices';

/**
 * The selected market's question and both outcomes side by side with their bid and ask (the one
 * not shown priced from the shown book); a click shows that outcome's book.
 */
export function BookHeader() {
  const market = useSelectedMarket();
  const outcome = useMarketStore((s) => s.outcome);
  const setOutcome = useMarketStore((s) => s.setOutcome);
  const snapshot = useSelectedSnapshot();
  if (!market) return null;
  const names = [market.tokens[0]?.outcome ?? 'Yes', market.tokens[1]?.outcome ?? 'No'];
  const prices = outcomePrices(outcome, {
    bid: snapshot?.bestBid ?? null,
    ask: snapshot?.bestAsk ?? null,
  });
  const tick = market.tickMicros;
  return (
    <div className="book-header">
      <span className="book-question" title={market.question} data-testid="book-question">
        {market.question}
      </span>
      <div className="segmented outcome-pair" role="group" aria-label="Token shown">
        {(['YES', 'NO'] as const).map((o, i) => {
          const side = o === 'YES' ? prices.yes : prices.no;
          return (
            <button
              key={o}
              type="button"
              className={outcome === o ? 'on' : ''}
              aria-pressed={outcome === o}
              data-testid={`outcome-${o}`}
              disabled={market.tokens[i] === undefined}
              title={`${names[i]}: best bid / best ask`}
              onClick={() => setOutcome(o)}
            >
              {names[i]}{' '}
              <span className="outcome-quote" data-testid={`outcome-${o}-quote`}>
                {formatPrice(side.bid, tick)} / {formatPrice(side.ask, tick)}
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
