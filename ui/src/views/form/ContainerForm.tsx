import { useEffect, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { CircleAlert, X } from "lucide-react";
import { createContainer, listImages } from "../../ipc";
import type { ContainerSpec, FieldError as ServerFieldError, UiError } from "../../ipc";
import { RESTART_POLICIES, emptyForm, formSchema } from "../../lib/spec";
import type { FormValues } from "../../lib/spec";
import { Modal } from "../../components/Modal";
import { IconButton } from "../../components/IconButton";
import { Spinner } from "../../components/Spinner";
import { Field, FieldError, Section, errorId } from "./fields";
import { ImageCombobox } from "./ImageCombobox";
import { KeyValueEditor, PortEditor } from "./RowEditors";

/** The new-container dialog. Closes on success; the new row arrives through events. */
export function ContainerForm({ onClose }: { onClose: () => void }) {
  const [images, setImages] = useState<string[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<FormValues, unknown, ContainerSpec>({
    resolver: zodResolver(formSchema),
    defaultValues: emptyForm,
  });
  const { control, register, handleSubmit, setError, getValues, formState } = form;
  const submitting = formState.isSubmitting;

  useEffect(() => {
    let live = true;
    listImages()
      .then((list) => {
        const tags = list.flatMap((image) => image.tags).filter((tag) => !tag.includes("<none>"));
        if (live) setImages([...new Set(tags)].sort());
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const submit = handleSubmit(async (spec) => {
    setFormError(null);
    try {
      await createContainer(spec);
      onClose();
    } catch (thrown) {
      const error = thrown as UiError;
      const unplaced = placeFieldErrors(error.fields, getValues(), (path, message) =>
        setError(path as never, { type: "server", message }),
      );
      const placedAll = error.code === "invalid_input" && error.fields.length > 0 && !unplaced;
      if (!placedAll) setFormError(unplaced ?? error.message);
    }
  });

  const errorOf = (path: keyof FormValues) => !!formState.errors[path];

  return (
    <Modal title="New container" onClose={onClose} width={680} busy={submitting}>
      <form
        className="container-form"
        data-testid="container-form"
        onSubmit={submit}
        noValidate
        aria-busy={submitting}
      >
        <div className="modal-header">
          <h2 className="modal-title">New container</h2>
          <IconButton label="Close" onClick={onClose} disabled={submitting} className="modal-close">
            <X size={16} />
          </IconButton>
        </div>

        <div className="modal-body form-body">
          {formError && (
            <div className="notice notice-error" data-testid="form-error" role="alert">
              <CircleAlert size={15} aria-hidden />
              <span>{formError}</span>
            </div>
          )}

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
                  render={({ field }) => (
                    <ImageCombobox
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      inputRef={field.ref}
                      options={images}
                      invalid={errorOf("image")}
                      describedBy={errorId("image")}
                    />
                  )}
                />
              </Field>
              <Field
                label="Name"
                hint="optional"
                htmlFor="field-name"
                error={<FieldError control={control} path="name" />}
              >
                <input
                  id="field-name"
                  className="input"
                  placeholder="generated when empty"
                  spellCheck={false}
                  aria-invalid={errorOf("name")}
                  aria-describedby={errorId("name")}
                  {...register("name")}
                />
              </Field>
            </div>
            <Field
              label="Command"
              hint="optional, overrides the image's"
              htmlFor="field-command"
              error={<FieldError control={control} path="command" />}
            >
              <input
                id="field-command"
                className="input mono-input"
                placeholder={'sh -c "httpd -f -p 80"'}
                spellCheck={false}
                {...register("command")}
              />
            </Field>
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
              <Field
                label="Memory limit"
                hint="MiB"
                htmlFor="field-memory"
                error={<FieldError control={control} path="memoryMib" />}
              >
                <input
                  id="field-memory"
                  className="input"
                  inputMode="numeric"
                  placeholder="no limit"
                  aria-invalid={errorOf("memoryMib")}
                  aria-describedby={errorId("memoryMib")}
                  {...register("memoryMib")}
                />
              </Field>
              <Field
                label="CPU limit"
                hint="cores"
                htmlFor="field-cpus"
                error={<FieldError control={control} path="cpus" />}
              >
                <input
                  id="field-cpus"
                  className="input"
                  inputMode="decimal"
                  placeholder="no limit"
                  aria-invalid={errorOf("cpus")}
                  aria-describedby={errorId("cpus")}
                  {...register("cpus")}
                />
              </Field>
            </div>
          </Section>
        </div>

        <div className="modal-footer">
          <label className="checkbox footer-start">
            <input type="checkbox" {...register("start")} />
            <span>Start after create</span>
          </label>
          <button type="button" className="button" onClick={onClose} disabled={submitting}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting}
            data-testid="create-submit"
          >
            {submitting && <Spinner size={14} />}
            {submitting ? "Creating…" : "Create"}
          </button>
        </div>
      </form>
    </Modal>
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
