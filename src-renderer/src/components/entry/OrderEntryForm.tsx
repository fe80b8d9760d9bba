import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type {
  OrderRequestInput,
  OrderSpec,
  StrategyType,
  Urgency,
} from '@shared/domain/order-request';
import { PolydeskError } from '@shared/errors';
import { useApi } from '../../api/api-context';
import { selectMode, selectTradeBlock, useAppStore } from '../../state/app-store';
import { openSettings } from '../../state/settings-store';
import { useEntryStore } from '../../state/entry-store';
import { useMarketStore, useSelectedMarket, useSelectedTokenId } from '../../state/market-store';
import { toastError, toastInfo } from '../../state/toast-store';
import { ConfirmOrderDialog } from './ConfirmOrderDialog';
import { FormField } from './FormField';
import { KellyEstimate } from './KellyEstimate';
import {
  applyKellyPrefill,
  applyPick,
  checkOrderForm,
  defaultFormValues,
  errorsFromIssues,
  PARAM_DEFAULTS,
} from './order-form-model';
import type { FieldErrors, FieldKey, OrderFormValues } from './order-form-model';
import { describeOrder, strategyName } from './order-preview';
import { MicroPriceFields } from './MicroPriceFields';

const STRATEGIES: StrategyType[] = ['micro_price', 'iceberg', 'kelly'];
const hint = (key: keyof typeof PARAM_DEFAULTS): string => `(default ${PARAM_DEFAULTS[key]})`;

/** Order entry: one form per strategy, validated by the shared OrderRequestSchema. */
export function OrderEntryForm() {
  const api = useApi();
  const market = useSelectedMarket();
  const tokenId = useSelectedTokenId();
  const outcome = useMarketStore((s) => s.outcome);
  const mode = useAppStore(selectMode);
  const block = useAppStore(selectTradeBlock);
  const tick = market?.tickMicros ?? 10_000;
  const [values, setValues] = useState<OrderFormValues>(() => defaultFormValues());
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState<{
    input: OrderRequestInput;
    spec: OrderSpec;
  } | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(
    () =>
      useEntryStore.subscribe((state, previous) => {
        if (state.pick && state.pick !== previous.pick) {
          const pick = state.pick;
          setValues((v) => applyPick(v, pick, tick));
        }
        if (state.kellyPrefill && state.kellyPrefill !== previous.kellyPrefill) {
          const prefill = state.kellyPrefill;
          setValues((v) => applyKellyPrefill(v, prefill, tick));
          setTried(false);
        }
      }),
    [tick],
  );

  // The ladder and chart show Stoikov's micro-price while the form would quote with it.
  const formEstimator =
    values.strategy !== 'iceberg' && values.estimator === 'stoikov' ? 'stoikov' : 'weighted_mid';
  useEffect(() => {
    useEntryStore.getState().setFormEstimator(formEstimator);
  }, [formEstimator]);
  useEffect(() => () => useEntryStore.getState().setFormEstimator('weighted_mid'), []);

  const check = useMemo(
    () => checkOrderForm(values, tokenId, market?.conditionId),
    [values, tokenId, market?.conditionId],
  );
  const errors: FieldErrors =
    tried && !check.ok ? { ...check.errors, ...serverErrors } : serverErrors;
  const outcomeName = market?.tokens[outcome === 'YES' ? 0 : 1]?.outcome ?? outcome;

  const onChange = useCallback((name: FieldKey, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setServerErrors((e) =>
      name in e ? Object.fromEntries(Object.entries(e).filter(([key]) => key !== name)) : e,
    );
  }, []);

  const send = (input: OrderRequestInput, spec: OrderSpec): void => {
    setSending(true);
    api.call('order.submit', input).then(
      ({ orderId }) => {
        setSending(false);
        setTried(false);
        toastInfo(
          `${spec.side} ${strategyName(spec.strategyType)} order queued`,
          `Order ${orderId.slice(0, 10)} is in the blotter below.`,
          'success',
        );
      },
      (err: unknown) => {
        setSending(false);
        if (err instanceof PolydeskError && err.issues && err.issues.length > 0) {
          setServerErrors(errorsFromIssues(err.issues));
        }
        toastError('Order not accepted', err);
      },
    );
  };

  const closeConfirm = useCallback(() => setConfirming(null), []);

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    setTried(true);
    if (!check.ok || sending) return;
    if (mode === 'LIVE') setConfirming({ input: check.input, spec: check.spec });
    else send(check.input, check.spec);
  };

  const field = (
    name: FieldKey,
    label: string,
    extra: { placeholder?: string; title?: string; hint?: string } = {},
  ) => (
    <FormField
      name={name}
      label={label}
      value={values[name]}
      error={errors[name]}
      onChange={onChange}
      {...extra}
    />
  );
  const s = values.strategy;

  return (
    <form className="order-form" data-testid="order-form" onSubmit={onSubmit} noValidate>
      <div className="form-row">
        <div className="segmented" role="group" aria-label="Strategy">
          {STRATEGIES.map((strategy) => (
            <button
              key={strategy}
              type="button"
              className={s === strategy ? 'on' : ''}
              aria-pressed={s === strategy}
              data-testid={`strategy-${strategy}`}
              onClick={() => setValues((v) => ({ ...v, strategy }))}
            >
              {strategyName(strategy)}
            </button>
          ))}
        </div>
        <div className="segmented side" role="group" aria-label="Side">
          {(['BUY', 'SELL'] as const).map((side) => (
            <button
              key={side}
              type="button"
              className={values.side === side ? `on ${side.toLowerCase()}` : ''}
              aria-pressed={values.side === side}
              data-testid={`side-${side}`}
              onClick={() => setValues((v) => ({ ...v, side }))}
            >
              {side === 'BUY' ? 'Buy' : 'Sell'}
            </button>
          ))}
        </div>
      </div>

      <div className="field-grid">
        {s !== 'kelly' && field('totalSize', 'Size (shares)', { placeholder: 'e.g. 100' })}
        {s === 'iceberg' &&
          field('clipSize', 'Clip size', {
            placeholder: 'visible shares',
            title: 'Visible size of each clip, shares',
          })}
        {s === 'iceberg' &&
          field('clipJitterPct', 'Clip jitter %', {
            hint: hint('clipJitterPct'),
            title: 'Each clip varies randomly by up to this share of the clip size',
          })}
        {s === 'iceberg' &&
          field('targetPrice', 'Rest at', {
            placeholder: 'limit',
            title:
              'Passive clips never go beyond this price; with Allow taking, clips are sent at it. Blank = the limit',
          })}
        {s === 'kelly' &&
          field('winProbability', 'Belief (0–1)', {
            placeholder: 'e.g. 0.6',
            title: 'Your probability that this token resolves true',
          })}
        {s === 'kelly' &&
          field('kellyFraction', 'Kelly λ', {
            hint: hint('kellyFraction'),
            title: 'Fractional Kelly: 0.25 = quarter Kelly',
          })}
        {s === 'kelly' &&
          field('maxPositionSize', 'Max position', {
            placeholder: 'shares',
            title: 'Hard cap on the position, shares',
          })}
        {s === 'kelly' &&
          field('bankroll', 'Bankroll $', {
            placeholder: 'account',
            title: 'Blank = the account collateral',
          })}
        {field('maxPrice', 'Max price', {
          placeholder: '0.00',
          title: 'Never buy above this price',
        })}
        {field('minPrice', 'Min price', {
          placeholder: '0.00',
          title: 'Never sell below this price',
        })}
        {s === 'kelly' &&
          field('recalculateIntervalSec', 'Recalc every s', {
            hint: hint('recalculateIntervalSec'),
          })}
        {s === 'kelly' &&
          field('resizeThreshold', 'Resize over', {
            hint: hint('resizeThreshold'),
            title: 'Replace only when the target size moves by more than this fraction',
          })}
        <label className="field" htmlFor="field-urgency">
          <span className="field-label">Urgency</span>
          <select
            id="field-urgency"
            data-testid="field-urgency"
            value={values.urgency}
            onChange={(e) => setValues((v) => ({ ...v, urgency: e.target.value as Urgency }))}
          >
            <option value="LOW">Low</option>
            <option value="MEDIUM">Medium</option>
            <option value="HIGH">High</option>
          </select>
        </label>
      </div>
      {s === 'iceberg' && (
        <label
          className="field checkbox"
          htmlFor="field-allowTaking"
          title="Off: each clip rests passively (post-only) near the micro-price, never beyond 'Rest at', and is re-priced as the book moves. On: each clip is sent at 'Rest at' (or the limit) and may take liquidity."
        >
          <input
            id="field-allowTaking"
            data-testid="field-allowTaking"
            type="checkbox"
            checked={values.allowTaking}
            onChange={(e) => setValues((v) => ({ ...v, allowTaking: e.target.checked }))}
          />
          <span className="field-label">Allow taking</span>
        </label>
      )}
      {values.side === 'SELL' && (
        <label
          className="field checkbox"
          htmlFor="field-sellUnconfirmed"
          title="Off: only shares the exchange has settled (trades CONFIRMED) are sold. On: shares this app bought that are matched but not yet confirmed count too; a trade that then fails leaves the sale short of shares."
        >
          <input
            id="field-sellUnconfirmed"
            data-testid="field-sellUnconfirmed"
            type="checkbox"
            checked={values.sellUnconfirmed}
            onChange={(e) => setValues((v) => ({ ...v, sellUnconfirmed: e.target.checked }))}
          />
          <span className="field-label">Sell unconfirmed shares</span>
        </label>
      )}
      {s !== 'iceberg' && (
        <MicroPriceFields
          values={values}
          errors={errors}
          onChange={onChange}
          onWhenStuck={(whenStuckAction) => setValues((v) => ({ ...v, whenStuckAction }))}
          onEstimator={(estimator) => setValues((v) => ({ ...v, estimator }))}
        />
      )}

      <p className="preview" data-testid="order-preview">
        {check.ok
          ? describeOrder(check.spec, outcomeName, tick)
          : (errors.form ??
            (tried
              ? 'Fix the fields marked in red.'
              : 'Fill in the order; click a price in the book to set the limit.'))}
      </p>
      {check.ok && <KellyEstimate spec={check.spec} values={values} />}
      <button
        type="submit"
        className={`submit ${values.side === 'BUY' ? 'buy' : 'sell'}`}
        data-testid="order-submit"
        disabled={sending || !tokenId || block !== null}
      >
        {sending ? 'Sending…' : `${values.side === 'BUY' ? 'Buy' : 'Sell'} · ${strategyName(s)}`}
        {mode === 'LIVE' && ' (LIVE)'}
      </button>

      {block && (
        <p className="trade-note" data-testid="trade-note">
          {block === 'switching'
            ? 'Switching between PAPER and LIVE: orders can be sent again in a moment.'
            : block === 'locked'
              ? 'LIVE with a locked key: market data only. '
              : 'LIVE without a usable key: market data only. '}
          {block !== 'switching' && (
            <button type="button" className="link-button" onClick={() => openSettings('live')}>
              Live trading settings…
            </button>
          )}
        </p>
      )}

      {confirming && market && (
        <ConfirmOrderDialog
          spec={confirming.spec}
          outcome={outcomeName}
          question={market.question}
          tick={tick}
          onClose={closeConfirm}
          onConfirm={() => {
            const { input, spec } = confirming;
            setConfirming(null);
            send(input, spec);
          }}
        />
      )}
    </form>
  );
}
