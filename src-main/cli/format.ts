import { microsToDecimal } from '@shared/math/decimal';
import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';
import type { Order } from '@shared/domain/order';

const dash = '—';

export function price(micros: number | null | undefined): string {
  return micros === null || micros === undefined ? dash : microsToDecimal(micros);
}

/** Left-aligned columns, two spaces apart. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function marketsTable(markets: MarketListItem[]): string {
  return table(
    ['question', 'yes token', 'tick', 'bid', 'ask', 'last'],
    markets.map((m) => [
      m.question,
      m.tokens[0]?.tokenId ?? dash,
      microsToDecimal(m.tickMicros),
      price(m.bestBid),
      price(m.bestAsk),
      price(m.lastPrice),
    ]),
  );
}

export function bookText(s: MarketSnapshot, depth: number): string {
  const asks = s.asks.slice(0, depth).reverse();
  const bids = s.bids.slice(0, depth);
  const rows = [
    ...asks.map((l) => ['', price(l.price), microsToDecimal(l.size)]),
    ...bids.map((l) => [microsToDecimal(l.size), price(l.price), '']),
  ];
  const head = `micro-price ${price(s.microPrice)}  band [${price(s.microPriceLowerBand)}, ${price(s.microPriceUpperBand)}]  spread ${price(s.spread)}  age ${s.ageMs} ms${s.stale ? '  STALE' : ''}`;
  return `${head}\n${table(['bid size', 'price', 'ask size'], rows)}`;
}

export function ordersTable(orders: Order[]): string {
  return table(
    ['id', 'state', 'strategy', 'side', 'filled/target', 'avg', 'adj', 'reason'],
    orders.map((o) => [
      o.id,
      o.state,
      o.spec.strategyType,
      o.spec.side,
      `${microsToDecimal(o.filled)}/${microsToDecimal(o.targetSize)}`,
      price(o.avgPrice),
      String(o.adjustments),
      o.reason ?? '',
    ]),
  );
}
