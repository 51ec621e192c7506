import { useRef } from "react";
import { Search } from "lucide-react";
import { useFilterShortcut } from "./hooks";

interface Props {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  label: string;
  testId: string;
}

/** A view's filter box: focused by `/` and Ctrl+K, cleared by Escape. */
export function FilterInput(props: Props) {
  const input = useRef<HTMLInputElement>(null);
  useFilterShortcut(input);

  return (
    <div className="search">
      <Search size={14} className="search-icon" aria-hidden />
      <input
        ref={input}
        type="search"
        className="input search-input"
        placeholder={props.placeholder}
        aria-label={props.label}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && props.value) {
            event.preventDefault();
            props.onChange("");
          }
        }}
        data-testid={props.testId}
      />
      <kbd className="search-hint" aria-hidden>
        /
      </kbd>
    </div>
  );
}
