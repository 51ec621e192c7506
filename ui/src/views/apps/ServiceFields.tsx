import { Controller, get, useFieldArray, useFormState, useWatch } from "react-hook-form";
import type { UseFormRegister } from "react-hook-form";
import { Trash2, X } from "lucide-react";
import { CONDITIONS, RESTARTS } from "../../lib/appForm";
import type { AppFormControl, AppFormValues } from "../../lib/appForm";
import { IconButton } from "../../components/IconButton";
import { Field, FieldError, Section, TextField, errorId } from "../form/fields";
import { ImageCombobox } from "../form/ImageCombobox";
import { KeyValueRows, PortRows } from "../form/RowEditors";

interface Props {
  index: number;
  control: AppFormControl;
  register: UseFormRegister<AppFormValues>;
  images: string[];
  /** The current names of the app's other services, to depend on. */
  others: string[];
  onRemove: (() => void) | null;
}

/** One service of the app form: what it runs, its ports, dependencies and limits. */
export function ServiceFields({ index, control, register, images, others, onRemove }: Props) {
  const base = `services.${index}` as const;
  const name = useWatch({ control, name: `${base}.name` });
  const restart = useWatch({ control, name: `${base}.restart` });
  const title = name.trim() || `Service ${index + 1}`;

  return (
    <fieldset className="service-fieldset" data-testid="service-fields" data-index={index}>
      <legend className="service-legend">
        <span className="mono">{title}</span>
        {onRemove && (
          <IconButton label={`Remove ${title}`} tone="danger" onClick={onRemove}>
            <Trash2 size={15} />
          </IconButton>
        )}
      </legend>

      <div className="grid-2">
        <TextField
          control={control}
          path={`${base}.name`}
          label="Service name"
          id={`service-${index}-name`}
          placeholder="web"
          spellCheck={false}
          autoComplete="off"
          {...register(`${base}.name`)}
        />
        <Field
          label="Image"
          htmlFor={`service-${index}-image`}
          error={<FieldError control={control} path={`${base}.image`} />}
        >
          <Controller
            control={control}
            name={`${base}.image`}
            render={({ field, fieldState }) => (
              <ImageCombobox
                id={`service-${index}-image`}
                name={field.name}
                autoFocus={false}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                inputRef={field.ref}
                options={images}
                invalid={!!fieldState.error}
                describedBy={errorId(`${base}.image`)}
              />
            )}
          />
        </Field>
      </div>
      <TextField
        control={control}
        path={`${base}.command`}
        label="Command"
        hint="optional, overrides the image's"
        id={`service-${index}-command`}
        mono
        placeholder={'sh -c "httpd -f -p 80"'}
        spellCheck={false}
        {...register(`${base}.command`)}
      />

      <KeyValueRows
        control={control}
        register={register}
        name={`${base}.env`}
        title="Environment"
        description="Variables set inside its containers"
        addLabel="Add variable"
        addTestId={`add-env-${index}`}
        keyPlaceholder="KEY"
        rowLabel={`${title} variable`}
        noun={`${title} variable`}
      />
      <PortRows
        control={control}
        register={register}
        name={`${base}.ports`}
        addTestId={`add-port-${index}`}
        labelPrefix={title}
      />
      <Dependencies index={index} control={control} register={register} others={others} />

      <Section title="Runtime">
        <div className="grid-3">
          <TextField
            control={control}
            path={`${base}.replicas`}
            label="Replicas"
            id={`service-${index}-replicas`}
            inputMode="numeric"
            {...register(`${base}.replicas`)}
          />
          <Field
            label="Restart policy"
            htmlFor={`service-${index}-restart`}
            error={<FieldError control={control} path={`${base}.restart`} />}
          >
            <select
              id={`service-${index}-restart`}
              className="input select"
              {...register(`${base}.restart`)}
            >
              {RESTARTS.map((policy) => (
                <option key={policy.value} value={policy.value}>
                  {policy.label}
                </option>
              ))}
            </select>
          </Field>
          {restart === "on-failure" ? (
            <TextField
              control={control}
              path={`${base}.maxRetries`}
              label="Max retries"
              hint="0: no limit"
              id={`service-${index}-retries`}
              inputMode="numeric"
              {...register(`${base}.maxRetries`)}
            />
          ) : (
            <span />
          )}
          <TextField
            control={control}
            path={`${base}.memoryMib`}
            label="Memory limit"
            hint="MiB"
            id={`service-${index}-memory`}
            inputMode="numeric"
            placeholder="no limit"
            {...register(`${base}.memoryMib`)}
          />
          <TextField
            control={control}
            path={`${base}.cpus`}
            label="CPU limit"
            hint="cores"
            id={`service-${index}-cpus`}
            inputMode="decimal"
            placeholder="no limit"
            {...register(`${base}.cpus`)}
          />
        </div>
      </Section>
    </fieldset>
  );
}

/**
 * The services this one waits for, picked from the others with a condition each. A dependency on
 * a name no other service has (one renamed since) stays listed so it can be removed.
 */
function Dependencies({ index, control, register, others }: Omit<Props, "images" | "onRemove">) {
  const path = `services.${index}.dependsOn` as const;
  const { fields, append, remove } = useFieldArray({ control, name: path });
  const picked = useWatch({ control, name: path });
  const stale = picked
    .map((dep, i) => ({ ...dep, i }))
    .filter((dep) => !others.includes(dep.service));

  return (
    <Section
      title="Depends on"
      description="Deploy starts it once these services have reached their condition"
    >
      {others.length === 0 && stale.length === 0 ? (
        <p className="subtle">No other services yet.</p>
      ) : (
        <ul className="dependency-list">
          {others.map((other) => {
            const at = picked.findIndex((dep) => dep.service === other);
            const id = `service-${index}-dep-${other}`;
            return (
              <li key={other} className="dependency-row">
                <label className="checkbox" htmlFor={id}>
                  <input
                    id={id}
                    type="checkbox"
                    name={`${path}.${other}`}
                    checked={at !== -1}
                    onChange={(event) =>
                      event.target.checked
                        ? append({ service: other, condition: "service_started" })
                        : remove(at)
                    }
                  />
                  <span className="mono">{other}</span>
                </label>
                {at !== -1 && fields[at] && (
                  <select
                    className="input select dependency-condition"
                    aria-label={`Condition on ${other}`}
                    {...register(`${path}.${at}.condition`)}
                  >
                    {CONDITIONS.map((c) => (
                      <option key={c.value} value={c.value}>
                        once {c.label}
                      </option>
                    ))}
                  </select>
                )}
              </li>
            );
          })}
          {stale.map((dep) => (
            <li key={`stale-${dep.service}-${dep.i}`} className="dependency-row dependency-stale">
              <span className="mono">{dep.service}</span>
              <span className="subtle">no other service has this name</span>
              <IconButton
                label={`Remove dependency on ${dep.service}`}
                onClick={() => remove(dep.i)}
              >
                <X size={14} />
              </IconButton>
            </li>
          ))}
        </ul>
      )}
      <ArrayError control={control} path={path} />
    </Section>
  );
}

/**
 * The error of a whole field array (`services.0.dependsOn`), which react-hook-form keeps under
 * the array's `root`; marked with the array's path like any field error.
 */
function ArrayError({ control, path }: { control: AppFormControl; path: string }) {
  const { errors } = useFormState({ control, name: path as never });
  const error = get(errors, path) as { message?: string; root?: { message?: string } } | undefined;
  const message = error?.root?.message ?? error?.message;
  if (!message) return null;
  return (
    <p className="field-error" id={errorId(path)} data-testid="field-error" data-field={path}>
      {message}
    </p>
  );
}
