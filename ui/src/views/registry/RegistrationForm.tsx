import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { UseFormRegister } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { registerInstance } from "../../ipc";
import type { Instance, Registration } from "../../ipc";
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
import { Field, FieldError, Section, TextField } from "../form/fields";
import { FormDialog } from "../form/FormDialog";
import { KeyValueRows } from "../form/RowEditors";
import { useServerSubmit } from "../form/serverSubmit";

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
  // While the URL field is untouched it follows the address and port.
  const [urlTouched, setUrlTouched] = useState(!!editing);
  const form = useForm<RegistrationValues, unknown, Registration>({
    resolver: zodResolver(registrationSchema),
    defaultValues: editing ? valuesFromInstance(editing) : emptyRegistration,
  });
  const { control, register, setValue, formState } = form;
  const submitting = formState.isSubmitting;
  const { submit, formError } = useServerSubmit(form, registerInstance, placeServerErrors, onClose);

  const [address, port, kind, tags] = useWatch({
    control,
    name: ["address", "port", "check.kind", "tags"],
  });
  const suggestion = suggestUrl(address, port);
  useEffect(() => {
    if (!urlTouched) setValue("url", suggestion);
  }, [urlTouched, suggestion, setValue]);

  const shows = (field: (typeof CHECK_FIELDS)["http"][number]) =>
    CHECK_FIELDS[kind].includes(field);
  const title = editing ? "Edit registration" : "New registration";
  const hostPort = `${address.trim() || "127.0.0.1"}:${port.trim() || "port"}`;
  const urlField = register("url");

  return (
    <FormDialog
      title={title}
      subtitle={editing && <span className="modal-title-sub mono"> {editing.id}</span>}
      width={640}
      testId="registration-form"
      submitting={submitting}
      formError={formError}
      onSubmit={submit}
      onClose={onClose}
      submitLabel={submitLabel(!!editing, submitting)}
      submitTestId="registration-submit"
    >
      {editing?.source === "container" && (
        <p className="notice notice-warning">
          Berth registers this instance for a container; your changes may be replaced the next time
          the engine reports on it.
        </p>
      )}

      <Section title="Service">
        <div className="grid-2">
          <TextField
            control={control}
            path="name"
            label="Name"
            id="reg-name"
            data-autofocus
            placeholder="my-service"
            spellCheck={false}
            autoComplete="off"
            {...register("name")}
          />
          <TextField
            control={control}
            path="tags"
            label="Tags"
            hint="comma-separated"
            id="reg-tags"
            placeholder="v1, primary"
            spellCheck={false}
            autoComplete="off"
            {...register("tags")}
          />
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
          <TextField
            control={control}
            path="address"
            label="Address"
            hint="optional"
            id="reg-address"
            mono
            placeholder="127.0.0.1"
            spellCheck={false}
            autoComplete="off"
            {...register("address")}
          />
          <TextField
            control={control}
            path="port"
            label="Port"
            id="reg-port"
            mono
            inputMode="numeric"
            placeholder="8080"
            {...register("port")}
          />
          <TextField
            control={control}
            path="hourlyCost"
            label="Hourly cost"
            hint="optional"
            id="reg-cost"
            inputMode="decimal"
            placeholder="0.00"
            {...register("hourlyCost")}
          />
        </div>
        <TextField
          control={control}
          path="url"
          label="URL"
          hint={urlTouched ? "optional" : "filled in from address and port until you edit it"}
          id="reg-url"
          mono
          placeholder={suggestion || "http://localhost:8080"}
          spellCheck={false}
          autoComplete="off"
          {...urlField}
          onChange={(event) => {
            setUrlTouched(true);
            return urlField.onChange(event);
          }}
        />
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
            <TextField
              control={control}
              path="check.target"
              label="Target"
              hint="optional"
              id="reg-check-target"
              mono
              placeholder={kind === "http" ? suggestion || `http://${hostPort}/` : hostPort}
              spellCheck={false}
              autoComplete="off"
              {...register("check.target")}
            />
          )}
          {shows("ttl") && (
            <DurationField
              label="TTL"
              hint="heartbeats keep it passing this long"
              field="ttl"
              placeholder="30s"
              control={control}
              register={register}
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
              />
            )}
            {shows("timeout") && (
              <DurationField
                label="Timeout"
                field="timeout"
                placeholder="2s"
                control={control}
                register={register}
              />
            )}
            <DurationField
              label="Deregister after"
              hint="critical for"
              field="deregisterAfter"
              placeholder="never"
              control={control}
              register={register}
            />
          </div>
        )}
        {kind === "ttl" && editing && (
          <p className="form-section-text">
            Send heartbeats with <code>PUT /services/{editing.id}/heartbeat</code>.
          </p>
        )}
      </Section>

      <KeyValueRows
        control={control}
        register={register}
        name="meta"
        title="Metadata"
        description="Free-form facts consumers can read, such as a version or a region"
        addLabel="Add entry"
        addTestId="add-meta"
        keyPlaceholder="key"
        rowLabel="Metadata"
        noun="metadata"
      />
    </FormDialog>
  );
}

function DurationField(props: {
  label: string;
  hint?: string;
  field: "interval" | "timeout" | "ttl" | "deregisterAfter";
  placeholder: string;
  control: RegistrationControl;
  register: UseFormRegister<RegistrationValues>;
}) {
  const path = `check.${props.field}` as const;
  return (
    <TextField
      control={props.control}
      path={path}
      label={props.label}
      hint={props.hint}
      id={`reg-check-${props.field}`}
      mono
      placeholder={props.placeholder}
      spellCheck={false}
      autoComplete="off"
      {...props.register(path)}
    />
  );
}

function submitLabel(editing: boolean, submitting: boolean): string {
  if (editing) return submitting ? "Saving…" : "Save";
  return submitting ? "Registering…" : "Register";
}
