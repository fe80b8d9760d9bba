import { PolydeskError } from '@shared/errors';
import { MICROS_PER_UNIT } from './decimal';

/** The tick sizes markets use, as the exchange writes them. */
export const TICK_SIZES = ['0.1', '0.01', '0.005', '0.001', '0.0025', '0.0001'] as const;
export type TickSize = (typeof TICK_SIZES)[number];

const TICK_MICROS: Record<TickSize, number> = {
  '0.1': 100_000,
  '0.01': 10_000,
  '0.005': 5_000,
  '0.001': 1_000,
  '0.0025': 2_500,
  '0.0001': 100,
};

/** The six valid ticks in micros, in the order of TICK_SIZES. */
export const TICK_SIZES_MICROS: readonly number[] = TICK_SIZES.map((tick) => TICK_MICROS[tick]);

/** The order size grid: 0.01 share. Sizes are floored to it before an order is placed. */
export const SIZE_STEP_MICROS = 10_000;

export function isTickSize(text: string): text is TickSize {
  return (TICK_SIZES as readonly string[]).includes(text);
}

export function isValidTickMicros(tickMicros: number): boolean {
  return TICK_SIZES_MICROS.includes(tickMicros);
}

/** "0.01" → 10_000; throws BAD_REQUEST for a tick size markets do not use. */
export function tickSizeToMicros(tick: string): number {
  if (!isTickSize(tick)) {
    throw new PolydeskError(
      'BAD_REQUEST',
      `tick size "${tick}" is not one of ${TICK_SIZES.join(', ')}`,
    );
  }
  return TICK_MICROS[tick];
}

/** Decimal places a price on this tick needs: 0.1 → 1, 0.01 → 2, 0.005 → 3, 0.0025 → 4. */
export function tickDecimals(tickMicros: number): number {
  assertTick(tickMicros);
  let decimals = 6;
  let rest = tickMicros;
  while (decimals > 0 && rest % 10 === 0) {
    rest /= 10;
    decimals -= 1;
  }
  return decimals;
}

export function assertTick(tickMicros: number): void {
  if (!isValidTickMicros(tickMicros)) {
    throw new PolydeskError('BAD_REQUEST', `tick of ${tickMicros} micros is not a valid tick size`);
  }
}

function assertMicros(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new PolydeskError('BAD_REQUEST', `${what} must be an integer number of micros`);
  }
}

export function isOnGrid(priceMicros: number, tickMicros: number): boolean {
  return Number.isSafeInteger(priceMicros) && priceMicros % tickMicros === 0;
}

/** Largest grid price ≤ priceMicros. */
export function floorToTick(priceMicros: number, tickMicros: number): number {
  assertMicros(priceMicros, 'price');
  return Math.floor(priceMicros / tickMicros) * tickMicros;
}

/** Smallest grid price ≥ priceMicros. */
export function ceilToTick(priceMicros: number, tickMicros: number): number {
  assertMicros(priceMicros, 'price');
  return Math.ceil(priceMicros / tickMicros) * tickMicros;
}

/** Nearest grid price; an exact half-way price goes up. */
export function nearestTick(priceMicros: number, tickMicros: number): number {
  const floor = floorToTick(priceMicros, tickMicros);
  return (priceMicros - floor) * 2 >= tickMicros ? floor + tickMicros : floor;
}

/** Lowest and highest price an order may carry: [tick, 1 − tick]. */
export function priceRange(tickMicros: number): { min: number; max: number } {
  return { min: tickMicros, max: MICROS_PER_UNIT - tickMicros };
}

/** Clamps a price into [tick, 1 − tick]. */
export function clampToTickRange(priceMicros: number, tickMicros: number): number {
  const { min, max } = priceRange(tickMicros);
  return Math.min(max, Math.max(min, priceMicros));
}

/** Floors a size in micro-shares to the 0.01-share order grid. */
export function floorToSizeStep(sizeMicros: number): number {
  assertMicros(sizeMicros, 'size');
  return Math.floor(sizeMicros / SIZE_STEP_MICROS) * SIZE_STEP_MICROS;
}
