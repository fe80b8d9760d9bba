import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { RiskSettings } from '@shared/domain/risk-settings';
import { PolydeskError } from '@shared/errors';
import { useApi } from '../../api/api-context';
import { toastInfo } from '../../state/toast-store';
import { checkRails, railErrorsFromIssues, RAIL_KEYS, railValues } from './rails-model';
import type { RailErrors, RailKey, RailValues } from './rails-model';
import { TextField } from './TextField';

const RAILS: Record<
  RailKey,
  {
    label: string;
    unit: string;
    placeholder: string;
    does: string;
    inputMode: 'decimal' | 'numeric';
  }
> = {
  maxOrderNotional: {
    label: 'Per-order cap',
    unit: 'USDC',
    placeholder: 'e.g. 1000',
    inputMode: 'decimal',
    does: 'The most one order may put at risk: its size times its limit price. A bigger order is refused before it is queued.',
  },
  maxMarketNotional: {
    label: 'Per-market cap on buys',
    unit: 'USDC',
    placeholder: 'e.g. 5000',
    inputMode: 'decimal',
    does: 'Buys open or already filled in one market, both outcomes together, stay under this; further buys wait or are refused. Lowered below what a working order has already bought, that order stops.',
  },
  maxOpenOrders: {
    label: 'Open exchange orders',
    unit: 'orders',
    placeholder: 'e.g. 50',
    inputMode: 'numeric',
    does: 'The most orders Polydesk keeps resting on the exchange at once, all markets together.',
  },
  maxThroughMicroPrice: {
    label: 'Price band through the micro-price',
    unit: 'price',
    placeholder: 'e.g. 0.1',
    inputMode: 'decimal',
    does: 'No buy is placed more than this above the micro-price, no sell more than this below it (0.10 = ten cents): a fat-finger guard.',
  },
};

/** The safety rails, editable: prefilled from the host, checked by the shared schema, saved at once. */
export function RailsSettings() {
  const api = useApi();
  const [values, setValues] = useState<RailValues | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<RailErrors>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    api.call('settings.risk', {}).then(
      (settings) => {
        if (live) setValues(railValues(settings));
      },
      (err: unknown) => {
        if (live) setLoadError(PolydeskError.from(err).message);
      },
    );
    return () => {
      live = false;
    };
  }, [api]);

  if (!values) {
    return (
      <p className={loadError ? 'form-error' : 'muted'} data-testid="rails-loading">
        {loadError
          ? `The safety rails could not be read: ${loadError}`
          : 'Reading the safety rails…'}
      </p>
    );
  }

  const set = (key: RailKey, value: string): void => {
    setValues((v) => (v ? { ...v, [key]: value } : v));
    setErrors((e) => (e[key] || e.form ? { ...e, [key]: undefined, form: undefined } : e));
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (saving) return;
    const check = checkRails(values);
    if (!check.ok) {
      setErrors(check.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    api.call('settings.updateRisk', check.update).then(
      (saved: RiskSettings) => {
        setSaving(false);
        setValues(railValues(saved));
        toastInfo(
          'Safety rails saved',
          'They apply now, and working orders meet them at their next placement.',
          'success',
        );
      },
      (err: unknown) => {
        setSaving(false);
        const error = PolydeskError.from(err);
        const fieldErrors = error.issues ? railErrorsFromIssues(error.issues) : {};
        setErrors({ ...fieldErrors, form: fieldErrors.form ?? error.message });
      },
    );
  };

  return (
    <form className="settings-form" data-testid="rails-form" onSubmit={onSubmit} noValidate>
      <p className="settings-note">
        Every order is checked against these rails when it is submitted and again before each order
        is sent to the exchange, in PAPER and in LIVE alike. A breach is refused with the rail’s
        name.
      </p>
      {RAIL_KEYS.map((key) => {
        const rail = RAILS[key];
        return (
          <div className="rail" key={key}>
            <TextField
              id={`rails-${key}`}
              errorId={`rails-error-${key}`}
              label={`${rail.label} (${rail.unit})`}
              value={values[key]}
              error={errors[key]}
              placeholder={rail.placeholder}
              inputMode={rail.inputMode}
              disabled={saving}
              onChange={(v) => set(key, v)}
            />
            <p className="rail-does">{rail.does}</p>
          </div>
        );
      })}
      {errors.form && (
        <p className="form-error" role="alert" data-testid="rails-error-form">
          {errors.form}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit" className="primary" data-testid="rails-save" disabled={saving}>
          {saving ? 'Saving…' : 'Save rails'}
        </button>
      </div>
    </form>
  );
}
