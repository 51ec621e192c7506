import {
  Copy,
  Download,
  Eraser,
  Pencil,
  Play,
  Rocket,
  RotateCw,
  Square,
  Trash2,
} from "lucide-react";
import type { ReactNode } from "react";
import type { AppStatus } from "../../lib/apps";
import type { AppAction } from "../../stores/apps";
import { IconButton } from "../../components/IconButton";
import { Spinner } from "../../components/Spinner";

export type CardAction = AppAction | "edit";

interface Props {
  name: string;
  status: AppStatus;
  busy: AppAction | undefined;
  /** Why the engine cannot be used now, or `null` when it can. */
  engineBlocked: string | null;
  /** Only apps built with the form can be edited in it. */
  editable: boolean;
  onAction: (action: CardAction) => void;
}

/**
 * The card's buttons. While one action runs on the app, its button shows a spinner and every
 * button is disabled, so nothing is fired twice; the engine's actions are off without an engine.
 */
export function AppActions({ name, status, busy, engineBlocked, editable, onAction }: Props) {
  const locked = busy !== undefined;
  const noEngine = engineBlocked !== null;
  const containers = status.services.flatMap((s) => s.containers);
  const anyRunning = containers.some((c) => c.state === "running");
  const anyStopped = containers.some((c) => c.state !== "running");

  const icon = (action: AppAction, idle: ReactNode) =>
    busy === action ? <Spinner size={14} label={`${BUSY_TEXT[action]} ${name}`} /> : idle;
  const engineButton = (action: AppAction, label: string, enabled: boolean, idle: ReactNode) => (
    <IconButton
      label={noEngine ? `${label}: ${engineBlocked}` : label}
      data-action={action}
      disabled={locked || noEngine || !enabled}
      onClick={() => onAction(action)}
      tone={action === "teardown" || action === "delete" ? "danger" : "default"}
    >
      {icon(action, idle)}
    </IconButton>
  );

  return (
    <div className="app-actions">
      <button
        type="button"
        className="button button-primary button-small"
        data-action="deploy"
        disabled={locked || noEngine}
        title={engineBlocked ?? `Create or update the containers of ${name}`}
        onClick={() => onAction("deploy")}
      >
        {busy === "deploy" ? <Spinner size={14} /> : <Rocket size={14} aria-hidden />}
        {busy === "deploy" ? "Deploying…" : "Deploy"}
      </button>
      <span className="divider-v" aria-hidden />
      {engineButton("start", `Start ${name}`, anyStopped, <Play size={15} />)}
      {engineButton("stop", `Stop ${name}`, anyRunning, <Square size={14} />)}
      {engineButton("restart", `Restart ${name}`, containers.length > 0, <RotateCw size={15} />)}
      <span className="divider-v" aria-hidden />
      {editable && (
        <IconButton
          label={`Edit ${name}`}
          data-action="edit"
          disabled={locked}
          onClick={() => onAction("edit")}
        >
          <Pencil size={15} />
        </IconButton>
      )}
      <IconButton
        label={`Export ${name} as a compose file`}
        data-action="export"
        disabled={locked}
        onClick={() => onAction("export")}
      >
        {icon("export", <Download size={15} />)}
      </IconButton>
      <IconButton
        label={`Copy the compose file of ${name}`}
        data-action="copy"
        disabled={locked}
        onClick={() => onAction("copy")}
      >
        {icon("copy", <Copy size={15} />)}
      </IconButton>
      <span className="divider-v" aria-hidden />
      {engineButton("teardown", `Tear down ${name}`, true, <Eraser size={15} />)}
      {engineButton("delete", `Delete ${name}`, true, <Trash2 size={15} />)}
    </div>
  );
}

const BUSY_TEXT: Record<AppAction, string> = {
  deploy: "Deploying",
  start: "Starting",
  stop: "Stopping",
  restart: "Restarting",
  teardown: "Tearing down",
  delete: "Deleting",
  export: "Exporting",
  copy: "Copying",
};
