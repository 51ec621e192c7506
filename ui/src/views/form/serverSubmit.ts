/**
 * Sending a form to the backend. A refusal puts each field error on the input it names; what has
 * no input, or the whole message when the refusal is not about fields, goes to the form's notice.
 */
import { useState } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import type { FieldError, UiError } from "../../ipc";

/**
 * Puts the backend's field errors on a form's inputs through `place`. Returns a text for the ones
 * with no input on the form, or `null` when all found a place.
 */
export type PlaceFieldErrors<V> = (
  fields: FieldError[],
  values: V,
  place: (path: string, message: string) => void,
) => string | null;

/** The form's `submit` handler and its form-wide error; `onDone` runs after a success. */
export function useServerSubmit<V extends FieldValues, O>(
  form: UseFormReturn<V, unknown, O>,
  send: (output: O) => Promise<unknown>,
  placeErrors: PlaceFieldErrors<V>,
  onDone: () => void,
) {
  const [formError, setFormError] = useState<string | null>(null);
  const { handleSubmit, getValues, setError } = form;

  const submit = handleSubmit(async (output) => {
    setFormError(null);
    try {
      await send(output);
      onDone();
    } catch (thrown) {
      const error = thrown as UiError;
      const unplaced = placeErrors(error.fields, getValues(), (path, message) =>
        setError(path as never, { type: "server", message }),
      );
      setFormError(formErrorText(error, unplaced));
    }
  });

  return { submit, formError };
}

/**
 * What the form's notice says after a refusal: the field errors that found no input, else the
 * message; nothing when an input-validation refusal put every one of its errors on an input.
 */
export function formErrorText(error: UiError, unplaced: string | null): string | null {
  const placedAll = error.code === "invalid_input" && error.fields.length > 0 && !unplaced;
  return placedAll ? null : (unplaced ?? error.message);
}
