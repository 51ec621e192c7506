import { useMemo, useState } from "react";
import { Boxes, Plus, SearchX, X } from "lucide-react";
import type { ContainerSummary } from "../ipc";
import type { ActionKind } from "../stores/actions";
import { FilterInput } from "../components/FilterInput";
import { useMinuteTick } from "../components/hooks";
import { ContainerTable } from "./ContainerTable";
import { PageHeader } from "../components/PageHeader";

interface Props {
  containers: ContainerSummary[];
  busy: Record<string, ActionKind>;
  errors: Record<string, string>;
  selectedId: string | null;
  onOpen: (id: string) => void;
  onAction: (id: string, kind: Exclude<ActionKind, "remove">) => void;
  onRemove: (container: ContainerSummary) => void;
  onDismissError: (id: string) => void;
  onNew: () => void;
}

/** Containers whose name or image contains the query, sorted by name (`svc-2` before `svc-10`). */
export function filterContainers(containers: ContainerSummary[], query: string) {
  const needle = query.trim().toLowerCase();
  const matches = needle
    ? containers.filter(
        (c) => c.name.toLowerCase().includes(needle) || c.image.toLowerCase().includes(needle),
      )
    : containers;
  return [...matches].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** The list page: toolbar with filter and counts, then the table or an empty state. */
export function ContainersView(props: Props) {
  const [query, setQuery] = useState("");
  const shown = useMemo(() => filterContainers(props.containers, query), [props.containers, query]);
  const running = props.containers.filter((c) => c.state === "running").length;
  useMinuteTick();

  const empty = props.containers.length === 0;

  return (
    <section className="page" aria-labelledby="containers-title">
      <PageHeader
        id="containers-title"
        title="Containers"
        aside={
          <span className="page-count" data-testid="container-count">
            {running} running · {props.containers.length} total
          </span>
        }
      >
        <FilterInput
          value={query}
          onChange={setQuery}
          placeholder="Filter by name or image"
          label="Filter containers by name or image"
          testId="filter"
        />
        <button
          type="button"
          className="button button-primary"
          onClick={props.onNew}
          data-testid="new-container"
        >
          <Plus size={15} aria-hidden />
          New container
        </button>
      </PageHeader>

      {empty ? (
        <EmptyState
          icon={<Boxes size={28} />}
          title="No containers yet"
          text={
            "Containers you create here or with the docker CLI show up in this list as soon as " +
            "the engine reports them."
          }
          action={
            <button type="button" className="button button-primary" onClick={props.onNew}>
              <Plus size={15} aria-hidden />
              New container
            </button>
          }
        />
      ) : shown.length === 0 ? (
        <EmptyState
          icon={<SearchX size={28} />}
          title="No matching containers"
          text={`Nothing named or built from an image matching “${query.trim()}”.`}
          action={
            <button type="button" className="button" onClick={() => setQuery("")}>
              <X size={15} aria-hidden />
              Clear filter
            </button>
          }
        />
      ) : (
        <ContainerTable {...props} containers={shown} />
      )}
    </section>
  );
}

export function EmptyState(props: {
  icon: React.ReactNode;
  title: string;
  text: React.ReactNode;
  action?: React.ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty-state" data-testid={props.testId ?? "empty-state"}>
      <div className="empty-icon" aria-hidden>
        {props.icon}
      </div>
      <h2 className="empty-title">{props.title}</h2>
      <div className="empty-text">{props.text}</div>
      {props.action && <div className="empty-action">{props.action}</div>}
    </div>
  );
}
