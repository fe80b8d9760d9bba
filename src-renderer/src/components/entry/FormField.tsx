import type { FieldKey } from './order-form-model';

/** One labelled input with its default as a hint and its error underneath. */
export function FormField(props: {
  name: FieldKey;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (name: FieldKey, value: string) => void;
  hint?: string;
  placeholder?: string;
  title?: string;
}) {
  const id = `field-${props.name}`;
  return (
    <label className={`field${props.error ? ' has-error' : ''}`} htmlFor={id} title={props.title}>
      <span className="field-label">
        {props.label}
        {props.hint && <span className="field-hint"> {props.hint}</span>}
      </span>
      <input
        id={id}
        name={props.name}
        data-testid={id}
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `error-${props.name}` : undefined}
        onChange={(e) => props.onChange(props.name, e.target.value)}
      />
      {props.error && (
        <span
          className="field-error"
          id={`error-${props.name}`}
          data-testid={`error-${props.name}`}
        >
          {props.error}
        </span>
      )}
    </label>
  );
}
