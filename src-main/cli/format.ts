import { microsToDecimal } from '@shared/math/decimal';
import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';
import { FINAL_ORDER_STATES } from '@shared/domain/order';
import type { Order } from '@shared/domain/order';
import { SIGNATURE_TYPE_NAMES } from '@shared/domain/live';
import type { LiveStatus } from '@shared/domain/live';
import type { RiskSettings } from '@shared/domain/risk-settings';

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

/** Beside the state: what holds the order (or how it ended short), and since when. */
export function conditionText(order: Order, now: number = Date.now()): string {
  if (!order.condition) return '';
  if (FINAL_ORDER_STATES.includes(order.state) || order.conditionSince === undefined) {
    return order.condition;
  }
  const seconds = Math.max(0, Math.floor((now - order.conditionSince) / 1000));
  return `${order.condition} ${seconds}s`;
}

export function ordersTable(orders: Order[], now: number = Date.now()): string {
  return table(
    ['id', 'state', 'condition', 'strategy', 'side', 'filled/target', 'avg', 'adj', 'reason'],
    orders.map((o) => [
      o.id,
      o.state,
      conditionText(o, now),
      o.spec.strategyType,
      o.spec.side,
      `${microsToDecimal(o.filled)}/${microsToDecimal(o.targetSize)}`,
      price(o.avgPrice),
      String(o.adjustments),
      o.reason ?? '',
    ]),
  );
}

export const VAULT_NAMES: Record<LiveStatus['vault'], string> = {
  keystore: 'keystore file (passphrase)',
  'safe-storage': 'OS keychain',
};

export function usdc(micros: number): string {
  return `${microsToDecimal(micros)} USDC`;
}

/** `polydesk live status`: no secret is in a LiveStatus, so all of it can be shown. */
export function liveStatusText(s: LiveStatus): string {
  const key = !s.address
    ? `${dash} (none: polydesk live setup)`
    : s.unlocked
      ? 'unlocked'
      : s.vault === 'keystore'
        ? 'locked (polydesk live unlock)'
        : 'locked';
  const verified = s.verified
    ? `${new Date(s.verified.at).toISOString()}, collateral ${
        s.verified.collateral === null ? 'unknown (not readable)' : usdc(s.verified.collateral)
      }`
    : 'not this run';
  return [
    `mode        ${s.mode}`,
    `wallet      ${s.address ?? dash}`,
    `vault       ${VAULT_NAMES[s.vault]}`,
    `signature   ${s.signatureType}: ${SIGNATURE_TYPE_NAMES[s.signatureType]}`,
    `funder      ${s.funderAddress ?? (s.signatureType === 0 ? `${dash} (the wallet itself)` : dash)}`,
    `key         ${key}`,
    `trading     ${s.trading ? 'yes' : 'no'}`,
    `exchange    ${s.restUrl} (chain ${s.chainId})`,
    `heartbeat   ${s.heartbeat}`,
    `verified    ${verified}`,
  ].join('\n');
}

/** `polydesk rails`: the safety rails in people's units. */
export function railsText(r: RiskSettings): string {
  return table(
    ['rail', 'limit', 'option', 'what it bounds'],
    [
      [
        'max order',
        usdc(r.maxOrderNotional),
        '--max-order',
        "one order's worst case (size cap × limit price)",
      ],
      [
        'max market',
        usdc(r.maxMarketNotional),
        '--max-market',
        'buys open or filled in one market, both outcomes',
      ],
      [
        'max open orders',
        String(r.maxOpenOrders),
        '--max-open-orders',
        'exchange orders not yet final, all markets',
      ],
      [
        'max through',
        microsToDecimal(r.maxThroughMicroPrice),
        '--max-through',
        'how far a price may stand through the micro-price',
      ],
    ],
  );
}
