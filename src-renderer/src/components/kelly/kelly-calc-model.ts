import type { MarketSnapshot } from '@shared/domain/market';
import { PriceInputSchema, SizeInputSchema, UsdcInputSchema } from '@shared/domain/units';
import { bookFromView, growthCurve, kellyInputIssues, kellyPlan, walkBook } from '@shared/math';
import type { BookWalk, GrowthPoint, KellyInput, KellyPlan } from '@shared/math';

export interface KellyCalcValues {
  belief: string;
  priceMode: 'live' | 'typed';
  price: string;
  bankrollMode: 'account' | 'typed';
  bankroll: string;
  kellyFraction: string;
  cap: string;
  feeRate: string;
}

export type KellyField = 'belief' | 'price' | 'bankroll' | 'kellyFraction' | 'cap' | 'feeRate';

export const DEFAULT_KELLY_VALUES: KellyCalcValues = {
  belief: '0.6',
  priceMode: 'live',
  price: '',
  bankrollMode: 'account',
  bankroll: '1000',
  kellyFraction: '0.25',
  cap: '5000',
  feeRate: '0',
};

export interface KellyLive {
  snapshot: MarketSnapshot | null;
  collateralMicros: number | null;
  /** Shares of the shown token already held (the strategy counts them as inventory too). */
  heldMicros: number;
}

export interface KellyCalc {
  errors: Partial<Record<KellyField, string>>;
  input: KellyInput | null;
  priceMicros: number | null;
  bankrollMicros: number | null;
  /** Sized at one price (the calculator's headline numbers). */
  plan: KellyPlan | null;
  /** G(f) at the plan's fee-inclusive price. */
  curve: GrowthPoint[];
  /** The plan's shares walked through the live asks. */
  walk: BookWalk | null;
  /** q − (fee-inclusive price of the last share the walk takes). */
  lastShareEdge: number | null;
  /** Kelly sized against the live asks level by level. */
  bookPlan: KellyPlan | null;
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)$/;

function num(text: string): number | string {
  const t = text.trim();
  return NUMBER_TEXT.test(t) ? Number(t) : t;
}

/** Parses the calculator's text with the shared schemas and runs the shared kellyPlan. */
export function computeKelly(values: KellyCalcValues, live: KellyLive): KellyCalc {
  const errors: KellyCalc['errors'] = {};
  const empty: KellyCalc = {
    errors,
    input: null,
    priceMicros: null,
    bankrollMicros: null,
    plan: null,
    curve: [],
    walk: null,
    lastShareEdge: null,
    bookPlan: null,
  };

  let priceMicros: number | null = null;
  if (values.priceMode === 'live') {
    priceMicros = live.snapshot?.bestAsk ?? null;
    if (priceMicros === null) errors.price = 'no ask in the book: type a price';
  } else {
    const parsed = PriceInputSchema.safeParse(values.price.trim());
    if (parsed.success) priceMicros = parsed.data;
    else
      errors.price =
        values.price.trim() === '' ? 'required' : (parsed.error.issues[0]?.message ?? 'invalid');
  }

  let bankrollMicros: number | null = null;
  if (values.bankrollMode === 'account') {
    bankrollMicros = live.collateralMicros;
    if (bankrollMicros === null) errors.bankroll = 'account balance unknown: type a bankroll';
  } else {
    const parsed = UsdcInputSchema.safeParse(values.bankroll.trim());
    if (parsed.success) bankrollMicros = parsed.data;
    else errors.bankroll = parsed.error.issues[0]?.message ?? 'invalid';
  }

  const cap = SizeInputSchema.safeParse(values.cap.trim());
  if (!cap.success) errors.cap = cap.error.issues[0]?.message ?? 'invalid';

  const input = {
    belief: num(values.belief),
    kellyFraction: num(values.kellyFraction),
    feeRate: num(values.feeRate),
    bankrollMicros: bankrollMicros ?? 0,
    maxPositionMicros: cap.success ? cap.data : 1,
    priceMicros: priceMicros ?? 1,
    heldYesMicros: live.heldMicros,
  };
  for (const issue of kellyInputIssues(input)) {
    const field: KellyField | null =
      issue.path === 'belief' || issue.path === 'kellyFraction' || issue.path === 'feeRate'
        ? issue.path
        : null;
    if (field) {
      errors[field] ??= typeof input[field] === 'string' ? 'enter a number' : issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || priceMicros === null || bankrollMicros === null) {
    return { ...empty, priceMicros, bankrollMicros };
  }
  const valid = input as KellyInput;
  const plan = kellyPlan(valid);
  const curve =
    plan.topCost !== null && plan.topCost < 1
      ? growthCurve({ belief: plan.belief, price: plan.topCost })
      : [];

  let walk: BookWalk | null = null;
  let lastShareEdge: number | null = null;
  let bookPlan: KellyPlan | null = null;
  const snapshot = live.snapshot;
  if (snapshot && snapshot.asks.length > 0) {
    const book = bookFromView(snapshot);
    if (plan.sharesMicros > 0) {
      walk = walkBook(book, 'BUY', plan.sharesMicros);
      if (walk.lastPriceMicros !== null) {
        const lastPlan = kellyPlan({ ...valid, priceMicros: walk.lastPriceMicros });
        lastShareEdge = lastPlan.topCost === null ? null : plan.belief - lastPlan.topCost;
      }
    }
    bookPlan = kellyPlan({
      ...valid,
      priceMicros: undefined,
      asks: book.asks.map((l) => ({ priceMicros: l.priceMicros, sizeMicros: l.sizeMicros })),
    });
  }
  return {
    errors,
    input: valid,
    priceMicros,
    bankrollMicros,
    plan,
    curve,
    walk,
    lastShareEdge,
    bookPlan,
  };
}
