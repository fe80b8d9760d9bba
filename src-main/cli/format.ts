import { microsToDecimal } from '@shared/math/decimal';
import type { MarketListItem, MarketSnapshot } from '@shared/domain/market';
import { FINAL_ORDER_STATES } from '@shared/domain/order';
import type { Order } from '@shared/domain/order';
import { SIGNATURE_TYPE_NAMES } from '@shared/domain/live';
import type { LiveStatus } from '@shared/domain/live';
import type { RiskSettings } from '@shared/domain/risk-settings';
import type { PortfolioSnapshot, PortfolioTrade } from '@shared/ipc/contract';

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

/** A signed USDC amount with its sign: "+1.5", "-0.25", "0". */
export function signedUsdc(micros: number | null): string {
  if (micros === null) return dash;
  return micros > 0 ? `+${microsToDecimal(micros)}` : microsToDecimal(micros);
}

function marketLabel(p: {
  question: string | null;
  outcome: string | null;
  tokenId: string;
}): string {
  return p.question ? `${p.question} · ${p.outcome ?? '?'}` : `token ${p.tokenId}`;
}

/** `polydesk positions`: one row per token, then the wallet's totals, cash and warnings. */
export function positionsText(s: PortfolioSnapshot): string {
  const rows = s.positions.map((p) => [
    marketLabel(p),
    microsToDecimal(p.heldMicros),
    microsToDecimal(p.confirmedMicros),
    p.pendingBuyMicros || p.pendingSellMicros
      ? `+${microsToDecimal(p.pendingBuyMicros)}/-${microsToDecimal(p.pendingSellMicros)}`
      : '0',
    price(p.avgCostMicros),
    `${price(p.microPriceMicros)}/${price(p.bestBidMicros)}`,
    `${signedUsdc(p.unrealizedAtMicroMicros)}/${signedUsdc(p.unrealizedAtBidMicros)}`,
    signedUsdc(p.realizedPnlMicros),
  ]);
  const t = s.totals;
  const lines = [
    s.positions.length
      ? table(
          [
            'market',
            'shares',
            'confirmed',
            'pending +buy/-sell',
            'avg cost',
            'mark micro/bid',
            'unrealized micro/bid',
            'realized',
          ],
          rows,
        )
      : 'no positions',
    '',
    `value       ${usdc(t.valueAtMicroMicros)} at micro-price, ${usdc(t.valueAtBidMicros)} at the bid` +
      (t.unmarkedTokenIds.length ? ` (${t.unmarkedTokenIds.length} unmarked)` : ''),
    `unrealized  ${signedUsdc(t.unrealizedAtMicroMicros)} at micro-price, ${signedUsdc(t.unrealizedAtBidMicros)} at the bid`,
    `realized    ${signedUsdc(t.realizedPnlMicros)} (fees ${usdc(t.feesMicros)})`,
    s.cash
      ? `cash        ${usdc(s.cash.balanceMicros)}: ${usdc(s.cash.freeMicros)} free, ${usdc(s.cash.reservedMicros)} reserved by open orders`
      : `cash        ${dash} (${s.balanceError ?? 'not read yet'})`,
  ];
  if (s.balanceError && s.cash) lines.push(`balances    last reading failed: ${s.balanceError}`);
  for (const w of s.warnings) lines.push(`WARNING     ${w.message}`);
  return lines.join('\n');
}

/** `polydesk trades`: newest first. */
export function tradesTable(trades: readonly PortfolioTrade[]): string {
  return table(
    ['time', 'market', 'side', 'price', 'size', 'status', 'fee', 'trade'],
    trades.map((t) => [
      new Date(t.timeMs).toISOString(),
      marketLabel(t),
      t.side,
      price(t.priceMicros),
      microsToDecimal(t.sizeMicros),
      t.status,
      microsToDecimal(t.feeMicros),
      t.tradeId,
    ]),
  );
}
