import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { createContainer } from "../../ipc";
import type { ContainerSpec, FieldError as ServerFieldError } from "../../ipc";
import { RESTART_POLICIES, emptyForm, formSchema } from "../../lib/spec";
import type { FormValues } from "../../lib/spec";
import { Field, FieldError, Section, TextField, errorId } from "./fields";
import { FormDialog } from "./FormDialog";
import { useServerSubmit } from "./serverSubmit";
import { ImageCombobox } from "./ImageCombobox";
import { useImageTags } from "./useImageTags";
import { KeyValueEditor, PortEditor } from "./RowEditors";

/** The new-container dialog. Closes on success; the new row arrives through events. */
export function ContainerForm({ onClose }: { onClose: () => void }) {
  const images = useImageTags();
  const form = useForm<FormValues, unknown, ContainerSpec>({
    resolver: zodResolver(formSchema),
    defaultValues: emptyForm,
  });
  const { control, register, formState } = form;
  const submitting = formState.isSubmitting;
  const { submit, formError } = useServerSubmit(form, createContainer, placeFieldErrors, onClose);

  return (
    <FormDialog
      title="New container"
      width={680}
      testId="container-form"
      submitting={submitting}
      formError={formError}
      onSubmit={submit}
      onClose={onClose}
      submitLabel={submitting ? "Creating…" : "Create"}
      submitTestId="create-submit"
      footerStart={
        <label className="checkbox footer-start">
          <input type="checkbox" {...register("start")} />
          <span>Start after create</span>
        </label>
      }
    >
      <Section title="General">
        <div className="grid-2">
          <Field
            label="Image"
            htmlFor="field-image"
            error={<FieldError control={control} path="image" />}
          >
            <Controller
              control={control}
              name="image"
              render={({ field, fieldState }) => (
                <ImageCombobox
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  inputRef={field.ref}
                  options={images}
                  invalid={!!fieldState.error}
                  describedBy={errorId("image")}
                />
              )}
            />
          </Field>
          <TextField
            control={control}
            path="name"
            label="Name"
            hint="optional"
            id="field-name"
            placeholder="generated when empty"
            spellCheck={false}
            {...register("name")}
          />
        </div>
        <TextField
          control={control}
          path="command"
          label="Command"
          hint="optional, overrides the image's"
          id="field-command"
          mono
          placeholder={'sh -c "httpd -f -p 80"'}
          spellCheck={false}
          {...register("command")}
        />
      </Section>

      <PortEditor control={control} register={register} />
      <KeyValueEditor control={control} register={register} field="env" />
      <KeyValueEditor control={control} register={register} field="labels" />

      <Section title="Runtime">
        <div className="grid-3">
          <Field
            label="Restart policy"
            htmlFor="field-restart"
            error={<FieldError control={control} path="restartPolicy" />}
          >
            <select id="field-restart" className="input select" {...register("restartPolicy")}>
              {RESTART_POLICIES.map((policy) => (
                <option key={policy.value} value={policy.value}>
                  {policy.label}
                </option>
              ))}
            </select>
          </Field>
          <TextField
            control={control}
            path="memoryMib"
            label="Memory limit"
            hint="MiB"
            id="field-memory"
            inputMode="numeric"
            placeholder="no limit"
            {...register("memoryMib")}
          />
          <TextField
            control={control}
            path="cpus"
            label="CPU limit"
            hint="cores"
            id="field-cpus"
            inputMode="decimal"
            placeholder="no limit"
            {...register("cpus")}
          />
        </div>
      </Section>
    </FormDialog>
  );
}

/**
 * Puts the backend's field errors on the inputs they name. Returns a text for the ones that name
 * no input on the form (so nothing is lost), or `null` when all found a place.
 */
export function placeFieldErrors(
  fields: ServerFieldError[],
  values: FormValues,
  place: (path: string, message: string) => void,
): string | null {
  const known = fieldPaths(values);
  const unplaced: string[] = [];
  for (const { field, message } of fields) {
    if (known.has(field)) place(field, message);
    else unplaced.push(`${field}: ${message}`);
  }
  return unplaced.length ? unplaced.join("; ") : null;
}

function fieldPaths(values: FormValues): Set<string> {
  const paths = ["image", "name", "command", "restartPolicy", "memoryMib", "cpus", "start"];
  values.env.forEach((_, i) => paths.push(`env.${i}.key`, `env.${i}.value`));
  values.labels.forEach((_, i) => paths.push(`labels.${i}.key`, `labels.${i}.value`));
  values.ports.forEach((_, i) =>
    ["hostIp", "hostPort", "containerPort", "protocol"].forEach((leaf) =>
      paths.push(`ports.${i}.${leaf}`),
    ),
  );
  return new Set(paths);
}
