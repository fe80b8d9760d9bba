import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/** A modal dialog: Esc or the backdrop closes it; focus starts on the element marked autoFocus. */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  tone?: 'danger' | 'normal';
  /** Extra class of the dialog box (its size). */
  className?: string;
}) {
  const { onClose } = props;
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    const focusable = box.current?.querySelector<HTMLElement>('[data-autofocus]');
    focusable?.focus();
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="backdrop" onClick={onClose}>
      <div
        ref={box}
        className={`dialog ${props.tone === 'danger' ? 'dialog-danger' : ''} ${props.className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        data-testid={props.testId ?? 'dialog'}
        onClick={(e) => e.stopPropagation()}
      >
        <h2>{props.title}</h2>
        {props.children}
      </div>
    </div>
  );
}
