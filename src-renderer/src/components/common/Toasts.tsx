import { useToastStore } from '../../state/toast-store';
import { ToastItem } from './ToastItem';

/** Errors and confirmations, bottom right; each says what happened and what to do. */
export function Toasts() {
  const toasts = useToastStore((s) => s.toasts);
  return (
    <div className="toasts" data-testid="toasts">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
