import type { ReactNode } from 'react';

export function Panel(props: {
  title: string;
  area: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <section
      className="panel"
      style={{ gridArea: props.area }}
      data-testid={props.testId ?? `panel-${props.area}`}
    >
      <header className="panel-title">{props.title}</header>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}
