import { useMemo } from 'react';
import { kellyPlan } from '@shared/math';
import { useAppStore } from '../../state/app-store';
import { selectSnapshot, useMarketStore } from '../../state/market-store';
import { formatPrice, formatShares, formatUsd } from '../format';
import type { OrderFormValues } from './order-form-model';
import type { OrderSpec } from '@shared/domain/order-request';

/**
 * What the Kelly order would buy right now, at the live best ask. Subscribes to the best ask
 * only, so a book update elsewhere does not redraw the form.
 */
export function KellyEstimate({ spec, values }: { spec: OrderSpec; values: OrderFormValues }) {
  const bestAsk = useMarketStore((s) => selectSnapshot(s)?.bestAsk ?? null);
  const tick = useMarketStore((s) => selectSnapshot(s)?.tickMicros ?? 10_000);
  const collateral = useAppStore((s) => s.account?.collateral ?? null);
  const k = spec.kellyParams;
  const text = useMemo(() => {
    if (!k || bestAsk === null || spec.side !== 'BUY') return null;
    const bankroll = k.bankroll ?? collateral;
    if (bankroll === null) return null;
    const price = Math.min(bestAsk, spec.maxPrice);
    const plan = kellyPlan({
      belief: k.winProbability,
      kellyFraction: k.kellyFraction,
      bankrollMicros: bankroll,
      maxPositionMicros: k.maxPositionSize,
      priceMicros: price,
    });
    const sized = `${formatShares(plan.sharesMicros)} shares for ${formatUsd(plan.costMicros)}`;
    return bestAsk <= spec.maxPrice
      ? `At the best ask (${formatPrice(bestAsk, tick)}) that is ${sized}.`
      : `The best ask (${formatPrice(bestAsk, tick)}) is above the limit: resting at ${formatPrice(spec.maxPrice, tick)} it would be ${sized}.`;
  }, [k, bestAsk, spec.side, spec.maxPrice, collateral, tick]);
  if (!text || values.strategy !== 'kelly') return null;
  return (
    <p className="preview-note" data-testid="kelly-estimate">
      {text}
    </p>
  );
}
