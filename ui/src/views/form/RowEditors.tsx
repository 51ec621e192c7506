import { Plus, X } from "lucide-react";
import { get, useFieldArray, useFormState } from "react-hook-form";
import type { UseFormRegister } from "react-hook-form";
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
  const { fields, append, remove } = useFieldArray({ control, name: field });
  const { errors } = useFormState({ control, name: field });
  const isEnv = field === "env";
  const noun = isEnv ? "variable" : "label";

  return (
    <Section
      title={isEnv ? "Environment" : "Labels"}
      description={isEnv ? "Variables set inside the container" : "Metadata kept on the container"}
      action={
        <button
          type="button"
          className="button button-small"
          data-testid={isEnv ? "add-env" : "add-label"}
          onClick={() => append({ key: "", value: "" })}
        >
          <Plus size={14} aria-hidden />
          Add {noun}
        </button>
      }
    >
      {fields.length > 0 && (
        <div className="rows">
          {fields.map((row, index) => {
            const key = `${field}.${index}.key` as const;
            const value = `${field}.${index}.value` as const;
            return (
              <div className="row-group" key={row.id}>
                <div className="row-fields row-fields-kv">
                  <input
                    className="input mono-input"
                    placeholder={isEnv ? "KEY" : "key"}
                    aria-label={`${isEnv ? "Variable" : "Label"} ${index + 1} key`}
                    aria-invalid={!!get(errors, key)}
                    aria-describedby={errorId(key)}
                    spellCheck={false}
                    {...register(key)}
                  />
                  <span className="row-sep" aria-hidden>
                    =
                  </span>
                  <input
                    className="input mono-input"
                    placeholder="value"
                    aria-label={`${isEnv ? "Variable" : "Label"} ${index + 1} value`}
                    spellCheck={false}
                    {...register(value)}
                  />
                  <IconButton label={`Remove ${noun} ${index + 1}`} onClick={() => remove(index)}>
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

/** Host-to-container port mappings. */
export function PortEditor({ control, register }: EditorProps) {
  const { fields, append, remove } = useFieldArray({ control, name: "ports" });
  const { errors } = useFormState({ control, name: "ports" });

  return (
    <Section
      title="Ports"
      description="Publish container ports on the host; leave the host port empty to pick a free one"
      action={
        <button
          type="button"
          className="button button-small"
          data-testid="add-port"
          onClick={() => append({ hostIp: "", hostPort: "", containerPort: "", protocol: "tcp" })}
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
            const path = (leaf: string) => `ports.${index}.${leaf}` as const;
            const invalid = (leaf: string) => !!get(errors, path(leaf));
            return (
              <div className="row-group" key={row.id}>
                <div className="row-fields row-fields-port">
                  <input
                    className="input mono-input"
                    placeholder="all interfaces"
                    aria-label={`Port ${index + 1} host IP`}
                    aria-invalid={invalid("hostIp")}
                    spellCheck={false}
                    {...register(`ports.${index}.hostIp`)}
                  />
                  <input
                    className="input mono-input"
                    inputMode="numeric"
                    placeholder="auto"
                    aria-label={`Port ${index + 1} host port`}
                    aria-invalid={invalid("hostPort")}
                    {...register(`ports.${index}.hostPort`)}
                  />
                  <span className="row-sep" aria-hidden>
                    →
                  </span>
                  <input
                    className="input mono-input"
                    inputMode="numeric"
                    placeholder="80"
                    aria-label={`Port ${index + 1} container port`}
                    aria-invalid={invalid("containerPort")}
                    {...register(`ports.${index}.containerPort`)}
                  />
                  <select
                    className="input select"
                    aria-label={`Port ${index + 1} protocol`}
                    {...register(`ports.${index}.protocol`)}
                  >
                    <option value="tcp">TCP</option>
                    <option value="udp">UDP</option>
                  </select>
                  <IconButton label={`Remove port ${index + 1}`} onClick={() => remove(index)}>
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
