import { useEffect, useRef, useState } from "react";
import { X } from "lucide-react";
import { inspectContainer } from "../../ipc";
import type { ContainerDetail as Detail, ContainerSummary } from "../../ipc";
import type { ActionKind } from "../../stores/actions";
import { useEscapeToClose } from "../../components/hooks";
import { IconButton } from "../../components/IconButton";
import { Spinner } from "../../components/Spinner";
import { StateBadge } from "../../components/StateBadge";
import { RowActions } from "../RowActions";
import { InspectSummary } from "./InspectSummary";
import { LogsPanel } from "./LogsPanel";
import { StatsPanel } from "./StatsPanel";

interface Props {
  container: ContainerSummary;
  busy: ActionKind | undefined;
  error: string | undefined;
  onAction: (kind: Exclude<ActionKind, "remove">) => void;
  onRemove: () => void;
  onDismissError: () => void;
  onClose: () => void;
}

type Tab = "logs" | "inspect";

/** A side panel over the list: header with actions, live stats, then logs or inspect facts. */
export function ContainerDetail(props: Props) {
  const { container } = props;
  const [tab, setTab] = useState<Tab>("logs");
  const [detail, setDetail] = useState<Detail | null>(null);
  const [inspectError, setInspectError] = useState<string | null>(null);
  const running = container.state === "running";
  const generation = useRunGeneration(container.id, running);

  // Inspect again whenever the state changes, so start time and exit code stay right.
  useEffect(() => {
    let live = true;
    inspectContainer(container.id).then(
      (result) => {
        if (!live) return;
        setDetail(result);
        setInspectError(null);
      },
      (error) => {
        if (live) setInspectError(error.message);
      },
    );
    return () => {
      live = false;
    };
  }, [container.id, container.state]);

  useEscapeToClose(props.onClose);

  return (
    <aside
      className="detail"
      data-testid="container-detail"
      data-name={container.name}
      aria-label={`Container ${container.name}`}
    >
      <header className="detail-header">
        <div className="detail-title-row">
          <h2 className="detail-title truncate" title={container.name}>
            {container.name}
          </h2>
          <StateBadge state={container.state} />
          <div className="detail-header-actions">
            <RowActions
              container={container}
              busy={props.busy}
              onAction={props.onAction}
              onRemove={props.onRemove}
            />
            <span className="divider-v" aria-hidden />
            <IconButton label="Close details" onClick={props.onClose}>
              <X size={16} />
            </IconButton>
          </div>
        </div>
        <div className="detail-subtitle">
          <span className="mono truncate" title={container.image}>
            {container.image}
          </span>
          <span className="subtle">·</span>
          <span className="subtle truncate" title={container.status}>
            {container.status}
          </span>
        </div>
        {props.error && (
          <div className="notice notice-error detail-error" role="alert">
            <span className="grow">{props.error}</span>
            <button
              type="button"
              className="row-error-dismiss"
              aria-label="Dismiss error"
              onClick={props.onDismissError}
            >
              <X size={14} />
            </button>
          </div>
        )}
      </header>

      <StatsPanel id={container.id} running={running} generation={generation} />

      <div className="tabs" role="tablist" aria-label="Container views">
        {(["logs", "inspect"] as Tab[]).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            className={`tab ${tab === name ? "tab-active" : ""}`}
            onClick={() => setTab(name)}
          >
            {name === "logs" ? "Logs" : "Inspect"}
          </button>
        ))}
      </div>

      <div className="detail-body">
        {/* Logs stay mounted behind the Inspect tab so the stream and its lines are kept. */}
        <div
          role="tabpanel"
          id="panel-logs"
          aria-labelledby="tab-logs"
          className="tab-panel tab-panel-logs"
          hidden={tab !== "logs"}
        >
          <LogsPanel id={container.id} generation={generation} />
        </div>
        <div
          role="tabpanel"
          id="panel-inspect"
          aria-labelledby="tab-inspect"
          className="tab-panel tab-panel-scroll"
          hidden={tab !== "inspect"}
        >
          {detail ? (
            <InspectSummary detail={{ ...detail, summary: container }} />
          ) : inspectError ? (
            <p className="notice notice-error">{inspectError}</p>
          ) : (
            <div className="center-pad">
              <Spinner size={20} label="Loading details" />
            </div>
          )}
        </div>
      </div>
    </aside>
  );
}

/**
 * Counts how often the container went into `running` while shown. Log and stats streams end when
 * a container stops, so they are opened again on each new run.
 */
function useRunGeneration(id: string, running: boolean): number {
  const [generation, setGeneration] = useState(0);
  const wasRunning = useRef(running);
  useEffect(() => {
    if (running && !wasRunning.current) setGeneration((g) => g + 1);
    wasRunning.current = running;
  }, [id, running]);
  return generation;
}
