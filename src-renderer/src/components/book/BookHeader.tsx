import { useMarketStore, useSelectedMarket } from '../../state/market-store';

/** The selected market's question and the YES/NO toggle for the token shown. */
export function BookHeader() {
  const market = useSelectedMarket();
  const outcome = useMarketStore((s) => s.outcome);
  const setOutcome = useMarketStore((s) => s.setOutcome);
  if (!market) return null;
  const names = [market.tokens[0]?.outcome ?? 'Yes', market.tokens[1]?.outcome ?? 'No'];
  return (
    <div className="book-header">
      <span className="book-question" title={market.question} data-testid="book-question">
        {market.question}
      </span>
      <div className="segmented" role="group" aria-label="Token shown">
        {(['YES', 'NO'] as const).map((o, i) => (
          <button
            key={o}
            type="button"
            className={outcome === o ? 'on' : ''}
            aria-pressed={outcome === o}
            data-testid={`outcome-${o}`}
            disabled={market.tokens[i] === undefined}
            onClick={() => setOutcome(o)}
          >
            {names[i]}
          </button>
        ))}
      </div>
    </div>
  );
}
