import { CircleAlert, X } from "lucide-react";
import type { ContainerSummary } from "../ipc";
import type { ActionKind } from "../stores/actions";
import { StateBadge } from "../components/StateBadge";
import { absoluteTime, describePort, formatPort, relativeTime, sortPorts } from "../lib/format";
import { RowActions } from "./RowActions";

export interface TableProps {
  containers: ContainerSummary[];
  busy: Record<string, ActionKind>;
  errors: Record<string, string>;
  selectedId: string | null;
  onOpen: (id: string) => void;
  onAction: (id: string, kind: Exclude<ActionKind, "remove">) => void;
  onRemove: (container: ContainerSummary) => void;
  onDismissError: (id: string) => void;
}

/** Every container as a row; the caller filters and sorts. */
export function ContainerTable(props: TableProps) {
  return (
    <div className="table" role="table" aria-label="Containers">
      <div className="table-head" role="rowgroup">
        <div className="row-grid table-row-grid" role="row">
          <span role="columnheader">Name</span>
          <span role="columnheader">Image</span>
          <span role="columnheader">State</span>
          <span role="columnheader">Status</span>
          <span role="columnheader">Ports</span>
          <span role="columnheader">Created</span>
          <span role="columnheader" className="col-actions">
            Actions
          </span>
        </div>
      </div>
      <div className="table-body" role="rowgroup">
        {props.containers.map((container) => (
          <ContainerRow key={container.id} container={container} {...props} />
        ))}
      </div>
    </div>
  );
}

function ContainerRow({
  container,
  busy,
  errors,
  selectedId,
  onOpen,
  onAction,
  onRemove,
  onDismissError,
}: TableProps & { container: ContainerSummary }) {
  const error = errors[container.id];
  const selected = selectedId === container.id;

  return (
    <div
      className={`table-row ${selected ? "table-row-selected" : ""}`}
      role="row"
      tabIndex={0}
      aria-selected={selected}
      data-testid="container-row"
      data-name={container.name}
      data-state={container.state}
      onClick={() => onOpen(container.id)}
      onKeyDown={(event) => {
        if (event.key === "Enter" && event.target === event.currentTarget) onOpen(container.id);
      }}
    >
      <div className="row-grid table-row-grid">
        <span role="cell" className="cell-name">
          <span className="truncate name-text" title={container.name}>
            {container.name}
          </span>
          <span className="cell-sub mono" title={container.id}>
            {container.id.slice(0, 12)}
          </span>
        </span>
        <span role="cell" className="truncate" title={container.image}>
          {container.image}
        </span>
        <span role="cell">
          <StateBadge state={container.state} />
        </span>
        <span role="cell" className="truncate muted" title={container.status}>
          {container.status}
        </span>
        <span role="cell">
          <PortList container={container} />
        </span>
        <span role="cell" className="truncate muted" title={absoluteTime(container.created)}>
          {relativeTime(container.created)}
        </span>
        <span role="cell" className="col-actions">
          <RowActions
            container={container}
            busy={busy[container.id]}
            onAction={(kind) => onAction(container.id, kind)}
            onRemove={() => onRemove(container)}
          />
        </span>
      </div>
      {error && (
        <div className="row-error" data-testid="row-error" role="alert">
          <CircleAlert size={14} aria-hidden />
          <span className="row-error-text">{error}</span>
          <button
            type="button"
            className="row-error-dismiss"
            aria-label="Dismiss error"
            title="Dismiss"
            onClick={(event) => {
              event.stopPropagation();
              onDismissError(container.id);
            }}
          >
            <X size={14} />
          </button>
        </div>
      )}
    </div>
  );
}

const SHOWN_PORTS = 2;

export function PortList({ container }: { container: ContainerSummary }) {
  const ports = sortPorts(container.ports);
  if (ports.length === 0) return <span className="subtle">—</span>;
  const shown = ports.slice(0, SHOWN_PORTS);
  const hidden = ports.slice(SHOWN_PORTS);
  return (
    <span className="port-list">
      {shown.map((port) => (
        <PortChip key={portKey(port)} port={port} />
      ))}
      {hidden.length > 0 && (
        <span className="port-more" title={hidden.map(formatPort).join("\n")}>
          +{hidden.length}
        </span>
      )}
    </span>
  );
}

export function PortChip({ port }: { port: ContainerSummary["ports"][number] }) {
  const exposed = port.hostPort === null;
  return (
    <span
      className={`port-chip mono ${exposed ? "port-chip-exposed" : ""}`}
      title={describePort(port)}
      data-testid="port"
    >
      {formatPort(port)}
    </span>
  );
}

function portKey(port: ContainerSummary["ports"][number]): string {
  return `${port.hostIp ?? "*"}:${port.hostPort ?? "-"}:${port.containerPort}/${port.protocol}`;
}
