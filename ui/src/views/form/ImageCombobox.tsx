import { useId, useMemo, useState } from "react";
import { ChevronDown } from "lucide-react";

interface Props {
  value: string;
  onChange: (value: string) => void;
  onBlur: () => void;
  options: string[];
  invalid: boolean;
  describedBy?: string;
  inputRef: (element: HTMLInputElement | null) => void;
  /** The input's id and name; the container form's single image field by default. */
  id?: string;
  name?: string;
  /** Whether the dialog focuses this input first. */
  autoFocus?: boolean;
}

/** A text input with a list of local image tags to pick from; any other text is allowed too. */
export function ImageCombobox(props: Props) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();

  const matches = useMemo(() => {
    const needle = props.value.trim().toLowerCase();
    const exact = props.options.some((o) => o.toLowerCase() === needle);
    if (!needle || exact) return props.options;
    return props.options.filter((o) => o.toLowerCase().includes(needle));
  }, [props.options, props.value]);

  const visible = open && matches.length > 0;
  const pick = (option: string) => {
    props.onChange(option);
    setOpen(false);
  };

  return (
    <div className="combobox">
      <input
        ref={props.inputRef}
        id={props.id ?? "field-image"}
        name={props.name ?? "image"}
        data-autofocus={props.autoFocus === false ? undefined : true}
        className="input mono-input"
        role="combobox"
        aria-expanded={visible}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={visible ? `${listId}-${active}` : undefined}
        aria-invalid={props.invalid}
        aria-describedby={props.describedBy}
        autoComplete="off"
        spellCheck={false}
        placeholder="busybox:latest"
        value={props.value}
        onChange={(event) => {
          props.onChange(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          props.onBlur();
        }}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setOpen(true);
            setActive((i) => Math.min(i + 1, matches.length - 1));
          } else if (event.key === "ArrowUp") {
            event.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (event.key === "Enter" && visible && matches[active]) {
            event.preventDefault();
            pick(matches[active]);
          } else if (event.key === "Escape" && visible) {
            event.preventDefault();
            setOpen(false);
          }
        }}
      />
      <button
        type="button"
        className="combobox-toggle"
        tabIndex={-1}
        aria-label="Show local images"
        title="Local images"
        onMouseDown={(event) => {
          event.preventDefault();
          setOpen((o) => !o);
        }}
      >
        <ChevronDown size={14} />
      </button>
      {visible && (
        <ul className="combobox-list" role="listbox" id={listId} aria-label="Local images">
          {matches.map((option, index) => (
            <li
              key={option}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={`combobox-option mono ${index === active ? "combobox-option-active" : ""}`}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(option);
              }}
              onMouseEnter={() => setActive(index)}
            >
              {option}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
