import type { ButtonHTMLAttributes, ReactNode } from "react";

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Read by screen readers and shown as the tooltip. */
  label: string;
  children: ReactNode;
  tone?: "default" | "danger";
}

export function IconButton({ label, children, tone = "default", className, ...rest }: Props) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className={`icon-button ${tone === "danger" ? "icon-button-danger" : ""} ${className ?? ""}`}
      {...rest}
    >
      {children}
    </button>
  );
}
