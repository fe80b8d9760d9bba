import { KellyParamsSchema } from '@shared/domain/order-request';
import type { OrderSpec } from '@shared/domain/order-request';
import type { OrderEvent } from '@shared/domain/order';
import { microsToDecimal } from '@shared/math/decimal';
import { startEmulator } from '../emulator/index';
import type { EmulatorMarketInfo } from '../emulator/index';
import { createClobExchange } from '../exchange/index';
import type { Exchange } from '../exchange/index';
import { createLogger } from '../host/logger';
import { createTradingDesk } from '../daemon/trading-desk';

/** Paper wallets: Hardhat's well-known keys #0 (the desk) and #1 (a counterparty). */
const DESK_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const COUNTERPARTY_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const MARKET_SLUG = 'lunar-lander-touchdown-2027';
/** The demo ends by this time whatever happens. */
const DEADLINE_MS = 60_000;
/** If the synthetic takers have not finished the order by then, a counterparty sells into it. */
const NUDGE_AFTER_MS = 12_000;

const STRATEGIES = ['iceberg', 'micro-price', 'kelly'] as const;
type DemoStrategy = (typeof STRATEGIES)[number];

function specFor(strategy: DemoStrategy, tokenId: string): OrderSpec {
  const base = {
    tokenId,
    side: 'BUY' as const,
    maxPrice: 400_000,
    minPrice: 200_000,
    urgency: 'MEDIUM' as const,
  };
  switch (strategy) {
    case 'iceberg':
      // Clips rest passively (post-only) near the micro-price, never above 0.30, re-priced as
      // the book moves; icebergParams.allowTaking would send them at 0.30 as they stand.
      return {
        ...base,
        strategyType: 'iceberg',
        totalSize: 30_000_000,
        targetPrice: 300_000,
        icebergParams: { clipSize: 10_000_000, clipJitterPct: 20 },
      };
    case 'micro-price':
      return {
        ...base,
        strategyType: 'micro_price',
        totalSize: 30_000_000,
        microPriceParams: {
          thresholdBps: 50,
          checkIntervalSec: 1,
          maxAdjustments: 10,
          aggressionLimitBps: 100,
        },
      };
    case 'kelly':
      return {
        ...base,
        strategyType: 'kelly',
        kellyParams: KellyParamsSchema.parse({
          winProbability: 0.45,
          kellyFraction: 0.25,
          maxPositionSize: '40',
          bankroll: '200',
          recalculateIntervalSec: 2,
          microPriceParams: { checkIntervalSec: 1 },
        }),
      };
  }
}

const price = (micros: number | undefined): string =>
  micros === undefined ? '' : microsToDecimal(micros);
const shares = (micros: number | undefined): string =>
  micros === undefined ? '' : microsToDecimal(micros);

function line(started: number, event: OrderEvent): string {
  const t = ((event.at - started) / 1000).toFixed(2).padStart(6);
  const eo = event.exchangeOrderId ? event.exchangeOrderId.slice(0, 10) : '';
  const detail = [
    event.price !== undefined ? `@${price(event.price)}` : '',
    event.size !== undefined ? `size ${shares(event.size)}` : '',
    event.filled !== undefined ? `filled ${shares(event.filled)}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `${t}s  #${String(event.seq).padEnd(3)} ${event.type.padEnd(16)} ${event.state.padEnd(9)} ${eo.padEnd(10)} ${detail.padEnd(34)} ${event.reason}`;
}

async function connect(restUrl: string, wsUrl: string, privateKey: string): Promise<Exchange> {
  return createClobExchange({
    restUrl,
    wsUrl,
    chainId: 137,
    privateKey,
    logger: createLogger({ level: 'warn' }),
  });
}

/** A counterparty sells YES into the desk's bid by buying NO at 1 − price (immediate or cancel). */
async function sellInto(
  counterparty: Exchange,
  market: EmulatorMarketInfo,
  atMicros: number,
  sizeMicros: number,
): Promise<void> {
  // A market order's cost must be whole cents (Polymarket's precision rule): whole shares at a
  // cent price are. FAK takes only what rests at that price, so rounding up sells no more.
  const wholeShares = Math.ceil(sizeMicros / 1_000_000) * 1_000_000;
  const prepared = await counterparty.prepareOrder({
    tokenId: market.noTokenId,
    side: 'BUY',
    priceMicros: 1_000_000 - atMicros,
    sizeMicros: wholeShares,
    timeInForce: 'FAK',
  });
  await counterparty.submitPrepared(prepared);
}

async function main(): Promise<void> {
  const choice = process.argv.slice(2).find((arg) => arg !== '--') ?? 'micro-price';
  if (!(STRATEGIES as readonly string[]).includes(choice)) {
    console.error(`usage: npm run demo -- ${STRATEGIES.join('|')}`);
    process.exitCode = 2;
    return;
  }
  const strategy = choice as DemoStrategy;
  // Paper mode's defaults: Polymarket-like reporting lags, settlement and rate limits.
  const emulator = await startEmulator({ seed: 7, syntheticFlow: true, timing: 'realistic' });
  const market = emulator.markets.find((m) => m.slug === MARKET_SLUG);
  if (!market) throw new Error(`the emulator has no market ${MARKET_SLUG}`);
  const exchange = await connect(emulator.restUrl, emulator.wsUrl, DESK_KEY);
  const counterparty = await connect(emulator.restUrl, emulator.wsUrl, COUNTERPARTY_KEY);
  const desk = await createTradingDesk({
    exchange,
    logger: createLogger({ level: 'warn' }),
    numWorkers: 2,
    onStop: 'cancel',
  });
  const started = Date.now();
  console.log(`paper exchange ${emulator.restUrl}: "${market.question}" (tick ${market.tickSize})`);
  const first = await desk.watch(market.yesTokenId);
  console.log(
    `book: bid ${price(first?.bestBid ?? undefined)} / ask ${price(first?.bestAsk ?? undefined)}, micro-price ${price(first?.microPrice ?? undefined)}`,
  );
  console.log(`submitting one ${strategy} BUY order; its life, event by event:\n`);
  desk.subscribe({
    onSnapshot: () => undefined,
    onOrderUpdated: () => undefined,
    onOrderEvent: (event) => console.log(line(started, event)),
  });
  const { orderId } = await desk.submit(specFor(strategy, market.yesTokenId));
  const finished = desk.daemon.whenFinal(orderId);
  const nudge = setInterval(() => {
    if (Date.now() - started < NUDGE_AFTER_MS) return;
    const order = desk.listOrders(true).find((o) => o.id === orderId);
    const live = order?.exchangeOrders.find(
      (eo) => eo.state === 'LIVE' || eo.state === 'PARTIALLY_FILLED',
    );
    if (!live) return;
    const open = live.size - live.filled - live.pendingFilled;
    console.log(`        (demo counterparty sells ${shares(open)} at ${price(live.price)})`);
    void sellInto(counterparty, market, live.price, open).catch((err: unknown) =>
      console.error(err),
    );
  }, 3_000);
  const timedOut = await Promise.race([
    finished.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), DEADLINE_MS)),
  ]);
  clearInterval(nudge);
  if (timedOut) console.log(`\nno final state after ${DEADLINE_MS / 1000}s: cancelling`);
  const elapsedSec = (Date.now() - started) / 1000;
  const report = await desk.stop('cancel');
  const order = desk.listOrders(true).find((o) => o.id === orderId);
  const adjustments = order?.adjustments ?? 0;
  console.log(
    `\n${order?.state ?? '?'}${order?.condition ? ` (${order.condition})` : ''}: filled ${shares(order?.filled)} of ${shares(order?.targetSize)} at avg ${price(order?.avgPrice ?? undefined)}, ` +
      `${adjustments} adjustment(s) in ${elapsedSec.toFixed(0)} s; ` +
      `stop cancelled ${report.cancelled.length}, kept ${report.kept.length}`,
  );
  await exchange.close();
  await counterparty.close();
  await emulator.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
