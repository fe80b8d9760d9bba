import { RiskSettingsUpdateSchema } from '@shared/domain/risk-settings';
import type { RiskSettings, RiskSettingsUpdate } from '@shared/domain/risk-settings';
import { microsToDecimal } from '@shared/math';

export type RailKey = keyof RiskSettings;
export type RailValues = Record<RailKey, string>;
export type RailErrors = Partial<Record<RailKey | 'form', string>>;

export const RAIL_KEYS: readonly RailKey[] = [
  'maxOrderNotional',
  'maxMarketNotional',
  'maxOpenOrders',
  'maxThroughMicroPrice',
];

/** The rails as people write them: "1000" (USDC), "50", "0.1" (price). */
export function railValues(settings: RiskSettings): RailValues {
  return {
    maxOrderNotional: microsToDecimal(settings.maxOrderNotional),
    maxMarketNotional: microsToDecimal(settings.maxMarketNotional),
    maxOpenOrders: String(settings.maxOpenOrders),
    maxThroughMicroPrice: microsToDecimal(settings.maxThroughMicroPrice),
  };
}

export type RailCheck =
  { ok: true; update: RiskSettingsUpdate } | { ok: false; errors: RailErrors };

/** Checks the form with the shared update schema; nothing else decides what is valid. */
export function checkRails(values: RailValues): RailCheck {
  const errors: RailErrors = {};
  const text = (key: RailKey): string => values[key].trim().replace(/^\$/, '').replace(/,/g, '');
  for (const key of RAIL_KEYS) if (text(key) === '') errors[key] = 'required';
  const count = text('maxOpenOrders');
  if (!errors.maxOpenOrders && !/^\d+$/.test(count)) errors.maxOpenOrders = 'a whole number';
  const update: RiskSettingsUpdate = {
    maxOrderNotional: text('maxOrderNotional'),
    maxMarketNotional: text('maxMarketNotional'),
    maxOpenOrders: Number(count),
    maxThroughMicroPrice: text('maxThroughMicroPrice'),
  };
  const parsed = RiskSettingsUpdateSchema.safeParse(update);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = RAIL_KEYS.find((k) => k === issue.path[0]);
      if (key) errors[key] ??= issue.message;
      else errors.form ??= issue.message;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, update };
}

/** The host's field issues next to their fields. */
export function railErrorsFromIssues(
  issues: readonly { path: string; message: string }[],
): RailErrors {
  const errors: RailErrors = {};
  for (const issue of issues) {
    const key = RAIL_KEYS.find((k) => k === issue.path);
    if (key) errors[key] ??= issue.message;
    else errors.form ??= issue.path ? `${issue.path}: ${issue.message}` : issue.message;
  }
  return errors;
}
