import { fieldIssues, PolydeskError } from '@shared/errors';
import type { FieldIssue } from '@shared/errors';
import { OrderSpecSchema } from '@shared/domain/order-request';
import type { OrderSpec } from '@shared/domain/order-request';
import { microsToDecimal } from '@shared/math/decimal';
import { isOnGrid, SIZE_STEP_MICROS } from '@shared/math/tick-grid';
import type { MarketInfo } from '../exchange/exchange-port';
import type { StrategyRouter } from '../strategies/strategy-router';

function refuse(issues: FieldIssue[]): never {
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : 'invalid';
  throw new PolydeskError('BAD_REQUEST', `Invalid order: ${summary}`, issues);
}

/**
 * The spec's own checks (shape, limits, the strategy's params), before any market is asked.
 * The contract's OrderRequestSchema has already run for requests from clients; this repeats what
 * holds for specs built in code, in the same field-level terms.
 */
export function checkSpec(raw: unknown, router: StrategyRouter): OrderSpec {
  const parsed = OrderSpecSchema.safeParse(raw);
  if (!parsed.success) refuse(fieldIssues(parsed.error));
  const spec = parsed.data as OrderSpec;
  const issues: FieldIssue[] = [];
  if (spec.minPrice > spec.maxPrice) {
    issues.push({ path: 'minPrice', message: 'minPrice must not be above maxPrice' });
  }
  if (
    spec.targetPrice !== undefined &&
    (spec.targetPrice < spec.minPrice || spec.targetPrice > spec.maxPrice)
  ) {
    issues.push({
      path: 'targetPrice',
      message: 'targetPrice must be inside [minPrice, maxPrice]',
    });
  }
  if (spec.totalSize !== undefined && spec.totalSize % SIZE_STEP_MICROS !== 0) {
    issues.push({ path: 'totalSize', message: 'size has at most 2 decimals (0.01 share)' });
  }
  if (issues.length > 0) refuse(issues);
  router.route(spec);
  return spec;
}

/** The market's checks: prices on its tick grid, sizes at least its minimum, a market that trades. */
export function marketIssues(spec: OrderSpec, market: MarketInfo): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const tick = market.tickMicros;
  const tickText = microsToDecimal(tick);
  const minText = microsToDecimal(market.minOrderSizeMicros);
  if (market.closed || !market.acceptingOrders) {
    issues.push({ path: 'tokenId', message: 'this market is not accepting orders' });
  }
  if (spec.marketId !== undefined && spec.marketId !== market.conditionId) {
    issues.push({ path: 'marketId', message: 'the token is not an outcome of this market' });
  }
  const prices: [keyof OrderSpec, number | undefined][] = [
    ['minPrice', spec.minPrice],
    ['maxPrice', spec.maxPrice],
    ['targetPrice', spec.targetPrice],
  ];
  for (const [path, price] of prices) {
    if (price !== undefined && !isOnGrid(price, tick)) {
      issues.push({ path, message: `price must be on the market's tick grid (tick ${tickText})` });
    }
  }
  const sizes: [string, number | undefined][] = [
    ['totalSize', spec.totalSize],
    ['icebergParams.clipSize', spec.icebergParams?.clipSize],
    ['kellyParams.maxPositionSize', spec.kellyParams?.maxPositionSize],
  ];
  for (const [path, size] of sizes) {
    if (size !== undefined && size < market.minOrderSizeMicros) {
      issues.push({
        path,
        message: `size must be at least the market minimum of ${minText} shares`,
      });
    }
  }
  return issues;
}

/** Market checks, or BAD_REQUEST naming each field; an unknown token is a tokenId issue. */
export async function checkAgainstMarket(
  spec: OrderSpec,
  lookUp: (tokenId: string) => Promise<MarketInfo>,
): Promise<MarketInfo> {
  let market: MarketInfo;
  try {
    market = await lookUp(spec.tokenId);
  } catch (err) {
    if (err instanceof PolydeskError && err.code === 'NOT_FOUND') {
      refuse([{ path: 'tokenId', message: 'unknown token: no market trades it' }]);
    }
    throw err;
  }
  const issues = marketIssues(spec, market);
  if (issues.length > 0) refuse(issues);
  return market;
}
