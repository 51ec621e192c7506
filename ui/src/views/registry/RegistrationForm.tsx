import { useEffect, useState } from "react";
import { useFieldArray, useForm, useFormState, useWatch, get } from "react-hook-form";
import type { UseFormRegister } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { CircleAlert, Plus, X } from "lucide-react";
import { registerInstance } from "../../ipc";
import type { Instance, Registration, UiError } from "../../ipc";
import {
  CHECK_FIELDS,
  emptyRegistration,
  placeServerErrors,
  registrationSchema,
  splitTags,
  suggestUrl,
  valuesFromInstance,
} from "../../lib/registration";
import type { CheckChoice, RegistrationControl, RegistrationValues } from "../../lib/registration";
import { IconButton } from "../../components/IconButton";
import { Modal } from "../../components/Modal";
import { Spinner } from "../../components/Spinner";
import { Field, FieldError, Section, errorId } from "../form/fields";

interface Props {
  /** The instance to edit under its id; a new registration without one. */
  editing?: Instance;
  onClose: () => void;
}

const CHECK_LABELS: Record<CheckChoice, string> = {
  none: "No health check",
  http: "HTTP — GET a URL",
  tcp: "TCP — open a connection",
  ttl: "TTL — wait for heartbeats",
};

/**
 * The registration dialog, for a new instance or to edit one. Closes on success; the list
 * follows through events. On failure everything typed stays.
 */
export function RegistrationForm({ editing, onClose }: Props) {
  const [formError, setFormError] = useState<string | null>(null);
  // While the URL field is untouched it follows the address and port.
  const [urlTouched, setUrlTouched] = useState(!!editing);
  const form = useForm<RegistrationValues, unknown, Registration>({
    resolver: zodResolver(registrationSchema),
    defaultValues: editing ? valuesFromInstance(editing) : emptyRegistration,
  });
  const { control, register, handleSubmit, setError, getValues, setValue, formState } = form;
  const submitting = formState.isSubmitting;

  const [address, port, kind, tags] = useWatch({
    control,
    name: ["address", "port", "check.kind", "tags"],
  });
  const suggestion = suggestUrl(address, port);
  useEffect(() => {
    if (!urlTouched) setValue("url", suggestion);
  }, [urlTouched, suggestion, setValue]);

  const submit = handleSubmit(async (registration) => {
    setFormError(null);
    try {
      await registerInstance(registration);
      onClose();
    } catch (thrown) {
      const error = thrown as UiError;
      const unplaced = placeServerErrors(error.fields, getValues(), (path, message) =>
        setError(path as never, { type: "server", message }),
      );
      const placedAll = error.code === "invalid_input" && error.fields.length > 0 && !unplaced;
      if (!placedAll) setFormError(unplaced ?? error.message);
    }
  });

  const invalid = (path: string) => !!get(formState.errors, path);
  const shows = (field: (typeof CHECK_FIELDS)["http"][number]) =>
    CHECK_FIELDS[kind].includes(field);
  const title = editing ? "Edit registration" : "New registration";
  const hostPort = `${address.trim() || "127.0.0.1"}:${port.trim() || "port"}`;
  const urlField = register("url");

  return (
    <Modal title={title} onClose={onClose} width={640} busy={submitting}>
      <form
        className="container-form"
        data-testid="registration-form"
        onSubmit={submit}
        noValidate
        aria-busy={submitting}
      >
        <div className="modal-header">
          <h2 className="modal-title">
            {title}
            {editing && <span className="modal-title-sub mono"> {editing.id}</span>}
          </h2>
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
          {editing?.source === "container" && (
            <p className="notice notice-warning">
              Berth registers this instance for a container; your changes may be replaced the next
              time the engine reports on it.
            </p>
          )}

          <Section title="Service">
            <div className="grid-2">
              <Field
                label="Name"
                htmlFor="reg-name"
                error={<FieldError control={control} path="name" />}
              >
                <input
                  id="reg-name"
                  data-autofocus
                  className="input"
                  placeholder="my-service"
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={invalid("name")}
                  aria-describedby={errorId("name")}
                  {...register("name")}
                />
              </Field>
              <Field
                label="Tags"
                hint="comma-separated"
                htmlFor="reg-tags"
                error={<FieldError control={control} path="tags" />}
              >
                <input
                  id="reg-tags"
                  className="input"
                  placeholder="v1, primary"
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={invalid("tags")}
                  aria-describedby={errorId("tags")}
                  {...register("tags")}
                />
              </Field>
            </div>
            {splitTags(tags).length > 0 && (
              <div className="chip-wrap tag-preview" aria-label="Tags to register">
                {splitTags(tags).map((tag) => (
                  <span key={tag} className="tag-chip">
                    {tag}
                  </span>
                ))}
              </div>
            )}
            <div className="grid-address">
              <Field
                label="Address"
                hint="optional"
                htmlFor="reg-address"
                error={<FieldError control={control} path="address" />}
              >
                <input
                  id="reg-address"
                  className="input mono-input"
                  placeholder="127.0.0.1"
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={invalid("address")}
                  aria-describedby={errorId("address")}
                  {...register("address")}
                />
              </Field>
              <Field
                label="Port"
                htmlFor="reg-port"
                error={<FieldError control={control} path="port" />}
              >
                <input
                  id="reg-port"
                  className="input mono-input"
                  inputMode="numeric"
                  placeholder="8080"
                  aria-invalid={invalid("port")}
                  aria-describedby={errorId("port")}
                  {...register("port")}
                />
              </Field>
              <Field
                label="Hourly cost"
                hint="optional"
                htmlFor="reg-cost"
                error={<FieldError control={control} path="hourlyCost" />}
              >
                <input
                  id="reg-cost"
                  className="input"
                  inputMode="decimal"
                  placeholder="0.00"
                  aria-invalid={invalid("hourlyCost")}
                  aria-describedby={errorId("hourlyCost")}
                  {...register("hourlyCost")}
                />
              </Field>
            </div>
            <Field
              label="URL"
              hint={urlTouched ? "optional" : "filled in from address and port until you edit it"}
              htmlFor="reg-url"
              error={<FieldError control={control} path="url" />}
            >
              <input
                id="reg-url"
                className="input mono-input"
                placeholder={suggestion || "http://localhost:8080"}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={invalid("url")}
                aria-describedby={errorId("url")}
                {...urlField}
                onChange={(event) => {
                  setUrlTouched(true);
                  return urlField.onChange(event);
                }}
              />
            </Field>
          </Section>

          <Section
            title="Health check"
            description="Berth runs it on its own; an instance without one counts as passing"
          >
            <div className="grid-2">
              <Field
                label="Kind"
                htmlFor="reg-check-kind"
                error={<FieldError control={control} path="check.kind" />}
              >
                <select id="reg-check-kind" className="input select" {...register("check.kind")}>
                  {(Object.keys(CHECK_LABELS) as CheckChoice[]).map((choice) => (
                    <option key={choice} value={choice}>
                      {CHECK_LABELS[choice]}
                    </option>
                  ))}
                </select>
              </Field>
              {shows("target") && (
                <Field
                  label="Target"
                  hint="optional"
                  htmlFor="reg-check-target"
                  error={<FieldError control={control} path="check.target" />}
                >
                  <input
                    id="reg-check-target"
                    className="input mono-input"
                    placeholder={kind === "http" ? suggestion || `http://${hostPort}/` : hostPort}
                    spellCheck={false}
                    autoComplete="off"
                    aria-invalid={invalid("check.target")}
                    aria-describedby={errorId("check.target")}
                    {...register("check.target")}
                  />
                </Field>
              )}
              {shows("ttl") && (
                <DurationField
                  label="TTL"
                  hint="heartbeats keep it passing this long"
                  field="ttl"
                  placeholder="30s"
                  control={control}
                  register={register}
                  invalid={invalid("check.ttl")}
                />
              )}
            </div>
            {kind !== "none" && (
              <div className="grid-3">
                {shows("interval") && (
                  <DurationField
                    label="Interval"
                    field="interval"
                    placeholder="10s"
                    control={control}
                    register={register}
                    invalid={invalid("check.interval")}
                  />
                )}
                {shows("timeout") && (
                  <DurationField
                    label="Timeout"
                    field="timeout"
                    placeholder="2s"
                    control={control}
                    register={register}
                    invalid={invalid("check.timeout")}
                  />
                )}
                <DurationField
                  label="Deregister after"
                  hint="critical for"
                  field="deregisterAfter"
                  placeholder="never"
                  control={control}
                  register={register}
                  invalid={invalid("check.deregisterAfter")}
                />
              </div>
            )}
            {kind === "ttl" && editing && (
              <p className="form-section-text">
                Send heartbeats with <code>PUT /services/{editing.id}/heartbeat</code>.
              </p>
            )}
          </Section>

          <MetaEditor control={control} register={register} />
        </div>

        <div className="modal-footer">
          <button type="button" className="button" onClick={onClose} disabled={submitting}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting}
            data-testid="registration-submit"
          >
            {submitting && <Spinner size={14} />}
            {submitLabel(!!editing, submitting)}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function DurationField(props: {
  label: string;
  hint?: string;
  field: "interval" | "timeout" | "ttl" | "deregisterAfter";
  placeholder: string;
  control: RegistrationControl;
  register: UseFormRegister<RegistrationValues>;
  invalid: boolean;
}) {
  const path = `check.${props.field}` as const;
  const id = `reg-check-${props.field}`;
  return (
    <Field
      label={props.label}
      hint={props.hint}
      htmlFor={id}
      error={<FieldError control={props.control} path={path} />}
    >
      <input
        id={id}
        className="input mono-input"
        placeholder={props.placeholder}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={props.invalid}
        aria-describedby={errorId(path)}
        {...props.register(path)}
      />
    </Field>
  );
}

/** Key/value rows of the instance's metadata. */
function MetaEditor({
  control,
  register,
}: {
  control: RegistrationControl;
  register: UseFormRegister<RegistrationValues>;
}) {
  const { fields, append, remove } = useFieldArray({ control, name: "meta" });
  const { errors } = useFormState({ control, name: "meta" });

  return (
    <Section
      title="Metadata"
      description="Free-form facts consumers can read, such as a version or a region"
      action={
        <button
          type="button"
          className="button button-small"
          data-testid="add-meta"
          onClick={() => append({ key: "", value: "" })}
        >
          <Plus size={14} aria-hidden />
          Add entry
        </button>
      }
    >
      {fields.length > 0 && (
        <div className="rows">
          {fields.map((row, index) => {
            const key = `meta.${index}.key` as const;
            const value = `meta.${index}.value` as const;
            return (
              <div className="row-group" key={row.id}>
                <div className="row-fields row-fields-kv">
                  <input
                    className="input mono-input"
                    placeholder="key"
                    aria-label={`Metadata ${index + 1} key`}
                    aria-invalid={!!get(errors, key)}
                    aria-describedby={errorId(key)}
                    spellCheck={false}
                    autoComplete="off"
                    {...register(key)}
                  />
                  <span className="row-sep" aria-hidden>
                    =
                  </span>
                  <input
                    className="input mono-input"
                    placeholder="value"
                    aria-label={`Metadata ${index + 1} value`}
                    aria-invalid={!!get(errors, value)}
                    spellCheck={false}
                    autoComplete="off"
                    {...register(value)}
                  />
                  <IconButton label={`Remove metadata ${index + 1}`} onClick={() => remove(index)}>
                    <X size={15} />
                  </IconButton>
                </div>
                <FieldError control={control} path={key} />
                <FieldError control={control} path={value} />
              </div>
            );
          })}
        </div>
      )}
    </Section>
  );
}

function submitLabel(editing: boolean, submitting: boolean): string {
  if (editing) return submitting ? "Saving…" : "Save";
  return submitting ? "Registering…" : "Register";
}
