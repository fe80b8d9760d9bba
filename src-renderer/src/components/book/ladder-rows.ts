import type { MarketSnapshot } from '@shared/domain/market';

export interface LadderRow {
  priceMicros: number;
  bidMicros: number;
  askMicros: number;
  /** Our resting size at this price (buy side, sell side). */
  ourBuyMicros: number;
  ourSellMicros: number;
  inBand: boolean;
  bestBid: boolean;
  bestAsk: boolean;
  /** Where the micro-price sits in this row: −0.5 (bottom edge) … 0.5 (top edge); null if not here. */
  microOffset: number | null;
  /** The same for Stoikov's micro-price, when it is shown and priced. */
  stoikovOffset: number | null;
}

export interface Ladder {
  rows: LadderRow[];
  /** Largest size shown, for the depth bars. */
  maxSizeMicros: number;
  /** Our resting orders priced outside the rows shown. */
  offLadder: MarketSnapshot['ourOrders'];
}

/**
 * Every tick between the worst shown ask and the worst shown bid, best ask above best bid, so a
 * gap in the book shows as empty rows. When that is more than `maxRows`, the rows closest to the
 * middle of the book are kept.
 */
export function buildLadder(snapshot: MarketSnapshot, maxRows = 40, showStoikov = false): Ladder {
  const tick = snapshot.tickMicros;
  const bids = new Map(snapshot.bids.map((l) => [l.price, l.size]));
  const asks = new Map(snapshot.asks.map((l) => [l.price, l.size]));
  const ourBuy = new Map<number, number>();
  const ourSell = new Map<number, number>();
  for (const order of snapshot.ourOrders) {
    const into = order.side === 'BUY' ? ourBuy : ourSell;
    into.set(order.price, (into.get(order.price) ?? 0) + order.size);
  }
  const prices = [
    ...bids.keys(),
    ...asks.keys(),
    ...ourBuy.keys(),
    ...ourSell.keys(),
    ...(snapshot.microPrice === null ? [] : [snapshot.microPrice]),
  ];
  if (prices.length === 0) return { rows: [], maxSizeMicros: 0, offLadder: [] };

  const top = Math.ceil(Math.max(...prices) / tick) * tick;
  const bottom = Math.floor(Math.min(...prices) / tick) * tick;
  const count = Math.round((top - bottom) / tick) + 1;
  const centre =
    snapshot.bestBid !== null && snapshot.bestAsk !== null
      ? (snapshot.bestBid + snapshot.bestAsk) / 2
      : (snapshot.microPrice ?? (top + bottom) / 2);
  let high = top;
  if (count > maxRows) {
    const above = Math.floor(maxRows / 2);
    high = Math.min(
      top,
      Math.max(bottom + (maxRows - 1) * tick, Math.ceil(centre / tick) * tick + (above - 1) * tick),
    );
  }
  const rowsToShow = Math.min(count, maxRows);
  const lower = snapshot.microPriceLowerBand;
  const upper = snapshot.microPriceUpperBand;
  const micro = snapshot.microPrice;
  const stoikov = showStoikov ? (snapshot.stoikov?.microPrice ?? null) : null;
  const offsetIn = (price: number | null, row: number): number | null => {
    if (price === null) return null;
    const offset = (price - row) / tick;
    return offset > -0.5 && offset <= 0.5 ? offset : null;
  };

  const rows: LadderRow[] = [];
  let maxSize = 0;
  for (let i = 0; i < rowsToShow; i++) {
    const price = high - i * tick;
    if (price <= 0 || price >= 1_000_000) continue;
    const bidMicros = bids.get(price) ?? 0;
    const askMicros = asks.get(price) ?? 0;
    maxSize = Math.max(maxSize, bidMicros, askMicros);
    rows.push({
      priceMicros: price,
      bidMicros,
      askMicros,
      ourBuyMicros: ourBuy.get(price) ?? 0,
      ourSellMicros: ourSell.get(price) ?? 0,
      inBand: lower !== null && upper !== null && price >= lower && price <= upper,
      bestBid: price === snapshot.bestBid,
      bestAsk: price === snapshot.bestAsk,
      microOffset: offsetIn(micro, price),
      stoikovOffset: offsetIn(stoikov, price),
    });
  }
  const shown = new Set(rows.map((r) => r.priceMicros));
  const offLadder = snapshot.ourOrders.filter((o) => !shown.has(o.price));
  return { rows, maxSizeMicros: maxSize, offLadder };
}
