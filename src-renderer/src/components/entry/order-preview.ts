import { orderEstimator } from '@shared/domain/order-request';
import type { OrderSpec, WhenStuck } from '@shared/domain/order-request';
import { formatPrice, formatShares, formatUsd } from '../format';
import { notionalMicros } from './order-form-model';

const STRATEGY_NAMES = { micro_price: 'micro-price', iceberg: 'iceberg', kelly: 'Kelly' } as const;

export function strategyName(strategy: OrderSpec['strategyType']): string {
  return STRATEGY_NAMES[strategy];
}

/** The limit that bounds the order's notional: max price for a buy, min price for a sell. */
export function limitOf(spec: OrderSpec): number {
  return spec.side === 'BUY' ? spec.maxPrice : spec.minPrice;
}

/** Largest size the order can reach: its total, or the Kelly cap. */
export function sizeCapOf(spec: OrderSpec): number {
  return spec.totalSize ?? spec.kellyParams?.maxPositionSize ?? 0;
}

/** Cost at most (buy) or proceeds at least (sell), micro-USDC. */
export function boundNotional(spec: OrderSpec): number {
  return notionalMicros(sizeCapOf(spec), limitOf(spec));
}

function limitsText(spec: OrderSpec, tick: number): string {
  return spec.side === 'BUY'
    ? `never above ${formatPrice(spec.maxPrice, tick)} (floor ${formatPrice(spec.minPrice, tick)})`
    : `never below ${formatPrice(spec.minPrice, tick)} (ceiling ${formatPrice(spec.maxPrice, tick)})`;
}

function notionalText(spec: OrderSpec): string {
  return spec.side === 'BUY'
    ? `costs at most ${formatUsd(boundNotional(spec))}`
    : `brings at least ${formatUsd(boundNotional(spec))}`;
}

/** What a stuck order does, when the user set it; nothing for the default (it waits). */
function stuckText(whenStuck: WhenStuck | undefined): string {
  if (!whenStuck || whenStuck.action === 'wait') return '';
  return `, cancelled after ${whenStuck.afterSec}s stuck`;
}

/** One sentence saying what the daemon will do with this order. */
export function describeOrder(spec: OrderSpec, outcome: string, tick: number): string {
  const micro = orderEstimator(spec) === 'stoikov' ? "Stoikov's micro-price" : 'the micro-price';
  const verb = spec.side === 'BUY' ? 'Buy' : 'Sell';
  if (spec.strategyType === 'iceberg' && spec.icebergParams) {
    const clip = spec.icebergParams;
    const jitter = clip.clipJitterPct > 0 ? ` ±${clip.clipJitterPct}%` : '';
    const price =
      spec.targetPrice !== undefined ? formatPrice(spec.targetPrice, tick) : 'the limit';
    const at = clip.allowTaking
      ? `sent at ${price} (may take liquidity)`
      : `resting passively (post-only) near the micro-price, ${spec.side === 'BUY' ? 'never above' : 'never below'} ${price}`;
    return `${verb} ${formatShares(spec.totalSize)} ${outcome} in clips of ${formatShares(clip.clipSize)}${jitter}, ${at}, ${limitsText(spec, tick)}; ${notionalText(spec)}.`;
  }
  if (spec.strategyType === 'kelly' && spec.kellyParams) {
    const k = spec.kellyParams;
    const mp = k.microPriceParams;
    return `${verb} ${outcome} sized by Kelly (belief ${k.winProbability}, λ ${k.kellyFraction}, cap ${formatShares(k.maxPositionSize)} sh, bankroll ${k.bankroll === undefined ? 'from the account' : formatUsd(k.bankroll)}), re-sized every ${k.recalculateIntervalSec}s when the target moves over ${k.resizeThreshold * 100}%; worked at ${micro} ±${mp.thresholdBps} bps${stuckText(mp.whenStuck)}, ${limitsText(spec, tick)}; at the cap it ${notionalText(spec)}.`;
  }
  const mp = spec.microPriceParams;
  const band = mp ? `±${mp.thresholdBps} bps (at least one tick)` : 'its default band';
  const replaces = mp
    ? `, up to ${mp.maxAdjustments} replaces, reviewed every ${mp.checkIntervalSec}s, at most ${mp.aggressionLimitBps} bps ahead of the best other order${stuckText(mp.whenStuck)}`
    : '';
  return `${verb} ${formatShares(spec.totalSize)} ${outcome} resting near ${micro} ${band}${replaces}, ${limitsText(spec, tick)}; ${notionalText(spec)}.`;
}
