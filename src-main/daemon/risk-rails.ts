import type { Side, OrderSpec } from '@shared/domain/order-request';
import { parseOrThrow, PolydeskError } from '@shared/errors';
import { RiskSettingsSchema } from '@shared/domain/risk-settings';
import type { RiskSettings } from '@shared/domain/risk-settings';
import type { FieldIssue } from '@shared/errors';
import { divCeil, MICROS_PER_UNIT, microsToDecimal as dec } from '@shared/math/decimal';

/** The safety rails every order passes, at submit and again before each exchange placement. */
export type RiskLimits = RiskSettings;

export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxOrderNotional: 1_000 * MICROS_PER_UNIT,
  maxMarketNotional: 5_000 * MICROS_PER_UNIT,
  maxOpenOrders: 50,
  maxThroughMicroPrice: 100_000,
};

/** The `risk` section of the config: amounts in USDC, the price band in price units. */
export interface RiskConfig {
  maxOrderNotional: number;
  maxMarketNotional: number;
  maxOpenOrders: number;
  maxThroughMicroPrice: number;
}

/** Config numbers carry at most 6 decimals and stay far below 2^53 micros, so rounding is exact. */
export function riskLimitsFromConfig(config: RiskConfig): RiskLimits {
  return {
    maxOrderNotional: Math.round(config.maxOrderNotional * MICROS_PER_UNIT),
    maxMarketNotional: Math.round(config.maxMarketNotional * MICROS_PER_UNIT),
    maxOpenOrders: config.maxOpenOrders,
    maxThroughMicroPrice: Math.round(config.maxThroughMicroPrice * MICROS_PER_UNIT),
  };
}

export type RiskRail =
  'per-order notional cap' | 'per-market notional cap' | 'open-order cap' | 'price sanity';

export interface Breach {
  rail: RiskRail;
  /** Names the rail and says by how much the order or placement is over it. */
  message: string;
  /** The order field the breach maps to, when there is one. */
  path?: string;
  /** True when waiting cannot clear it (filled buys alone leave no room). */
  lasting: boolean;
}

/** The daemon's orders as the rails see them, for one market and overall. */
export interface Exposure {
  /** Confirmed and pending buy fills in the market, micro-USDC. */
  filledBuys: number;
  /** Open size of our buys in the market at their prices, micro-USDC. */
  openBuys: number;
  /** Our exchange orders not yet final, all markets. */
  openOrders: number;
}

export interface Placement {
  conditionId: string;
  side: Side;
  priceMicros: number;
  sizeMicros: number;
  /** The micro-price of the book the placement is priced from; null when unknown. */
  microPrice: number | null;
}

export type Reservation = { ok: true; release(): void } | { ok: false; breach: Breach };

/** size × price in micro-USDC, rounded up (a worst case is never understated). */
export function notionalOf(priceMicros: number, sizeMicros: number): number {
  return Number(divCeil(BigInt(priceMicros) * BigInt(sizeMicros), BigInt(MICROS_PER_UNIT)));
}

/**
 * Checks a full set of limits against the shared schema: every one a positive safe integer
 * (micro-USDC for the notional caps, price micros for the band, a count for the open-order cap).
 * Throws BAD_REQUEST naming each bad field; returns a copy to keep.
 */
export function checkRiskLimits(limits: RiskLimits): RiskLimits {
  return parseOrThrow(RiskSettingsSchema, limits, 'risk limits');
}

/** "$1,250.00"; sub-cent amounts keep their exact digits ("$0.000001"). */
export function usd(micros: number): string {
  const [whole = '0', fraction = ''] = dec(micros).split('.');
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
}

/** The price that bounds an order's notional: most paid on a buy, least taken on a sell. */
function limitOf(spec: OrderSpec): number {
  return spec.side === 'BUY' ? spec.maxPrice : spec.minPrice;
}

function sizeCap(spec: OrderSpec): { size: number; path: string } {
  if (spec.totalSize !== undefined) return { size: spec.totalSize, path: 'totalSize' };
  return { size: spec.kellyParams?.maxPositionSize ?? 0, path: 'kellyParams.maxPositionSize' };
}

/**
 * The price an order sends as written: an iceberg's clips rest at targetPrice or the limit, and
 * they may cross the book. Micro-price and Kelly quote post-only near the micro-price, so their
 * limits are caps, not prices sent: each of their placements is checked before it is sent.
 */
function fixedPrice(spec: OrderSpec): { price: number; path: string } | null {
  if (spec.strategyType !== 'iceberg') return null;
  if (spec.targetPrice !== undefined) return { price: spec.targetPrice, path: 'targetPrice' };
  return { price: limitOf(spec), path: spec.side === 'BUY' ? 'maxPrice' : 'minPrice' };
}

function priceSanity(
  side: Side,
  priceMicros: number,
  microPrice: number | null,
  limits: RiskLimits,
  what: string,
): string | null {
  if (microPrice === null) return null;
  const through = side === 'BUY' ? priceMicros - microPrice : microPrice - priceMicros;
  const over = through - limits.maxThroughMicroPrice;
  if (over <= 0) return null;
  const direction = side === 'BUY' ? 'above' : 'below';
  return (
    `price sanity: ${what} ${dec(priceMicros)} is ${dec(through)} ${direction} the micro-price ` +
    `${dec(microPrice)}, ${dec(over)} more than the ${dec(limits.maxThroughMicroPrice)} allowed`
  );
}

/** Every rail the order breaks at submit: per-order and per-market worst case, price sanity. */
export function submitBreaches(
  spec: OrderSpec,
  limits: RiskLimits,
  exposure: Exposure,
  microPrice: number | null,
): Breach[] {
  const breaches: Breach[] = [];
  const { size, path } = sizeCap(spec);
  const limit = limitOf(spec);
  const atCap = notionalOf(limit, size);
  // A Kelly buy never spends more than its bankroll, whatever its position cap allows.
  const bankroll = spec.side === 'BUY' ? spec.kellyParams?.bankroll : undefined;
  const worst = bankroll !== undefined ? Math.min(atCap, bankroll) : atCap;
  const orderOver = worst - limits.maxOrderNotional;
  if (orderOver > 0) {
    const basis =
      worst === atCap ? `${dec(size)} shares at ${dec(limit)}` : `its bankroll ${usd(worst)}`;
    breaches.push({
      rail: 'per-order notional cap',
      message:
        `per-order notional cap: this order's worst case is ${usd(worst)} ` +
        `(${basis}), ${usd(orderOver)} over the ${usd(limits.maxOrderNotional)} cap`,
      path: worst === atCap ? path : 'kellyParams.bankroll',
      lasting: true,
    });
  }
  if (spec.side === 'BUY') {
    const already = exposure.filledBuys + exposure.openBuys;
    const total = already + worst;
    const marketOver = total - limits.maxMarketNotional;
    if (marketOver > 0) {
      breaches.push({
        rail: 'per-market notional cap',
        message:
          `per-market notional cap: ${usd(already)} of buys open or filled in this market plus ` +
          `this order's worst case ${usd(worst)} is ${usd(total)}, ${usd(marketOver)} over the ` +
          `${usd(limits.maxMarketNotional)} cap`,
        path,
        lasting: true,
      });
    }
  }
  const fixed = fixedPrice(spec);
  const sanity = fixed && priceSanity(spec.side, fixed.price, microPrice, limits, fixed.path);
  if (fixed && sanity) {
    breaches.push({ rail: 'price sanity', message: sanity, path: fixed.path, lasting: true });
  }
  return breaches;
}

/** The first rail one exchange placement breaks, or null. */
export function placementBreach(
  placement: Placement,
  limits: RiskLimits,
  exposure: Exposure,
): Breach | null {
  const nth = exposure.openOrders + 1;
  if (nth > limits.maxOpenOrders) {
    return {
      rail: 'open-order cap',
      message:
        `open-order cap: this placement would make ${nth} open exchange orders, ` +
        `${nth - limits.maxOpenOrders} over the cap of ${limits.maxOpenOrders}`,
      lasting: false,
    };
  }
  const { side, priceMicros, sizeMicros } = placement;
  if (side === 'BUY') {
    const notional = notionalOf(priceMicros, sizeMicros);
    const already = exposure.filledBuys + exposure.openBuys;
    const total = already + notional;
    const over = total - limits.maxMarketNotional;
    if (over > 0) {
      return {
        rail: 'per-market notional cap',
        message:
          `per-market notional cap: ${usd(already)} of buys open or filled in this market plus ` +
          `this placement's ${usd(notional)} is ${usd(total)}, ${usd(over)} over the ` +
          `${usd(limits.maxMarketNotional)} cap`,
        lasting: exposure.filledBuys + notional > limits.maxMarketNotional,
      };
    }
  }
  const word = side === 'BUY' ? 'a buy at' : 'a sell at';
  const sanity = priceSanity(side, priceMicros, placement.microPrice, limits, word);
  return sanity === null ? null : { rail: 'price sanity', message: sanity, lasting: false };
}

/**
 * The rails with the daemon's live exposure. A placement passed here is held as in flight until
 * the ledger records it, so two workers placing at once cannot both fill the last room.
 */
export class RiskRails {
  private readonly inFlight = new Set<Placement>();
  private current: RiskLimits;

  constructor(
    limits: RiskLimits,
    private readonly book: (conditionId: string) => Exposure,
  ) {
    this.current = { ...limits };
  }

  /** The limits in force. */
  get limits(): RiskLimits {
    return this.current;
  }

  /**
   * Replaces the limits (checked by checkRiskLimits): the next submit and the next placement
   * are held to them. Nothing already placed or in flight is undone.
   */
  setLimits(limits: RiskLimits): void {
    this.current = checkRiskLimits(limits);
  }

  /** Throws RISK_LIMIT naming every rail the order breaks; nothing is held. */
  checkSubmit(spec: OrderSpec, conditionId: string, microPrice: number | null): void {
    const breaches = submitBreaches(spec, this.limits, this.exposure(conditionId), microPrice);
    if (breaches.length === 0) return;
    const issues: FieldIssue[] = breaches.flatMap((breach) =>
      breach.path === undefined ? [] : [{ path: breach.path, message: breach.message }],
    );
    throw new PolydeskError(
      'RISK_LIMIT',
      breaches.map((breach) => breach.message).join('; '),
      issues.length > 0 ? issues : undefined,
    );
  }

  /** Passes and holds the placement until release(), or says which rail refused it. */
  reserve(placement: Placement): Reservation {
    const breach = placementBreach(placement, this.limits, this.exposure(placement.conditionId));
    if (breach) return { ok: false, breach };
    this.inFlight.add(placement);
    return { ok: true, release: () => this.inFlight.delete(placement) };
  }

  private exposure(conditionId: string): Exposure {
    const booked = this.book(conditionId);
    let openBuys = booked.openBuys;
    for (const held of this.inFlight) {
      if (held.conditionId === conditionId && held.side === 'BUY') {
        openBuys += notionalOf(held.priceMicros, held.sizeMicros);
      }
    }
    return { ...booked, openBuys, openOrders: booked.openOrders + this.inFlight.size };
  }
}
