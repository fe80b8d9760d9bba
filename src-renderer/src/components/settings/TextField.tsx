import type { HTMLInputTypeAttribute, ReactNode } from 'react';

/** One labelled input of a settings form, with its error (or its help) underneath. */
export function TextField(props: {
  /** Element id and test id: `${prefix}-${name}`; the error is `${prefix}-error-${name}`. */
  id: string;
  errorId: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  type?: HTMLInputTypeAttribute;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  help?: ReactNode;
  autoFocus?: boolean;
  disabled?: boolean;
}) {
  return (
    <label className={`field${props.error ? ' has-error' : ''}`} htmlFor={props.id}>
      <span className="field-label">{props.label}</span>
      <input
        id={props.id}
        data-testid={props.id}
        type={props.type ?? 'text'}
        inputMode={props.inputMode}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        value={props.value}
        placeholder={props.placeholder}
        disabled={props.disabled}
        autoFocus={props.autoFocus}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? props.errorId : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error ? (
        <span className="field-error" id={props.errorId} data-testid={props.errorId}>
          {props.error}
        </span>
      ) : props.help ? (
        <span className="field-help">{props.help}</span>
      ) : null}
    </label>
  );
}
