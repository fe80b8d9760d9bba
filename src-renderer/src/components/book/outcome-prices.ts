import { MICROS_PER_UNIT } from '@shared/math/decimal';

export interface SidePrices {
  bid: number | null;
  ask: number | null;
}

/**
 * Both outcomes' prices out of the one book shown: YES and NO are complements, so a YES bid is a
 * NO ask at 1 − price (YES bid = 1 − NO ask, YES ask = 1 − NO bid).
 */
export function outcomePrices(
  shown: 'YES' | 'NO',
  book: SidePrices,
): { yes: SidePrices; no: SidePrices } {
  const flip = (p: SidePrices): SidePrices => ({
    bid: p.ask === null ? null : MICROS_PER_UNIT - p.ask,
    ask: p.bid === null ? null : MICROS_PER_UNIT - p.bid,
  });
  return shown === 'YES' ? { yes: book, no: flip(book) } : { yes: flip(book), no: book };
}
