import {
  DEFAULT_MICRO_PRICE_PARAMS,
  DEFAULT_WHEN_STUCK,
  IcebergParamsSchema,
  KellyParamsSchema,
  OrderRequestSchema,
} from '@shared/domain/order-request';
import type {
  MicroPriceEstimator,
  OrderRequestInput,
  OrderSpec,
  Side,
  StrategyType,
  StuckAction,
  Urgency,
} from '@shared/domain/order-request';
import { MICROS_PER_UNIT, microsToDecimal } from '@shared/math';
import { formatPrice } from '../format';

/** Everything the order form holds, as typed (text), for all three strategies. */
export interface OrderFormValues {
  strategy: StrategyType;
  side: Side;
  urgency: Urgency;
  totalSize: string;
  maxPrice: string;
  minPrice: string;
  targetPrice: string;
  thresholdBps: string;
  checkIntervalSec: string;
  maxAdjustments: string;
  aggressionLimitBps: string;
  /** The micro-price quotes are measured from (micro-price and Kelly orders). */
  estimator: MicroPriceEstimator;
  /** When stuck (adjustments used up, stale book): wait on, or cancel after stuckAfterSec. */
  whenStuckAction: StuckAction;
  stuckAfterSec: string;
  clipSize: string;
  clipJitterPct: string;
  /** Iceberg: send clips at their price even if they take (default: passive, post-only). */
  allowTaking: boolean;
  /** SELL: shares bought but not yet CONFIRMED count as sellable (default: settled shares only). */
  sellUnconfirmed: boolean;
  winProbability: string;
  kellyFraction: string;
  maxPositionSize: string;
  bankroll: string;
  recalculateIntervalSec: string;
  resizeThreshold: string;
}

export type FieldKey = Exclude<
  keyof OrderFormValues,
  | 'strategy'
  | 'side'
  | 'urgency'
  | 'estimator'
  | 'whenStuckAction'
  | 'allowTaking'
  | 'sellUnconfirmed'
>;
export type FieldErrors = Partial<Record<FieldKey | 'form', string>>;

const KELLY_DEFAULTS = KellyParamsSchema.parse({ winProbability: 0.5, maxPositionSize: '1' });
const ICEBERG_DEFAULTS = IcebergParamsSchema.parse({ clipSize: '1' });

/** The schema defaults, shown in the form as values and as hints. */
export const PARAM_DEFAULTS = {
  thresholdBps: String(DEFAULT_MICRO_PRICE_PARAMS.thresholdBps),
  checkIntervalSec: String(DEFAULT_MICRO_PRICE_PARAMS.checkIntervalSec),
  maxAdjustments: String(DEFAULT_MICRO_PRICE_PARAMS.maxAdjustments),
  aggressionLimitBps: String(DEFAULT_MICRO_PRICE_PARAMS.aggressionLimitBps),
  stuckAfterSec: String(DEFAULT_WHEN_STUCK.afterSec),
  clipJitterPct: String(ICEBERG_DEFAULTS.clipJitterPct),
  kellyFraction: String(KELLY_DEFAULTS.kellyFraction),
  recalculateIntervalSec: String(KELLY_DEFAULTS.recalculateIntervalSec),
  resizeThreshold: String(KELLY_DEFAULTS.resizeThreshold),
} as const;

export function defaultFormValues(strategy: StrategyType = 'micro_price'): OrderFormValues {
  return {
    strategy,
    side: 'BUY',
    urgency: 'MEDIUM',
    totalSize: '',
    maxPrice: '',
    minPrice: '',
    targetPrice: '',
    clipSize: '',
    winProbability: '',
    maxPositionSize: '',
    bankroll: '',
    estimator: 'weighted_mid',
    whenStuckAction: DEFAULT_WHEN_STUCK.action,
    allowTaking: false,
    sellUnconfirmed: false,
    ...PARAM_DEFAULTS,
  };
}

/** Which fields each strategy uses (others are kept but not sent). */
export const STRATEGY_FIELDS: Record<StrategyType, readonly FieldKey[]> = {
  micro_price: [
    'totalSize',
    'maxPrice',
    'minPrice',
    'thresholdBps',
    'checkIntervalSec',
    'maxAdjustments',
    'aggressionLimitBps',
    'stuckAfterSec',
  ],
  iceberg: ['totalSize', 'targetPrice', 'maxPrice', 'minPrice', 'clipSize', 'clipJitterPct'],
  kelly: [
    'winProbability',
    'kellyFraction',
    'maxPositionSize',
    'bankroll',
    'maxPrice',
    'minPrice',
    'recalculateIntervalSec',
    'resizeThreshold',
    'thresholdBps',
    'checkIntervalSec',
    'maxAdjustments',
    'aggressionLimitBps',
    'stuckAfterSec',
  ],
};

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Text for a z.number() field: empty → undefined (the default applies), a number, or the text
 * itself so the schema reports it. */
function num(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return NUMBER_TEXT.test(t) ? Number(t) : t;
}

/** Text for a decimal-string field: empty → undefined. */
function dec(text: string): string | undefined {
  const t = text.trim();
  return t === '' ? undefined : t;
}

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The request the form describes, before validation (the schema decides what is wrong). */
export function toRequestInput(
  values: OrderFormValues,
  tokenId: string,
  marketId?: string,
): OrderRequestInput {
  // Sent only when changed from the defaults, so an untouched form asks for what it always did.
  const stuckChanged =
    values.whenStuckAction !== DEFAULT_WHEN_STUCK.action ||
    values.stuckAfterSec.trim() !== PARAM_DEFAULTS.stuckAfterSec;
  const microPriceParams = compact({
    estimator: values.estimator === 'stoikov' ? values.estimator : undefined,
    thresholdBps: num(values.thresholdBps),
    checkIntervalSec: num(values.checkIntervalSec),
    maxAdjustments: num(values.maxAdjustments),
    aggressionLimitBps: num(values.aggressionLimitBps),
    whenStuck: stuckChanged
      ? compact({ action: values.whenStuckAction, afterSec: num(values.stuckAfterSec) })
      : undefined,
  });
  const base = compact({
    marketId,
    tokenId,
    side: values.side,
    strategyType: values.strategy,
    maxPrice: dec(values.maxPrice) ?? '',
    minPrice: dec(values.minPrice) ?? '',
    urgency: values.urgency,
    sellUnconfirmed: values.side === 'SELL' && values.sellUnconfirmed ? true : undefined,
  });
  let input: Record<string, unknown>;
  if (values.strategy === 'micro_price') {
    input = { ...base, totalSize: dec(values.totalSize) ?? '', microPriceParams };
  } else if (values.strategy === 'iceberg') {
    input = compact({
      ...base,
      totalSize: dec(values.totalSize) ?? '',
      targetPrice: dec(values.targetPrice),
      icebergParams: compact({
        clipSize: dec(values.clipSize) ?? '',
        clipJitterPct: num(values.clipJitterPct),
        allowTaking: values.allowTaking ? true : undefined,
      }),
    });
  } else {
    input = {
      ...base,
      kellyParams: compact({
        winProbability: num(values.winProbability) ?? '',
        kellyFraction: num(values.kellyFraction),
        maxPositionSize: dec(values.maxPositionSize) ?? '',
        bankroll: dec(values.bankroll),
        recalculateIntervalSec: num(values.recalculateIntervalSec),
        resizeThreshold: num(values.resizeThreshold),
        microPriceParams,
      }),
    };
  }
  // The schema is the judge of what was typed; the cast only hands it over.
  return input as OrderRequestInput;
}

const PATH_TO_FIELD: Record<string, FieldKey> = {
  totalSize: 'totalSize',
  maxPrice: 'maxPrice',
  minPrice: 'minPrice',
  targetPrice: 'targetPrice',
  'icebergParams.clipSize': 'clipSize',
  'icebergParams.clipJitterPct': 'clipJitterPct',
  'kellyParams.winProbability': 'winProbability',
  'kellyParams.kellyFraction': 'kellyFraction',
  'kellyParams.maxPositionSize': 'maxPositionSize',
  'kellyParams.bankroll': 'bankroll',
  'kellyParams.recalculateIntervalSec': 'recalculateIntervalSec',
  'kellyParams.resizeThreshold': 'resizeThreshold',
};

/** The form field an issue path belongs to ('form' when none does). */
export function fieldOfPath(path: string): FieldKey | 'form' {
  const direct = PATH_TO_FIELD[path];
  if (direct) return direct;
  if (/(?:^|\.)microPriceParams\.whenStuck(?:\.afterSec)?$/.test(path)) return 'stuckAfterSec';
  const micro = /(?:^|\.)microPriceParams\.(\w+)$/.exec(path)?.[1];
  if (
    micro === 'thresholdBps' ||
    micro === 'checkIntervalSec' ||
    micro === 'maxAdjustments' ||
    micro === 'aggressionLimitBps'
  ) {
    return micro;
  }
  return 'form';
}

/** Field-level errors from issues (the first message per field wins). */
export function errorsFromIssues(
  issues: readonly { path: string; message: string }[],
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldOfPath(issue.path);
    const message =
      field !== 'form' || issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
    errors[field] ??= message;
  }
  return errors;
}

export type FormCheck =
  { ok: true; input: OrderRequestInput; spec: OrderSpec } | { ok: false; errors: FieldErrors };

/** Validates the form with the shared OrderRequestSchema; nothing else decides what is valid. */
export function checkOrderForm(
  values: OrderFormValues,
  tokenId: string | null,
  marketId?: string,
): FormCheck {
  if (!tokenId) return { ok: false, errors: { form: 'Select a market first.' } };
  const input = toRequestInput(values, tokenId, marketId);
  const result = OrderRequestSchema.safeParse(input);
  if (result.success) return { ok: true, input, spec: result.data };
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message:
      issue.code === 'invalid_type' && issue.expected === 'number'
        ? 'enter a number'
        : issue.code === 'invalid_type' && issue.expected === 'string'
          ? 'required'
          : issue.message,
  }));
  const errors = errorsFromIssues(issues);
  for (const field of STRATEGY_FIELDS[values.strategy]) {
    if (errors[field] && values[field].trim() === '') errors[field] = 'required';
  }
  return { ok: false, errors };
}

/** size × price in micro-USDC, exact (rounded up to the micro). */
export function notionalMicros(sizeMicros: number, priceMicros: number): number {
  const product = BigInt(sizeMicros) * BigInt(priceMicros);
  const unit = BigInt(MICROS_PER_UNIT);
  return Number((product + unit - 1n) / unit);
}

/** The price typed for a picked level: micros → decimal text with the tick's decimals. */
export function priceText(micros: number, tickMicros: number): string {
  return formatPrice(micros, tickMicros);
}

/** The form after a price is picked on the ladder: the picked side's limit becomes that price. */
export function applyPick(
  values: OrderFormValues,
  pick: { priceMicros: number; side: Side; sizeMicros?: number },
  tickMicros: number,
): OrderFormValues {
  if (pick.sizeMicros !== undefined) {
    // A pick with a size (closing a position) sets it; Kelly sizes itself, so it gives way.
    const strategy = values.strategy === 'kelly' ? 'micro_price' : values.strategy;
    const sized = { ...values, strategy, totalSize: microsToDecimal(pick.sizeMicros) };
    return applyPick(sized, { priceMicros: pick.priceMicros, side: pick.side }, tickMicros);
  }
  const price = priceText(pick.priceMicros, tickMicros);
  const current = (text: string): number | null => {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? Math.round(n * MICROS_PER_UNIT) : null;
  };
  if (pick.side === 'BUY') {
    const min = current(values.minPrice);
    return {
      ...values,
      side: 'BUY',
      maxPrice: price,
      targetPrice: price,
      minPrice:
        min !== null && min > 0 && min <= pick.priceMicros
          ? values.minPrice
          : priceText(tickMicros, tickMicros),
    };
  }
  const max = current(values.maxPrice);
  return {
    ...values,
    side: 'SELL',
    minPrice: price,
    targetPrice: price,
    maxPrice:
      max !== null && max < MICROS_PER_UNIT && max >= pick.priceMicros
        ? values.maxPrice
        : priceText(MICROS_PER_UNIT - tickMicros, tickMicros),
  };
}

/** The form after "Use these numbers" in the Kelly calculator. */
export function applyKellyPrefill(
  values: OrderFormValues,
  prefill: {
    winProbability: string;
    kellyFraction: string;
    maxPositionSize: string;
    bankroll: string;
    maxPriceMicros: number;
  },
  tickMicros: number,
): OrderFormValues {
  return {
    ...values,
    strategy: 'kelly',
    side: 'BUY',
    winProbability: prefill.winProbability,
    kellyFraction: prefill.kellyFraction,
    maxPositionSize: prefill.maxPositionSize,
    bankroll: prefill.bankroll,
    maxPrice: priceText(prefill.maxPriceMicros, tickMicros),
    minPrice: priceText(tickMicros, tickMicros),
  };
}
