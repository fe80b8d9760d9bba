import type { MicroPriceEstimator, StuckAction } from '@shared/domain/order-request';
import { FormField } from './FormField';
import { PARAM_DEFAULTS } from './order-form-model';
import type { FieldErrors, FieldKey, OrderFormValues } from './order-form-model';

const hint = (key: keyof typeof PARAM_DEFAULTS): string => `(default ${PARAM_DEFAULTS[key]})`;

/** The plan's MicroPriceParams, with their defaults shown; what to do when stuck in Advanced. */
export function MicroPriceFields(props: {
  values: OrderFormValues;
  errors: FieldErrors;
  onChange: (name: FieldKey, value: string) => void;
  onWhenStuck: (action: StuckAction) => void;
  onEstimator: (estimator: MicroPriceEstimator) => void;
}) {
  const f = (name: FieldKey, label: string, title: string, withHint = true) => (
    <FormField
      name={name}
      label={label}
      title={title}
      value={props.values[name]}
      error={props.errors[name]}
      onChange={props.onChange}
      hint={
        withHint && name in PARAM_DEFAULTS ? hint(name as keyof typeof PARAM_DEFAULTS) : undefined
      }
    />
  );
  return (
    <fieldset className="params">
      <legend>Micro-price execution</legend>
      <div className="field-grid">
        <label
          className="field"
          htmlFor="field-estimator"
          title="The micro-price the quote and its band are measured from: the size-weighted mid, or Stoikov's micro-price (fitted on this market's book history; the weighted mid until it has enough data, and the order says so)"
        >
          <span className="field-label">Micro-price</span>
          <select
            id="field-estimator"
            data-testid="field-estimator"
            value={props.values.estimator}
            onChange={(e) => props.onEstimator(e.target.value as MicroPriceEstimator)}
          >
            <option value="weighted_mid">Weighted mid</option>
            <option value="stoikov">Stoikov</option>
          </select>
        </label>
        {f(
          'thresholdBps',
          'Band ± bps',
          'Half-width of the band around the micro-price, basis points; at least one tick',
        )}
        {f('checkIntervalSec', 'Review every s', 'How often the quote is reviewed, seconds')}
        {f(
          'maxAdjustments',
          'Max replaces',
          'Replacements allowed before the quote is left where it is',
        )}
        {f(
          'aggressionLimitBps',
          'Aggression bps',
          'How far ahead of the best other order a quote may stand',
        )}
      </div>
      <details className="advanced" data-testid="micro-advanced">
        <summary>Advanced: when stuck</summary>
        <div className="field-grid">
          <label
            className="field"
            htmlFor="field-whenStuckAction"
            title="An order that has used its replaces, or sits on a stale book, says so beside its state; after the time below it waits on or is cancelled"
          >
            <span className="field-label">When stuck</span>
            <select
              id="field-whenStuckAction"
              data-testid="field-whenStuckAction"
              value={props.values.whenStuckAction}
              onChange={(e) => props.onWhenStuck(e.target.value as StuckAction)}
            >
              <option value="wait">Wait</option>
              <option value="cancel">Cancel</option>
            </select>
          </label>
          {f('stuckAfterSec', 'After s', 'Seconds stuck before the choice applies')}
        </div>
      </details>
    </fieldset>
  );
}
