import type { ReactNode } from 'react';

/** One labelled number of the calculator. */
export function KellyOutput({
  label,
  testId,
  children,
  title,
}: {
  label: string;
  testId: string;
  children: ReactNode;
  title?: string;
}) {
  return (
    <div className="out" title={title}>
      <span className="out-label">{label}</span>
      <span className="out-value" data-testid={testId}>
        {children}
      </span>
    </div>
  );
}
