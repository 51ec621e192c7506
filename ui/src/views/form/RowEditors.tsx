import { Plus, X } from "lucide-react";
import { get, useFieldArray, useFormState } from "react-hook-form";
import type { ArrayPath, Control, FieldValues, Path, UseFormRegister } from "react-hook-form";
import type { FormControl, FormValues } from "../../lib/spec";
import { IconButton } from "../../components/IconButton";
import { FieldError, Section, errorId } from "./fields";

interface EditorProps {
  control: FormControl;
  register: UseFormRegister<FormValues>;
}

/** Key/value rows for the environment or the labels. */
export function KeyValueEditor({
  control,
  register,
  field,
}: EditorProps & { field: "env" | "labels" }) {
  const isEnv = field === "env";
  return (
    <KeyValueRows
      control={control}
      register={register}
      name={field}
      title={isEnv ? "Environment" : "Labels"}
      description={isEnv ? "Variables set inside the container" : "Metadata kept on the container"}
      addLabel={isEnv ? "Add variable" : "Add label"}
      addTestId={isEnv ? "add-env" : "add-label"}
      keyPlaceholder={isEnv ? "KEY" : "key"}
      rowLabel={isEnv ? "Variable" : "Label"}
      noun={isEnv ? "variable" : "label"}
    />
  );
}

/**
 * A section of key/value rows over a field array of `{ key, value }`, in any form: the container's
 * environment and labels, an instance's metadata. Each row's inputs are `NAME.I.key` and
 * `NAME.I.value`, with their errors below them.
 */
export function KeyValueRows<T extends FieldValues, O>(props: {
  control: Control<T, unknown, O>;
  register: UseFormRegister<T>;
  name: ArrayPath<T>;
  title: string;
  description: string;
  addLabel: string;
  addTestId: string;
  keyPlaceholder: string;
  /** Names a row's inputs for screen readers: "Variable 2 key". */
  rowLabel: string;
  /** Names a row's remove button: "Remove variable 2". */
  noun: string;
}) {
  const { control, register, name } = props;
  const { fields, append, remove } = useFieldArray({ control, name });
  const { errors } = useFormState({ control, name: name as never });

  return (
    <Section
      title={props.title}
      description={props.description}
      action={
        <button
          type="button"
          className="button button-small"
          data-testid={props.addTestId}
          onClick={() => append({ key: "", value: "" } as never)}
        >
          <Plus size={14} aria-hidden />
          {props.addLabel}
        </button>
      }
    >
      {fields.length > 0 && (
        <div className="rows">
          {fields.map((row, index) => {
            const key = `${name}.${index}.key` as Path<T>;
            const value = `${name}.${index}.value` as Path<T>;
            return (
              <div className="row-group" key={row.id}>
                <div className="row-fields row-fields-kv">
                  <input
                    className="input mono-input"
                    placeholder={props.keyPlaceholder}
                    aria-label={`${props.rowLabel} ${index + 1} key`}
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
                    aria-label={`${props.rowLabel} ${index + 1} value`}
                    aria-invalid={!!get(errors, value)}
                    spellCheck={false}
                    autoComplete="off"
                    {...register(value)}
                  />
                  <IconButton
                    label={`Remove ${props.noun} ${index + 1}`}
                    onClick={() => remove(index)}
                  >
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

/** Host-to-container port mappings of the container form. */
export function PortEditor({ control, register }: EditorProps) {
  return <PortRows control={control} register={register} name="ports" addTestId="add-port" />;
}

/**
 * A section of port rows over a field array of `{ hostIp, hostPort, containerPort, protocol }`,
 * in any form. Each row's inputs are `NAME.I.hostPort` and so on, with their errors below them;
 * `labelPrefix` tells rows of several sections apart for screen readers ("web port 1 ...").
 */
export function PortRows<T extends FieldValues, O>(props: {
  control: Control<T, unknown, O>;
  register: UseFormRegister<T>;
  name: ArrayPath<T>;
  addTestId: string;
  labelPrefix?: string;
}) {
  const { control, register, name } = props;
  const { fields, append, remove } = useFieldArray({ control, name });
  const { errors } = useFormState({ control, name: name as never });
  const label = props.labelPrefix ? `${props.labelPrefix} port` : "Port";

  return (
    <Section
      title="Ports"
      description={
        "Publish container ports on the host; leave the host port empty to pick a free one"
      }
      action={
        <button
          type="button"
          className="button button-small"
          data-testid={props.addTestId}
          onClick={() =>
            append({ hostIp: "", hostPort: "", containerPort: "", protocol: "tcp" } as never)
          }
        >
          <Plus size={14} aria-hidden />
          Add port
        </button>
      }
    >
      {fields.length > 0 && (
        <div className="rows">
          <div className="row-fields row-fields-port row-labels" aria-hidden>
            <span>Host IP</span>
            <span>Host port</span>
            <span />
            <span>Container port</span>
            <span>Protocol</span>
            <span />
          </div>
          {fields.map((row, index) => {
            const path = (leaf: string) => `${name}.${index}.${leaf}` as Path<T>;
            const invalid = (leaf: string) => !!get(errors, path(leaf));
            return (
              <div className="row-group" key={row.id}>
                <div className="row-fields row-fields-port">
                  <input
                    className="input mono-input"
                    placeholder="all interfaces"
                    aria-label={`${label} ${index + 1} host IP`}
                    aria-invalid={invalid("hostIp")}
                    spellCheck={false}
                    {...register(path("hostIp"))}
                  />
                  <input
                    className="input mono-input"
                    inputMode="numeric"
                    placeholder="auto"
                    aria-label={`${label} ${index + 1} host port`}
                    aria-invalid={invalid("hostPort")}
                    {...register(path("hostPort"))}
                  />
                  <span className="row-sep" aria-hidden>
                    →
                  </span>
                  <input
                    className="input mono-input"
                    inputMode="numeric"
                    placeholder="80"
                    aria-label={`${label} ${index + 1} container port`}
                    aria-invalid={invalid("containerPort")}
                    {...register(path("containerPort"))}
                  />
                  <select
                    className="input select"
                    aria-label={`${label} ${index + 1} protocol`}
                    {...register(path("protocol"))}
                  >
                    <option value="tcp">TCP</option>
                    <option value="udp">UDP</option>
                  </select>
                  <IconButton
                    label={`Remove ${label.toLowerCase()} ${index + 1}`}
                    onClick={() => remove(index)}
                  >
                    <X size={15} />
                  </IconButton>
                </div>
                {["hostIp", "hostPort", "containerPort", "protocol"].map((leaf) => (
                  <FieldError key={leaf} control={control} path={path(leaf)} />
                ))}
              </div>
            );
          })}
        </div>
      )}
    </Section>
  );
}
