import { FormField } from './FormField';
import { PARAM_DEFAULTS } from './order-form-model';
import type { FieldErrors, FieldKey, OrderFormValues } from './order-form-model';

const hint = (key: keyof typeof PARAM_DEFAULTS): string => `(default ${PARAM_DEFAULTS[key]})`;

/** The plan's MicroPriceParams, with their defaults shown. */
export function MicroPriceFields(props: {
  values: OrderFormValues;
  errors: FieldErrors;
  onChange: (name: FieldKey, value: string) => void;
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
    </fieldset>
  );
}
