import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { get } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Plus } from "lucide-react";
import { saveApp } from "../../ipc";
import type { AppSpec, FieldError as ServerFieldError } from "../../ipc";
import { appFormSchema, appToForm, emptyApp, emptyService } from "../../lib/appForm";
import type { AppFormValues } from "../../lib/appForm";
import { FormDialog } from "../form/FormDialog";
import { Section, TextField } from "../form/fields";
import { useServerSubmit } from "../form/serverSubmit";
import { useImageTags } from "../form/useImageTags";
import { ServiceFields } from "./ServiceFields";

interface Props {
  /** The stored app to edit; a new app when absent. */
  editing?: AppSpec;
  onClose: () => void;
  /** Runs after a save, before the dialog closes. */
  onSaved: (name: string) => Promise<void> | void;
}

/**
 * Building an app without compose, service by service, or editing one built this way. The app's
 * name is fixed while editing: saving under another name would store a second app.
 */
export function AppForm({ editing, onClose, onSaved }: Props) {
  const images = useImageTags();
  const form = useForm<AppFormValues, unknown, AppSpec>({
    resolver: zodResolver(appFormSchema(editing ?? null)),
    defaultValues: editing ? appToForm(editing) : emptyApp(),
  });
  const { control, register, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "services" });
  const services = useWatch({ control, name: "services" });
  const submitting = formState.isSubmitting;

  const send = async (spec: AppSpec) => {
    await saveApp(spec, null);
    await onSaved(spec.name);
  };
  const { submit, formError } = useServerSubmit(form, send, placeKnownFields, onClose);

  return (
    <FormDialog
      title={editing ? "Edit app" : "New app"}
      subtitle={editing && <span className="modal-subtitle mono">{editing.name}</span>}
      width={760}
      testId="app-form"
      submitting={submitting}
      formError={formError}
      onSubmit={submit}
      onClose={onClose}
      submitLabel={submitting ? "Saving…" : "Save app"}
      submitTestId="app-submit"
    >
      <Section title="App">
        <TextField
          control={control}
          path="name"
          label="App name"
          hint={editing ? "fixed while editing" : "also the Compose project name"}
          id="app-name"
          placeholder="my-app"
          spellCheck={false}
          autoComplete="off"
          readOnly={!!editing}
          data-autofocus={editing ? undefined : true}
          {...register("name")}
        />
      </Section>

      {fields.map((field, index) => (
        <ServiceFields
          key={field.id}
          index={index}
          control={control}
          register={register}
          images={images}
          others={services
            .filter((_, i) => i !== index)
            .map((s) => s.name.trim())
            .filter((n) => n !== "")}
          onRemove={fields.length > 1 ? () => remove(index) : null}
        />
      ))}

      <button
        type="button"
        className="button add-service"
        data-testid="add-service"
        onClick={() => append(emptyService())}
      >
        <Plus size={15} aria-hidden />
        Add service
      </button>
    </FormDialog>
  );
}

/** Places each backend field error on the input at its path, if the form has one. */
function placeKnownFields(
  fields: ServerFieldError[],
  values: AppFormValues,
  place: (path: string, message: string) => void,
): string | null {
  const unplaced: string[] = [];
  for (const { field, message } of fields) {
    if (get(values, field) !== undefined) place(field, message);
    else unplaced.push(`${field}: ${message}`);
  }
  return unplaced.length ? unplaced.join("; ") : null;
}
