import { useMemo } from 'react';
import { orderEstimator } from '@shared/domain/order-request';
import { useEntryStore } from '../../state/entry-store';
import { useOrderStore } from '../../state/order-store';

/**
 * Whether Stoikov's micro-price is shown for a token: the order form would quote with it, or an
 * open order on the token does.
 */
export function useStoikovChosen(tokenId: string | null): boolean {
  const formChose = useEntryStore((s) => s.formEstimator === 'stoikov');
  const orders = useOrderStore((s) => s.orders);
  const orderChose = useMemo(
    () =>
      tokenId !== null &&
      Object.values(orders).some(
        (order) =>
          order.spec.tokenId === tokenId &&
          (order.state === 'QUEUED' || order.state === 'ACTIVE') &&
          orderEstimator(order.spec) === 'stoikov',
      ),
    [orders, tokenId],
  );
  return formChose || orderChose;
}
