import { useNow } from '../../state/use-now';
import { formatAge } from '../format';

/** Time since `since`, ticking once a second (only this cell re-renders). */
export function OrderAge({ since }: { since: number }) {
  const now = useNow(1_000);
  return <>{formatAge(now - since)}</>;
}
