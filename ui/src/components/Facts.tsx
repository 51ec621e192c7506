/**
 * The pieces of a detail panel's facts: a definition list of labelled values, titled groups with a
 * count, key/value tables and the quiet "none" for what is missing. Shared by the container's
 * inspect tab and the instance detail.
 */
import type { ReactNode } from "react";

/** One labelled value; put inside `<dl className="facts">`. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** A titled group of facts with how many there are. */
export function FactGroup(props: { title: string; count: number; children: ReactNode }) {
  return (
    <section className="inspect-group">
      <h3 className="inspect-title">
        {props.title}
        <span className="inspect-count">{props.count}</span>
      </h3>
      {props.children}
    </section>
  );
}

/** Key/value pairs as a two-column table, or `empty` when there are none. */
export function KeyValueTable({ rows, empty }: { rows: string[][]; empty: string }) {
  if (!rows.length) return <None text={empty} />;
  return (
    <table className="kv-table">
      <tbody>
        {rows.map(([key, value], i) => (
          <tr key={`${key}-${i}`}>
            <td className="mono kv-key break-all">{key}</td>
            <td className="mono break-all">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A missing value, in the subtle colour. */
export function None({ text = "none" }: { text?: string }) {
  return <span className="subtle">{text}</span>;
}
