import type { StoikovFigure } from '@shared/domain/market';
import { formatMicro } from '../format';

/** Stoikov's micro-price on the ladder and the chart. */
export const STOIKOV_COLOR = '#db61a2';

export interface StoikovText {
  /** The price, or what stands in for it. */
  value: string;
  /** True when `value` is a price. */
  priced: boolean;
  /** The longer explanation, for a tooltip. */
  title: string;
}

const ABOUT =
  "Stoikov's micro-price: the mid plus the expected move G*(imbalance, spread) fitted on this market's own book history, kept inside the spread.";

/**
 * What the ladder says of Stoikov's micro-price: the price; "fitting (n/m transitions)" while
 * the token has too little data; or why this book has no estimate (a quote then uses the
 * weighted mid).
 */
export function stoikovText(figure: StoikovFigure | undefined): StoikovText {
  if (!figure) {
    return {
      value: 'unavailable',
      priced: false,
      title: 'The host sends no Stoikov figure for this market; quotes use the weighted mid.',
    };
  }
  if (figure.microPrice !== null) {
    return {
      value: formatMicro(figure.microPrice),
      priced: true,
      title: `${ABOUT} Fitted on ${figure.transitions} transitions.`,
    };
  }
  const reason = figure.note ?? 'no estimate for this book';
  if (!figure.fitted && figure.transitions < figure.minTransitions) {
    return {
      value: `fitting (${figure.transitions}/${figure.minTransitions} transitions)`,
      priced: false,
      title: `${ABOUT} Until it has a fit, quotes use the weighted mid: ${reason}.`,
    };
  }
  return {
    value: `weighted mid (${reason})`,
    priced: false,
    title: `${ABOUT} This book has no Stoikov estimate, so quotes use the weighted mid: ${reason}.`,
  };
}
