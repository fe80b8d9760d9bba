import { useEffect, useMemo, useState } from 'react';
import type { EventInfo, MarketInfo } from '@shared/domain/gamma';
import { MICROS_PER_UNIT } from '@shared/math/decimal';
import { useApi } from '../../api/api-context';
import { useContextStore } from '../../state/context-store';
import { useEntryStore } from '../../state/entry-store';
import { useMarketStore } from '../../state/market-store';
import { toastError, toastInfo } from '../../state/toast-store';
import { watchToken } from '../../state/token-watch';
import { formatPercent, formatPrice, formatShares, formatUsd } from '../format';
import { computeEventKelly, DEFAULT_EVENT_KELLY, priceSum } from './event-kelly';
import type { EventKellyStake, EventKellyValues } from './event-kelly';

const EVENT_REFRESH_MS = 15_000;

/** A sum of prices to the thousandth: "1.012". */
function milli(micros: number): string {
  return formatPrice(Math.round(micros / 1_000) * 1_000, 1_000);
}

function outcomeName(market: MarketInfo): string {
  return market.groupItemTitle ?? market.question;
}

function yesToken(market: MarketInfo): string {
  return market.outcomes[0]?.tokenId ?? '';
}

/** Keeps every open outcome's YES book watched while the view is shown. */
function useWatchedOutcomes(markets: readonly MarketInfo[]): void {
  const api = useApi();
  const tokens = markets
    .filter((m) => !m.closed)
    .map(yesToken)
    .filter(Boolean)
    .join(',');
  useEffect(() => {
    if (tokens === '') return;
    const releases = tokens.split(',').map((tokenId) => watchToken(api, tokenId, () => undefined));
    return () => {
      for (const release of releases) release();
    };
  }, [api, tokens]);
}

/** The event, read again now and then (resolution shows in its markets' outcome prices). */
function useEvent(eventId: string): { event: EventInfo | null; notice: string | null } {
  const api = useApi();
  const [state, setState] = useState<{ event: EventInfo | null; notice: string | null }>({
    event: null,
    notice: null,
  });
  useEffect(() => {
    let disposed = false;
    const load = (): void => {
      api.call('market.event', { idOrSlug: eventId }).then(
        (reply) => {
          if (!disposed) setState(reply);
        },
        (err: unknown) => {
          if (!disposed) toastError('Could not read the event', err);
        },
      );
    };
    load();
    const timer = setInterval(load, EVENT_REFRESH_MS);
    return () => {
      disposed = true;
      clearInterval(timer);
    };
  }, [api, eventId]);
  return state;
}

/** Shows the outcome's market and fills the order form with a BUY of YES at the ask. */
function prefillBuy(market: MarketInfo, askMicros: number, sharesMicros: number): void {
  const markets = useMarketStore.getState();
  if (!markets.markets.some((m) => m.conditionId === market.conditionId)) {
    toastInfo('Not on the order book', `${outcomeName(market)} is not listed by the exchange.`);
    return;
  }
  if (markets.selectedConditionId !== market.conditionId) markets.select(market.conditionId);
  useMarketStore.getState().setOutcome('YES');
  useEntryStore.getState().pickPrice(askMicros, 'BUY', sharesMicros);
  toastInfo(
    'Order form filled',
    `Check the BUY of ${outcomeName(market)}, then send it.`,
    'success',
  );
}

function resolvedText(market: MarketInfo): string | null {
  if (!market.closed) return null;
  const winner = market.outcomes.find((o) => o.priceMicros === MICROS_PER_UNIT);
  return winner ? `resolved ${winner.label}` : 'closed';
}

/**
 * A neg-risk event: every outcome's best bid/ask and micro-price, the sum of YES prices and its
 * distance from 1, and Kelly across the mutually exclusive outcomes with a Buy per outcome.
 */
export function EventView({ eventId }: { eventId: string }) {
  const closeEvent = useContextStore((s) => s.closeEvent);
  const { event, notice } = useEvent(eventId);
  const markets = useMemo(() => event?.markets ?? [], [event]);
  useWatchedOutcomes(markets);
  const snapshots = useMarketStore((s) => s.snapshots);
  const [beliefs, setBeliefs] = useState<Record<string, string>>({});
  const [values, setValues] = useState<EventKellyValues>(DEFAULT_EVENT_KELLY);

  const open = markets.filter((m) => !m.closed);
  const quotes = markets.map((m) => {
    const snapshot = snapshots[yesToken(m)];
    return {
      market: m,
      bid: snapshot?.bestBid ?? null,
      ask: snapshot?.bestAsk ?? null,
      micro: snapshot?.microPrice ?? null,
      tick: snapshot?.tickMicros ?? m.tickMicros ?? 10_000,
    };
  });
  const openQuotes = quotes.filter((q) => !q.market.closed);

  // Until one is typed, beliefs follow the market's own view (micro-price, else Gamma's price);
  // the first one typed keeps the others where they stood.
  const shownBeliefs: Record<string, string> = {};
  for (const q of openQuotes) {
    const start = q.micro ?? q.market.outcomes[0]?.priceMicros ?? null;
    shownBeliefs[q.market.conditionId] =
      beliefs[q.market.conditionId] ??
      (start === null ? '' : ((start / MICROS_PER_UNIT) * 100).toFixed(1));
  }
  const setBelief = (id: string, text: string): void =>
    setBeliefs((typed) => ({ ...shownBeliefs, ...typed, [id]: text }));

  const kelly = computeEventKelly(
    openQuotes.map((q) => ({
      id: q.market.conditionId,
      beliefText: shownBeliefs[q.market.conditionId] ?? '',
      askMicros: q.ask,
    })),
    values,
  );
  const stakeOf = (id: string): EventKellyStake | undefined =>
    kelly.ok ? kelly.stakes.find((s) => s.id === id) : undefined;
  const microSum = priceSum(openQuotes.map((q) => q.micro));
  const askSum = priceSum(openQuotes.map((q) => q.ask));
  const bidSum = priceSum(openQuotes.map((q) => q.bid));

  return (
    <div className="event-view" data-testid="event-view">
      <div className="event-head">
        <button type="button" className="small" data-testid="event-close" onClick={closeEvent}>
          ◂ Charts
        </button>
        <strong className="event-title" data-testid="event-title">
          {event?.title ?? 'Loading event…'}
        </strong>
        {event?.negRisk && <span className="tag">neg-risk</span>}
      </div>
      {notice && (
        <p className="market-notice" role="status">
          {notice}
        </p>
      )}
      {event && (
        <>
          <table className="orders-table event-table">
            <thead>
              <tr>
                <th>outcome</th>
                <th className="num">bid</th>
                <th className="num">ask</th>
                <th className="num">micro</th>
                <th className="num">belief %</th>
                <th className="num">stake</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {quotes.map((q) => {
                const id = q.market.conditionId;
                const stake = stakeOf(id);
                const resolved = resolvedText(q.market);
                const minSize = q.market.minOrderSizeMicros ?? 5 * MICROS_PER_UNIT;
                const size = stake && stake.sharesMicros > 0 ? stake.sharesMicros : minSize;
                return (
                  <tr
                    key={id}
                    className={stake?.selected ? 'kelly-pick' : ''}
                    data-testid="event-outcome"
                    data-condition-id={id}
                    data-token-id={yesToken(q.market)}
                  >
                    <td>{outcomeName(q.market)}</td>
                    {resolved ? (
                      <td colSpan={5} className="muted" data-testid="event-outcome-resolved">
                        {resolved}
                      </td>
                    ) : (
                      <>
                        <td className="num" data-testid="event-bid">
                          {formatPrice(q.bid, q.tick)}
                        </td>
                        <td className="num" data-testid="event-ask">
                          {formatPrice(q.ask, q.tick)}
                        </td>
                        <td className="num" data-testid="event-micro">
                          {q.micro === null
                            ? '—'
                            : formatPrice(Math.round(q.micro / 100) * 100, 100)}
                        </td>
                        <td className="num">
                          <input
                            className="belief"
                            aria-label={`Belief that ${outcomeName(q.market)} wins, percent`}
                            data-testid="event-belief"
                            inputMode="decimal"
                            value={shownBeliefs[id] ?? ''}
                            onChange={(e) => setBelief(id, e.target.value)}
                          />
                        </td>
                        <td className="num" data-testid="event-stake">
                          {stake?.selected ? (
                            <>
                              {formatUsd(stake.stakeMicros)}
                              <span className="event-stake-shares">
                                {formatShares(stake.sharesMicros)} sh
                              </span>
                            </>
                          ) : (
                            '—'
                          )}
                        </td>
                      </>
                    )}
                    <td className="actions">
                      {!resolved && (
                        <button
                          type="button"
                          className="small"
                          data-testid="event-buy"
                          disabled={q.ask === null}
                          title={
                            q.ask === null
                              ? 'Nothing is offered'
                              : `Fill the order form: BUY ${formatShares(size)} YES at ${formatPrice(q.ask, q.tick)}`
                          }
                          onClick={() => q.ask !== null && prefillBuy(q.market, q.ask, size)}
                        >
                          Buy
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="event-sums" data-testid="event-sum">
            <span>
              Σ YES micro{' '}
              <strong data-testid="event-sum-micro">
                {microSum ? milli(microSum.sumMicros) : '—'}
              </strong>
              {microSum && (
                <span className="muted" data-testid="event-sum-deviation">
                  {' '}
                  ({microSum.deviationMicros >= 0 ? '+' : '−'}
                  {milli(Math.abs(microSum.deviationMicros))} from 1)
                </span>
              )}
            </span>
            <span title="What buying one YES of every outcome costs / brings">
              Σ asks {askSum ? milli(askSum.sumMicros) : '—'} · Σ bids{' '}
              {bidSum ? milli(bidSum.sumMicros) : '—'}
            </span>
          </div>
          {open.length > 0 && (
            <div className="event-kelly" data-testid="event-kelly">
              <label>
                Kelly fraction λ{' '}
                <input
                  data-testid="event-kelly-fraction"
                  inputMode="decimal"
                  value={values.kellyFraction}
                  onChange={(e) => setValues((v) => ({ ...v, kellyFraction: e.target.value }))}
                />
              </label>
              <label>
                Bankroll (pUSD){' '}
                <input
                  data-testid="event-bankroll"
                  inputMode="decimal"
                  value={values.bankroll}
                  onChange={(e) => setValues((v) => ({ ...v, bankroll: e.target.value }))}
                />
              </label>
              {kelly.ok ? (
                <span data-testid="event-kelly-summary">
                  buy {kelly.stakes.filter((s) => s.selected).length} of {kelly.stakes.length} ·
                  staked {formatPercent(kelly.result.totalFraction, 1)} · cash kept{' '}
                  {formatPercent(kelly.result.cashFraction, 1)}
                </span>
              ) : (
                <span className="field-error" data-testid="event-kelly-error">
                  {kelly.message}
                </span>
              )}
              {kelly.ok && kelly.normalizedNote && (
                <p className="trade-note" data-testid="event-kelly-note">
                  {kelly.normalizedNote}
                </p>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
