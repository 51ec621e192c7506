import type { ReactNode } from "react";

/**
 * A section's header: its title (with `id` for the section's aria-labelledby), what sits beside
 * the title (counts, a spinner) and the toolbar on the right.
 */
export function PageHeader(props: {
  id: string;
  title: string;
  aside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <header className="page-header">
      <div className="page-title-group">
        <h1 id={props.id} className="page-title">
          {props.title}
        </h1>
        {props.aside}
      </div>
      <div className="toolbar">{props.children}</div>
    </header>
  );
}
