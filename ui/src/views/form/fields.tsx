import { get, useFormState } from "react-hook-form";
import type { Control, FieldValues } from "react-hook-form";
import type { ComponentProps, ReactNode } from "react";

/** The message for one field path of any form, from validation or from the backend. */
export function FieldError<T extends FieldValues, O>({
  control,
  path,
}: {
  control: Control<T, unknown, O>;
  path: string;
}) {
  const { errors } = useFormState({ control, name: path as never });
  const message = (get(errors, path) as { message?: string } | undefined)?.message;
  if (!message) return null;
  return (
    <p className="field-error" id={errorId(path)} data-testid="field-error" data-field={path}>
      {message}
    </p>
  );
}

export function errorId(path: string): string {
  return `error-${path.replace(/\./g, "-")}`;
}

export function Field(props: {
  label: string;
  htmlFor: string;
  hint?: string;
  children: ReactNode;
  error: ReactNode;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={props.htmlFor}>
        {props.label}
        {props.hint && <span className="field-hint">{props.hint}</span>}
      </label>
      {props.children}
      {props.error}
    </div>
  );
}

/**
 * A labelled text input of any form with its error below it, marked invalid while it has one.
 * The caller spreads `register(path)` into it, with any other input attributes.
 */
export function TextField<T extends FieldValues, O>({
  control,
  path,
  label,
  hint,
  mono = false,
  ...input
}: {
  control: Control<T, unknown, O>;
  path: string;
  label: string;
  hint?: string;
  /** Monospace, for addresses, commands and durations. */
  mono?: boolean;
  id: string;
} & Omit<ComponentProps<"input">, "className">) {
  const { errors } = useFormState({ control, name: path as never });
  return (
    <Field
      label={label}
      hint={hint}
      htmlFor={input.id}
      error={<FieldError control={control} path={path} />}
    >
      <input
        className={mono ? "input mono-input" : "input"}
        aria-invalid={!!get(errors, path)}
        aria-describedby={errorId(path)}
        {...input}
      />
    </Field>
  );
}

export function Section(props: {
  title: string;
  description?: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="form-section">
      <header className="form-section-header">
        <div>
          <h3 className="form-section-title">{props.title}</h3>
          {props.description && <p className="form-section-text">{props.description}</p>}
        </div>
        {props.action}
      </header>
      {props.children}
    </section>
  );
}
