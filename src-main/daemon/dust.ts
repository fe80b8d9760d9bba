/**
 * The one dust threshold (lessons §1.7): the exchange rounds fills to its amount grid, so an order
 * can end a few thousandths of a share short of its size, or a few micro-shares over. Anything
 * within 0.01 share counts as done, and every comparison of fills against a size goes through here.
 */
export const DUST_MICROS = 10_000;

/** True when `filled` is within dust of `size` or above it: the order is done. */
export function coversSize(filledMicros: number, sizeMicros: number): boolean {
  return sizeMicros - filledMicros <= DUST_MICROS;
}

/** True when `filled` exceeds `size` by more than dust: an overfill, refused. */
export function exceedsSize(filledMicros: number, sizeMicros: number): boolean {
  return filledMicros - sizeMicros > DUST_MICROS;
}

/** What is left of `size` after `used`, zero when within dust. */
export function remainderAfter(sizeMicros: number, usedMicros: number): number {
  const left = sizeMicros - usedMicros;
  return left <= DUST_MICROS ? 0 : left;
}
