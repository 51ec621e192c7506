import { Play, RotateCw, Square, Trash2 } from "lucide-react";
import type { ContainerSummary } from "../ipc";
import type { ActionKind } from "../stores/actions";
import { IconButton } from "../components/IconButton";
import { Spinner } from "../components/Spinner";

interface Props {
  container: ContainerSummary;
  busy: ActionKind | undefined;
  onAction: (kind: Exclude<ActionKind, "remove">) => void;
  onRemove: () => void;
}

const BUSY_TEXT: Record<ActionKind, string> = {
  start: "Starting",
  stop: "Stopping",
  restart: "Restarting",
  remove: "Removing",
};

/** Start, stop, restart and remove; only the ones that make sense for the state are enabled. */
export function RowActions({ container, busy, onAction, onRemove }: Props) {
  const { state, name } = container;
  const active = state === "running" || state === "restarting" || state === "paused";
  const locked = busy !== undefined || state === "removing";

  return (
    <div className="row-actions" onClick={(event) => event.stopPropagation()}>
      <span className="row-actions-spinner" aria-live="polite">
        {busy && <Spinner size={14} label={`${BUSY_TEXT[busy]} ${name}`} />}
      </span>
      <IconButton
        label={`Start ${name}`}
        data-action="start"
        disabled={locked || active}
        onClick={() => onAction("start")}
      >
        <Play size={15} />
      </IconButton>
      <IconButton
        label={`Stop ${name}`}
        data-action="stop"
        disabled={locked || !active}
        onClick={() => onAction("stop")}
      >
        <Square size={14} />
      </IconButton>
      <IconButton
        label={`Restart ${name}`}
        data-action="restart"
        disabled={locked || state === "created" || state === "dead"}
        onClick={() => onAction("restart")}
      >
        <RotateCw size={15} />
      </IconButton>
      <IconButton
        label={`Remove ${name}`}
        data-action="remove"
        tone="danger"
        disabled={locked}
        onClick={onRemove}
      >
        <Trash2 size={15} />
      </IconButton>
    </div>
  );
}
