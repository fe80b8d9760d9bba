import { useMemo, useState } from 'react';
import { useAppStore } from '../../state/app-store';
import { useEntryStore } from '../../state/entry-store';
import { useSelectedTokenId } from '../../state/market-store';
import { useSampledSnapshot } from '../../state/use-sampled';
import { formatMicro, formatPercent, formatPrice, formatShares, formatUsd } from '../format';
import { GrowthChart } from './GrowthChart';
import { computeKelly, DEFAULT_KELLY_VALUES } from './kelly-calc-model';
import type { KellyCalcValues, KellyField } from './kelly-calc-model';
import { KellyOutput } from './KellyOutput';

const CAPPED_BY = {
  no_edge: 'no edge at this price',
  kelly: 'Kelly optimum',
  max_position: 'max position cap',
  depth: 'book depth',
  limit_price: 'limit price',
  bankroll: 'bankroll',
  held: 'shares held',
  size_step: '0.01-share step',
} as const;

/** Kelly what-if: the shared kellyPlan on typed or live numbers, with G(f) and a book walk. */
export function KellyCalculator({ active = true }: { active?: boolean }) {
  const snapshot = useSampledSnapshot(10, active);
  const collateral = useAppStore((s) => s.account?.collateral ?? null);
  const tokenId = useSelectedTokenId();
  const held = useAppStore(
    (s) => s.account?.positions.find((p) => p.tokenId === tokenId)?.size ?? 0,
  );
  const prefillKelly = useEntryStore((s) => s.prefillKelly);
  const [values, setValues] = useState<KellyCalcValues>(DEFAULT_KELLY_VALUES);
  const calc = useMemo(
    () => computeKelly(values, { snapshot, collateralMicros: collateral, heldMicros: held }),
    [values, snapshot, collateral, held],
  );
  const set = (key: keyof KellyCalcValues, value: string): void =>
    setValues((v) => ({ ...v, [key]: value }));
  const tick = snapshot?.tickMicros ?? 10_000;
  const { plan, walk, bookPlan } = calc;

  const input = (
    key: KellyField,
    label: string,
    extra: { disabled?: boolean; title?: string; shown?: string } = {},
  ) => (
    <label className={`field${calc.errors[key] ? ' has-error' : ''}`} title={extra.title}>
      <span className="field-label">{label}</span>
      <input
        data-testid={`kelly-${key}`}
        inputMode="decimal"
        autoComplete="off"
        value={extra.shown ?? values[key]}
        disabled={extra.disabled}
        aria-invalid={calc.errors[key] ? true : undefined}
        onChange={(e) => set(key, e.target.value)}
      />
      {calc.errors[key] && (
        <span className="field-error" data-testid={`kelly-error-${key}`}>
          {calc.errors[key]}
        </span>
      )}
    </label>
  );

  const live = values.priceMode === 'live';
  const account = values.bankrollMode === 'account';

  return (
    <div className="kelly" data-testid="kelly-calculator" data-held-micros={held}>
      <div className="field-grid">
        {input('belief', 'Belief P(win)', {
          title: 'Your probability that the shown token resolves true',
        })}
        <div className="field">
          <span className="field-label">
            Price{' '}
            <button
              type="button"
              className="link-button"
              data-testid="kelly-price-mode"
              onClick={() => set('priceMode', live ? 'typed' : 'live')}
            >
              {live ? 'live ask ▾' : 'typed ▾'}
            </button>
          </span>
          <input
            data-testid="kelly-price"
            inputMode="decimal"
            value={
              live
                ? calc.priceMicros === null
                  ? ''
                  : formatPrice(calc.priceMicros, tick)
                : values.price
            }
            disabled={live}
            aria-invalid={calc.errors.price ? true : undefined}
            onChange={(e) => set('price', e.target.value)}
          />
          {calc.errors.price && (
            <span className="field-error" data-testid="kelly-error-price">
              {calc.errors.price}
            </span>
          )}
        </div>
        <div className="field">
          <span className="field-label">
            Bankroll ${' '}
            <button
              type="button"
              className="link-button"
              data-testid="kelly-bankroll-mode"
              onClick={() => set('bankrollMode', account ? 'typed' : 'account')}
            >
              {account ? 'account ▾' : 'typed ▾'}
            </button>
          </span>
          <input
            data-testid="kelly-bankroll"
            inputMode="decimal"
            value={
              account
                ? calc.bankrollMicros === null
                  ? ''
                  : formatUsd(calc.bankrollMicros).replace(/[$,]/g, '')
                : values.bankroll
            }
            disabled={account}
            aria-invalid={calc.errors.bankroll ? true : undefined}
            onChange={(e) => set('bankroll', e.target.value)}
          />
          {calc.errors.bankroll && (
            <span className="field-error" data-testid="kelly-error-bankroll">
              {calc.errors.bankroll}
            </span>
          )}
        </div>
        {input('kellyFraction', 'Kelly λ', { title: 'Fractional Kelly: 0.25 = quarter Kelly' })}
        {input('cap', 'Cap (shares)', { title: 'Maximum position in shares' })}
        {input('feeRate', 'Taker fee r', {
          title: 'Fee rate r: a share at p costs p + r·p(1 − p); 0 for a resting order',
        })}
      </div>

      <div className="kelly-out">
        <KellyOutput
          label="full f*"
          testId="kelly-full"
          title="(q − c)/(1 − c) at the fee-inclusive price c"
        >
          {plan ? formatPercent(plan.fullFraction) : '—'}
        </KellyOutput>
        <KellyOutput label="λ·f*" testId="kelly-fraction">
          {plan ? formatPercent(plan.fraction) : '—'}
        </KellyOutput>
        <KellyOutput label="shares" testId="kelly-shares">
          {plan ? formatShares(plan.sharesMicros) : '—'}
        </KellyOutput>
        <KellyOutput label="cost" testId="kelly-cost">
          {plan ? formatUsd(plan.costMicros) : '—'}
        </KellyOutput>
        <KellyOutput label="expected value" testId="kelly-ev" title="q·shares − cost">
          {plan ? formatUsd(plan.evMicros) : '—'}
        </KellyOutput>
        <KellyOutput
          label="E[log growth]"
          testId="kelly-growth"
          title="q·ln(A′/A) + (1 − q)·ln(L′/L)"
        >
          {plan ? plan.expLogGrowth.toFixed(5) : '—'}
        </KellyOutput>
      </div>
      {plan && (
        <p className="muted small" data-testid="kelly-capped">
          Size limited by {CAPPED_BY[plan.cappedBy]}.
          {held > 0 && ` Counts the ${formatShares(held)} shares already held.`}
        </p>
      )}

      {plan && calc.curve.length > 0 && (
        <GrowthChart curve={calc.curve} full={plan.fullFraction} fractional={plan.fraction} />
      )}

      <div className="kelly-walk" data-testid="kelly-walk">
        {!plan ? null : !snapshot || snapshot.asks.length === 0 ? (
          <p className="muted">No live asks to walk: select a market.</p>
        ) : plan.sharesMicros === 0 ? (
          <p className="muted">Nothing to buy at this price.</p>
        ) : walk ? (
          <>
            <p>
              Walking the live asks, {formatShares(walk.filledMicros)} shares fill at an average of{' '}
              <strong data-testid="kelly-walk-avg">{formatMicro(walk.avgPriceMicros)}</strong>
              {walk.complete ? '' : ` (the book holds only ${formatShares(walk.filledMicros)})`};
              the last share costs {formatPrice(walk.lastPriceMicros, tick)}.
            </p>
            <p
              data-testid="kelly-last-edge"
              className={
                calc.lastShareEdge !== null && calc.lastShareEdge > 0 ? 'bid-text' : 'ask-text'
              }
            >
              {calc.lastShareEdge !== null && calc.lastShareEdge > 0
                ? `✓ The last share still has edge: +${calc.lastShareEdge.toFixed(4)} a share.`
                : `✗ The last share has no edge (${(calc.lastShareEdge ?? 0).toFixed(4)} a share): buy less.`}
            </p>
          </>
        ) : null}
        {plan && bookPlan && (
          <p className="muted" data-testid="kelly-book-size">
            Sized against the book level by level: {formatShares(bookPlan.sharesMicros)} shares for{' '}
            {formatUsd(bookPlan.costMicros)}
            {bookPlan.avgPriceMicros !== null
              ? ` (avg ${formatMicro(bookPlan.avgPriceMicros)})`
              : ''}
            .
          </p>
        )}
      </div>

      <button
        type="button"
        className="submit buy"
        data-testid="kelly-use"
        disabled={!plan || calc.priceMicros === null}
        onClick={() =>
          calc.priceMicros !== null &&
          prefillKelly({
            winProbability: values.belief.trim(),
            kellyFraction: values.kellyFraction.trim(),
            maxPositionSize: values.cap.trim(),
            bankroll: account ? '' : values.bankroll.trim(),
            maxPriceMicros: calc.priceMicros,
          })
        }
      >
        Use these numbers → Kelly order
      </button>
    </div>
  );
}
